"""What the admin of every app shares."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """For records that only actions write, each with its audit event: the admin shows them and nothing
    more. No add, change or delete, not for a superuser either (Django's permissions would let one
    through, with no audit event); viewing follows the model's view permission."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
