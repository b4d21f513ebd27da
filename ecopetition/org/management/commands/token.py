"""`ecopetition token issue USERNAME [--name N] [--scope api|open311]`, `token revoke PREFIX`, `token list`:
tokens for other systems. The key is printed once, alone on stdout; only its hash is kept."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ecopetition.org import queries as org
from ecopetition.org.models import ApiToken, Role, TokenScope

PREFIX_LENGTH = ApiToken._meta.get_field("prefix").max_length


class Command(BaseCommand):
    help = ("Issue, revoke or list API tokens. Scope api: a bearer token for the JSON API (/api/v1); scope "
            "open311: only an Open311 api_key (/open311/v2), which travels in URLs and so can do nothing else.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", metavar="issue|revoke|list")
        issue = sub.add_parser("issue", help="Issue a token for a user and print its key (shown only this once).")
        issue.add_argument("username")
        issue.add_argument("--name", default="", help="What uses the token, e.g. a city system "
                                                      "(default: the user name and the scope).")
        issue.add_argument("--scope", choices=TokenScope.values, default=TokenScope.API,
                           help="api (default): the JSON API; open311: only Open311's api_key.")
        revoke = sub.add_parser("revoke", help="Revoke the active token whose key starts with PREFIX "
                                               "(as `token list` shows it) or is the whole key.")
        revoke.add_argument("prefix")
        lst = sub.add_parser("list", help="List tokens: prefix, scope, user, name, last use.")
        lst.add_argument("--all", action="store_true", help="Revoked tokens too.")

    def handle(self, *args, **options):
        sub = options.get("sub")
        if sub == "issue":
            return self._issue(options["username"], options["name"], options["scope"])
        if sub == "revoke":
            return self._revoke(options["prefix"])
        if sub == "list":
            return self._list(options["all"])
        raise CommandError("Usage: ecopetition token issue USERNAME [--name N] [--scope api|open311] | "
                           "token revoke PREFIX | token list [--all]")

    def _issue(self, username: str, name: str, scope: str) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive: a token of theirs would be refused")
        name = (name or f"{username} ({scope})")[:100]
        token, key = ApiToken.issue(user, name, scope)
        self.stdout.write(key)
        self.stderr.write(f"Issued {token.prefix}… ({scope}) for {username}: “{name}”. The key above is shown only "
                          f"this once; only its hash is kept.")
        if scope == TokenScope.OPEN311 and not org.units_with_role(user, Role.CLERK):
            self.stderr.write(f"Note: {username} holds no intake (clerk) role: the key can read Open311 requests "
                              f"but not create them.")

    def _revoke(self, given: str) -> None:
        given = given.strip()
        if len(given) < 4:
            raise CommandError("give the token's prefix (e.g. ep_AbCdE, as `ecopetition token list` shows it)")
        if len(given) > PREFIX_LENGTH:  # the whole key: never echoed back
            rows = list(ApiToken.objects.filter(key_hash=ApiToken.hash_key(given)))
            given = given[:PREFIX_LENGTH]
        else:
            rows = list(ApiToken.objects.filter(prefix__startswith=given))
        active = [t for t in rows if t.active]
        if not rows:
            raise CommandError(f"no token matches {given!r}")
        if not active:
            self.stdout.write(f"{rows[0].prefix}… is already revoked")
            return
        if len(active) > 1:
            names = ", ".join(f"{t.prefix}… {t.user.username} “{t.name}”" for t in active)
            raise CommandError(f"several active tokens start with {given!r} ({names}): revoke one in the admin, "
                               f"or give its whole key")
        token = active[0]
        ApiToken.objects.filter(pk=token.pk).update(active=False)
        self.stdout.write(f"revoked {token.prefix}… ({token.scope}) of {token.user.username}: “{token.name}”")

    def _list(self, everything: bool) -> None:
        qs = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if not everything:
            qs = qs.filter(active=True)
        for t in qs:
            used = t.last_used_at.isoformat(timespec="minutes") if t.last_used_at else "never used"
            state = "" if t.active else " revoked"
            self.stdout.write(f"{t.prefix}  {t.scope:<7}  {t.user.username}  “{t.name}”  {used}{state}")
