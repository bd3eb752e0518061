"""Per-word attributes, computed once per distinct token and cached in a growing table.

Every per-token feature the estimator uses is additive (a word is an article or not, has
n syllables, is on a lexicon or not), so each distinct token maps to one row of numbers and
a sentence's counts are the sum of its tokens' rows. Looking a token up is then a single
dict access, which is what keeps a whole article well under a millisecond.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from audit.style import lexicon
from audit.style.lexicon import words as _words
from audit.style.readability import count_syllables, is_difficult
from audit.style.text import TOKEN_RE

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

# Attribution verbs: news reporters attribute ("said", "told"); generated summaries rarely do.
REPORTING = _words("said says say told added according claimed stated confirmed")

# Degree words that inflate claims ("significantly", "highly"); a common generated-prose habit.
INTENSIFIERS = _words(
    """very really extremely highly significantly particularly incredibly truly deeply greatly
    increasingly remarkably especially"""
)

MAX_VOCABULARY = 200_000
RARE_ZIPF = 3.0  # below this a word occurs less than once per million words
COMMON_ZIPF = 4.5  # from RARE_ZIPF up to this: the mid-frequency band of formal vocabulary

# Words that open a sentence with a connective or framing clause instead of its subject.
# Generated news leans on them ("Despite the setback, ..."); reporters start with the actor.
OPENERS = _words(
    """however despite meanwhile additionally furthermore moreover in as while with although
    following after overall ultimately since during amid according nevertheless notably
    consequently therefore thus instead similarly""",
)

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
    "rare",
    "mid_freq",
    "zipf",
    "zipf_sq",
    *(f"fw_{name}" for name in FUNCTION_WORDS),
    "fw_any",
    "reporting",
    "intensifier",
    "contraction",
    "hyphenated",
    "kobak",
    "antislop",
    "wiki_vocab",
    "transition_head",  # first word of an essay transition (checked at sentence starts)
    "here",  # "here" or "here's": a possible assistant opener ("Here is a news article")
    "opener",  # a connective or framing word that can open a sentence ("However", "Despite")
)
COL = {name: i for i, name in enumerate(COLUMNS)}


@cache
def phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Lexicon entries as lower-case token tuples, by the feature column they count towards."""
    out = {}
    for column, entries in (
        ("wiki", (*lexicon.WIKI_PHRASES, *lexicon.WIKI_AI_VOCAB)),
        ("antislop", (*lexicon.ANTISLOP_PHRASES, *lexicon.ANTISLOP_WORDS)),
        ("hard_tell", lexicon.HARD_TELL_PHRASES),
    ):
        out[column] = tuple(tuple(TOKEN_RE.findall(e.lower())) for e in entries)
    return out


@cache
def _transition_heads() -> frozenset[str]:
    return frozenset(TOKEN_RE.findall(t)[0] for t in lexicon.TRANSITIONS)


@cache
def _multi() -> tuple[tuple[str, ...], ...]:
    return tuple(p for v in phrases().values() for p in v if len(p) > 1)


@cache
def _singles() -> dict[str, frozenset[str]]:
    singles = {k: frozenset(p[0] for p in v if len(p) == 1) for k, v in phrases().items()}
    assert not singles["hard_tell"], "hard-tell phrases must have two or more words"
    return singles


@cache
def _zipf_table() -> dict[str, float]:
    """wordfreq's large English list as word -> Zipf value (loaded once, ~0.3 s)."""
    import math

    import wordfreq

    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    return {w: round(math.log10(f) + 9, 2) for w, f in freqs.items()}


def word_row(token: str) -> np.ndarray:
    """The additive attribute row of one token (original case, folded punctuation)."""
    row = np.zeros(len(COLUMNS))
    if token[0].isdigit():
        row[COL["numbers"]] = 1
        return row
    word = token.lower()
    bare = word.replace("'", "")
    syllables = sum(count_syllables(part) for part in word.split("-") if part)
    zipf = _zipf_table().get(word, 0.0)
    row[COL["words"]] = 1
    letters = sum(ch.isalpha() for ch in word)
    row[COL["letters"]] = letters
    row[COL["letters_sq"]] = letters * letters
    row[COL["syllables"]] = syllables
    row[COL["polysyllables"]] = syllables >= 3
    row[COL["long_words"]] = len(bare) >= 7
    row[COL["difficult"]] = is_difficult(word, syllables)
    row[COL["capitalized"]] = token[0].isupper()
    row[COL["rare"]] = zipf < RARE_ZIPF
    row[COL["mid_freq"]] = RARE_ZIPF <= zipf < COMMON_ZIPF
    row[COL["zipf"]] = zipf
    row[COL["zipf_sq"]] = zipf * zipf
    any_fw = False
    for name, members in FUNCTION_WORDS.items():
        if word in members or (name == "neg" and word.endswith("n't")):
            row[COL[f"fw_{name}"]] = 1
            any_fw = True
    row[COL["fw_any"]] = any_fw
    row[COL["reporting"]] = word in REPORTING
    row[COL["intensifier"]] = word in INTENSIFIERS
    row[COL["contraction"]] = word.endswith(("n't", "'re", "'ve", "'ll", "'m", "'d"))
    row[COL["hyphenated"]] = "-" in word
    singles = _singles()
    row[COL["kobak"]] = word in lexicon.KOBAK_STYLE_WORDS
    row[COL["antislop"]] = word in singles["antislop"]
    row[COL["wiki_vocab"]] = word in singles["wiki"]
    row[COL["transition_head"]] = word in _transition_heads()
    row[COL["here"]] = word in ("here", "here's")
    row[COL["opener"]] = word in OPENERS
    return row


class Vocabulary:
    """Token -> row index into a growing matrix of attribute rows, plus a type id per row
    (its lower-cased form) for type statistics and phrase look-ups."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.types: dict[str, int] = {}
        self.type_of = np.zeros(4096, dtype=np.int64)
        self.matrix = np.zeros((4096, len(COLUMNS)), dtype=np.float32)
        # Type-id pairs of the first two words of every multi-word phrase, as one integer.
        self.phrase_bigrams = np.array(
            sorted({self.bigram(self.type_id(p[0]), self.type_id(p[1])) for p in _multi()})
        )

    @staticmethod
    def bigram(first, second):
        return first * (1 << 31) + second

    def type_id(self, word: str) -> int:
        return self.types.setdefault(word, len(self.types))

    def ids(self, tokens: list[str]) -> np.ndarray:
        index = self.index
        try:
            return np.fromiter(map(index.__getitem__, tokens), dtype=np.intp, count=len(tokens))
        except KeyError:
            if len(index) + len(tokens) > MAX_VOCABULARY:  # bound memory in long runs
                self.__init__()
                index = self.index
            found = [index[t] if t in index else self._add(t) for t in tokens]
            return np.array(found, dtype=np.intp)

    def _add(self, token: str) -> int:
        i = len(self.index)
        if i == len(self.matrix):
            self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
            self.type_of = np.concatenate([self.type_of, np.zeros_like(self.type_of)])
        self.matrix[i] = word_row(token)
        self.type_of[i] = self.type_id(token.lower())
        self.index[token] = i
        return i


VOCABULARY = Vocabulary()
