from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import Membership, Role, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "department_type", "division_code", "parent", "active", "intake_clerk"]
    list_filter = ["kind", "department_type", "active"]
    search_fields = ["name", "code", "division_code"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        clerks = Membership.objects.filter(unit=OuterRef("pk"), role=Role.CLERK, user__is_active=True)
        return super().get_queryset(request).annotate(has_clerk=Exists(clerks))

    @admin.display(boolean=True, description=_("active intake clerk"), ordering="has_clerk")
    def intake_clerk(self, obj):
        """Complaints that come in by themselves are filed only at units with one (see intake routing)."""
        return obj.has_clerk


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
