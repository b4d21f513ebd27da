# 归档: archive records of closed cases and the retention period per document kind (with shipped defaults).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def seed_retention(apps, schema_editor):
    from ecopetition.documents.archiving import seed_retention as seed

    seed(apps.get_model("documents", "RetentionPeriod"))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_stage_closed_and_archived_states'),
        ('documents', '0004_kinds_own_series'),
        ('org', '0004_api_token_scope'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseArchive',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=60, unique=True, verbose_name='archive number')),
                ('year', models.PositiveSmallIntegerField(db_index=True, verbose_name='year')),
                ('seq', models.PositiveIntegerField()),
                ('retention_years', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='kept for (years)')),
                ('retention_basis', models.JSONField(blank=True, default=list)),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('archived_at', models.DateTimeField(db_index=True, verbose_name='archived at')),
                ('archived_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('complaint', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='archive_record', to='cases.complaint')),
                ('event', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.event')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='archiving unit')),
            ],
            options={
                'verbose_name': 'archived case',
                'verbose_name_plural': 'archived cases',
                'ordering': ['-archived_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='RetentionPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(blank=True, choices=[('acceptance', 'Acceptance notice'), ('non_acceptance', 'Non-acceptance notice'), ('referral', 'Referral notice'), ('assignment', 'Assignment slip'), ('urging', 'Urging notice'), ('supervision', 'Supervision order'), ('reply', 'Reply letter'), ('contact_card', 'Contact card'), ('review_opinion', 'Review opinion'), ('re_review_opinion', 'Re-review opinion'), ('notice_accepted', 'Message to complainant: accepted'), ('notice_rejected', 'Message to complainant: not accepted'), ('notice_referred', 'Message to complainant: referred'), ('notice_replied', 'Message to complainant: replied')], help_text='Empty: the case file itself.', max_length=30, unique=True, verbose_name='document kind')),
                ('years', models.PositiveSmallIntegerField(blank=True, help_text='Empty: kept permanently.', null=True, verbose_name='kept for (years)')),
            ],
            options={
                'verbose_name': 'retention period',
                'verbose_name_plural': 'retention periods',
                'ordering': ['kind'],
                'constraints': [models.CheckConstraint(condition=models.Q(('years__isnull', True), ('years__gt', 0), _connector='OR'), name='retention_years_positive')],
            },
        ),
        migrations.RunPython(seed_retention, migrations.RunPython.noop),
    ]
