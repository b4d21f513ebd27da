"""Reference data only: complaints change through the console's actions, never in the admin. `CaseTextAdmin`
shows the action-written records of a case that other apps list here, their free text masked."""

from django.contrib import admin

from ecopetition.core.admin import ReadOnlyAdminMixin

from .models import Category, Sector
from .privacy import masked_copy


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order", "active"]
    list_editable = ["order", "active"]


class CaseTextAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A record of a case that only actions write (an instruction, an order, a re-check...), shown read-only
    with its free text (`masked_fields`) masked as for anyone without the identity: the admin is no door
    around the identity rule (a superuser holds no grant)."""

    masked_fields: tuple[str, ...] = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for name in self.masked_fields:
            def show(obj, _name=name):
                return masked_copy(obj.complaint, getattr(obj, _name) or "")
            show.short_description = model._meta.get_field(name).verbose_name
            setattr(self, f"{name}_masked", show)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *(f"{n}_masked" for n in self.masked_fields))

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if not str(f).endswith("_masked")]
        return [f"{f}_masked" if f in self.masked_fields else f for f in fields]
