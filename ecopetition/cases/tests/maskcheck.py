"""What the identity tests of the free-text detector share: a text as masked for an anonymous case and for a case
with no complainant recorded, and the two checks made on it (what must be gone, what must stay as written)."""

from ecopetition.cases import privacy

ANONYMOUS = {"name": "匿名", "anonymous": True}


def shown_to_all(text):
    """The text as masked for an anonymous case and for a case with no complainant recorded."""
    return [privacy.mask_text(text, people) for people in ([], [ANONYMOUS])]


def assert_gone(text, *gone):
    for shown in shown_to_all(text):
        for g in gone:
            assert g not in shown, shown


def assert_kept(text):
    for shown in shown_to_all(text):
        assert shown == text
