"""Complainant identity: who sees it unmasked, and how it looks to everyone else.

Intake clerks of the registering unit (or above) see identities; anyone else
only with a per-case grant, which is itself an audited event. Anonymous
complainants stay anonymous to everyone but intake.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ecopetition.cases import scope as jurisdiction
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from .models import Complainant, Complaint, IdentityGrant


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, min(len(name) - 1, 3))


def mask_phone(phone: str) -> str:
    digits = (phone or "").strip()
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"{digits[:2]}***{digits[-2:]}"
    return "*" * len(digits)


def mask_id_number(value: str) -> str:
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_address(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "****"


def identity_scope(user, qs):
    """The cases of `qs` whose complainants `user` may see unmasked (the rule of `can_see_identity`).

    Any search by a person's phone, ID number or name must run inside it: a match is itself a
    disclosure ("this phone complained about that case").
    """
    from django.db.models import Q

    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    allowed = Q(pk__in=IdentityGrant.objects.filter(user=user).values("complaint_id"))
    allowed |= jurisdiction.under_q(org.units_with_role(user, Role.CLERK), "unit")
    return qs.filter(allowed)


def can_see_identity(user, case: Complaint) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if jurisdiction.holds(user, Role.CLERK, case.unit):
        return True
    return IdentityGrant.objects.filter(complaint=case, user=user).exists()


@dataclass(frozen=True)
class PersonView:
    name: str
    phone: str
    id_number: str
    address: str
    masked: bool


def view_person(person: Complainant, *, unmasked: bool, anonymous: bool) -> PersonView:
    if unmasked:
        return PersonView(person.name, person.phone, person.id_number, person.address, False)
    if anonymous:
        return PersonView(_("Anonymous"), mask_phone(person.phone) if person.phone else "", "", "", True)
    return PersonView(
        mask_name(person.name), mask_phone(person.phone), mask_id_number(person.id_number),
        mask_address(person.address), True,
    )


def people_for(user, case: Complaint) -> tuple[list[PersonView], bool]:
    """The case's complainants as `user` may see them, and whether they are unmasked."""
    unmasked = can_see_identity(user, case)
    people = [view_person(p, unmasked=unmasked, anonymous=case.is_anonymous) for p in case.complainants.all()]
    return people, unmasked
