"""Segment an article once into lines, blocks, sentences, quotations and tokens.

Scraped text comes in two shapes: one paragraph per line (most scrapers) or
hard-wrapped paragraphs separated by blank lines (drafts, e-mail). Blocks
handle both: a blank line always ends a block, and a line break ends one too
unless the line before it reads like a wrapped line of running prose.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from audit.text.codepoints import code_points, join_inner_apostrophes, marked, spaced_words
from audit.text.document import Block, Document, Line, Sentence, Span, Structure, Tokens
from audit.text.normalize import fold_chars, match_view

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BULLET = re.compile(r"\s*(?:[•·▪◦‣►▸*+\-]|\d{1,3}[.)])\s+")
_MARKDOWN_HEADING = re.compile(r"\s*#{1,6}\s")
# What a list item's bullet or a Markdown heading opens with, after white space (or a digit): a
# line that opens otherwise is neither, and is not searched for them.
_ITEM_OR_HEADING_OPENERS = frozenset("•·▪◦‣►▸*+-#")
# A word with inner apostrophes: the one tokenizer of documents, rule phrases and passages.
TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_WORD = re.compile(r"[^\W_]+")
_ASCII_ALNUM = bytes(chr(code).isalnum() for code in range(128))  # TOKEN's letters and digits
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(\s+)(?=[\"'(\[]?[^\W_a-z])")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
# Titles written before a name: a period after one never ends a sentence, nor after its
# plural written with a capital ("Sens. Smith and Jones"; "ten reps." can end one).
_TITLES = ("dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
           "rev", "hon", "pres")  # fmt: skip
_PLURAL_TITLES = frozenset(f"{title}s" for title in _TITLES)
_ABBREVIATIONS = frozenset(
    [
        *_TITLES,
        "mr",
        "mrs",
        "ms",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "plc",
        "bros",
        "dept",
        "univ",
        "assn",
        "est",
        "approx",
        "vs",
        "etc",
        "al",
        "fig",
        "no",
        "nos",
        "vol",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "mt",
        "ft",
        "ave",
        "blvd",
        "rd",
    ]
)
_TERMINAL = ".!?:;)…"
_CLOSING_QUOTES = "\"'”’"
_WRAP_WIDTH = 60  # a line at least this long without final punctuation reads as wrapped prose
_HEADING_MAX_WORDS = 14
_TITLE_CASE_MAX_WORDS = 25  # a longer line in Title Case is still a headline
_START, _WORDS = operator.attrgetter("start"), operator.attrgetter("words")


def make_document(
    text: str,
    *,
    id: str = "-",
    source: str = "-",
    title: str | None = None,
    path: str | None = None,
    metadata: dict[str, Any] | None = None,
    body_start: int = 0,
    quoted: tuple[tuple[int, int], ...] = (),
) -> Document:
    """Build a Document with its structure; the only way articles enter the pipeline."""
    return Document(
        id=id,
        source=source,
        text=text,
        structure=segment(text, body_start, quoted, title),
        title=title,
        path=path,
        metadata=metadata or {},
    )


@dataclass(frozen=True)
class Unsegmented:
    """An article read but not yet segmented. A parallel scan sends these to its workers, so
    the reading process neither segments every article nor pickles its structure."""

    text: str
    id: str
    source: str
    title: str | None
    path: str | None
    metadata: dict[str, Any]
    body_start: int
    quoted: tuple[tuple[int, int], ...]

    def build(self) -> Document:
        return make_document(
            self.text,
            id=self.id,
            source=self.source,
            title=self.title,
            path=self.path,
            metadata=self.metadata,
            body_start=self.body_start,
            quoted=self.quoted,
        )


def segment(
    text: str,
    body_start: int = 0,
    quoted: tuple[tuple[int, int], ...] = (),
    title: str | None = None,
) -> Structure:
    """Build the structure; text before `body_start` (front matter) is left out of blocks,
    `quoted` spans (such as Markdown code) count as quotations, and a line that prints the
    `title` is a heading however long it is."""
    folded = match_view(text)
    # Segmentation runs on a same-length fold of the original so its offsets are original.
    plain = folded.cased if folded.starts is None else fold_chars(text)
    letters = _Letters.of(plain)
    lines = _lines(text)
    blocks = _blocks(plain, [line for line in lines if line.start >= body_start], letters)
    blocks, title_block = _title_headings(plain, blocks, title)
    quotes = _quotes(text, plain, blocks, quoted)
    sentences = _sentences(plain, blocks, quotes)
    # Without an offset map the view's lower case has the same letters where `plain` has them
    # (lowering one character to one never makes or unmakes a letter or digit, nor an apostrophe).
    tokens = _tokens(folded.lower, letters if folded.starts is None else _Letters.of(folded.lower))
    return Structure(
        lines=lines,
        blocks=blocks,
        sentences=sentences,
        quotes=quotes,
        view=folded,
        tokens=tokens,
        word_count=sum(map(_WORDS, blocks)),
        body_start=body_start,
        line_starts=tuple(map(_START, lines)),
        block_starts=tuple(map(_START, blocks)),
        sentence_starts=tuple(map(_START, sentences)),
        quote_starts=tuple(map(_START, quotes)),
        title_block=title_block,
    )


def count_words(text: str) -> int:
    """Words as every block counts them (letters and digits; punctuation and markup left out)."""
    return _Letters.of(text).count()


@dataclass
class _Letters:
    """Which characters of a text are letters or digits (str.isalnum, as `[^\\W_]` reads them),
    found for all its characters at once (numpy over the code points), and how many runs of
    them (words) start before each offset: a span's words are then counted with no pass over it."""

    codes: Any  # the code points
    inside: Any  # a letter or digit, with a False either side: every run ends

    @classmethod
    def of(cls, text: str) -> _Letters:
        codes = code_points(text)
        return cls(codes, marked(codes, _ASCII_ALNUM, str.isalnum))

    @property
    def _opens(self) -> Any:
        """Where a word starts."""
        inside = self.inside
        return inside[1:-1] & ~inside[:-2]

    def count(self) -> int:
        """The words of the whole text."""
        return int(self._opens.sum())

    @cached_property
    def _before(self) -> Any:
        """How many words start before each offset."""
        import numpy as np

        before = np.zeros(len(self.codes) + 1, dtype=np.intp)
        np.cumsum(self._opens, out=before[1:])
        return before

    def words(self, start: int, end: int) -> int:
        """The words of text[start:end], which neither starts nor ends inside a word."""
        return int(self._before[end] - self._before[start])


