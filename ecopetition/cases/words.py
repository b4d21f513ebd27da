"""jieba, loaded once on first use (about a second), and its dictionary: shared by the search's segmentation
(`segment`) and the masks (`masking.given_name_as_person`), which import nothing of each other."""

from __future__ import annotations

import functools


@functools.cache
def jieba():
    import logging

    import jieba as _jieba

    _jieba.setLogLevel(logging.WARNING)
    _jieba.initialize()
    return _jieba


def is_word(text: str) -> bool:
    """Whether jieba's dictionary knows `text` as a word (入海, 海洋局)."""
    return jieba().dt.FREQ.get(text, 0) > 0
