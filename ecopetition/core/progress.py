"""One progress bar for long commands (benchmarks, audit verification, backfills): tqdm on standard error.

`counter(label, total)` gives a callable that takes how many items are done so far; the bar shows the rate and
the time left, closes itself when the total is reached, and prints nothing where standard error is not a
terminal (a CI log or a test), so it never mixes into what a command prints on standard output."""

from __future__ import annotations

import sys
from collections.abc import Callable


def counter(label: str, total: int | None, *, unit: str = "it") -> Callable[[int], None]:
    """A callable `progress(done)` drawing `done` of `total` as `label`'s bar (total None: a count, no bar)."""
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit=unit, unit_scale=True, file=sys.stderr, disable=None,
               mininterval=0.5, dynamic_ncols=True, leave=True)

    def progress(done: int) -> None:
        if done > bar.n:
            bar.update(done - bar.n)
        if total is not None and done >= total:
            bar.close()

    progress.close = bar.close  # type: ignore[attr-defined]
    return progress
