"""JSON Lines and CSV corpora: one article per record, fields as in the contract.

A record's article is its `text`; a record with no text but an `html` field is
read as a saved page (see html.py), its own fields winning over the page's.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from typing import Any

from audit.ingest.clean import clean_text, clean_value
from audit.ingest.decode import decode
from audit.ingest.html import parse_page
from audit.ingest.model import (
    DEFAULT_READ,
    InputError,
    InputNote,
    RawArticle,
    ReadOptions,
    RefusedInput,
)

_KNOWN = ("id", "text", "html", "title", "source", "url")
Item = RawArticle | InputError | InputNote


def read_jsonl(data: bytes, path: str, options: ReadOptions = DEFAULT_READ) -> Iterator[Item]:
    decoded = decode(data, options.encoding)
    yield from (InputNote(path, None, note) for note in decoded.notes)
    seen: set[str] = set()
    # Split on newlines only: JSON strings may hold U+2028 and other characters
    # that str.splitlines() would break a record at.
    for number, line in enumerate(decoded.text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_constant=_not_json)
        except json.JSONDecodeError as error:
            yield InputError(path, number, f"malformed JSON: {error.msg} (column {error.colno})")
            continue
        except RecursionError:
            yield InputError(path, number, "malformed JSON: nested too deeply")
            continue
        except ValueError as error:  # NaN or Infinity, or an integer too long to convert
            yield InputError(path, number, f"malformed JSON: {error}")
            continue
        yield from _isolated(record, path, number, seen)


def read_csv(data: bytes, path: str, options: ReadOptions = DEFAULT_READ) -> Iterator[Item]:
    decoded = decode(data, options.encoding)
    yield from (InputNote(path, None, note) for note in decoded.notes)
    # A whole article fits in one field: lift the module's 128 KiB field limit to the file size.
    csv.field_size_limit(max(csv.field_size_limit(), len(decoded.text)))
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise RefusedInput(f"no CSV header row ({error})") from error
    header = [name.strip() for name in header]
    if "text" not in header and "html" not in header:
        raise RefusedInput(f"CSV has no 'text' column (columns: {', '.join(header)})")
    seen: set[str] = set()
    while True:
        number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield InputError(path, number, f"malformed CSV: {error}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield InputError(path, number, f"row has {len(row)} fields, header has {len(header)}")
            continue
        yield from _isolated(dict(zip(header, row, strict=True)), path, number, seen)


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def _isolated(record: Any, path: str, number: int, seen: set[str]) -> Iterator[Item]:
    """One record's article; a surprise while reading it refuses that record, not the file."""
    try:
        yield from list(_article(record, path, number, seen))
    except Exception as error:
        reason = f"internal error while reading ({type(error).__name__}: {error}); please report it"
        yield InputError(path, number, reason)


def read_records(records: Iterable[Any], path: str) -> Iterator[Item]:
    """Records already parsed (a service's request body), read as the lines of a .jsonl file
    named `path` would be: the same fields, ids and refusals."""
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        yield from _isolated(record, path, number, seen)


def _article(record: Any, path: str, number: int, seen: set[str]) -> Iterator[Item]:
    if not isinstance(record, dict):
        yield InputError(path, number, "record is not a JSON object")
        return
    record = {clean_text(str(key))[0]: value for key, value in record.items()}
    text, html = record.get("text"), record.get("html")
    page = None
    if isinstance(text, str):
        text, note = clean_text(text)
        if note:
            yield InputNote(path, number, f"field 'text': {note}")
    if not (isinstance(text, str) and text.strip()):
        if not (isinstance(html, str) and html.strip()):
            yield InputError(path, number, "record has no 'text' (required, a non-empty string)")
            return
        html, note = clean_text(html)
        if note:
            yield InputNote(path, number, f"field 'html': {note}")
        try:
            page = parse_page(html)
        except RefusedInput as refusal:
            yield InputError(path, number, f"field 'html': {refusal}")
            return
        text = page.text
        yield from (InputNote(path, number, f"field 'html': {note}") for note in page.notes)
    fields = {}
    for name in ("id", "title", "source", "url"):
        fields[name], note = _field(record.get(name), name)
        if note:
            yield InputNote(path, number, note)
    record_id = fields["id"] or f"{path}:{number}"
    if record_id in seen:
        yield InputError(path, number, f"duplicate id {record_id!r} in this file")
        return
    seen.add(record_id)
    yield RawArticle(
        text=text,
        path=path,
        id=record_id,
        title=fields["title"] or (page and page.title),
        source=fields["source"] or (page and page.source),
        url=fields["url"] or (page and page.url),
        metadata={
            **(page.metadata if page else {}),
            **{k: clean_value(v) for k, v in record.items() if k not in _KNOWN},
        },
    )


def _field(value: Any, name: str) -> tuple[str | None, str | None]:
    """A named field as text: a string, or a whole number (`"id": 42`); anything else (an
    object, a list, true) is left out with a note rather than shown as a Python repr."""
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        text, note = clean_text(value)
        return text, note and f"field {name!r}: {note}"
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value), None
    kind = {bool: "true/false", list: "a list", dict: "an object"}.get(type(value), "not text")
    return None, f"field {name!r} is {kind}, not a string: left out"
