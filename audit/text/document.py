"""The types that flow through an audit: an article and the structure built from it once.

Every offset in these types indexes the article's original text (Python ``str``
indices), so evidence can always be quoted exactly: ``text[start:end]``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from audit.models.analysis import Analysis
from audit.rules.model import slot_setters
from audit.runtime.records import Packed, pickled_by_fields

# The segmenter builds a line, block and sentence object per line, block and sentence of every
# article: each class's __init__ is the frozen dataclass's own, but with each field set through
# its slot's descriptor (the generated one calls object.__setattr__ per field, about twice as
# slow), as Finding's (audit/rules/model.py: slot_setters).


@pickled_by_fields
@dataclass(frozen=True, slots=True, init=False)
class Span:
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        _SPAN_START(self, start)
        _SPAN_END(self, end)

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@pickled_by_fields
@dataclass(frozen=True, slots=True, init=False)
class Line:
    index: int
    start: int
    end: int  # excludes the line break

    def __init__(self, index: int, start: int, end: int) -> None:
        _LINE_INDEX(self, index)
        _LINE_START(self, start)
        _LINE_END(self, end)


@pickled_by_fields
@dataclass(frozen=True, slots=True, init=False)
class Block:
    """A paragraph, heading, list item or other visually separate run of text."""

    index: int
    start: int
    end: int
    kind: str  # "heading" | "paragraph" | "item" | "short"
    lines: tuple[int, int]  # first and last line index, inclusive
    words: int

    def __init__(
        self, index: int, start: int, end: int, kind: str, lines: tuple[int, int], words: int
    ) -> None:
        _BLOCK_INDEX(self, index)
        _BLOCK_START(self, start)
        _BLOCK_END(self, end)
        _BLOCK_KIND(self, kind)
        _BLOCK_LINES(self, lines)
        _BLOCK_WORDS(self, words)


@pickled_by_fields
@dataclass(frozen=True, slots=True, init=False)
class Sentence:
    index: int
    start: int
    end: int
    block: int
    in_quote: bool  # wholly inside quotation marks

    def __init__(self, index: int, start: int, end: int, block: int, in_quote: bool) -> None:
        _SENTENCE_INDEX(self, index)
        _SENTENCE_START(self, start)
        _SENTENCE_END(self, end)
        _SENTENCE_BLOCK(self, block)
        _SENTENCE_IN_QUOTE(self, in_quote)


_SPAN_START, _SPAN_END = slot_setters(Span)
_LINE_INDEX, _LINE_START, _LINE_END = slot_setters(Line)
_BLOCK_INDEX, _BLOCK_START, _BLOCK_END, _BLOCK_KIND, _BLOCK_LINES, _BLOCK_WORDS = slot_setters(
    Block
)
_SENTENCE_INDEX, _SENTENCE_START, _SENTENCE_END, _SENTENCE_BLOCK, _SENTENCE_IN_QUOTE = slot_setters(
    Sentence
)


@dataclass(frozen=True, slots=True)
class MatchView:
    """The text folded for matching (quotes, dashes, spaces, case, NFC).

    ``lower`` and ``cased`` have the same length; ``starts``/``ends`` map each of
    their characters back to the original text and are None when the mapping is
    the identity (the common case, kept free of per-character arrays).
    """

    lower: str
    cased: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            origin = self.starts[start] if start < len(self.starts) else self.ends[-1]
            return origin, origin
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True, slots=True)
class Tokens:
    """Word tokens of the match view, as parallel tuples (cheap to build and scan)."""

    words: tuple[str, ...]
    starts: tuple[int, ...]  # offsets into the match view
    ends: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Structure:
    """Where the lines, blocks, sentences and quotations of an article are, and the match view
    and tokens the rules read (their working data, released once the article is audited)."""

    lines: tuple[Line, ...]
    blocks: Sequence[Block]  # tuples while the rules run; packed once audited (Document.audited)
    sentences: Sequence[Sentence]
    quotes: Sequence[Span]
    view: MatchView | None  # None once released
    tokens: Tokens | None  # None once released
    word_count: int
    body_start: int  # text before it (front matter) is metadata, not article prose
    line_starts: Sequence[int] = field(repr=False)  # an array once audited (Document.audited)
    block_starts: Sequence[int] = field(repr=False)
    sentence_starts: Sequence[int] = field(repr=False)
    quote_starts: Sequence[int] = field(repr=False)
    title_block: int | None = None  # the block that first prints the article's title

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def in_quote(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside one quotation."""
        i = bisect_right(self.quote_starts, start) - 1
        return i >= 0 and self.quotes[i].contains(start, end)

    def block_at(self, offset: int) -> Block | None:
        i = bisect_right(self.block_starts, offset) - 1
        if i >= 0 and offset <= self.blocks[i].end:
            return self.blocks[i]
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0 and offset <= self.sentences[i].end:
            return self.sentences[i]
        return None


@dataclass(frozen=True, eq=False)
class Document:
    """One article as read from the corpus, with its structure built once.

    Compared and hashed by identity. Its `analysis` holds what the model stages found in it.
    """

    id: str
    source: str
    text: str
    structure: Structure = field(repr=False, compare=False)
    title: str | None = None
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)
    analysis: Analysis = field(default_factory=Analysis, compare=False, repr=False)

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]

    def audited(self) -> Document:
        """This document as an audit result keeps it: the rules' match view, tokens and line
        objects are released, and its blocks, sentences and quotations are packed (records.Packed).
        Reports and the cross-source check read only the spans (lines by their starts), and the
        view and tokens are most of an audited article's memory and of its size between
        processes; a text of many short lines would otherwise keep an object per line until the
        report is written. The model stages' working results go too."""
        structure = replace(
            self.structure,
            view=None,
            tokens=None,
            lines=(),
            blocks=Packed.of(Block, self.structure.blocks),
            sentences=Packed.of(Sentence, self.structure.sentences),
            quotes=Packed.of(Span, self.structure.quotes),
            line_starts=_compact(self.structure.line_starts),
            block_starts=_compact(self.structure.block_starts),
            sentence_starts=_compact(self.structure.sentence_starts),
            quote_starts=_compact(self.structure.quote_starts),
        )
        return replace(self, structure=structure, analysis=Analysis())


def _compact(offsets: Sequence[int]) -> Sequence[int]:
    """Offsets as machine integers (8 bytes each, not an object each): what bisection needs."""
    return array("q", offsets)
