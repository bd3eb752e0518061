"""How audited articles are held and moved: results cross process boundaries as their field
values, and while a run holds them they stay out of the cyclic collector's walks.

A frozen slots dataclass pickles through copyreg and restores itself field by field in a
Python-level ``__setstate__``. An audited article sends its lines, sentences, blocks and
findings back from a worker process; rebuilding each record from its constructor and field
values halves the time to pickle and unpickle a result.

A run's results pile up until its report is written and hold no reference cycles to reclaim,
yet the cyclic collector walked them again and again: a fifth of the main process's time.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from operator import attrgetter

_holding = 0  # open `held` blocks, nested or in other threads; the last to end unfreezes
_count_lock = threading.Lock()


def pickled_by_fields(cls: type) -> type:
    """Class decorator: pickle instances as ``cls(*field values)`` (two fields or more)."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@contextmanager
def held() -> Iterator[Callable[[], None]]:
    """Within the block, what exists now, and what exists whenever the caller calls the function
    it is given, is frozen out of the cyclic collector (gc.freeze). Objects still die by
    reference count; the freeze ends with the last open block. Workers forked inside the
    block inherit the freeze, so their collections skip what they inherit too."""
    global _holding
    with _count_lock:
        _holding += 1
        gc.freeze()
    try:
        yield gc.freeze
    finally:
        with _count_lock:
            _holding -= 1
            if not _holding:
                gc.unfreeze()
