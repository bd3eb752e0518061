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
from functools import partial
from typing import Any, BinaryIO

from audit.ingest.clean import clean_text, clean_value
from audit.ingest.decode import decode, decode_line, feed_codec, is_wide
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
Line = tuple[int, "str | InputNote | None"]  # a numbered line, a note, or None: over the limit


def read_jsonl(data: bytes, path: str, options: ReadOptions = DEFAULT_READ) -> Iterator[Item]:
    yield from read_jsonl_lines(_decoded_lines(data, path, options), path, options)


def read_jsonl_lines(lines: Iterable[Line], path: str, options: ReadOptions) -> Iterator[Item]:
    """Records from numbered lines; a line over `options.max_bytes` is refused (None)."""
    seen: set[str] = set()
    for number, line in lines:
        if isinstance(line, InputNote):
            yield line
            continue
        if line is None:
            yield InputError(path, number, f"record too large: over {options.max_bytes:,} bytes")
            continue
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
    yield from read_csv_lines(_decoded_lines(data, path, options, "csv"), path, options)


def read_csv_lines(lines: Iterable[Line], path: str, options: ReadOptions) -> Iterator[Item]:
    """Records from numbered lines (a field may span lines); a field over `options.max_bytes`
    is refused by the CSV reader's field limit."""
    notes: list[InputNote] = []

    def text() -> Iterator[str]:
        for _, line in lines:
            if isinstance(line, InputNote):
                notes.append(line)
            elif line is not None:
                yield line

    # The module's field limit (128 KiB) is lifted well over the per-record limit, which is
    # applied to each whole record below: a field that outgrows even that leaves the reader
    # out of step, but holds no more than the limit.
    csv.field_size_limit(CSV_FIELD_FACTOR * options.max_bytes)
    reader = csv.reader(text())
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise RefusedInput(f"no CSV header row ({error})") from error
    yield from notes
    notes.clear()
    header = [name.strip() for name in header]
    if "text" not in header and "html" not in header:
        raise RefusedInput(f"CSV has no 'text' column (columns: {', '.join(header)})")
    seen: set[str] = set()
    while True:
        number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            yield from notes
            return
        except csv.Error as error:
            yield from notes
            notes.clear()
            yield InputError(path, number, f"malformed CSV: {error}")
            continue
        yield from notes
        notes.clear()
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield InputError(path, number, f"row has {len(row)} fields, header has {len(header)}")
            continue
        if sum(map(len, row)) > options.max_bytes:
            yield InputError(path, number, f"record too large: over {options.max_bytes:,} bytes")
            continue
        yield from _isolated(dict(zip(header, row, strict=True)), path, number, seen)


CSV_FIELD_FACTOR = 4
_SAMPLE = 1 << 16  # bytes a feed's encoding is chosen from
FEED_CHUNK = 1 << 20  # bytes read at a time while passing over a record that is too large


def stream_lines(stream: BinaryIO, path: str, options: ReadOptions) -> Iterator[Line]:
    """A feed's numbered lines, read one at a time whatever the file's size; a line over
    `options.max_bytes` is passed over (None) without being held."""
    sample = stream.read(_SAMPLE)
    stream.seek(0)
    if not sample.strip():
        raise RefusedInput("empty file" if not sample else "no text (only white space)")
    codec, name = feed_codec(sample, options.encoding)
    if is_wide(codec):
        text = io.TextIOWrapper(stream, encoding=codec, errors="replace", newline="")
        read = partial(text.readline, options.max_bytes + 1)
        ends = ("\n", "\r")
    else:
        read = partial(stream.readline, options.max_bytes + 1)
        ends = (b"\n", b"\r")
    number = 0
    while line := read():
        number += 1
        if len(line) > options.max_bytes and not line.endswith(ends):
            while line and not line.endswith(ends):  # the rest of this record
                line = text.readline(FEED_CHUNK) if is_wide(codec) else stream.readline(FEED_CHUNK)
            yield number, None
            continue
        if isinstance(line, bytes):
            line, note = decode_line(line, codec, name)
            if note:
                yield number, InputNote(path, number, note)
        yield number, line


def _decoded_lines(
    data: bytes, path: str, options: ReadOptions, kind: str = "jsonl"
) -> Iterator[Line]:
    """A whole file's numbered lines (kept with their line ends for CSV, whose quoted fields
    may hold them); JSON Lines split on newlines only: JSON strings may hold U+2028 and other
    characters that str.splitlines() would break a record at."""
    decoded = decode(data, options.encoding)
    for note in decoded.notes:
        yield 0, InputNote(path, None, note)
    text = decoded.text
    lines = text.split("\n") if kind == "jsonl" else io.StringIO(text, newline="")
    for number, line in enumerate(lines, start=1):
        yield number, line if len(line) <= options.max_bytes else None


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
        from audit.ingest.html import parse_page  # html.parser: only for records of HTML

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
