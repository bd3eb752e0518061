"""Style features of an article, and of every window of consecutive sentences.

Features are ratios of the additive counts in counts.Counts: a document's row is the column
sum and a sentence window's row the sum over its sentences, so the sentence scores cost a few
numpy operations, not a second extraction per window. Only the type statistics (type-token
ratio, hapax rate) need the token sequence itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.style.counts import ALL_COLUMNS, C, Counts, count_text
from audit.style.readability import flesch_reading_ease, smog_index
from audit.style.text import WORD_RE
from audit.style.wordinfo import FUNCTION_WORDS, PUNCTUATION, Vocabulary

TYPE_CHUNK = 50  # tokens per chunk for the length-robust type statistics
WINDOW_RADIUS = 1  # a sentence's score window: itself and one sentence each side
_PUNCT = PUNCTUATION
_C = C


# ---- small pure feature formulas (scalars or numpy arrays alike) ---------------------------


def sentence_length_stats(lengths: Sequence[int]) -> tuple[float, float, float]:
    """Mean, standard deviation and burstiness (coefficient of variation) of sentence lengths.

    Human news mixes short and long sentences; generated prose is more even (lower burstiness).
    """
    if not lengths:
        return 0.0, 0.0, 0.0
    arr = np.asarray(lengths, dtype=float)
    mean, std = float(arr.mean()), float(arr.std())
    return mean, std, (std / mean if mean else 0.0)


def type_stats(types: Sequence[int], chunk: int = TYPE_CHUNK) -> tuple[float, float]:
    """(type-token ratio, hapax rate) averaged over consecutive chunks of ``chunk`` tokens.

    Chunking (MSTTR) keeps both independent of text length; a text shorter than one chunk is
    measured whole. The hapax rate is the share of a chunk's tokens that occur once in it.
    ``types`` are integer type ids, one per token (in Counts: per whitespace-delimited word
    chunk, keyed by its first word, lower-cased); the work is one sort per chunk.
    """
    n = len(types)
    if n == 0:
        return 0.0, 0.0
    size = min(n, chunk)
    k = n // size
    a = np.sort(np.asarray(types[: k * size], dtype=np.int64).reshape(k, size), axis=1)
    change = np.ones((k, size + 1), dtype=bool)
    change[:, 1:-1] = a[:, 1:] != a[:, :-1]
    distinct = change[:, :-1].sum()
    hapax = (change[:, :-1] & change[:, 1:]).sum()
    return float(distinct) / (k * size), float(hapax) / (k * size)


def _ids(tokens: Sequence[str]) -> list[int]:
    seen: dict[str, int] = {}
    return [seen.setdefault(t.lower(), len(seen)) for t in tokens]


def type_token_ratio(tokens: Sequence[str], chunk: int = TYPE_CHUNK) -> float:
    """Mean type-token ratio over chunks (MSTTR), so long texts are not penalised.

    Machine text reuses its own words more evenly; human news packs in more names.
    """
    return type_stats(_ids(tokens), chunk)[0]


def hapax_rate(tokens: Sequence[str], chunk: int = TYPE_CHUNK) -> float:
    """Share of tokens that occur exactly once in their chunk, averaged over chunks."""
    return type_stats(_ids(tokens), chunk)[1]


def function_word_profile(words: Sequence[str]) -> dict[str, float]:
    """Rate per word of each function-word group (articles, pronouns, prepositions, ...)."""
    n = len(words) or 1
    return {
        name: sum(1 for w in words if w in members) / n for name, members in FUNCTION_WORDS.items()
    }


def punctuation_profile(text: str, vocab: Vocabulary | None = None) -> dict[str, float]:
    """Punctuation marks per word (wordinfo.chunk_punctuation says what counts as a dash)."""
    totals = count_text(text, [(0, len(text))], vocab or Vocabulary.shipped()).matrix[0]
    words = max(totals[C["words"]], 1)
    return {name: float(totals[C[name]]) / words for name in _PUNCT}


def paragraph_stats(text: str) -> tuple[int, float]:
    """Paragraph count and burstiness of paragraph lengths (words), from blank-line breaks.

    Not a model input: the training texts had their line breaks collapsed, so the model
    could not learn from it. It is here for reports on articles that keep their layout.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if p.strip()]
    if not paragraphs:
        return 0, 0.0
    _, _, burst = sentence_length_stats([len(WORD_RE.findall(p)) for p in paragraphs])
    return len(paragraphs), burst


# ---- features from summed counts -----------------------------------------------------------