def _lines(text: str) -> tuple[Line, ...]:
    if "\r" in text:
        starts, ends = [0], []
        for match in _LINE_BREAK.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
    else:  # line k ends after the lengths of lines 0 to k and k line breaks: in compiled code
        lengths = itertools.accumulate(map(len, text.split("\n")))
        ends = list(map(operator.add, lengths, itertools.count()))
        starts = [0, *map((1).__add__, ends[:-1])]
    return tuple(map(Line, range(len(ends)), starts, ends))


def _blocks(plain: str, lines: list[Line], letters: _Letters) -> tuple[Block, ...]:
    groups: list[list[Line]] = []
    previous: Line | None = None
    for line in lines:
        content = plain[line.start : line.end].strip()
        if not content:
            previous = None
            continue
        if previous is None or not _continues(plain, previous, line):
            groups.append([])
        groups[-1].append(line)
        previous = line
    return tuple(_make_block(i, plain, group, letters) for i, group in enumerate(groups))


def _continues(plain: str, previous: Line, line: Line) -> bool:
    """Whether `line` continues the paragraph that `previous` is part of (hard-wrapped prose).

    The line before must be long, unfinished and not a title-case headline; the
    line itself must read like more of the sentence, not like a label ("Share").
    """
    before = plain[previous.start : previous.end].strip()
    after = plain[line.start : line.end].strip()
    if _item_or_heading(plain, line.start, after[0]) is not None:
        return False
    if len(before) < _WRAP_WIDTH or _finished(before) or _title_case(before):
        return False
    return after[0].islower() or len(after) >= len(before) * 0.6 or after[-1] in '.!?"”'


