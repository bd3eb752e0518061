"""Per-token attributes, computed once per distinct token into a growing table (Vocabulary).

Every per-token feature the estimator uses is additive (a word is an article or not, has
n syllables, carries a comma or not), so each distinct whitespace-delimited chunk of text
("said:", '"We', "34-year-old") maps to one row of numbers: the sum over the words inside it
plus its punctuation. A sentence's counts are the sum of its chunks' rows. Splitting on
whitespace and one dict access per chunk is what keeps a whole article well under a
millisecond; a word regex over the article would cost more than everything else together.
The table belongs to whoever reads text with it: the auditor's models hold one
(audit/models/load.py), with the syllable table and word list it reads, and pass it in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audit.style import lexicon
from audit.style.lexicon import words as _words
from audit.style.readability import Syllables, easy_words, is_difficult
from audit.style.text import TOKEN_RE

PUNCTUATION = ("comma", "semicolon", "colon", "dash", "paren", "quote", "question", "exclaim")

# Function-word groups (closed-class English words; standard lists, grouped for a profile).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "article": _words("a an the"),
    "pron1": _words("i me my mine myself we us our ours ourselves"),
    "pron2": _words("you your yours yourself yourselves"),
    "pron3": _words(
        "he him his himself she her hers herself it its itself they them their theirs themselves"
    ),
    "prep": _words(
        """of in on at by for with from to into onto over under about after before between
        through during against among across within without towards toward upon"""
    ),
    "conj": _words("and but or nor so yet because although though while whereas"),
    "aux": _words("is are was were be been being am has have had having do does did"),
    "modal": _words("will would can could should may might must shall"),
    "neg": _words("not no never none nobody nothing n't"),
    "demonstrative": _words("this that these those"),
    "relative": _words("which who whom whose where when what"),
}

# Word -> the function-word groups it belongs to.
_FUNCTION_GROUPS: dict[str, tuple[str, ...]] = {}
for _name, _members in FUNCTION_WORDS.items():
    for _word in _members:
        _FUNCTION_GROUPS[_word] = (*_FUNCTION_GROUPS.get(_word, ()), _name)

# Attribution verbs: news reporters attribute ("said", "told"); generated summaries rarely do.
REPORTING = _words("said says say told added according claimed stated confirmed")

# Degree words that inflate claims ("significantly", "highly"); a common generated-prose habit.
INTENSIFIERS = _words(
    """very really extremely highly significantly particularly incredibly truly deeply greatly
    increasingly remarkably especially"""
)

MAX_VOCABULARY = 200_000

# Words that open a sentence with a connective or framing clause instead of its subject.
# Generated news leans on them ("Despite the setback, ..."); reporters start with the actor.
OPENERS = _words(
    """however despite meanwhile in as while with although following after since during amid
    according nevertheless notably therefore thus instead similarly"""
)  # disjoint from lexicon.TRANSITIONS, which are counted on their own

COLUMNS = (
    "words",
    "numbers",
    "letters",
    "letters_sq",
    "syllables",
    "polysyllables",
    "long_words",
    "difficult",
    "capitalized",
    *(f"fw_{name}" for name in FUNCTION_WORDS),
    "fw_any",
    "reporting",
    "intensifier",
    "contraction",
    "hyphenated",
    "kobak",
    "antislop",
    "wiki_vocab",
    *PUNCTUATION,
    "units",  # 1 for a chunk that holds at least one word or number
)
COL = {name: i for i, name in enumerate(COLUMNS)}

# Attributes of a chunk's first word, used when the chunk opens a sentence.
STARTS = ("capitalized", "article", "pronoun", "opener", "proper", "transition_head")


# Lexicon entries as lower-case token tuples, by the feature column they count towards.
PHRASES: dict[str, tuple[tuple[str, ...], ...]] = {
    column: tuple(tuple(TOKEN_RE.findall(e.lower())) for e in entries)
    for column, entries in (
        ("wiki", (*lexicon.WIKI_PHRASES, *lexicon.WIKI_AI_VOCAB)),
        ("antislop", (*lexicon.ANTISLOP_PHRASES, *lexicon.ANTISLOP_WORDS)),
        ("hard_tell", lexicon.HARD_TELL_PHRASES),
    )
}
_TRANSITION_HEADS = frozenset(TOKEN_RE.findall(t)[0] for t in lexicon.TRANSITIONS)
_MULTI = tuple(p for v in PHRASES.values() for p in v if len(p) > 1)
_SINGLES = {k: frozenset(p[0] for p in v if len(p) == 1) for k, v in PHRASES.items()}
assert not _SINGLES["hard_tell"], "hard-tell phrases must have two or more words"


def word_values(token: str, syllables: Syllables, easy: frozenset[str]) -> tuple[float, ...]:
    """The additive COLUMNS values of one token (original case, folded punctuation)."""
    values = dict.fromkeys(COLUMNS, 0.0)
    if token[0].isdigit():
        values["numbers"] = 1
        return tuple(values.values())
    word = token.lower()
    syllables = sum(map(syllables.count, filter(None, word.split("-"))))
    letters = sum(map(str.isalpha, word))
    singles = _SINGLES
    values.update(
        words=1,
        letters=letters,
        letters_sq=letters * letters,
        syllables=syllables,
        polysyllables=syllables >= 3,
        long_words=len(word.replace("'", "")) >= 7,
        difficult=is_difficult(word, syllables, easy),
        capitalized=token[0].isupper(),
        reporting=word in REPORTING,
        intensifier=word in INTENSIFIERS,
        contraction=word.endswith(("n't", "'re", "'ve", "'ll", "'m", "'d")),
        hyphenated="-" in word,
        kobak=word in lexicon.KOBAK_STYLE_WORDS,
        antislop=word in singles["antislop"],
        wiki_vocab=word in singles["wiki"],
    )
    groups = _FUNCTION_GROUPS.get(word, ("neg",) if word.endswith("n't") else ())
    for name in groups:
        values[f"fw_{name}"] = values["fw_any"] = 1
    return tuple(map(float, values.values()))


def start_row(token: str) -> tuple[float, ...]:
    """STARTS attributes of a sentence-opening word."""
    word = token.lower()
    capitalized = token[0].isupper()
    function = word in _FUNCTION_GROUPS
    opener = word in OPENERS
    flags = (
        capitalized,
        word in FUNCTION_WORDS["article"],
        word in FUNCTION_WORDS["pron3"] or word in FUNCTION_WORDS["demonstrative"],
        opener,
        capitalized and not function and not opener,
        word in _TRANSITION_HEADS,
    )
    return tuple(map(float, flags))


def chunk_punctuation(chunk: str) -> list[int]:
    """PUNCTUATION counts of one whitespace-delimited chunk.

    A colon counts when it ends the chunk or precedes a quote (not in "14:55"). A dash is a
    chunk made only of dashes (" - ", " -- ", " \u2013 "), or an em dash or "--" inside one;
    hyphens and en dashes inside words ("34-year-old", "2010\u20132017") are not dashes.
    """
    only_dashes = not chunk.strip("-\u2013\u2014")
    dash = 1 if only_dashes else chunk.count("\u2014") + chunk.count("--")
    colon = chunk.count(":")
    if colon:  # only a final colon or one before a quote ("said:" 'said:"We'), not "14:55"
        colon -= sum(1 for i, ch in enumerate(chunk[:-1]) if ch == ":" and chunk[i + 1] != '"')
    return [
        chunk.count(","),
        chunk.count(";"),
        colon,
        dash,
        chunk.count("("),
        chunk.count('"'),
        chunk.count("?"),
        chunk.count("!"),
    ]


class Vocabulary:
    """Chunk -> row index into a growing matrix of attribute rows. Per row also: the type id
    of the chunk's first word (lower-cased; -1 if it has none) for type statistics and phrase
    look-ups, and the STARTS attributes of that word. `syllables` and `easy` (the Dale-Chall
    easy words) are what the rows are counted with. It also keeps, for the run that holds it,
    what a model reading the same chunks learned about each (`memo`)."""

    def __init__(self, syllables: Syllables, easy: frozenset[str]) -> None:
        self.syllables = syllables
        self.easy = easy
        self._clear()

    @classmethod
    def shipped(cls) -> Vocabulary:
        """An empty table that counts with the shipped syllable table and textstat's easy words."""
        return cls(Syllables.shipped(), easy_words())

    def _clear(self) -> None:
        self.index: dict[str, int] = {}
        self.tokens: dict[str, tuple[float, ...]] = {}  # a token's word_values
        self.types: dict[str, int] = {}
        self.type_words: list[str] = []
        self.type_of = np.zeros(4096, dtype=np.int64)
        self.matrix = np.zeros((4096, len(COLUMNS)), dtype=np.float32)
        self.starts = np.zeros((4096, len(STARTS)), dtype=np.float32)
        # Type-id pairs of the first two words of every multi-word phrase, as one integer.
        self.phrase_bigrams = np.array(
            sorted({self.bigram(self.type_id(p[0]), self.type_id(p[1])) for p in _MULTI})
        )
        self.here_types = (self.type_id("here"), self.type_id("here's"))
        self._memo_reader: object = None
        self._memo: dict[str, Any] = {}

    def memo(self, reader: object) -> dict[str, Any]:
        """Chunk -> what `reader` (a model reading the counted chunks: the n-gram model's
        digits, ngrams.NgramModel.chunk_scores) computed from it, kept with this table for the
        run and emptied with it; a different reader starts an empty one."""
        if self._memo_reader is not reader or len(self._memo) > MAX_VOCABULARY:
            self._memo_reader, self._memo = reader, {}
        return self._memo

    @staticmethod
    def bigram(first, second):
        return first * (1 << 31) + second

    def type_id(self, word: str) -> int:
        found = self.types.get(word)
        if found is None:
            found = self.types[word] = len(self.type_words)
            self.type_words.append(word)
        return found

    def ids(self, chunks: list[str]) -> np.ndarray:
        index = self.index
        try:
            return np.fromiter(map(index.__getitem__, chunks), dtype=np.intp, count=len(chunks))
        except KeyError:
            if len(index) + len(chunks) > MAX_VOCABULARY:  # bound memory in long runs
                self._clear()
            self._add([c for c in dict.fromkeys(chunks) if c not in self.index])
            return self.ids(chunks)

    def _add(self, chunks: list[str]) -> None:
        """Compute the rows of new chunks and append them in one go."""
        first = len(self.index)
        while first + len(chunks) > len(self.matrix):
            self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
            self.starts = np.vstack([self.starts, np.zeros_like(self.starts)])
            self.type_of = np.concatenate([self.type_of, np.zeros_like(self.type_of)])
        rows, starts, types = [], [], []
        for chunk in chunks:
            tokens = TOKEN_RE.findall(chunk)
            if len(tokens) == 1:
                row = list(self._word_values(tokens[0]))
            else:
                row = [
                    sum(v) for v in zip(*map(self._word_values, tokens), strict=True)
                ] or _ZEROS.copy()
            row[_PUNCT_SLICE] = chunk_punctuation(chunk)
            row[-1] = 1.0 if tokens else 0.0  # units
            rows.append(row)
            starts.append(start_row(tokens[0]) if tokens else _NO_START)
            types.append(self.type_id(tokens[0].lower()) if tokens else -1)
        end = first + len(chunks)
        self.matrix[first:end] = rows
        self.starts[first:end] = starts
        self.type_of[first:end] = types
        self.index.update(zip(chunks, range(first, end), strict=True))

    def _word_values(self, token: str) -> tuple[float, ...]:
        found = self.tokens.get(token)
        if found is None:
            found = self.tokens[token] = word_values(token, self.syllables, self.easy)
        return found


_PUNCT_SLICE = slice(COL[PUNCTUATION[0]], COL[PUNCTUATION[-1]] + 1)
_ZEROS = [0.0] * len(COLUMNS)
_NO_START = (0.0,) * len(STARTS)
assert COLUMNS[-1] == "units"
