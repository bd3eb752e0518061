"""Fold text for matching without losing the way back to the original offsets.

Scraped news mixes curly and straight quotes, several dashes, odd spaces and
decomposed accents. Rules should not care, so they match against a folded view;
findings are mapped back so their evidence quotes the original text exactly.
"""

from __future__ import annotations

import re
import unicodedata

from audit.text.document import MatchView

_ONE_TO_ONE = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\t\u00a0\u1680\u202f\u205f\u3000\u200b\u200c\u200d\ufeff", " "),
    **dict.fromkeys("".join(chr(c) for c in range(0x2000, 0x200B)), " "),
    "\u2026": ".",
}
# str.translate looks every character up in a dict; a character class finds the few that fold,
# about ten times faster on news text.
_FOLDED = re.compile("[" + re.escape("".join(_ONE_TO_ONE)) + "]")


def _folded(match: re.Match[str]) -> str:
    return _ONE_TO_ONE[match.group()]


def fold(text: str) -> str:
    """Fold a phrase or short string the way the match view folds article text."""
    return fold_chars(unicodedata.normalize("NFC", text))


def fold_chars(text: str) -> str:
    """The one-to-one part of the folding: same length, so offsets stay original."""
    return _FOLDED.sub(_folded, text)


def match_view(text: str) -> MatchView:
    cased = fold_chars(text)
    if unicodedata.is_normalized("NFC", cased):
        lower = cased.lower()
        if len(lower) == len(cased):
            return MatchView(lower=lower, cased=cased)
    return _mapped_view(cased)


def _mapped_view(cased: str) -> MatchView:
    """Slow path: compose accents run by run and keep a per-character offset map."""
    out_cased: list[str] = []
    out_lower: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for run_start, run_end in _combining_runs(cased):
        for char in unicodedata.normalize("NFC", cased[run_start:run_end]):
            low = char.lower()
            out_cased.append(char)
            out_lower.append(low if len(low) == 1 else char)
            starts.append(run_start)
            ends.append(run_end)
    return MatchView(
        lower="".join(out_lower),
        cased="".join(out_cased),
        starts=tuple(starts),
        ends=tuple(ends),
    )


def _combining_runs(text: str):
    """Yield (start, end) of each base character with the combining marks after it."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            yield start, i
            start = i