def _finished(line: str) -> bool:
    """Whether a line ends a sentence. A closing quote ends one only after final punctuation:
    '...this was coming,"' waits for its speaker on the next line."""
    unquoted = line.rstrip(_CLOSING_QUOTES)
    return not unquoted or unquoted[-1] in _TERMINAL


def _title_case(line: str) -> bool:
    words = _WORD.findall(line)
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return len(words) >= 3 and capitalised / len(words) > 0.6


def _make_block(index: int, plain: str, group: list[Line], letters: _Letters) -> Block:
    first, last = group[0], group[-1]
    raw = plain[first.start : last.end]
    start = first.start + (len(raw) - len(raw.lstrip()))
    end = last.end - (len(raw) - len(raw.rstrip()))
    content = plain[start:end]
    words = letters.words(start, end)  # a block starts and ends beside space, not in a word
    return Block(
        index,
        start,
        end,
        _kind(plain, first, content, words, len(group)),
        (first.index, last.index),
        words,
    )


def _title_headings(
    plain: str, blocks: tuple[Block, ...], title: str | None
) -> tuple[tuple[Block, ...], int | None]:
    """Single-line blocks that print the title are headings however long, and the first of them
    is the title's block (a scraped page may print it below its chrome, and again later)."""
    if not title:
        return blocks, None
    wanted = " ".join(fold_chars(title).split())
    # A block opens with a word (it is stripped): one that prints the title opens with the
    # title's first word, looked up before its white space is collapsed.
    first_word = wanted.partition(" ")[0]
    printed = [
        b.index
        for b in blocks
        if b.lines[0] == b.lines[1]
        and b.end - b.start >= len(wanted)  # collapsing white space only shortens a line
        and plain.startswith(first_word, b.start)
        and " ".join(plain[b.start : b.end].split()) == wanted
    ]
    if not printed:
        return blocks, None
    marked = tuple(replace(b, kind="heading") if b.index in printed else b for b in blocks)
    return marked, printed[0]


def _item_or_heading(plain: str, start: int, opener: str) -> str | None:
    """ "item" or "heading" when the line at `start` (whose first character after white space is
    `opener`) opens a list item or a Markdown heading."""
    if opener not in _ITEM_OR_HEADING_OPENERS and not opener.isdecimal():  # \d is isdecimal
        return None
    if _BULLET.match(plain, start):
        return "item"
    if _MARKDOWN_HEADING.match(plain, start):
        return "heading"
    return None


def _kind(plain: str, first: Line, content: str, words: int, line_count: int) -> str:
    marked = _item_or_heading(plain, first.start, content[0])
    if marked is not None:
        return marked
    if (
        line_count == 1
        and words >= 2
        and content[-1] not in ".!?,;…"
        and (
            words <= _HEADING_MAX_WORDS or (words <= _TITLE_CASE_MAX_WORDS and _title_case(content))
        )
    ):
        return "heading"
    if words < 6:
        return "short"
    return "paragraph"


def _quotes(text: str, plain: str, blocks: tuple[Block, ...], quoted) -> tuple[Span, ...]:
    """Spans of quoted speech, marks included; an unclosed quote runs to the block's end."""
    spans: list[Span] = [Span(start, end) for start, end in quoted]
    curly = "‘" in text
    for block in blocks:
        opened = None
        i = plain.find('"', block.start, block.end)
        while i >= 0:
            if opened is None:
                opened = i
            else:
                spans.append(Span(opened, i + 1))
                opened = None
            i = plain.find('"', i + 1, block.end)
        if opened is not None:
            spans.append(Span(opened, block.end))
        if curly:
            spans.extend(_single_curly_quotes(text, block))
    spans.sort(key=lambda span: span.start)
    return tuple(_drop_nested(spans))


def _single_curly_quotes(text: str, block: Block) -> list[Span]:
    """‘…’ pairs; a ’ followed by a letter is an apostrophe, not a closing mark."""
    spans = []
    opened = None
    for i in range(block.start, block.end):
        char = text[i]
        if char == "‘":
            opened = i
        elif char == "’" and opened is not None:
            if i + 1 < block.end and text[i + 1].isalpha():
                continue
            spans.append(Span(opened, i + 1))
            opened = None
    return spans


