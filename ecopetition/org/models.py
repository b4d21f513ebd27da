"""Units (the administrative tree plus functional departments) and who holds which role where."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)
LOOKUP_ATTEMPTS = 8  # a token lookup refused by a locked table is asked again (see ApiToken.find)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County/district")
    TOWN = "town", _("Town/street")
    GRID = "grid", _("Grid")
    DEPARTMENT = "department", _("Functional department")


class DepartmentType(models.TextChoices):
    """What a functional department does; routing (division of labour) keys on it."""

    NONE = "", _("(not a department)")
    ECO = "eco", _("Eco-environment bureau")
    URBAN = "urban", _("Urban management")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    TRANSPORT = "transport", _("Transport")
    PORT = "port", _("Port authority")
    POLICE = "police", _("Public security")
    HOUSING = "housing", _("Housing and construction")
    WATER = "water", _("Water resources")
    EMERGENCY = "emergency", _("Emergency management")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


LEVEL_OF_KIND = {
    UnitKind.PROVINCE: 1,
    UnitKind.CITY: 2,
    UnitKind.COUNTY: 3,
    UnitKind.TOWN: 4,
    UnitKind.GRID: 5,
}


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("unit code"),
        max_length=20,
        unique=True,
        help_text=_("Unique short code; it starts every complaint number the unit registers."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    department_type = models.CharField(
        _("department type"), max_length=20, choices=DepartmentType.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    division_code = models.CharField(
        _("administrative division code"), max_length=12,
        help_text=_("The 6-digit (county) or 9/12-digit (town) code of the area the unit serves."),
    )
    # Materialised path "/1/4/9/": a subtree is one indexed prefix match.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    level = models.PositiveSmallIntegerField(editable=False, default=1)
    active = models.BooleanField(_("active"), default=True)
    # The body that signs documents (发文机关全称), e.g. 盐城市生态环境局 for the unit 盐城市.
    issuing_name = models.CharField(
        _("issuing name"), max_length=100, blank=True,
        help_text=_("Full official name printed at the head and signature of documents (发文机关全称); "
                    "empty: the unit's name."),
    )
    seal_text = models.CharField(
        _("seal text"), max_length=100, blank=True,
        help_text=_("The text around the unit's official seal, e.g. 盐城市生态环境局信访专用章."),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            old_path = self.path
            self.level = self._computed_level()
            if self.pk is None:
                self.path = ""
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
            if new_path != self.path:
                self.path = new_path
                super().save(update_fields=["path", "level"])
                if old_path:
                    # Moved: rewrite the paths of everything below.
                    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        child.path = new_path + child.path[len(old_path):]
                        Unit.objects.filter(pk=child.pk).update(path=child.path)
            else:
                super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind == UnitKind.DEPARTMENT and not self.department_type:
            raise ValidationError({"department_type": _("A functional department needs its type.")})
        if self.kind != UnitKind.DEPARTMENT and self.department_type:
            raise ValidationError({"department_type": _("Only functional departments have a type.")})
        if self.kind == UnitKind.DEPARTMENT and self.parent_id is None:
            raise ValidationError({"parent": _("A functional department belongs to a level of government.")})
        node = self.parent
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
            node = node.parent
        if not self.division_code.isdigit() or len(self.division_code) not in (6, 9, 12):
            raise ValidationError({"division_code": _("A division code has 6, 9 or 12 digits.")})

    def _computed_level(self) -> int:
        if self.kind == UnitKind.DEPARTMENT:
            return self.parent.level if self.parent else 1
        return LEVEL_OF_KIND.get(self.kind, 1)

    def is_within(self, other: Unit) -> bool:
        """True when this unit is `other` or below it."""
        return self.path.startswith(other.path)

    def ancestors(self) -> list[Unit]:
        ids = [int(p) for p in self.path.strip("/").split("/") if p][:-1]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    @property
    def official_name(self) -> str:
        """The name documents are issued under: the issuing name, else the unit's name."""
        return self.issuing_name.strip() or self.name

    @property
    def is_department(self) -> bool:
        return self.kind == UnitKind.DEPARTMENT


