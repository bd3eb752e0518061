"""How audited articles are held and moved: results cross process boundaries as their field
values, and while a run holds them they stay out of the cyclic collector's walks.

A frozen slots dataclass pickles through copyreg and restores itself field by field in a
Python-level ``__setstate__``. An audited article sends its lines, sentences, blocks and
findings back from a worker process; rebuilding each record from its constructor and field
values halves the time to pickle and unpickle a result.

A run's results pile up until its report is written and hold no reference cycles to reclaim,
yet the cyclic collector walked them again and again: a fifth of the main process's time.

A kept article's findings are columns (`Findings`): a text of thousands of chrome lines gives a
finding per line, and as objects each cost about 360 bytes (its own evidence string, message
and integers) where a row of columns costs about 40.
"""

from __future__ import annotations

import gc
import itertools
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from operator import attrgetter
from sys import intern
from typing import Any, Generic, TypeVar, overload

from audit.rules.model import Finding

Record = TypeVar("Record")


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
    it is given, is frozen out of the cyclic collector (gc.freeze); the block's end unfreezes.
    Objects still die by reference count. The freeze is the process's own, so blocks do not
    nest: whoever keeps a run's results to the end opens one and hands its function down
    (Auditor.run's `freeze`). Workers forked inside the block inherit the freeze, so their
    collections skip what they inherit too."""
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off within the block, where what is made either lives on or dies by
    reference count (a batch's audit, a command's imports): its collections would walk it again
    and again and free nothing. A collector already off is left so."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _ReadsAsTuple:
    """Equal to, hashed and shown as the tuple it stands in for, so that code and tests that
    held tuples before cannot tell the compact form apart."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _ReadsAsTuple | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


class Findings(_ReadsAsTuple, Sequence[Finding]):
    """An audited article's findings, read as a tuple of Finding, kept as columns: offsets as
    machine integers, each rule's labels and each distinct message once, and the evidence
    quoted from the article's text when a finding is read (never held a second time)."""

    __slots__ = ("_labels", "_messages", "_rows", "_text")

    def __init__(
        self,
        text: str,
        labels: tuple[tuple[str, str, str, str], ...],
        messages: tuple[str, ...],
        rows: array,
    ):
        self._text = text
        self._labels = labels  # (rule, category, level, confidence)
        self._messages = messages
        self._rows = rows  # per finding: label, message, start, end, line, column

    @classmethod
    def of(cls, findings: Iterable[Finding], text: str) -> Findings | tuple[Finding, ...]:
        """The findings as columns over `text`; as they are if any evidence is not quoted from it."""
        findings = tuple(findings)
        labels: dict[tuple[str, str, str, str], int] = {}
        messages: dict[str, int] = {}
        rows = array("q")
        for f in findings:
            if text[f.start : f.end] != f.text:
                return findings
            label = (f.rule, f.category, f.level, f.confidence)
            rows.extend((
                labels.setdefault(label, len(labels)), messages.setdefault(f.message, len(messages)),
                f.start, f.end, f.line, f.column,
            ))  # fmt: skip
        interned = tuple(tuple(map(intern, label)) for label in labels)
        return cls(text, interned, tuple(map(intern, messages)), _narrow(rows))

    def __len__(self) -> int:
        return len(self._rows) // _WIDTH

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("finding index out of range")
        return self._finding(index * _WIDTH)

    def __iter__(self) -> Iterator[Finding]:
        return map(self._finding, range(0, len(self._rows), _WIDTH))

    def _finding(self, at: int) -> Finding:
        label, message, start, end, line, column = self._rows[at : at + _WIDTH]
        rule, category, level, confidence = self._labels[label]
        return Finding(
            rule, category, level, confidence, start, end, line, column,
            self._text[start:end], self._messages[message],
        )  # fmt: skip

    def __reduce__(self):
        return _findings, (self._text, self._labels, self._messages, self._rows)

    def table(
        self,
    ) -> tuple[
        str, tuple[tuple[str, str, str, str], ...], tuple[str, ...], Iterator[tuple[int, ...]]
    ]:
        """The text the evidence is quoted from, the labels (rule, category, level, confidence),
        the distinct messages, and each finding's row numbering into them: (label, message,
        start, end, line, column). A reader that writes every finding out (the JSON report)
        then writes each label and message once."""
        return self._text, self._labels, self._messages, self._columns()

    def _columns(self) -> Iterator[tuple[int, ...]]:
        """(label, message, start, end, line, column) of each finding, read in compiled code."""
        rows = self._rows
        return zip(*(rows[k::_WIDTH] for k in range(_WIDTH)), strict=True)

    def spans(self, categories: Collection[str]) -> list[tuple[str, int, int]]:
        wanted = {i for i, label in enumerate(self._labels) if label[1] in categories}
        if not wanted:
            return []
        labels, rows = self._labels, self._rows
        return [
            (labels[label][1], start, end)
            for label, start, end in zip(
                rows[0::_WIDTH], rows[2::_WIDTH], rows[3::_WIDTH], strict=True
            )
            if label in wanted
        ]

    def dicts(self) -> list[dict[str, Any]]:
        text, labels, messages = self._text, self._labels, self._messages
        return [
            dict(zip(_FINDING_FIELDS, (*labels[label], start, end, line, column, text[start:end],
                                       messages[message]), strict=True))
            for label, message, start, end, line, column in self._columns()
        ]  # fmt: skip

    def rule_counts(self) -> list[tuple[str, str, int]]:
        labels = self._labels
        # Labels are numbered in the order of their first finding, and so are counted.
        return [(*labels[k][1::-1], n) for k, n in Counter(self._rows[0::_WIDTH]).items()]


_WIDTH = 6  # columns per finding in Findings._rows
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))  # Finding.to_dict's keys, in its order


