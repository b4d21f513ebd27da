"""Open311 GeoReport v2 server at /open311/v2/: services are the pollution categories.

Written from the GeoReport v2 text (Open311 community, wiki.open311.org):
XML and JSON for every resource, errors as a list of {code, description} with
404 for unknown resources, 403 for a missing or wrong api_key and 400 for
anything else. Creating a request needs an api_key, which is an Open311 key
(org.ApiToken of scope `open311`, never a JSON API token) of a user holding
the intake role; the complaint is registered
through `cases.actions.do_register` like every other channel. Public reads
never carry the complainant's identity nor the free text: the description is
given only to a caller whose api_key can see the case (then the case summary).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import xml.etree.ElementTree as ET

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.db import DataError
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ecopetition.cases import actions as ca
from ecopetition.cases.models import OPEN_STATES, Category, Complaint, Sector, State
from ecopetition.cases.privacy import case_masks, mask_summary, mask_text
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.core.views import client_address
from ecopetition.org import queries as org
from ecopetition.org.models import ApiToken, Role, TokenScope

from .actions import address_key, hit_rate_limit, register_routed
from .models import Open311Token

log = logging.getLogger(__name__)

FORMATS = ("json", "xml")
MAX_RESULTS = 1000
# A read without an api_key costs the server a masked place per case: the public gets a page at a time
# (`page=2`…) and a number of list reads per address and minute (the portal's fixed-window counter).
PUBLIC_PAGE_SIZE = int(getattr(settings, "INTAKE_OPEN311_PUBLIC_PAGE_SIZE", 100))
PUBLIC_READS_PER_MINUTE = int(getattr(settings, "INTAKE_OPEN311_PUBLIC_READS_PER_MINUTE", 20))
MAX_SPAN_DAYS = 90
MAX_DESCRIPTION = 4000
MIN_YEAR, MAX_YEAR = 1900, 2999  # the dates a filter may name


class Open311Error(Exception):
    def __init__(self, status: int, description: str, code: int | str | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.code = code if code is not None else status


def jurisdiction() -> str:
    return getattr(settings, "INTAKE_OPEN311_JURISDICTION", "") or os.environ.get("ECOPETITION_OPEN311_JURISDICTION", "")


def service_type() -> str:
    """"realtime" answers the request id at once; "batch" answers a token to resolve later."""
    value = getattr(settings, "INTAKE_OPEN311_TYPE", "") or os.environ.get("ECOPETITION_OPEN311_TYPE", "realtime")
    return value if value in ("realtime", "batch") else "realtime"


# --- rendering --------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates,
# U+FFFE/U+FFFF): a request id or a case text holding one would make the whole answer ill-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _to_xml(parent: ET.Element, name: str, value) -> None:
    el = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for k, v in value.items():
            _to_xml(el, k, v)
    elif isinstance(value, list):
        child = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}.get(name)
        for item in value:
            _to_xml(el, child or "item", item)
    else:
        el.text = _xml_value(value)


def render(data, fmt: str, *, root: str = "", item: str = "", status: int = 200) -> HttpResponse:
    """JSON as is; XML by the Spark convention (a list becomes <root><item>...</item></root>)."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    top = ET.Element(root)
    if isinstance(data, list):
        for entry in data:
            _to_xml(top, item, entry)
    else:
        for k, v in data.items():
            _to_xml(top, k, v)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="utf-8", xml_declaration=False)
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error_response(exc: Open311Error, fmt: str) -> HttpResponse:
    response = render([{"code": exc.status, "description": exc.description}], fmt if fmt in FORMATS else "xml",
                      root="errors", item="error", status=exc.status)
    if exc.status == 429:
        response["Retry-After"] = "60"
    return response


def early_error(request, code: str, message: str) -> HttpResponse:
    """An error found before the views run (core's body-size limit): a 400 in the spec's error list."""
    last = request.path.rsplit("/", 1)[-1]
    return error_response(Open311Error(400, message, code), last.rsplit(".", 1)[-1] if "." in last else "xml")


