"""HTML pages: the page's visible text is the article; trafilatura says what the page is.

The article text of an HTML input is its visible text, one block per line — what
a scraper would have saved — so the page's chrome (share bars, comment forms,
related links) stays in front of the clutter rules, and a page and its
scraped-text twin get the same findings. trafilatura, the field's reference
extractor, supplies the title, author, date, site name and URL, and finds the
main content; where that content sits in the text is kept as metadata
`main_text` ({"start", "end"} offsets), so nothing downstream has to guess.

The visible text comes from the standard library's tokenizer, not from a tree:
lxml silently drops everything nested deeper than 256 elements, a tokenizer has
no depth at all. On such a page trafilatura sees a truncated tree, so its main
content is not located, and the page is still audited in full.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from audit.ingest.decode import decode
from audit.ingest.model import DEFAULT_READ, InputNote, RawArticle, ReadOptions, RefusedInput

_BLOCK_TAGS = frozenset([
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
])  # fmt: skip
_SKIPPED_TAGS = frozenset([
    "script", "style", "noscript", "template", "svg", "iframe", "object",
])  # fmt: skip
_HEAD_TAGS = frozenset([
    "title", "meta", "link", "style", "script", "base", "noscript", "template",
])  # fmt: skip
_VOID_TAGS = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
])  # fmt: skip
_LXML_DEPTH = 255  # lxml keeps no element nested deeper than this (256 with the root)
_SPACES = re.compile(r"[^\S\n]+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_MISSES = 20  # main-content paragraphs not found in the text before giving up locating it
# trafilatura takes seconds per megabyte and grows faster than linearly past that (12x the
# time for 4x a 1 MB page): bigger pages are audited whole, with the head's metadata only.
EXTRACTOR_LIMIT = 1_000_000  # characters of HTML
_EXTRACTOR_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")


@dataclass(frozen=True)
class Page:
    """What a page yields: its visible text, what trafilatura found, and notes for the user."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def read_html(
    data: bytes, path: str, options: ReadOptions = DEFAULT_READ
) -> Iterator[RawArticle | InputNote]:
    decoded = decode(data, options.encoding, hint=_declared_charset(data))
    page = parse_page(decoded.text)
    for note in (*decoded.notes, *page.notes):
        yield InputNote(path, None, note)
    yield RawArticle(
        text=page.text,
        path=path,
        title=page.title,
        source=page.source,
        url=page.url,
        metadata=page.metadata,
    )


def parse_page(html: str) -> Page:
    """The page's visible text and what trafilatura finds in it; refused when there is no text."""
    visible = _VisibleText()
    visible.feed(html)
    visible.close()
    text = visible.text()
    if not text:
        raise RefusedInput("HTML page has no visible text")
    found, problem = _extract(html, visible.depth)
    meta = visible.meta
    metadata = {
        key: value
        for key, value in (
            ("author", found.get("author") or meta.get("author")),
            ("date", found.get("date") or meta.get("article:published_time")),
            ("description", found.get("description") or meta.get("description")),
        )
        if value
    }
    notes = [problem] if problem else []
    span = _locate(found.get("text") or "", text)
    if span is not None:
        metadata["main_text"] = {"start": span[0], "end": span[1]}
    elif not problem:
        notes.append("main content not found; the whole visible text is audited")
    return Page(
        text=text,
        title=_clean(found.get("title") or meta.get("og:title") or visible.title),
        source=_clean(_site_name(found) or meta.get("og:site_name")),
        url=_clean(found.get("url") or meta.get("og:url") or visible.canonical),
        metadata=metadata,
        notes=tuple(notes),
    )


class _VisibleText(HTMLParser):
    """Visible text as a scraper would save it: block elements on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.canonical: str | None = None
        self.meta: dict[str, str] = {}
        self.depth = 0  # the deepest nesting of elements seen
        self._open = 0
        self._skipping = 0
        self._in_head = False
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self._in_head = True
        elif tag == "body" or tag not in _HEAD_TAGS:
            self._in_head = False  # as browsers do: body content ends an unclosed head
        values = dict(attrs)
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"] or "")
        elif tag == "link" and (values.get("rel") or "").lower() == "canonical":
            self.canonical = self.canonical or values.get("href")
        elif tag == "title":
            self._in_title = True
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag not in _VOID_TAGS:
            self._open += 1
            self.depth = max(self.depth, self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag not in _VOID_TAGS and self._open:
            self._open -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping and not self._in_head:
            self.parts.append(data)

    def text(self) -> str:
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(self.parts).split("\n"))
        return "\n\n".join(line for line in lines if line)


def _extract(html: str, depth: int) -> tuple[dict[str, Any], str | None]:
    """trafilatura's reading of the page, or why there is none (the page is audited either way)."""
    if len(html) > EXTRACTOR_LIMIT:
        return {}, (
            f"page over {EXTRACTOR_LIMIT:,} characters: main content not located "
            "(too slow at this size); the whole visible text is audited"
        )
    if depth > _LXML_DEPTH:
        return {}, (
            f"elements nested {depth:,} deep: main content not located (the extractor "
            f"sees only {_LXML_DEPTH} levels); the whole visible text is audited"
        )
    try:
        document = _trafilatura().bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as error:  # an extractor's failure on a hostile page must not lose the page
        return {}, f"main-content extraction failed ({type(error).__name__}); whole text audited"
    if document is None:
        return {}, None
    fields = ("title", "author", "date", "sitename", "url", "description", "text")
    return {name: getattr(document, name, None) for name in fields}, None


@cache
def _trafilatura():
    """Imported on first use (it is slow to import and only pages need it), its log quietened:
    its warnings are ours to report as notes, not to print. A constant: the cache holds the
    module, nothing read from input."""
    import trafilatura

    for name in _EXTRACTOR_LOGGERS:
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    return trafilatura


def _locate(main: str, text: str) -> tuple[int, int] | None:
    """Where trafilatura's main text lies in the visible text: from its first paragraph found
    to its last. None when fewer than half of its paragraphs are found."""
    paragraphs = [" ".join(line.split()) for line in main.splitlines() if line.strip()]
    start = end = None
    cursor = found = misses = 0
    for paragraph in paragraphs:
        at = text.find(paragraph, cursor)
        if at < 0:
            misses += 1
            if misses > _MISSES:
                return None
            continue
        start = at if start is None else start
        end = cursor = at + len(paragraph)
        found += 1
    if start is None or end is None or found * 2 < len(paragraphs):
        return None
    return start, end


def _site_name(found: dict[str, Any]) -> str | None:
    """trafilatura's site name, unless it is only the URL's host name (the URL says that)."""
    name, host = found.get("sitename"), urlsplit(found.get("url") or "").hostname or ""
    if name and name.lower().removeprefix("www.") == host.removeprefix("www."):
        return None
    return name


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data, 0, 4096)
    return match.group(1).decode("ascii") if match else None


def _clean(value: str | None) -> str | None:
    cleaned = " ".join(value.split()) if value else ""
    return cleaned or None
