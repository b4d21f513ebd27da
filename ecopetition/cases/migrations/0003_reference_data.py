"""Pollution categories and sectors every installation starts with (editable in the admin)."""

from django.db import migrations

CATEGORIES = [
    ("air", "大气"), ("water", "水"), ("noise", "噪声"), ("solid_waste", "固体废物"), ("soil", "土壤"),
    ("radiation", "辐射"), ("ecology", "生态破坏"), ("odour", "恶臭异味"), ("other", "其他"),
]
SECTORS = [
    ("industry", "工业企业"), ("service", "三产服务业（餐饮、商铺、娱乐）"), ("livestock", "畜禽水产养殖"),
    ("transport", "道路与航道"), ("port", "沿江码头"), ("construction", "建筑施工"), ("residential", "居民生活"),
    ("agriculture", "种植业"), ("mining", "矿山开采"), ("public", "市政公用设施"), ("other", "其他"),
]


def load(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    Sector = apps.get_model("cases", "Sector")
    for order, (code, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(SECTORS):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_append_only_events")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
