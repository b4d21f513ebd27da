"""Template side of the identity rule: free text of a case as the person looking may see it.

    {% load identity %}
    {% shown case case.content %}     the value masked unless the user may see the case's identity
                                      (the case's own text and that of its records: instructions,
                                      orders, urgings, extensions, field work, re-checks, marks)
    {% shown_party case %}            the case's reported party, the same (a company's own phone stays)
    {{ case|masked_title }}           a case's title in a list, board or related-cases line: masked always
    {% search_snippet case q %}       where a search matched in the content as shown, the matches marked

Whether the user may see a case's identity is worked out once per request and case.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ecopetition.cases import privacy
from ecopetition.cases.segment import highlight_terms

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, case, value) -> str:
    if not value:
        return ""
    unmasked, people = _identity(context, case)
    if unmasked:
        return value
    return privacy.mask_text(value, people)


@register.simple_tag(takes_context=True)
def shown_party(context, case) -> str:
    """The case's reported party as the user may see it (free text of the case: `privacy.Identity.party`)."""
    value = case.reported_party_name
    if not value:
        return ""
    unmasked, people = _identity(context, case)
    return value if unmasked else privacy.mask_party(value, people)


@register.simple_tag(takes_context=True)
def file_name(context, case, attachment) -> str:
    """An attachment's name as the user may see it (`privacy.Identity.file_name`)."""
    unmasked, _people = _identity(context, case)
    viewer = getattr(getattr(context.get("request"), "user", None), "pk", None)
    return privacy.file_name_for(attachment, unmasked=unmasked, viewer=viewer)


def _identity(context, case) -> tuple[bool, list | None]:
    """(may the user see the case's identity, the case's complainants when not): once per request and case."""
    request = context.get("request")
    user = getattr(request, "user", None)
    cache = getattr(request, "_identity_cache", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._identity_cache = cache
    key = getattr(case, "pk", None)
    if key not in cache:
        unmasked = privacy.can_see_identity(user, case)
        cache[key] = (unmasked, None if unmasked else privacy.case_masks(case))
    return cache[key]


SNIPPET_BEFORE, SNIPPET_LENGTH = 16, 70


@register.simple_tag(takes_context=True)
def search_snippet(context, case, query) -> str:
    """The stretch of the case's content where the search `query` matched, as the reader may see it (`shown`:
    masked unless the reader may see the identity, then cut, so a cut never unmasks), the matched words
    marked. Empty when the content as shown holds none of them (the match was elsewhere)."""
    terms = highlight_terms(query or "")
    if not terms:
        return ""
    text = " ".join(shown(context, case, case.content).split())
    if text == " ".join(privacy.masked_title(case).split()):
        return ""  # the content is the summary shown above it: nothing to add
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - SNIPPET_BEFORE)
    end = min(len(text), start + SNIPPET_LENGTH)
    part, out, last = text[start:end], [], 0
    for m in pattern.finditer(part):
        out += [escape(part[last:m.start()]), "<mark>", escape(m.group()), "</mark>"]
        last = m.end()
    out.append(escape(part[last:]))
    return mark_safe(("…" if start else "") + "".join(out) + ("…" if end < len(text) else ""))  # noqa: S308 - escaped above


@register.filter
def masked_title(case) -> str:
    return privacy.masked_title(case)