# Readings of an article's findings that a run makes of every article (the cross-source check,
# the ranking, the JSON report): from a kept article's columns, without a Finding object each.


def finding_spans(
    findings: Sequence[Finding], categories: Collection[str]
) -> list[tuple[str, int, int]]:
    """(category, start, end) of each finding of the categories, in order."""
    if isinstance(findings, Findings):
        return findings.spans(categories)
    return [(f.category, f.start, f.end) for f in findings if f.category in categories]


def finding_dicts(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Finding.to_dict of each finding."""
    if isinstance(findings, Findings):
        return findings.dicts()
    return [f.to_dict() for f in findings]


def rule_counts(findings: Sequence[Finding]) -> list[tuple[str, str, int]]:
    """(category, rule, findings) per rule label, in the order of each label's first finding
    (a rule may appear more than once, under another level or confidence)."""
    if isinstance(findings, Findings):
        return findings.rule_counts()
    counts = Counter((f.category, f.rule, f.level, f.confidence) for f in findings)
    return [(category, rule, n) for (category, rule, _, _), n in counts.items()]


def _findings(text, labels, messages, rows) -> Findings:
    """Unpickled with its labels and messages interned: a run's results share one copy each."""
    labels = tuple(tuple(map(intern, label)) for label in labels)
    return Findings(text, labels, tuple(map(intern, messages)), rows)


class Packed(_ReadsAsTuple, Sequence[Record], Generic[Record]):
    """Records of a small frozen dataclass (integers, flags, labels, pairs or tuples of integers),
    read as a tuple of them, kept as one row of machine integers each: an audited article's
    sentences and blocks cost a fifth of what their objects do, and so do its cross-source
    statements. Labels and tuples are held once each, in a table the rows number into. A record
    is built when it is read."""

    __slots__ = ("_converted", "_labels", "_make", "_rows", "_shape", "_width")

    def __init__(
        self, make: type[Record], shape: tuple[str, ...], labels: tuple[str, ...], rows: array
    ):
        self._make = make
        self._shape = shape  # per field: "int", "bool", "label", "pair" or "ints"
        self._labels = labels
        self._rows = rows
        self._width = sum(2 if kind == "pair" else 1 for kind in shape)
        # Where in a row the fields that are not plain integers stand, the last first (so that
        # joining a pair's two values leaves the places before it as they are).
        widths = (2 if kind == "pair" else 1 for kind in shape)
        columns = itertools.accumulate(widths, initial=0)  # then the row's width: not zipped
        converted = [(c, kind) for c, kind in zip(columns, shape, strict=False) if kind != "int"]
        self._converted = tuple(reversed(converted))

    @classmethod
    def of(cls, make: type[Record], records: Sequence[Record]) -> Sequence[Record]:
        """The records packed; as they are when a value is none of the kinds a row holds. Read a
        field at a time: its values, their kind and their columns of the rows in one pass each."""
        if not records:
            return ()
        packed = cls.of_columns(
            make, [list(map(attrgetter(f.name), records)) for f in fields(make)]
        )
        return records if packed is None else packed

    @classmethod
    def of_columns(cls, make: type[Record], columns: list[list[Any]]) -> Packed[Record] | None:
        """The records whose fields' values are `columns` (one list a field, in order, none
        empty), packed without building them; None when a value is none of the kinds a row
        holds."""
        shape = tuple(map(_column_kind, columns))
        if None in shape:
            return None
        labels: dict[str | tuple[int, ...], int] = {}
        cells: list[list[int]] = []
        for values, kind in zip(columns, shape, strict=True):
            if kind in _TABLED:
                cells.append([labels.setdefault(value, len(labels)) for value in values])
            elif kind == "pair":
                cells += ([first for first, _ in values], [second for _, second in values])
            else:
                cells.append(values)
        rows = array("q", itertools.chain.from_iterable(zip(*cells, strict=True)))
        return cls(make, shape, tuple(labels), _narrow(rows))

    def __len__(self) -> int:
        return len(self._rows) // self._width

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Record, ...]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(map(self._record, range(len(self))[index]))
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("record index out of range")
        return self._record(index)

    def __iter__(self) -> Iterator[Record]:
        return map(self._record, range(len(self)))

    def _record(self, index: int) -> Record:
        """The record of a row: its integers as they are, the other fields converted."""
        at = index * self._width
        values: list[Any] = self._rows[at : at + self._width].tolist()
        for column, kind in self._converted:
            if kind == "bool":
                values[column] = bool(values[column])
            elif kind in _TABLED:
                values[column] = self._labels[values[column]]
            else:
                values[column : column + 2] = [(values[column], values[column + 1])]
        return self._make(*values)

    def __reduce__(self):
        return Packed, (self._make, self._shape, self._labels, self._rows)

    def column(self, name: str) -> list[Any]:
        """One field's value of every record, read from the rows without building the records."""
        names = [f.name for f in fields(self._make)]
        field_ = names.index(name)
        kind = self._shape[field_]
        at = sum(2 if k == "pair" else 1 for k in self._shape[:field_])
        values = self._rows[at :: self._width]
        if kind == "int":
            return values.tolist()
        if kind == "bool":
            return list(map(bool, values))
        if kind in _TABLED:
            return list(map(self._labels.__getitem__, values))
        return list(zip(values, self._rows[at + 1 :: self._width], strict=True))


