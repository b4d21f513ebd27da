"""Checks on what people type: phone numbers, ID numbers, credit codes, coordinates."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from ecopetition.core.exceptions import ValidationError

_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{4,19}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_phone(value: str) -> str:
    value = (value or "").strip().replace("（", "(").replace("）", ")")
    if not value:
        return ""
    compact = re.sub(r"[()\s]", "", value)
    if not _PHONE.match(compact):
        raise ValidationError(_("“%(value)s” is not a phone number.") % {"value": value}, field="phone")
    return compact.replace(" ", "")


def normalize_id_number(value: str) -> str:
    """Resident ID number (GB 11643): 18 characters with a valid check digit, or the old 15 digits."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    if re.fullmatch(r"\d{15}", value):
        return value
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(_("An ID number has 18 characters (or the old 15 digits)."), field="id_number")
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        raise ValidationError(_("The ID number's check digit is wrong; please check it."), field="id_number")
    return value


def normalize_credit_code(value: str) -> str:
    """Unified social credit code (GB 32100): 18 characters with a valid check character."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    if len(value) != 18 or any(c not in _CREDIT_ALPHABET for c in value):
        raise ValidationError(
            _("A unified social credit code has 18 digits or capital letters."), field="reported_party_credit_code"
        )
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    check = _CREDIT_ALPHABET[(31 - total % 31) % 31]
    if check != value[17]:
        raise ValidationError(
            _("The credit code's check character is wrong; please check it."), field="reported_party_credit_code"
        )
    return value


def check_coordinates(lat, lon) -> tuple[float | None, float | None]:
    if lat in (None, "") and lon in (None, ""):
        return None, None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError(_("Latitude and longitude must both be numbers."), field="lat") from None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise ValidationError(_("The map point is outside the valid range."), field="lat")
    return lat_f, lon_f
