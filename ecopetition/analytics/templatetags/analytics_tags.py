from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A rate as “87.5%”, or a dash when there was nothing to divide by."""
    return "—" if value is None else f"{value}%"
