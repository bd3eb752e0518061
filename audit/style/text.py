"""Text plumbing shared by the style features: layout folding and tokens (sentences come from
the audit's segmenter, audit/text/prose.py, in training as at audit time).

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
# Unlike the segmenter's TOKEN (audit/text/segment.py, for rule phrases), a style token keeps
# a hyphenated compound whole: word-length statistics and lexicon entries ("cutting-edge")
# are defined on the compound. The n-gram symbols (ngrams.py) use this same pattern.
TOKEN_RE = re.compile(r"\w+(?:['-]\w+)*")
WORD_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")

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