def column(records: Sequence[Any], name: str) -> list[Any]:
    """One field's value of every record: from a Packed's rows, else read from each record."""
    if isinstance(records, Packed):
        return records.column(name)
    return [getattr(record, name) for record in records]


def _kind(value: object) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "label"
    if isinstance(value, tuple) and all(type(v) is int for v in value):
        return "pair" if len(value) == 2 else "ints"
    return None


_PLAIN_KINDS = {int: "int", bool: "bool", str: "label"}


def _column_kind(values: Sequence[object]) -> str | None:
    """The kind of a field's values (_field_kind), told from their one type when they share it."""
    types = set(map(type, values))
    if len(types) == 1 and (kind := _PLAIN_KINDS.get(types.pop())) is not None:
        return kind
    # Each distinct object once: a column of tuples often repeats a few (shared) ones.
    return _field_kind(set(map(_kind, dict(zip(map(id, values), values, strict=True)).values())))


def _field_kind(kinds: set[str | None]) -> str | None:
    """What a field's row holds: its one kind, or "ints" for tuples of integers some of which
    are pairs (a statement's supporting articles); None when the values do not fit one kind."""
    if kinds == {"pair", "ints"}:
        return "ints"
    return next(iter(kinds)) if len(kinds) == 1 else None


_TABLED = ("label", "ints")  # kinds a row holds as a number in the table of distinct values


def _narrow(rows: array) -> array:
    """Four bytes a value when every value fits (offsets in any text a run admits), else eight."""
    if not rows or (min(rows) >= -(2**31) and max(rows) < 2**31):
        return array("i", rows)
    return rows
