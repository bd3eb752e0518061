"""Hyphenation points as pyphen finds them, read from pyphen's own en_US dictionary.

Readability counts a word CMUdict lacks as its hyphenation points + 1 (textstat's rule,
syllables.py). pyphen parses all 4,900 patterns of its dictionary on first use: about 60 ms
of CPU with its import, most of a one-draft check, for the one or two names of a draft that
CMUdict lacks. Here each pattern's letters index its line of the dictionary, and a line's
digits are read only when a word contains its letters. The points are Liang's, as pyphen
applies them: at each position the highest digit any matching pattern puts there, a point
where it is odd, and none within two letters of either end of the word.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path

DICTIONARY = "hyph_en_US.dic"  # pyphen's dictionary for lang="en_US"
EDGE = 2  # pyphen's default: no point closer than this to either end of the word
# Lines pyphen skips: comments and the dictionary's own settings, which pyphen ignores.
_SKIPPED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN",
            "COMPOUNDRIGHTHYPHENMIN")  # fmt: skip
_DIGITS = b"0123456789"
_PAIRS = re.compile(r"(\d?)(\D?)")  # a pattern read as (digit before, letter) pairs


@dataclass
class Hyphenator:
    """A dictionary's patterns by their letters (each its line, read when first needed)."""

    lines: dict[str, str]
    longest: int  # letters of the longest pattern
    _values: dict[str, tuple[int, tuple[int, ...]]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, text: str) -> Hyphenator:
        """A dictionary's text: its encoding's name on the first line, then one pattern a line
        (raises ValueError on what pyphen reads otherwise: nonstandard hyphenation, ^^hex)."""
        kept = [line.strip() for line in text.split("\n")[1:]]
        kept = [line for line in kept if line and not line.startswith(_SKIPPED)]
        # The digits go in one pass over the whole dictionary's bytes, not one call a line (in
        # UTF-8 an ASCII digit is one byte and no part of another character).
        joined = "\n".join(kept).encode("utf-8")
        letters = joined.translate(None, _DIGITS).decode("utf-8").split("\n") if kept else []
        lines: dict[str, str] = {}
        for line, key in zip(kept, letters, strict=True):
            if len(key) + line.count("0") == len(line):
                continue  # pyphen also leaves out a pattern whose digits are all 0
            if "^^" in line or ("/" in line and "=" in line):
                raise ValueError(f"unsupported hyphenation pattern {line!r}")
            lines[key] = line
        return cls(lines, max(map(len, lines)))

    def points(self, word: str) -> int:
        """How many places pyphen.Pyphen(lang="en_US").positions(word) names."""
        pointed = f".{word.lower()}."
        levels = [0] * (len(pointed) + 1)
        for i in range(len(pointed) - 1):
            for j in range(i + 1, min(i + self.longest, len(pointed)) + 1):
                letters = pointed[i:j]
                if letters in self.lines:
                    offset, values = self._read(letters)
                    for k, value in enumerate(values, i + offset):
                        levels[k] = max(levels[k], value)
        last = len(word) - EDGE
        return sum(1 for i, level in enumerate(levels) if level % 2 and EDGE <= i - 1 <= last)

    def _read(self, letters: str) -> tuple[int, tuple[int, ...]]:
        """A pattern's digits: where the first non-zero one stands and the run from there to the
        last non-zero one."""
        found = self._values.get(letters)
        if found is None:
            values = [int(digit or "0") for digit, _ in _PAIRS.findall(self.lines[letters])]
            start = next(i for i, v in enumerate(values) if v)
            end = len(values) - next(i for i, v in enumerate(reversed(values)) if v)
            found = self._values[letters] = (start, tuple(values[start:end]))
        return found


def english() -> Hyphenator:
    """pyphen's en_US dictionary, read from the installed package (pyphen is not imported);
    its owner (readability.Syllables) reads it when a word CMUdict lacks first comes up."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pyphen package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionaries" / DICTIONARY
    data = path.read_bytes()
    encoding = data.split(b"\n", 1)[0].decode().strip()
    return Hyphenator.of(data.decode(encoding))
