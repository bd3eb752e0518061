"""Typography that betrays pasted or machine-assembled text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from audit.rules.model import Hit, Rule
from audit.text.document import Document

# An apostrophe between two letters. The pattern opens with the apostrophe, the letter before
# it checked behind: a pattern that opens with a literal is searched for it in compiled code,
# one that opens with a look-behind is tried at every position of the text (40 times slower).
_CURLY = re.compile(r"’(?<=[^\W\d_]’)(?=[^\W\d_])")
_STRAIGHT = re.compile(r"'(?<=[^\W\d_]')(?=[^\W\d_])")


def mixed_apostrophes(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Curly and straight apostrophes in one body: text pasted together from different tools."""
    minimum = rule.options.get("params", {}).get("min_each", 2)
    curly = list(_CURLY.finditer(doc.text))
    straight = list(_STRAIGHT.finditer(doc.text))
    if len(curly) < minimum or len(straight) < minimum:
        return
    minority = curly if len(curly) < len(straight) else straight
    first = minority[0]
    word_start = first.start()
    while word_start > 0 and (doc.text[word_start - 1].isalnum()):
        word_start -= 1
    word = re.match(r"[^\W_]+['’][^\W_]+", doc.text[word_start:])
    end = word_start + word.end() if word else first.end()
    detail = f"{len(curly)} curly (’) and {len(straight)} straight (') apostrophes"
    yield Hit(word_start, end, f"{rule.message} ({detail})")