# Machine-text tells, counted together for their density in a sentence window: Kobak et al.'s
# excess style words, the antislop and Wikipedia lists, essay transitions, assistant chatter.
_TELLS = ("kobak", "antislop", "antislop_phrase", "wiki_vocab", "wiki_phrase", "transition",
          "hard_tell")  # fmt: skip
MIN_WINDOW_WORDS = 25  # a window shorter than this says too little for a density

# Rates: (feature, {count column: weight}, denominator, scale, log1p?). Computed for all rows at
# once as weighted sums of count columns over denominators, which keeps a batch's documents plus
# their windows to a few numpy operations. Lexicon rates are per 1,000 words and log-scaled
# (mostly zero, rare bursts).
_RATES: tuple[tuple[str, dict[str, float], str, float, bool], ...] = (
    ("short_sentence_rate", {"short": 1}, "sentences", 1, False),
    ("long_sentence_rate", {"long": 1}, "sentences", 1, False),
    ("mean_word_length", {"letters": 1}, "words", 1, False),
    ("long_word_rate", {"long_words": 1}, "words", 1, False),
    ("number_rate", {"numbers": 1}, "tokens", 1, False),
    ("capitalized_rate", {"capitalized": 1, "first_cap": -1}, "words", 1, False),
    *((f"fw_{name}", {f"fw_{name}": 1}, "words", 1, False) for name in FUNCTION_WORDS),
    ("fw_any", {"fw_any": 1}, "words", 1, False),
    ("reporting_rate", {"reporting": 1}, "words", 1, False),
    ("intensifier_rate", {"intensifier": 1}, "words", 1, False),
    ("contraction_rate", {"contraction": 1}, "words", 1, False),
    ("hyphenated_rate", {"hyphenated": 1}, "words", 1, False),
    *((f"punct_{name}", {name: 1}, "words", 1, False) for name in _PUNCT),
    ("syllables_per_word", {"syllables": 1}, "words", 1, False),
    ("polysyllable_rate", {"polysyllables": 1}, "words", 1, False),
    ("difficult_word_rate", {"difficult": 1}, "words", 1, False),
    ("start_article_rate", {"start_article": 1}, "sentences", 1, False),
    ("start_pronoun_rate", {"start_pronoun": 1}, "sentences", 1, False),
    ("start_opener_rate", {"start_opener": 1}, "sentences", 1, False),
    ("start_proper_rate", {"start_proper": 1}, "sentences", 1, False),
    ("quoted_share", {"quoted_chars": 1}, "chars", 1, False),
    ("kobak_style_rate", {"kobak": 1}, "words", 1000, True),
    ("antislop_rate", {"antislop": 1, "antislop_phrase": 1}, "words", 1000, True),
    ("wiki_tell_rate", {"wiki_vocab": 1, "wiki_phrase": 1}, "words", 1000, True),
    ("transition_rate", {"transition": 1}, "sentences", 1, False),
    ("trailing_ing_rate", {"trailing_ing": 1}, "sentences", 1, False),
    ("parallelism_rate", {"parallelism": 1}, "sentences", 1, False),
    # A row's own tell density; a document's is replaced by its windows' peak (feature_rows).
    ("tell_window_peak", dict.fromkeys(_TELLS, 1), "words", 1000, True),
)
_DENOMINATORS = ("sentences", "words", "tokens", "chars")
# Features computed one by one in feature_matrix (dispersions, readability, type statistics).
_SPECIAL = (
    "words_per_sentence",
    "sentence_length_sd",
    "burstiness",
    "type_token_ratio",
    "hapax_rate",
    "word_length_sd",
    "flesch_reading_ease",
    "smog_index",
    "hard_tells",
    "tell_window_share",
)

# The chat-model tells of the lexicons (audit/style/lexicon.py) and their density per window.
TELL_FEATURES = (
    "kobak_style_rate",
    "antislop_rate",
    "wiki_tell_rate",
    "transition_rate",
    "trailing_ing_rate",
    "parallelism_rate",
    "hard_tells",
    "tell_window_peak",
    "tell_window_share",
)
FEATURE_NAMES = (
    "words_per_sentence",
    "sentence_length_sd",
    "burstiness",
    "short_sentence_rate",
    "long_sentence_rate",
    "type_token_ratio",
    "hapax_rate",
    "mean_word_length",
    "word_length_sd",
    "long_word_rate",
    "number_rate",
    "capitalized_rate",
    *(f"fw_{name}" for name in FUNCTION_WORDS),
    "fw_any",
    "reporting_rate",
    "intensifier_rate",
    "contraction_rate",
    "hyphenated_rate",
    *(f"punct_{name}" for name in _PUNCT),
    "flesch_reading_ease",
    "smog_index",
    "syllables_per_word",
    "polysyllable_rate",
    "difficult_word_rate",
    "start_article_rate",
    "start_pronoun_rate",
    "start_opener_rate",
    "start_proper_rate",
    "quoted_share",
    *TELL_FEATURES,
)
assert sorted(FEATURE_NAMES) == sorted([r[0] for r in _RATES] + list(_SPECIAL))

