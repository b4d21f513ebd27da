"""Template side of the identity rule: free text of a case as the person looking may see it.

    {% load identity %}
    {% shown case case.content %}     the value masked unless the user may see the case's identity
                                      (the case's own text and that of its records: instructions,
                                      orders, urgings, extensions, field work, re-checks, marks)
    {{ case|masked_title }}           a case's title in a list, board or related-cases line: masked always

Whether the user may see a case's identity is worked out once per request and case.
"""

from __future__ import annotations

from django import template

from ecopetition.cases import privacy

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, case, value) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    cache = getattr(request, "_identity_cache", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._identity_cache = cache
    if not value:
        return ""
    key = getattr(case, "pk", None)
    if key not in cache:
        unmasked = privacy.can_see_identity(user, case)
        cache[key] = (unmasked, None if unmasked else list(case.complainants.all()))
    unmasked, people = cache[key]
    if unmasked:
        return value
    return privacy.mask_text(value, people)


@register.filter
def masked_title(case) -> str:
    return privacy.masked_title(case)