def _drop_nested(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in spans:
        if kept and kept[-1].contains(span.start, span.end):
            continue
        kept.append(span)
    return kept


def _sentences(
    plain: str, blocks: tuple[Block, ...], quotes: tuple[Span, ...]
) -> tuple[Sentence, ...]:
    """The blocks split at every sentence end but an abbreviation's (only a full stop can end
    one), the ends found in one search from the first block to the last: between two blocks
    there is only white space, and an end whose white space runs out of its block is none (a
    search within the block does not find it). No piece is empty or has white space at either
    end, so none is trimmed: a block is stripped, and a sentence end is a mark, then the white
    space between two pieces, then (looked ahead at) a character that is not white space."""
    if not blocks:
        return ()
    quoted = _Quoted(quotes)
    sentences: list[Sentence] = []
    last = len(blocks) - 1
    k, block = 0, blocks[0]
    start = block.start
    for match in _SENTENCE_END.finditer(plain, block.start, blocks[-1].end):
        stop = match.start()
        while stop >= block.end:  # the block's last piece, and on to the block of the match
            sentences.append(_sentence(len(sentences), start, block.end, block, quoted))
            k, block = k + 1, blocks[k + 1]
            start = block.start
        end = match.start(1)
        if end == block.end or (plain[stop] == "." and _is_abbreviation(plain, start, stop)):
            continue
        sentences.append(_sentence(len(sentences), start, end, block, quoted))
        start = match.end(1)
    while True:
        sentences.append(_sentence(len(sentences), start, block.end, block, quoted))
        if k == last:
            return tuple(sentences)
        k, block = k + 1, blocks[k + 1]
        start = block.start


def _sentence(index: int, start: int, end: int, block: Block, quoted: _Quoted) -> Sentence:
    return Sentence(index, start, end, block.index, quoted.covers(start, end))


class _Quoted:
    """Whether a span lies inside a quotation, in O(log n): of the quotations that start at or
    before it, the one that ends last (every sentence scanning every quotation was quadratic:
    most of the time on a long text)."""

    def __init__(self, quotes: tuple[Span, ...]):
        ordered = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in ordered]
        self.reach = list(itertools.accumulate((q.end for q in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        before = bisect.bisect_right(self.starts, start)
        return before > 0 and self.reach[before - 1] >= end


def _is_abbreviation(plain: str, start: int, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation (the sentence runs on)."""
    if plain[stop : stop + 2] == "..":
        return False
    found = _last_word(plain, start, stop)
    if not found:
        return False
    word = found.lstrip("\"'([")
    lower = word.lower()
    return (
        lower in _ABBREVIATIONS
        or (word[:1].isupper() and lower in _PLURAL_TITLES)
        or (len(word) == 1 and word.isupper())
        or ("." in word and _INITIALISM.fullmatch(word) is not None)  # "U.S": a full stop inside
    )


def _last_word(plain: str, start: int, stop: int) -> str:
    """The run of non-space characters that ends plain[start:stop], or its last line when it
    ends in a line break ("" if none): what `(\\S+)$` finds there, split off from the end
    instead of searched for from the sentence's start."""
    end = stop - 1 if stop > start and plain[stop - 1] == "\n" else stop
    if end == start or plain[end - 1].isspace():
        return ""
    # The last of the piece's runs of non-space characters, split off from its end in compiled
    # code (str.split's white space is str.isspace's).
    return plain[start:end].rsplit(None, 1)[-1]


def _tokens(lower: str, letters: _Letters) -> Tokens:
    """TOKEN's matches in the text, found for all its characters at once: a token is a run of
    letters and digits (`letters`, the text's) and of apostrophes each between two of them.
    Its words are the text with every other character made a space, split: one pass of numpy
    and one split in compiled code instead of a match object or a slice a token."""
    import numpy as np

    inside = letters.inside.copy()
    join_inner_apostrophes(letters.codes, inside)  # an apostrophe within a word
    edges = np.flatnonzero(inside[1:] != inside[:-1]).tolist()
    words = spaced_words(code_points(lower), inside[1:-1])  # no letter or digit is a space
    return Tokens(tuple(words), tuple(edges[0::2]), tuple(edges[1::2]))
