"""HTML pages: the page's visible text, one block per line, title and site name from the head.

The article text of an HTML input is this extracted text (offsets index it).
Page chrome is kept on purpose: the clutter rules find and report it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from audit.ingest.decode import decode
from audit.ingest.model import RawArticle, RefusedInput

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_SPACES = re.compile(r"[ \t\r\f\v]+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.meta: dict[str, str] = {}
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            key = (values.get("property") or values.get("name") or "").lower()
            if key and values.get("content"):
                self.meta[key] = values["content"] or ""
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self.parts.append(data)


def read_html(data: bytes, path: str) -> Iterator[RawArticle]:
    extractor = _TextExtractor()
    extractor.feed(decode(data))
    extractor.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(extractor.parts).split("\n"))
    text = "\n\n".join(line for line in lines if line)
    if not text:
        raise RefusedInput("HTML page has no visible text")
    meta = extractor.meta
    yield RawArticle(
        text=text,
        path=path,
        title=(meta.get("og:title") or extractor.title).strip() or None,
        source=meta.get("og:site_name"),
        url=meta.get("og:url"),
        metadata={
            k: v
            for k, v in meta.items()
            if k in ("author", "description", "article:published_time")
        },
    )
