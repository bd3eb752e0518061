"""Style features of an article, and of every window of consecutive sentences, in one pass.

Everything is built from additive per-sentence counts (tokens, syllables, function words,
punctuation, lexicon hits). A document's features come from the column sums and a sliding
window's from the sums over its sentences, so the sentence scores cost a few numpy
operations, not a second extraction per window. Only the type statistics (type-token ratio,
hapax rate) need the tokens themselves.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache

import numpy as np

from audit.style import lexicon
from audit.style.text import TOKEN_RE, WORD_RE, fold
from audit.style.wordinfo import COL, COLUMNS, FUNCTION_WORDS, VOCABULARY, phrases

SHORT_SENTENCE = 10  # words; at most this is a short sentence
LONG_SENTENCE = 30  # words; at least this is a long one
TYPE_CHUNK = 50  # tokens per chunk for the length-robust type statistics

_PUNCT = ("comma", "semicolon", "colon", "dash", "paren", "quote", "question", "exclaim")
# Per-sentence counts, after the per-word COLUMNS in a count row.
_SHAPE = ("sentences", "len_sq", "short", "long", "chars", "quoted_chars", *_PUNCT)
_STARTS = ("first_cap", "start_article", "start_pronoun", "start_opener", "start_proper")
_HITS = ("wiki_phrase", "antislop_phrase", "transition", "trailing_ing", "parallelism", "hard_tell")
SENTENCE_COLUMNS = _SHAPE + _STARTS + _HITS
SCOL = {name: len(COLUMNS) + i for i, name in enumerate(SENTENCE_COLUMNS)}
_SHAPE_COLUMNS = np.array([SCOL[c] for c in _SHAPE])
_START_COLUMNS = np.array([SCOL[c] for c in _STARTS])
ALL_COLUMNS = COLUMNS + SENTENCE_COLUMNS
_C = {**COL, **SCOL}

_TRAILING_ING = re.compile(r", (\w+ing)\b")


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
    ``types`` are integer type ids (one per token); the work is a sort per chunk.
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


def punctuation_profile(text: str) -> dict[str, float]:
    """Punctuation marks per word (see punctuation_counts for what counts as a dash)."""
    plain = fold(text)
    n = len(WORD_RE.findall(plain)) or 1
    counts = punctuation_counts(plain, np.array([[0, len(plain)]]))[0]
    return {name: float(counts[i]) / n for i, name in enumerate(_PUNCT)}


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


# ---- counting ------------------------------------------------------------------------------


_PHRASE_COLUMN = {"wiki": "wiki_phrase", "antislop": "antislop_phrase", "hard_tell": "hard_tell"}


@cache
def _phrase_index() -> dict[str, tuple[int, list[tuple[tuple[str, ...], int]]]]:
    """First word -> (longest length, [(phrase tokens, sentence column)]) for multi-word
    lexicon entries."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for name, entries in phrases().items():
        for toks in entries:
            if len(toks) > 1:
                index.setdefault(toks[0], []).append((toks, SCOL[_PHRASE_COLUMN[name]]))
    return {k: (max(len(p) for p, _ in v), v) for k, v in index.items()}


@cache
def _transitions() -> dict[str, tuple[tuple[str, ...], ...]]:
    heads: dict[str, list[tuple[str, ...]]] = {}
    for t in lexicon.TRANSITIONS:
        toks = tuple(TOKEN_RE.findall(t))
        heads.setdefault(toks[0], []).append(toks)
    return {k: tuple(v) for k, v in heads.items()}


