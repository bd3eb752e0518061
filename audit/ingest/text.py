"""Plain-text and Markdown articles: one file, one article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from audit.ingest.decode import decode
from audit.ingest.model import DEFAULT_READ, InputNote, RawArticle, ReadOptions

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)[^`\n]+?\2", re.S | re.M)


def read_text(
    data: bytes, path: str, options: ReadOptions = DEFAULT_READ
) -> Iterator[RawArticle | InputNote]:
    decoded = decode(data, options.encoding)
    yield from (InputNote(path, None, note) for note in decoded.notes)
    text = decoded.text
    body_start, fields = _front_matter(text)
    title = fields.pop("title", None) or _first_line(text, body_start)
    yield RawArticle(
        text=text,
        path=path,
        id=fields.pop("id", None),
        title=title,
        source=fields.pop("source", None),
        url=fields.pop("url", None),
        body_start=body_start,
        metadata=fields,
    )


def _front_matter(text: str) -> tuple[int, dict[str, str]]:
    """A YAML-style `---` block of flat `key: value` pairs; nested values are kept as text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0, {}
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        pair = _KEY_VALUE.match(line)
        if pair:
            fields[pair.group(1).lower()] = pair.group(2).strip("\"'")
    return match.end(), fields


def _first_line(text: str, start: int) -> str | None:
    for line in text[start:].splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return stripped
    return None


def read_markdown(
    data: bytes, path: str, options: ReadOptions = DEFAULT_READ
) -> Iterator[RawArticle | InputNote]:
    """Markdown: as text, with code spans and fences treated as quoted material, not prose."""
    for article in read_text(data, path, options):
        if not isinstance(article, RawArticle):
            yield article
            continue
        spans = tuple(
            (m.start(), m.end()) for m in _CODE.finditer(article.text, article.body_start)
        )
        yield replace(article, quoted=spans)
