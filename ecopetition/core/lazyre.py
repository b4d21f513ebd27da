"""Regular expressions compiled on their first use.

The detectors of personal data, the text segmenter and the emergency rules keep dozens of large
patterns at module level; compiling them all costs every process (each command, `ecopetition help`,
the worker) a noticeable share of its start-up although most runs use few or none of them.
`compile_later` returns a stand-in with the pattern's text (`.pattern`, usable to build other
patterns) that compiles on the first call and from then on hands out the compiled pattern's own
methods, so a match costs what it cost before.
"""

from __future__ import annotations

import re

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    __slots__ = ("pattern", "_flags", "_compiled", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags
        self._compiled = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            compiled = re.compile(self.pattern, self._flags)
            for name in _METHODS:  # the bound methods themselves: no indirection on later calls
                setattr(self, name, getattr(compiled, name))
            self._compiled = compiled
        return self._compiled

    def __getattr__(self, name):  # only for what is not set yet: the methods before the first call
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"compile_later({self.pattern!r})"


def compile_later(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
