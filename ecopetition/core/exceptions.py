"""Domain errors: each carries a message a person can read, in their language."""

from __future__ import annotations


class DomainError(Exception):
    """A refused operation. `message` is shown to the user as it is; never a 500."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class TransitionNotAllowed(DomainError):
    """The transition table, the actor's role or jurisdiction refuses the action."""

    status = 409
    code = "transition_not_allowed"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class ValidationError(DomainError):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


def database_unavailable(exc: BaseException | None) -> bool:
    """True for the errors of a database that is down, restarting, locked or overloaded: temporary,
    answered with 503 and Retry-After (nothing was half-written: every action is one transaction)."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


class StorageError(DomainError):
    """A file could not be written on the server (full disk, no permission): not the sender's fault."""

    status = 503
    code = "storage_unavailable"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


def storage_error(exc: OSError, *, field: str | None = None) -> StorageError:
    """The error a person sees when saving a file failed on the server; a full disk says so plainly."""
    import errno

    from django.utils.translation import gettext as _

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(_("The server's storage is full, so the file was not saved. Nothing was changed; "
                              "please tell the system administrator."), field=field, code="storage_full")
    return StorageError(_("The file could not be saved on the server (%(reason)s). Nothing was changed; please "
                          "tell the system administrator.") % {"reason": exc.strerror or exc}, field=field)
