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
# The headline of a plain-text page (see _headline).
_TITLE_SEARCH = 400  # lines read; a scraped menu can run to a few hundred
_ABOVE_PROSE = 15  # lines over the first prose searched for the headline
_PROSE_WORDS = 12  # a line of prose: this many words or more, ending a sentence
_LEDE_SHARE = 0.3  # of the headline's words that the lede's first three lines also use
_HEADLINE_CHARS = 250
_WORD = re.compile(r"[^\W\d_]{2,}")
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")  # four letters or more: few function words
_SEPARATORS = frozenset("|•·»›")  # widget and breadcrumb separators ("Home › News")
_BREADCRUMB = " > "  # "Home > Education > Region"
_SKIP_LINK = re.compile(r"skip\s+(?:directly\s+)?to\b", re.I)  # "Skip to main content"


def read_text(
    data: bytes, path: str, options: ReadOptions = DEFAULT_READ
) -> Iterator[RawArticle | InputNote]:
    decoded = decode(data, options.encoding)
    yield from (InputNote(path, None, note) for note in decoded.notes)
    text = decoded.text
    body_start, fields = _front_matter(text)
    title = fields.pop("title", None) or _headline(text, body_start)
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


def _headline(text: str, start: int) -> str | None:
    """The headline: the first line, unless it cannot be one (a share button, a weather widget,
    a chatbot's "Sure! Here's an article:"), as when a scraper kept page chrome above the
    headline. Then it is the first headline-like line over the article's first prose that
    shares enough words with the lede, else the first headline-like line before the first
    sentence, else the first line."""
    stripped = (raw.strip().lstrip("#").strip() for raw in text[start:].splitlines())
    lines = list(islice(filter(None, stripped), _TITLE_SEARCH))
    if not lines or _headline_like(lines[0]):
        return lines[0] if lines else None
    prose = next((i for i in range(len(lines) - 1) if _prose(lines[i]) and _prose(lines[i + 1])), 0)
    above = [line for line in lines[max(prose - _ABOVE_PROSE, 0) : prose] if _headline_like(line)]
    lede = set().union(*(_words(line) for line in lines[prose : prose + 3])) if above else set()
    for line in above:
        words = _words(line)
        if len(words) >= 2 and len(words & lede) >= _LEDE_SHARE * len(words):
            return line
    for line in lines[:_ABOVE_PROSE]:
        if line.endswith("."):  # a sentence: the text has begun
            break
        if _headline_like(line):
            return line
    return lines[0]


def _prose(line: str) -> bool:
    return line.endswith((".", "”", '"')) and len(line.split()) >= _PROSE_WORDS


def _words(line: str) -> set[str]:
    return {w.lower() for w in _CONTENT_WORD.findall(line)}


def _headline_like(line: str) -> bool:
    """Three words or more in a short line, no widget or breadcrumb separators and no trailing
    sentence mark or comma: not a share button, a section name, a weather widget, a breadcrumb
    trail or a sentence. Nor the "Skip to content" link that opens most web pages for screen
    readers."""
    return (
        len(line) <= _HEADLINE_CHARS
        and not line.endswith((".", ",", ";", ":"))
        and _SEPARATORS.isdisjoint(line)
        and _BREADCRUMB not in line
        and len(_WORD.findall(line)) >= 3
        and not _SKIP_LINK.match(line)
    )


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