# Each rate's numerator as its terms (count column, weight times scale), rate by rate: summed
# with np.add.reduceat, not a matrix product, which BLAS would spread over threads for a batch's
# rows. The counts are whole numbers, so every numerator is exact.
_TERM_COLUMN = np.array([_C[column] for rate in _RATES for column in rate[1]])
_TERM_WEIGHT = np.array([w * rate[3] for rate in _RATES for w in rate[1].values()], dtype=float)
_TERM_START = np.cumsum([0, *(len(rate[1]) for rate in _RATES[:-1])])
_DEN = np.array([_DENOMINATORS.index(r[2]) for r in _RATES])
_LOG = np.array([r[4] for r in _RATES])
_POS = {name: i for i, name in enumerate(FEATURE_NAMES)}
_RATE_POS = np.array([_POS[r[0]] for r in _RATES])


def _dispersion(total: np.ndarray, total_sq: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Standard deviation from a sum, a sum of squares and a count."""
    mean = total / n
    return np.sqrt(np.maximum(total_sq / n - mean * mean, 0))


def feature_matrix(sums: np.ndarray, type_stats: np.ndarray) -> np.ndarray:
    """Feature rows from summed count rows (one per document or window) and their
    (type-token ratio, hapax rate) pairs. Columns follow FEATURE_NAMES."""
    s = np.atleast_2d(sums)
    raw_sentences = s[:, _C["sentences"]]
    sentences = np.maximum(raw_sentences, 1)
    words = np.maximum(s[:, _C["words"]], 1)
    tokens = s[:, _C["words"]] + s[:, _C["numbers"]]
    den = np.column_stack(
        [sentences, words, np.maximum(tokens, 1), np.maximum(s[:, _C["chars"]], 1)]
    )
    rates = np.add.reduceat(s[:, _TERM_COLUMN] * _TERM_WEIGHT, _TERM_START, axis=1)
    rates /= den[:, _DEN]
    rates[:, _LOG] = np.log1p(rates[:, _LOG])
    out = np.empty((len(s), len(FEATURE_NAMES)))
    out[:, _RATE_POS] = rates
    mean_len = tokens / sentences
    sd = _dispersion(tokens, s[:, _C["len_sq"]], sentences)
    out[:, _POS["words_per_sentence"]] = mean_len
    out[:, _POS["sentence_length_sd"]] = sd
    out[:, _POS["burstiness"]] = sd / np.maximum(mean_len, 1e-9)
    out[:, _POS["type_token_ratio"]] = type_stats[:, 0]
    out[:, _POS["hapax_rate"]] = type_stats[:, 1]
    out[:, _POS["word_length_sd"]] = _dispersion(s[:, _C["letters"]], s[:, _C["letters_sq"]], words)
    out[:, _POS["flesch_reading_ease"]] = flesch_reading_ease(
        words, raw_sentences, s[:, _C["syllables"]]
    )
    out[:, _POS["smog_index"]] = smog_index(s[:, _C["polysyllables"]], raw_sentences)
    out[:, _POS["hard_tells"]] = np.log1p(s[:, _C["hard_tell"]])
    out[:, _POS["tell_window_share"]] = out[:, _POS["tell_window_peak"]] > 0
    return out


def document_features(
    text: str, sentences: Sequence[tuple[int, int]], vocab: Vocabulary | None = None
) -> dict[str, float]:
    """All model features of one document, by name."""
    row = feature_rows(count_text(text, sentences, vocab or Vocabulary.shipped()), windows=False)[0]
    return dict(zip(FEATURE_NAMES, row.tolist(), strict=True))


@dataclass(frozen=True)
class Summed:
    """The count rows of a batch of texts summed as their feature rows read them: each text's
    document row (the sum of its sentences, at starts[k]), then a row per sentence, the sum of
    its window (the sentences up to `radius` either side, within the text). Counts are whole
    numbers, so every sum is exact in any order: a text's rows are the same in any batch."""

    rows: np.ndarray
    starts: np.ndarray  # where each text's rows start, and after the last, where they end

    @classmethod
    def of(cls, matrices: Sequence[np.ndarray], radius: int = WINDOW_RADIUS) -> Summed:
        sizes = np.fromiter(map(len, matrices), np.intp, len(matrices))
        starts = np.concatenate([[0], np.cumsum(sizes + 1)])
        text = np.repeat(np.arange(len(sizes)), sizes)
        inside = np.arange(len(text)) + text + 1  # each sentence's row
        position = inside - starts[text] - 1
        after = sizes[text] - 1 - position  # sentences after it in its text
        m = np.concatenate([*matrices, np.zeros((0, len(ALL_COLUMNS)))])
        window = m.copy()
        for shift in range(1, radius + 1):
            above, below = position[shift:, None] >= shift, after[:-shift, None] >= shift
            np.add(window[shift:], m[:-shift], out=window[shift:], where=above)
            np.add(window[:-shift], m[shift:], out=window[:-shift], where=below)
        rows = np.zeros((starts[-1], len(ALL_COLUMNS)))
        rows[inside] = window
        filled = np.flatnonzero(sizes)
        if len(filled):
            firsts = starts[filled] - filled  # each text's first sentence in m
            rows[starts[filled]] = np.add.reduceat(m, firsts, axis=0)
        return cls(rows, starts)

    @property
    def documents(self) -> np.ndarray:
        return self.starts[:-1]

    def owners(self) -> np.ndarray:
        """Each row's text's document row."""
        return np.repeat(self.documents, np.diff(self.starts))


def feature_rows(counts: Counts, windows: bool = True, radius: int = WINDOW_RADIUS) -> np.ndarray:
    """Row 0: the document's features. With ``windows``, row 1 + i: the features of the
    window of sentences i-radius..i+radius (clipped at the ends), for every sentence i.

    Type statistics need about 50 tokens to mean anything, more than a three-sentence
    window holds, so every window takes the document's type-token ratio and hapax rate.
    """
    rows = stacked_rows(Summed.of([counts.matrix], radius), [counts.types])
    return rows if windows else rows[:1]


def stacked_rows(summed: Summed, types: Sequence[np.ndarray]) -> np.ndarray:
    """`feature_rows` of each of a batch of texts (their sums, and the type ids of each one's
    words), in the rows `summed` holds: every row of the batch in one pass."""
    stats = np.repeat(_type_stats(types), np.diff(summed.starts), axis=0)
    rows = feature_matrix(summed.rows, stats)
    # A document's tell peak and share: the highest tell density of its sentence windows of
    # MIN_WINDOW_WORDS words or more, and the share of those holding a tell. Chat-model prose
    # clusters its stock words and phrasings; a human writer's rare one stays alone.
    documents = summed.documents
    full = summed.rows[:, _C["words"]] >= MIN_WINDOW_WORDS
    full[documents] = False  # a document is no window
    density = np.where(full, rows[:, _POS["tell_window_peak"]], 0.0)  # log1p of counts: >= 0
    windows = np.add.reduceat(full, documents, dtype=np.intp)
    telling = np.add.reduceat(density > 0, documents, dtype=np.intp)
    rows[documents, _POS["tell_window_peak"]] = np.maximum.reduceat(density, documents)
    rows[documents, _POS["tell_window_share"]] = np.divide(
        telling, windows, out=np.zeros(len(documents)), where=windows > 0
    )
    return rows


def _type_stats(types: Sequence[np.ndarray]) -> np.ndarray:
    """`type_stats` of each of a batch of texts: the texts of a whole chunk or more sorted in
    one pass, chunk by chunk, their counts summed per text (whole numbers)."""
    out = np.zeros((len(types), 2))
    chunks = np.fromiter(map(len, types), np.intp, len(types)) // TYPE_CHUNK
    long = np.flatnonzero(chunks)
    for k in np.flatnonzero(chunks == 0).tolist():
        out[k] = type_stats(types[k])
    if not len(long):
        return out
    kept = [types[k][: chunks[k] * TYPE_CHUNK] for k in long.tolist()]
    a = np.sort(np.concatenate(kept).astype(np.int64).reshape(-1, TYPE_CHUNK), axis=1)
    change = np.ones((len(a), TYPE_CHUNK + 1), dtype=bool)
    change[:, 1:-1] = a[:, 1:] != a[:, :-1]
    firsts = np.concatenate([[0], np.cumsum(chunks[long])[:-1]])
    distinct = np.add.reduceat(change[:, :-1].sum(axis=1), firsts)
    hapax = np.add.reduceat((change[:, :-1] & change[:, 1:]).sum(axis=1), firsts)
    tokens = chunks[long] * TYPE_CHUNK
    out[long, 0] = distinct / tokens
    out[long, 1] = hapax / tokens
    return out
