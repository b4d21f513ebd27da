from django.conf import settings

from ecopetition.org import queries as org

from .registry import nav_for


def console(request):
    user = getattr(request, "user", None)
    roles = org.roles_of(user) if user is not None and user.is_authenticated else set()
    return {
        # Not "site_name": Django's log-in and password views put the request's host name under that name.
        "console_name": settings.ECOPETITION_SITE_NAME,
        "site_name": settings.ECOPETITION_SITE_NAME,
        "my_roles": roles,
        "nav_items": nav_for(roles, bool(user and user.is_superuser)) if roles or (user and user.is_superuser) else [],
    }