class Role(models.TextChoices):
    CLERK = "clerk", _("Intake clerk")
    DISPATCHER = "dispatcher", _("Dispatcher")
    OFFICER = "officer", _("Handling officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADER = "leader", _("Leader")
    CALLBACK = "callback", _("Callback officer")
    ADMIN = "admin", _("Administrator")
    INSPECTOR = "inspector", _("Discipline inspector")


class Membership(models.Model):
    """A user holds a role in a unit; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(_("work phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    def audit_fields(self) -> dict[str, str]:
        """What an audit event records of the assignment: whose, where, which role."""
        return {"user": self.user.get_username(), "unit": self.unit.code, "role": self.role}


class TokenScope(models.TextChoices):
    """Where a token is accepted. Each entry point takes one scope only (see `ApiToken.find`)."""

    API = "api", _("JSON API (/api/v1, Authorization header)")
    # GeoReport v2 sends the key as the `api_key` parameter, in the URL on reads: a key that may end up
    # in a proxy's or a browser's history must not be one that can act on the whole API.
    OPEN311 = "open311", _("Open311 only (/open311/v2, api_key parameter)")


class ApiToken(models.Model):
    """A token for another system. Integrated systems get a service user with roles like anyone else.

    Only a SHA-256 of the token is kept; the token itself is shown once when created. A token of scope
    `api` is a bearer token for the JSON API; one of scope `open311` is an Open311 `api_key` and
    nothing else.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses this token, e.g. a city system."))
    scope = models.CharField(_("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.API,
                             help_text=_("Where the token is accepted: the JSON API, or only Open311."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    MAX_KEY_LENGTH = 200  # anything longer is not one of ours: refused before hashing

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "ep_" + secrets.token_urlsafe(32)

    def set_key(self, key: str) -> None:
        """Keep the hash and the prefix of a clear key (the key itself is never stored)."""
        self.key_hash = self.hash_key(key)
        self.prefix = key[:8]

    @classmethod
    def issue(cls, user, name: str, scope: str = TokenScope.API) -> tuple[ApiToken, str]:
        """Create a token; returns it and the clear key (shown once, never stored)."""
        key = cls.new_key()
        token = cls(user=user, name=name, scope=scope)
        token.set_key(key)
        token.save()
        return token, key

    @classmethod
    def find(cls, key: str | None, scope: str) -> ApiToken | None:
        """The active token of an active user whose clear key this is, when it is of `scope`; else None.

        The one lookup of every entry point: the JSON API asks for `api`, Open311 for `open311`.
        """
        key = (key or "").strip()
        if not key or len(key) > cls.MAX_KEY_LENGTH:
            return None
        query = cls.objects.select_related("user").filter(key_hash=cls.hash_key(key), scope=scope, active=True,
                                                          user__is_active=True)
        # A read, safe to repeat: on SQLite a table another connection is writing can refuse it for a moment
        # ("database table is locked", not waited for like a busy database). Asked again, briefly, before the
        # error reaches the sender as a busy register.
        for attempt in range(LOOKUP_ATTEMPTS):
            try:
                return query.first()
            except OperationalError:
                if attempt == LOOKUP_ATTEMPTS - 1 or transaction.get_connection().in_atomic_block:
                    raise
                time.sleep(0.02 * (attempt + 1))
        return None

    def mark_used(self) -> None:
        """Record when the token was last used, at most every five minutes. Bookkeeping only: a busy
        database must not turn a valid token into an error."""
        now = timezone.now()
        if self.last_used_at is not None and (now - self.last_used_at).total_seconds() <= 300:
            return
        try:
            with transaction.atomic():
                ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
        except OperationalError as exc:
            log.info("token %s: last-used time not recorded (%s)", self.pk, exc)