class Counts:
    """Per-sentence count matrix of one text plus the type id of every token."""

    def __init__(self, text: str, sentences: Sequence[tuple[int, int]]) -> None:
        plain = fold(text)
        n = len(sentences)
        tokens: list[str] = []
        bounds = [0]
        findall = TOKEN_RE.findall
        for start, end in sentences:
            tokens += findall(plain, start, end)
            bounds.append(len(tokens))
        vocab = VOCABULARY
        ids = vocab.ids(tokens)
        self.types = vocab.type_of[ids]
        self.bounds = bounds
        matrix = np.zeros((n, len(ALL_COLUMNS)))
        idx = np.asarray(bounds)
        lengths = np.diff(idx)
        nonempty = np.flatnonzero(lengths)
        if len(nonempty):
            rows = vocab.matrix[ids]
            firsts = idx[nonempty]
            matrix[nonempty, : len(COLUMNS)] = np.add.reduceat(rows, firsts, axis=0)
            first = rows[firsts].T
            matrix[nonempty[:, None], _START_COLUMNS] = np.column_stack(
                [
                    first[COL["capitalized"]],
                    first[COL["fw_article"]],
                    np.maximum(first[COL["fw_pron3"]], first[COL["fw_demonstrative"]]),
                    first[COL["opener"]],
                    first[COL["capitalized"]]
                    * (first[COL["fw_any"]] == 0)
                    * (first[COL["opener"]] == 0),
                ]
            )
            for i in nonempty[first[COL["transition_head"]] > 0].tolist():
                j = bounds[i]
                lowered = tuple([t.lower() for t in tokens[j : min(j + 4, bounds[i + 1])]])
                matrix[i, SCOL["transition"]] = any(
                    lowered[: len(t)] == t for t in _transitions()[lowered[0]]
                )
            if len(ids) > 1:
                keys = vocab.bigram(self.types[:-1], self.types[1:])
                table = vocab.phrase_bigrams
                at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
                found = np.flatnonzero(table[at] == keys)
                if len(found):
                    self._phrases(tokens, found, idx, matrix)
            for j in np.flatnonzero(rows[:, COL["here"]]).tolist():
                i = bisect_right(bounds, j) - 1
                if _here_is_opener([t.lower() for t in tokens[j : min(j + 8, bounds[i + 1])]]):
                    matrix[i, SCOL["hard_tell"]] += 1
        spans = np.asarray(sentences, dtype=np.int64).reshape(n, 2)
        matrix[:, _SHAPE_COLUMNS] = np.column_stack(
            [
                lengths > 0,
                lengths.astype(float) ** 2,
                (lengths > 0) & (lengths <= SHORT_SENTENCE),
                lengths >= LONG_SENTENCE,
                spans[:, 1] - spans[:, 0],
                quoted_chars(plain, spans),
                punctuation_counts(plain, spans),
            ]
        )
        self._regex_hits(plain, spans, matrix)
        self.matrix = matrix

    @staticmethod
    def _phrases(tokens: list[str], candidates, bounds: np.ndarray, matrix: np.ndarray) -> None:
        index = _phrase_index()
        sentence_of = np.searchsorted(bounds, candidates, side="right") - 1
        for j, i in zip(candidates.tolist(), sentence_of.tolist(), strict=True):
            longest, entries = index[tokens[j].lower()]
            window = tuple([t.lower() for t in tokens[j : min(j + longest, bounds[i + 1])]])
            for phrase, column in entries:
                if window[: len(phrase)] == phrase:
                    matrix[i, column] += 1

    @staticmethod
    def _regex_hits(plain: str, spans: np.ndarray, matrix: np.ndarray) -> None:
        hits: list[tuple[int, int]] = []
        for m in _TRAILING_ING.finditer(plain):
            if m.group(1) in lexicon.TRAILING_ING:
                hits.append((m.start(), SCOL["trailing_ing"]))
        if "ot only" in plain or "ot just" in plain:
            for m in lexicon.NEGATIVE_PARALLELISM.finditer(plain):
                hits.append((m.start(), SCOL["parallelism"]))
        for gate, pattern in lexicon.HARD_TELL_PATTERNS:
            if gate in plain:
                hits.extend((m.start(), SCOL["hard_tell"]) for m in pattern.finditer(plain))
        if hits:
            positions = np.array([p for p, _ in hits])
            rows = _sentence_of(positions, spans)
            for (_, column), row in zip(hits, rows.tolist(), strict=True):
                if row >= 0:
                    matrix[row, column] += 1


_QUOTE = re.compile(r'"[^"]{1,1500}"')


def quoted_chars(plain: str, spans: np.ndarray) -> np.ndarray:
    """Characters inside double quotes, per span. Reporters quote their sources at length;
    generated news mostly paraphrases."""
    if '"' not in plain or not len(spans):
        return np.zeros(len(spans))
    quotes = np.array([m.span() for m in _QUOTE.finditer(plain)], dtype=np.int64).reshape(-1, 2)
    overlap = np.minimum(spans[:, 1:2], quotes[:, 1]) - np.maximum(spans[:, 0:1], quotes[:, 0])
    return np.maximum(overlap, 0).sum(axis=1).astype(float)


def _here_is_opener(words: list[str]) -> bool:
    """ "here is|here's" + a/an/the/your + at most three words + article/summary/...."""
    if words[:1] == ["here's"]:
        rest = words[1:]
    elif words[:2] == ["here", "is"]:
        rest = words[2:]
    else:
        return False
    if rest[:1] not in (["a"], ["an"], ["the"], ["your"]):
        return False
    return any(w in lexicon.HERE_IS_NOUNS for w in rest[1:5])