def w3(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# --- services -------------------------------------------------------------------

def service_dict(cat: Category) -> dict:
    return {
        "service_code": cat.code,
        "service_name": cat.name,
        "description": _("Pollution complaint: %(name)s") % {"name": cat.name},
        "metadata": True,
        "type": service_type(),
        "keywords": cat.code.replace("_", " "),
        "group": "environment",
    }


def service_attributes() -> list[dict]:
    sectors = [{"key": s.code, "name": s.name} for s in Sector.objects.filter(active=True)]
    return [
        {
            "variable": True, "code": "reported_party", "datatype": "string", "required": False,
            "datatype_description": _("Name of the company or place complained about"), "order": 1,
            "description": _("Who causes the problem?"),
        },
        {
            "variable": True, "code": "sector", "datatype": "singlevaluelist", "required": False,
            "datatype_description": _("One of the listed trades"), "order": 2,
            "description": _("Which trade does the reported party belong to?"), "values": sectors,
        },
        {
            "variable": True, "code": "urgent", "datatype": "singlevaluelist", "required": False,
            "datatype_description": "", "order": 3,
            "description": _("Is it happening now and serious?"),
            "values": [{"key": "no", "name": _("No")}, {"key": "yes", "name": _("Yes")}],
        },
    ]


ATTRIBUTE_CODES = {"reported_party", "sector", "urgent"}


# --- requests ---------------------------------------------------------------

PUBLIC_COORD_DIGITS = 3


def _public_place(address: str, people) -> str:
    from ecopetition.analytics.disclosure import public_place

    return public_place(address, people)


def request_dict(case: Complaint, *, staff: bool = False) -> dict:
    cats = list(case.categories.all())
    cat = cats[0] if cats else None
    closed = case.state not in OPEN_STATES
    # Open311 answers are public in kind: what is written freely goes through the identity rule's
    # free-text masking even for a caller whose key can see the case.
    people = case_masks(case)
    return {
        "service_request_id": case.number,
        "status": "closed" if closed else "open",
        "status_notes": str(State(case.state).label),
        "service_name": cat.name if cat else None,
        "service_code": cat.code if cat else "other",
        # The public sees the kind, place and status; the summary (which people write freely and
        # may name someone) only a caller whose api_key can see the case.
        "description": mask_summary(case.title, case.content, people)[:MAX_DESCRIPTION] if staff else None,
        "agency_responsible": (case.lead_unit or case.unit).name,
        "service_notice": None,
        "requested_datetime": w3(case.received_at),
        "updated_datetime": w3(case.closed_at if closed and case.closed_at else case.updated_at),
        "expected_datetime": None,
        # The public gets the place as the disclosure pages publish it: to the street, no house number,
        # and coordinates to about a hundred metres (a noise complaint's place is often next door).
        "address": (mask_text(case.address, people) if staff else _public_place(case.address, people)) or None,
        "address_id": None,
        "zipcode": None,
        "lat": case.lat if staff or case.lat is None else round(case.lat, PUBLIC_COORD_DIGITS),
        "long": case.lon if staff or case.lon is None else round(case.lon, PUBLIC_COORD_DIGITS),
        "media_url": None,
    }


def _check_jurisdiction(params) -> None:
    wanted = jurisdiction()
    given = (params.get("jurisdiction_id") or "").strip()
    if given and wanted and given != wanted:
        raise Open311Error(404, f"jurisdiction_id {given} not found", "jurisdiction_id")


def _parse_date(value: str, name: str) -> dt.datetime:
    try:
        parsed = parse_datetime(value.strip().replace(" ", "+")) if value else None
    except ValueError:  # well formed but impossible: month 13, an offset of 25 hours
        parsed = None
    # Years far out would overflow the date arithmetic below (and the database's UTC conversion).
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise Open311Error(400, f"{name} must be a W3C date-time, e.g. 2026-01-01T00:00:00Z", name)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _reader(params):
    """The user behind an optional api_key on a read (None: the public)."""
    key = (params.get("api_key") or "").strip()
    if not key:
        return None
    return _api_user(key)


def _cases_for(user):
    qs = Complaint.objects.all() if user is None else Complaint.objects.visible_to(user)
    return qs.select_related("unit", "lead_unit").prefetch_related("categories", "complainants")


def _page(params) -> int:
    raw = (params.get("page") or "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_RESULTS // PUBLIC_PAGE_SIZE:
        raise Open311Error(400, f"page must be a number from 1 to {MAX_RESULTS // PUBLIC_PAGE_SIZE}", "page")
    return int(raw)


def search_requests(params) -> list[dict]:
    ids = _list(params.get("service_request_id"))
    user = _reader(params)
    qs = _cases_for(user)
    if ids:
        qs = qs.filter(number__in=ids[:MAX_RESULTS])
    else:
        codes = _list(params.get("service_code"))
        if codes:
            known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise Open311Error(404, f"service_code {', '.join(unknown)} not found", "service_code")
            qs = qs.filter(categories__code__in=codes).distinct()
        statuses = _list(params.get("status"))
        bad = [s for s in statuses if s not in ("open", "closed")]
        if bad:
            raise Open311Error(400, "status must be open or closed", "status")
        if statuses == ["open"]:
            qs = qs.filter(state__in=OPEN_STATES)
        elif statuses == ["closed"]:
            qs = qs.exclude(state__in=OPEN_STATES)
        start = params.get("start_date")
        end = params.get("end_date")
        end_at = _parse_date(end, "end_date") if end else clock.now()
        start_at = _parse_date(start, "start_date") if start else end_at - dt.timedelta(days=MAX_SPAN_DAYS)
        if start_at > end_at:
            raise Open311Error(400, "start_date is after end_date", "start_date")
        if end_at - start_at > dt.timedelta(days=MAX_SPAN_DAYS):
            raise Open311Error(400, f"the date range may not span more than {MAX_SPAN_DAYS} days", "end_date")
        qs = qs.filter(received_at__gte=start_at, received_at__lte=end_at)
    qs = qs.order_by("-received_at", "-id")
    if user is None:
        first = (_page(params) - 1) * PUBLIC_PAGE_SIZE
        qs = qs[first:first + PUBLIC_PAGE_SIZE]
    else:
        qs = qs[:MAX_RESULTS]
    return [request_dict(c, staff=user is not None) for c in qs]


def check_public_rate(request) -> None:
    """A list read without an api_key counts against the caller's address (an IPv6 /64): past
    PUBLIC_READS_PER_MINUTE in a minute, 429 until the minute is over."""
    if (request.GET.get("api_key") or "").strip():
        return
    address = address_key(client_address(request))
    if hit_rate_limit(f"open311:{address}", limit=PUBLIC_READS_PER_MINUTE, window_seconds=60):
        raise Open311Error(429, "too many requests without an api_key from your address; try again in a minute")


def _api_user(key: str):
    """The user behind an Open311 key. Only keys issued for Open311 (scope `open311`) are taken: the
    GeoReport `api_key` travels as a parameter, in the URL on reads, where proxies and histories keep it,
    so a JSON API token (which can act on everything its user may) is refused here even when valid."""
    key = (key or "").strip()
    if not key or len(key) > ApiToken.MAX_KEY_LENGTH:
        raise Open311Error(403, "api_key missing or invalid", "api_key")
    row = ApiToken.find(key, TokenScope.OPEN311)
    if row is None:
        other = ApiToken.find(key, TokenScope.API)
        if other is not None:
            log.warning("a JSON API token (%s…, %s) was sent to Open311 as api_key and refused; it may be in "
                        "URL logs now: revoke it and issue an Open311 key", other.prefix, other.name)
            raise Open311Error(403, "this api_key is a JSON API token; Open311 takes only keys issued for "
                                    "Open311 (scope open311)", "api_key")
        raise Open311Error(403, "Invalid api_key received", "api_key")
    row.mark_used()
    return row.user


def create_request(request) -> dict:
    ctype = (request.content_type or "").lower()
    if ctype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise Open311Error(
            400, "send the request as application/x-www-form-urlencoded (GeoReport v2)", "content_type"
        )
    try:
        params = request.POST
    except (RequestDataTooBig, TooManyFieldsSent):
        raise Open311Error(400, "the request body is too large", "body") from None
    except (BadRequest, MultiPartParserError):
        # Not UTF-8, or multipart without a usable boundary: Django would answer its own HTML page.
        raise Open311Error(
            400, "the form could not be read: send UTF-8, and multipart/form-data with its boundary", "body"
        ) from None
    user = _api_user(params.get("api_key", ""))
    _check_jurisdiction(params)
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code was not provided", "service_code")
    cat = Category.objects.filter(code=code, active=True).first()
    if cat is None:
        raise Open311Error(404, f"service_code {code} not found", "service_code")
    lat, lon = params.get("lat", "").strip(), params.get("long", "").strip()
    address = params.get("address_string", "").strip()
    address_id = params.get("address_id", "").strip()
    if bool(lat) != bool(lon):
        raise Open311Error(400, "lat and long must both be sent", "lat")
    if not (lat or address or address_id):
        raise Open311Error(400, "a location is required: lat & long, address_string or address_id", "location")
    try:  # form fields are text: numbers before anything compares them with the map (R12-5: a 500)
        point = (float(lat), float(lon)) if lat else (None, None)
    except ValueError:
        raise Open311Error(400, "lat and long must be decimal numbers", "lat") from None
    attrs = {}
    for key in params:
        if key.startswith("attribute[") and key.endswith("]"):
            attrs[key[len("attribute["):-1].rstrip("][")] = params.get(key, "").strip()
    unknown = set(attrs) - ATTRIBUTE_CODES
    if unknown:
        raise Open311Error(400, f"unknown attribute {', '.join(sorted(unknown))}", "attribute")
    if attrs.get("urgent") not in (None, "", "yes", "no"):
        raise Open311Error(400, "attribute[urgent] must be yes or no", "attribute")
    description = params.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is limited to {MAX_DESCRIPTION} characters", "description")
    content = description or f"{cat.name}: {address or address_id or f'{lat},{lon}'}"
    media = params.get("media_url", "").strip()
    if media:
        content += f"\n\nmedia_url: {media[:500]}"
    name = " ".join(p for p in (params.get("last_name", "").strip(), params.get("first_name", "").strip()) if p)
    phone = params.get("phone", "").strip()
    units = org.units_with_role(user, Role.CLERK)
    if not units:
        raise Open311Error(403, "this api_key may not create requests (no intake role)", "api_key")
    unit = sorted(units, key=lambda u: u.path)[0]
    data = ca.NewComplaint(
        channel="web",
        content=content,
        complainants=[ca.ComplainantInput(name=name[:50], phone=phone)] if (name or phone) else [],
        is_anonymous=not (name or phone),
        address=address or (f"address_id {address_id}" if address_id else ""),
        lat=point[0],
        lon=point[1],
        categories=[cat.code],
        sector=attrs.get("sector", ""),
        reported_party_name=attrs.get("reported_party", ""),
        is_urgent=attrs.get("urgent") == "yes",
    )
    try:
        case = register_routed(data, fallback=unit, actor=user, via="open311")
    except DomainError as exc:
        raise Open311Error(400, str(exc.message), getattr(exc, "field", None) or exc.code) from None
    notice = _("Registered as %(number)s.") % {"number": case.number}
    if service_type() == "batch":
        token = secrets.token_hex(16)
        Open311Token.objects.create(token=token, complaint=case, created_at=clock.now())
        return {"token": token, "service_notice": notice, "account_id": None}
    return {"service_request_id": case.number, "service_notice": notice, "account_id": None}


# --- views ------------------------------------------------------------------------

def _guard(fmt: str, fn):
    if fmt not in FORMATS:
        return error_response(Open311Error(400, f"unknown format .{fmt}: use .json or .xml", "format"), "xml")
    try:
        return fn()
    except Open311Error as exc:
        return error_response(exc, fmt)
    except DomainError as exc:
        return error_response(Open311Error(400, str(exc.message)), fmt)
    except DataError:  # e.g. a NUL character in an id, which PostgreSQL cannot even compare
        return error_response(Open311Error(400, "a parameter holds a value that cannot be stored or looked up"), fmt)


@require_http_methods(["GET"])
def discovery(request, fmt: str):
    def run():
        base = request.build_absolute_uri(reverse("open311:root"))
        data = {
            "changeset": w3(dt.datetime(2026, 11, 23, tzinfo=dt.UTC)),
            "contact": getattr(settings, "INTAKE_OPEN311_CONTACT", "") or "12369",
            "key_service": _("API keys are issued by the administrator as Open311 tokens."),
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base.rstrip("/"),
                    "changeset": w3(dt.datetime(2026, 11, 23, tzinfo=dt.UTC)),
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }
        return render(data, fmt, root="discovery")

    return _guard(fmt, run)


@require_http_methods(["GET"])
def services(request, fmt: str):
    def run():
        _check_jurisdiction(request.GET)
        data = [service_dict(c) for c in Category.objects.filter(active=True)]
        return render(data, fmt, root="services", item="service")

    return _guard(fmt, run)


@require_http_methods(["GET"])
def service_definition(request, code: str, fmt: str):
    def run():
        _check_jurisdiction(request.GET)
        cat = Category.objects.filter(code=code, active=True).first()
        if cat is None:
            raise Open311Error(404, f"service_code {code} not found", "service_code")
        return render({"service_code": cat.code, "attributes": service_attributes()}, fmt, root="service_definition")

    return _guard(fmt, run)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_view(request, fmt: str):
    def run():
        if request.method == "POST":
            return render([create_request(request)], fmt, root="service_requests", item="request")
        _check_jurisdiction(request.GET)
        check_public_rate(request)
        return render(search_requests(request.GET), fmt, root="service_requests", item="request")

    return _guard(fmt, run)


@require_http_methods(["GET"])
def request_detail(request, request_id: str, fmt: str):
    def run():
        _check_jurisdiction(request.GET)
        user = _reader(request.GET)
        case = _cases_for(user).filter(number=request_id).first()
        if case is None:
            raise Open311Error(404, f"service_request_id {request_id} not found", "service_request_id")
        return render([request_dict(case, staff=user is not None)], fmt, root="service_requests", item="request")

    return _guard(fmt, run)


@require_http_methods(["GET"])
def token_detail(request, token: str, fmt: str):
    def run():
        _check_jurisdiction(request.GET)
        row = Open311Token.objects.select_related("complaint").filter(token=token).first()
        if row is None:
            raise Open311Error(404, f"token {token} not found", "token")
        return render([{"service_request_id": row.complaint.number, "token": row.token}], fmt,
                      root="service_requests", item="request")

    return _guard(fmt, run)


def root(request):
    return error_response(Open311Error(400, "name a resource, e.g. services.json or discovery.xml", "resource"), "xml")


def not_found(request, rest: str = ""):
    fmt = rest.rsplit(".", 1)[-1] if "." in rest else "xml"
    return error_response(Open311Error(404, f"no such resource: {rest}", "resource"), fmt)
