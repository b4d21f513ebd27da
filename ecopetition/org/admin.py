from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken, Membership, Role, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]


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
