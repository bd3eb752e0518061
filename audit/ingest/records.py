"""JSON Lines and CSV corpora: one article per record, fields as in the contract."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from audit.ingest.decode import decode
from audit.ingest.model import InputError, RawArticle, RefusedInput

_KNOWN = ("id", "text", "title", "source", "url")


def read_jsonl(data: bytes, path: str) -> Iterator[RawArticle | InputError]:
    seen: set[str] = set()
    for number, line in enumerate(decode(data).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(path, number, f"malformed JSON: {error.msg} (column {error.colno})")
            continue
        yield _article(record, path, number, seen)


def read_csv(data: bytes, path: str) -> Iterator[RawArticle | InputError]:
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise RefusedInput(f"no CSV header row ({error})") from error
    header = [name.strip() for name in header]
    if "text" not in header:
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
        yield _article(dict(zip(header, row, strict=True)), path, number, seen)


def _article(record: Any, path: str, number: int, seen: set[str]) -> RawArticle | InputError:
    if not isinstance(record, dict):
        return InputError(path, number, "record is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(path, number, "record has no 'text' (required, a non-empty string)")
    record_id = record.get("id")
    record_id = str(record_id) if record_id not in (None, "") else f"{path}:{number}"
    if record_id in seen:
        return InputError(path, number, f"duplicate id {record_id!r} in this file")
    seen.add(record_id)
    return RawArticle(
        text=text,
        path=path,
        id=record_id,
        title=_optional(record.get("title")),
        source=_optional(record.get("source")),
        url=_optional(record.get("url")),
        metadata={k: v for k, v in record.items() if k not in _KNOWN},
    )


def _optional(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
