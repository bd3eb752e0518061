"""Text plumbing shared by the style features: layout folding, tokens, sentences.

The estimator must not learn house style or page layout. In the training data curly quotes
occur only in machine text from one source, while real newsrooms use them all the time, so
quotes and apostrophes are folded to ASCII before anything is counted; datelines ("LONDON
(Reuters) -", "(CNN)") and bylines ("By Ana Ruiz") name an outlet, not a writer, so they are
blanked. Folding keeps every character in place, so the caller's sentence offsets stay valid
on the folded text.
"""

from __future__ import annotations

import re

_FOLD = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u201b", "'"),
    ("\u2032", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2026", "."),
    ("\u00a0", " "),
)

# A token is a run of word characters with inner apostrophes or hyphens; tokens that start
# with a digit count as numbers. (``\w`` is three times faster than a letters-only class.)
TOKEN_RE = re.compile(r"\w+(?:['-]\w+)*")
WORD_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?\s?[^\W_a-z])")
_LAST_WORD = re.compile(r"(\S+)$")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt st jr sr rev hon inc ltd co corp
    plc no vs etc al fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave rd""".split()  # noqa: SIM905
)


_MOJIBAKE = re.compile("\u00c2(?=[\u00a0-\u00bf ])")
# At the start of the text or of a line: a byline, or a dateline (a place in capitals, an
# optional agency or date in brackets, then a dash), or a bare agency tag.
LAYOUT_HEAD = 800  # datelines and bylines open an article: only its first characters are searched
_BYLINE = re.compile(
    r"(?m)^[ \t]*By [A-Z][\w.'-]*(?: (?:[A-Z][\w.'-]*|and|de|van|von)){0,6},?[ \t]*(?=\n|$)"
)
_NEWLINE = re.compile(r"\n")
_DATELINE = re.compile(
    r"[ \t]*(?:[A-Z][A-Z.'-]+(?:[ ,]+[A-Z0-9][A-Za-z0-9.'-]*){0,4}[ ,]*(?:\([^()\n]{1,40}\))?"
    r"[ \t]*[-:\u2013\u2014]+[ \t]+|\((?:CNN|AP|AFP|Reuters|UPI)\)[ \t]*[-\u2013\u2014]*[ \t]*)"
)


def fold(text: str) -> str:
    """Map typographic quotes and ellipses to ASCII and blank datelines and bylines, one
    character for one.

    Also blanks the stray "Â" of UTF-8 read as Latin-1 ("Â£150"): in the training data it
    marks one source's human articles, and it is an encoding accident, not style.
    """
    head = text[:LAYOUT_HEAD]
    cuts = [m.span() for m in _layout_marks(head)]
    if cuts:
        pieces, last = [], 0
        for start, end in cuts:
            pieces += [head[last:start], " " * (end - start)]
            last = end
        text = "".join(pieces) + text[last:]
    if text.isascii():
        return text
    for typographic, ascii_form in _FOLD:
        if typographic in text:
            text = text.replace(typographic, ascii_form)
    if "\u00c2" in text:
        text = _MOJIBAKE.sub(" ", text)
    return text


def _layout_marks(head: str):
    """The byline and dateline matches at the starts of the lines of ``head``."""
    starts = [0, *(m.end() for m in _NEWLINE.finditer(head))]
    for start in starts:
        if head.startswith("By ", start) or head.startswith(" ", start):
            match = _BYLINE.match(head, start)
            if match:
                yield match
                continue
        match = _DATELINE.match(head, start)
        if match:
            yield match


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Simple rule-based sentence spans, for training and evaluation only; a line break
    ends a sentence (a heading or a list item is not part of the next one).

    At inference the caller passes its own spans; this splitter only needs to be close
    enough that document features come out the same.
    """
    plain = fold(text)
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(plain):
        spans += _line_sentences(plain, line.start(), line.end())
    return spans


_LINE = re.compile(r"[^\n]+")


def _line_sentences(plain: str, start: int, stop: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(plain, start, stop):
        end = match.start() + len(match.group().rstrip())
        last = _LAST_WORD.search(plain, start, match.start() + 1)
        if last:
            token = last.group(1).rstrip(".").lower()
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        if plain[start:end].strip():
            spans.append(_strip(plain, start, end))
        start = match.end()
    if plain[start:stop].strip():
        spans.append(_strip(plain, start, stop))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
