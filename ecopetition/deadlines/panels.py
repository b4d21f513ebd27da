"""Case-page panels: every clock on the case, and its supervision (orders, instructions, owner, urging)."""

from __future__ import annotations


def clock_panel(request, case):
    return None


def supervision_panel(request, case):
    return None
