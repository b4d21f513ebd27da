from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ecopetition.core import registry

from .models import ApiToken, Membership, Role, Unit

# A role opens identities (a clerk sees every complainant of the unit's tree): whoever gives one is another
# person than whoever gets it, and each change is an audit event (R10-14).
SELF_REFUSED = _("You cannot add or change a role for yourself: another administrator must do it.")


class MembershipForm(forms.ModelForm):
    """A role assignment as the admin edits it; `actor` (the signed-in administrator) is set per request."""

    actor = None

    class Meta:
        model = Membership
        fields = ["user", "unit", "role", "phone"]

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if self.actor is None or user is None or user.pk != self.actor.pk:
            return data
        if self.instance.pk is None or {"user", "unit", "role"} & set(self.changed_data):
            raise ValidationError(SELF_REFUSED, code="self_role")  # one's own work phone may change
        return data


def _with_actor(form_class, request):
    return type(form_class.__name__, (form_class,), {"actor": request.user})


def _stored(obj: Membership) -> dict | None:
    """The assignment as stored before this save (None when new)."""
    if obj.pk is None:
        return None
    old = Membership.objects.select_related("user", "unit").filter(pk=obj.pk).first()
    return old.audit_fields() if old else None


def _record(request, op: str, obj: Membership, before: dict | None = None) -> None:
    if op == "change" and before == obj.audit_fields():
        return  # saved unchanged (only the work phone, or nothing): no role moved
    registry.role_changed(actor=request.user, op=op, membership=obj, before=before)


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_actor(formset.form, request)
        return formset


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "issuing_name", "code", "kind", "department_type", "division_code", "parent", "active", "intake_clerk"]
    list_filter = ["kind", "department_type", "active"]
    search_fields = ["name", "issuing_name", "code", "division_code"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        clerks = Membership.objects.filter(unit=OuterRef("pk"), role=Role.CLERK, user__is_active=True)
        return super().get_queryset(request).annotate(has_clerk=Exists(clerks))

    @admin.display(boolean=True, description=_("active intake clerk"), ordering="has_clerk")
    def intake_clerk(self, obj):
        """Complaints that come in by themselves are filed only at units with one (see intake routing)."""
        return obj.has_clerk

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                _record(request, "delete", obj)
                obj.delete()
            for obj in instances:
                before = _stored(obj)
                obj.save()
                _record(request, "add" if before is None else "change", obj, before)
            formset.save_m2m()
        return None


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Role assignments: each add, change and delete is an audit event on the system chain, and nobody gives
    themself a role (R10-14)."""

    form = MembershipForm
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_actor(super().get_form(request, obj, change=change, **kwargs), request)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = _stored(obj) if change else None
            super().save_model(request, obj, form, change)
            _record(request, "change" if before is not None else "add", obj, before)

    def delete_model(self, request, obj):
        with transaction.atomic():
            _record(request, "delete", obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset.select_related("user", "unit"):
                _record(request, "delete", obj)
            super().delete_queryset(request, queryset)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for other systems. Adding one issues it and shows its key on the next page, once (only its
    hash is kept); revoking sets it inactive. A token's user and scope never change: issue another.
    The same as `ecopetition token issue|revoke|list` on the command line."""

    list_display = ["name", "user", "scope", "prefix", "active", "created_at", "last_used_at"]
    list_filter = ["scope", "active"]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "scope"]
        return ["user", "name", "scope", "prefix", "active", "created_at", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "scope", "prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            key = ApiToken.new_key()
            obj.set_key(key)
            obj._clear_key = key  # for response_add only; never stored
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The key, this once, on the page itself: not through a redirect and the message store."""
        opts = self.opts
        return TemplateResponse(request, "admin/org/apitoken/issued.html", {
            **self.admin_site.each_context(request),
            "opts": opts, "title": _("Token issued"), "token": obj, "key": getattr(obj, "_clear_key", ""),
        })

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        n = queryset.filter(active=True).update(active=False)
        self.message_user(request, ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", n) % {"n": n},
                          messages.SUCCESS)