def _sentence_of(positions: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """Index of the span containing each character position, or -1."""
    if not len(spans):
        return np.full(len(positions), -1)
    row = np.searchsorted(spans[:, 0], positions, side="right") - 1
    inside = (row >= 0) & (positions < spans[np.maximum(row, 0), 1])
    return np.where(inside, row, -1)


# Character class per code point: 1..8 follow _PUNCT; 9 is an en dash (a dash only when spaced).
_PUNCT_LUT = np.zeros(0x2016, dtype=np.int64)
for _i, _chars in enumerate([",", ";", ":", "-\u2014", "(", '"', "?", "!", "\u2013"], start=1):
    for _ch in _chars:
        _PUNCT_LUT[ord(_ch)] = 4 if _ch == "\u2014" else _i


def punctuation_counts(plain: str, spans: np.ndarray) -> np.ndarray:
    """Counts of each _PUNCT mark inside each span (rows). Vectorised over the whole text.

    A colon counts when followed by a space or quote (not in "14:55"); a hyphen counts as a
    dash when spaced (" - ") or doubled ("--"); an em dash always, an en dash after a space.
    """
    n = len(spans)
    codes = np.frombuffer(plain.encode("utf-32-le"), dtype=np.uint32)
    if not n or not len(codes):
        return np.zeros((n, len(_PUNCT)))
    cls = _PUNCT_LUT[np.minimum(codes, len(_PUNCT_LUT) - 1)]
    pos = np.flatnonzero(cls)
    cls = cls[pos]
    prev = codes[np.maximum(pos - 1, 0)]
    after = codes[np.minimum(pos + 1, len(codes) - 1)]
    hyphen = codes[pos] == ord("-")
    space, quote, dash = ord(" "), ord('"'), ord("-")
    keep = np.ones(len(pos), dtype=bool)
    keep &= (cls != 3) | (after == space) | (after == quote)
    keep &= ~hyphen | ((prev == space) & (after == space)) | ((after == dash) & (prev != dash))
    keep &= (cls != 9) | (prev == space)
    cls = np.where(cls == 9, 4, cls)
    pos, cls = pos[keep], cls[keep]
    row = _sentence_of(pos, spans)
    ok = row >= 0
    flat = np.bincount(row[ok] * len(_PUNCT) + cls[ok] - 1, minlength=n * len(_PUNCT))
    return flat.reshape(n, len(_PUNCT)).astype(float)


# ---- features from summed counts -----------------------------------------------------------

# Rates: (feature, {count column: weight}, denominator, scale, log1p?). Computed for all rows at
# once as (sums @ N) / denominators, which keeps a document plus its windows to a few numpy
# operations. Lexicon rates are per 1,000 words and log-scaled (mostly zero, rare bursts).
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
    ("mean_zipf", {"zipf": 1}, "words", 1, False),
    ("rare_word_rate", {"rare": 1}, "words", 1, False),
    ("mid_frequency_rate", {"mid_freq": 1}, "words", 1, False),
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
    "zipf_sd",
    "hard_tells",
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
    "mean_zipf",
    "zipf_sd",
    "rare_word_rate",
    "mid_frequency_rate",
    "start_article_rate",
    "start_pronoun_rate",
    "start_opener_rate",
    "start_proper_rate",
    "quoted_share",
    "kobak_style_rate",
    "antislop_rate",
    "wiki_tell_rate",
    "transition_rate",
    "trailing_ing_rate",
    "parallelism_rate",
    "hard_tells",
)
assert sorted(FEATURE_NAMES) == sorted([r[0] for r in _RATES] + list(_SPECIAL))

_N = np.zeros((len(ALL_COLUMNS), len(_RATES)))
for _j, (_name, _terms, _den, _scale, _log) in enumerate(_RATES):
    for _col, _w in _terms.items():
        _N[_C[_col], _j] = _w * _scale
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
    rates = (s @ _N) / den[:, _DEN]
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
    out[:, _POS["zipf_sd"]] = _dispersion(s[:, _C["zipf"]], s[:, _C["zipf_sq"]], words)
    syllables_per_word = s[:, _C["syllables"]] / words
    out[:, _POS["flesch_reading_ease"]] = (
        206.835 - 1.015 * words / sentences - 84.6 * syllables_per_word
    )
    smog = 1.043 * np.sqrt(30 * s[:, _C["polysyllables"]] / sentences) + 3.1291
    out[:, _POS["smog_index"]] = np.where(raw_sentences >= 3, smog, 0.0)
    out[:, _POS["hard_tells"]] = np.log1p(s[:, _C["hard_tell"]])
    return out


def document_features(text: str, sentences: Sequence[tuple[int, int]]) -> dict[str, float]:
    """All model features of one document, by name."""
    row = feature_rows(Counts(text, sentences), windows=False)[0]
    return dict(zip(FEATURE_NAMES, row.tolist(), strict=True))


def feature_rows(counts: Counts, windows: bool = True, radius: int = 1) -> np.ndarray:
    """Row 0: the document's features. With ``windows``, row 1 + i: the features of the
    window of sentences i-radius..i+radius (clipped at the ends), for every sentence i.

    Type statistics need about 50 tokens to mean anything, more than a three-sentence
    window holds, so every window takes the document's type-token ratio and hapax rate.
    """
    m = counts.matrix
    doc = m.sum(axis=0, keepdims=True)
    if windows and len(m):
        window = m.copy()
        for shift in range(1, radius + 1):
            window[shift:] += m[:-shift]
            window[:-shift] += m[shift:]
        doc = np.vstack([doc, window])
    stats = np.broadcast_to(np.array([type_stats(counts.types)]), (len(doc), 2))
    return feature_matrix(doc, stats)
