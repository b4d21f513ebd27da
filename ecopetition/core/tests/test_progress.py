"""The one progress bar of long commands: drawn on a terminal's standard error, silent elsewhere."""

import io
import sys

from ecopetition.core.progress import counter


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_counts_to_its_total_on_a_terminal(monkeypatch):
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = counter("complaints", 200, unit="case")
    progress(50)
    progress(50)  # the same count again draws nothing new
    progress(200)
    drawn = screen.getvalue()
    assert "complaints" in drawn and "200/200" in drawn and "100%" in drawn


def test_the_bar_is_silent_where_standard_error_is_not_a_terminal(monkeypatch, capsys):
    progress = counter("complaints", 10)
    progress(10)
    assert capsys.readouterr().err == ""
