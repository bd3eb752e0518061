"""Small frozen records that cross process boundaries by the hundred, pickled by their fields.

A frozen slots dataclass pickles through copyreg and restores itself field by field in a
Python-level ``__setstate__``. An audited article sends its lines, sentences, blocks and
findings back from a worker process; rebuilding each record from its constructor and field
values halves the time to pickle and unpickle a result.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter


def pickled_by_fields(cls: type) -> type:
    """Class decorator: pickle instances as ``cls(*field values)`` (two fields or more)."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls
