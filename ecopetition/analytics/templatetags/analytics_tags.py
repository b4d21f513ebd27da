from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A rate as “87.5%”, or a dash when there was nothing to divide by."""
    return "—" if value is None else f"{value}%"


@register.simple_tag
def behind(area, period, **kw) -> str:
    """The case list filtered to exactly the cases behind one number (see analytics.drill)."""
    from django.urls import reverse

    from ecopetition.analytics import drill

    return reverse("cases:list") + "?" + drill.link(area, period, **kw)


@register.simple_tag
def behind_days(area, span, **kw) -> str:
    """The case list behind one number counted over exact days (a campaign phase's figures)."""
    from django.urls import reverse

    from ecopetition.analytics import drill

    return reverse("cases:list") + "?" + drill.link_days(area, span, **kw)
