"""Admin for the intake reference data: webhook subscriptions (with their delivery log), column mappings,
batches and reception days."""

from django.contrib import admin

from .models import Batch, ColumnMapping, ReceptionSession, WebhookDelivery, WebhookSubscription


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ("created_at", "action", "complaint", "status", "attempts", "last_status_code", "last_error",
              "next_attempt_at", "delivered_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-created_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("complaint")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "unit", "active", "created_at")
    list_filter = ("active",)
    inlines = [DeliveryInline]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "subscription", "action", "complaint", "status", "attempts", "last_status_code")
    list_filter = ("status", "action")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    """Each mapping belongs to a unit; one listed without a unit (saved before mappings had one) serves no
    import until it is given one here."""

    list_display = ("name", "unit", "channel", "date_format", "created_by", "created_at")
    list_filter = ("unit",)
    list_select_related = ("unit", "created_by")
    search_fields = ("name", "unit__name", "unit__code")
    autocomplete_fields = ("unit",)


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("number", "unit", "source_name", "count", "created_by", "created_at")
    readonly_fields = ("number", "unit", "source_name", "mapping", "count", "created_by", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(admin.ModelAdmin):
    list_display = ("date", "leader_name", "place", "unit")
    list_filter = ("date",)
