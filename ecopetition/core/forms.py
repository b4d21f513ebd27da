"""Forms of the core: changing one's own password, under the log-in throttle."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables


def lockout_minutes() -> int:
    """How long a locked user name or address stays locked (django-axes' cool-off), in minutes."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def password_change_locked_message() -> str:
    return _("Too many wrong passwords. Changing the password, and logging in, is locked for %(minutes)d "
             "minutes; please try again later or ask your administrator.") % {"minutes": lockout_minutes()}


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the old password checked through `authenticate()` rather than beside it.

    So the log-in throttle (django-axes) sees it: a wrong old password counts as a failed log-in for the
    user name and the address, and while either is locked every attempt is refused, the right password
    too. Someone holding a session left open cannot guess the password to take the account for good.
    """

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    @sensitive_variables("old_password")
    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        found = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(password_change_locked_message(), code="locked")
        if found is None or found.pk != self.user.pk:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
