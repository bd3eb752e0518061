"""Plain-text and Markdown articles: one file, one article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice

from audit.ingest.decode import decode
from audit.ingest.model import DEFAULT_READ, InputNote, RawArticle, ReadOptions

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)[^`\n]+?\2", re.S | re.M)
_TITLE_SEARCH = 12  # lines: what a scraper keeps above a headline is a handful of short lines
_WORD = re.compile(r"[^\W\d_]{2,}")
_SEPARATORS = frozenset("|•·")


def read_text(
    data: bytes, path: str, options: ReadOptions = DEFAULT_READ
) -> Iterator[RawArticle | InputNote]:
    decoded = decode(data, options.encoding)
    yield from (InputNote(path, None, note) for note in decoded.notes)
    text = decoded.text
    body_start, fields = _front_matter(text)
    title = fields.pop("title", None) or _title_line(text, body_start)
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


def _title_line(text: str, start: int) -> str | None:
    """The headline: the first line, unless the scraper kept page chrome above the headline
    ("Email", "Delhi | 25°C (windy)", a section name); then the first line after it that can be
    a headline, looked for among the first lines and never past the first sentence."""
    lines = (s for line in text[start:].splitlines() if (s := line.strip().lstrip("#").strip()))
    first = None
    for line in islice(lines, _TITLE_SEARCH):
        first = first or line
        if line.endswith("."):  # a sentence: the text has begun
            break
        if _headline_like(line):
            return line
    return first


def _headline_like(line: str) -> bool:
    """Three words or more and no widget separators: not a share button, a section name or a
    weather widget."""
    return len(_WORD.findall(line)) >= 3 and _SEPARATORS.isdisjoint(line)


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
