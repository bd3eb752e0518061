"""Function-word n-grams: the grammar of a text with its topic taken out.

Each token becomes a symbol: a function word stays itself ("the", "said", "which"), a
punctuation mark stays itself, and every other word becomes its shape: ``C`` capitalised,
``D`` a number, and a lower-case word ``w`` plus its derivational or inflectional ending
(``wing``, ``wed``, ``wly``, ``wtion``...), a cheap stand-in for its part of speech.
"The police said: "We will act quickly."" reads ``the w said : " we will w wly . "``.
N-grams of one to three symbols then profile how a text strings its clauses together,
which differs between reporters and language models, while names and topics (the artefacts
a word n-gram model learns from a small corpus) cannot reach the model.

The shipped n-gram model scores a document with TF-IDF weights (sublinear term frequency,
L2-normalised over the vocabulary, as scikit-learn's TfidfVectorizer computes them) and a
logistic weight per n-gram; its log-odds is one feature of the style model.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np

from audit.style.text import TOKEN_RE, fold
from audit.style.wordinfo import FUNCTION_WORDS, REPORTING

NGRAM_FEATURE = "function_ngrams"
# Whitespace chunk -> its symbols' digits (one model), packed as int64 machine words: a text's
# digits are then its chunks' bytes joined, read by numpy without a Python int per symbol.
ChunkDigits = dict[str, bytes]
# The same model's log-odds of the text after its opening sentence. A base model's
# continuation opens with the human-written prompt it continues, so its machine grammar shows
# more plainly without that opening; a one-voice text scores alike either way. Under grouped
# CV on the dev set this column raised base-model AUC by about 0.01 (docs/ai-style-model.md).
NGRAM_REST_FEATURE = "function_ngrams_after_opening"
MAX_N = 3
_WORD_BYTES = array("q").itemsize  # a packed digit's size (ChunkDigits)
_TOKEN = re.compile(TOKEN_RE.pattern + r"|[^\w\s]")  # a style word, or one punctuation mark
# Function words, plus the attribution verbs news copy is built around and bare negation.
KEPT_WORDS = frozenset().union(*FUNCTION_WORDS.values(), REPORTING, ("not", "n't"))
# Word endings that mark a part of speech, tried in order; the stem must keep 3+ letters.
SUFFIXES = (
    "ing", "ed", "ly", "tion", "sion", "ment", "ness", "ity", "al", "ive", "ous", "ful", "er",
    "est", "s",
)  # fmt: skip


def _chunk_symbols(chunk: str, common: frozenset[str] = frozenset()) -> tuple[str, ...]:
    out = []
    for token in _TOKEN.findall(chunk):
        lower = token.lower()
        if lower in KEPT_WORDS or lower in common or not token[0].isalnum():
            out.append(lower)
        elif token[0].isdigit():
            out.append("D")
        elif token[0].isupper():
            out.append("C")
        else:
            out.append("w" + _suffix(lower))
    return tuple(out)


def _suffix(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return suffix
    return ""


def after_opening(sentences: Sequence[tuple[int, int]]) -> Sequence[tuple[int, int]]:
    """The sentences after the first, or all of them when there is only one."""
    return sentences[1:] if len(sentences) > 1 else sentences


def symbols(
    text: str,
    sentences: Sequence[tuple[int, int]],
    common: frozenset[str] = frozenset(),
    memo: dict[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """The symbol sequence of the given sentence spans of ``text``, in order; ``common``
    words are kept as themselves like the function words. ``memo``: the symbols of chunks
    already read with the same ``common`` words (a caller reading many texts passes one dict;
    each distinct chunk is read once)."""
    memo = {} if memo is None else memo
    plain = fold(text)
    out: list[str] = []
    for start, end in sentences:
        for chunk in plain[start:end].split():
            found = memo.get(chunk)
            if found is None:
                found = memo[chunk] = _chunk_symbols(chunk, common)
            out += found
    return out


@dataclass(frozen=True)
class NgramModel:
    """Sorted integer codes of the vocabulary n-grams, with their idf and logistic weight."""

    table: dict[str, int]  # symbol -> digit 1..len(table); any other symbol is len(table) + 1
    common: frozenset[str]  # content words kept as themselves (learned: used by many outlets)
    codes: np.ndarray
    idf: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NgramModel:
        grams = data["vocabulary"]
        flat = " ".join(grams).split(" ") if grams else []  # every gram's symbols, in order
        table = {s: i + 1 for i, s in enumerate(sorted(set(flat)))}
        lengths = np.fromiter(map(str.count, grams, repeat(" ")), np.intp, len(grams)) + 1
        digits = np.fromiter(map(table.__getitem__, flat), np.int64, len(flat))
        codes = _codes(digits, lengths, len(table) + 2)
        order = np.argsort(codes)
        return cls(
            table=table,
            common=frozenset(data.get("common_words", ())),
            codes=codes[order],
            idf=np.asarray(data["idf"], dtype=float)[order],
            coef=np.asarray(data["coef"], dtype=float)[order],
            intercept=float(data["intercept"]),
        )

    def log_odds(self, syms: Sequence[str]) -> float:
        """The n-gram model's raw log-odds that a symbol sequence is machine-written."""
        unknown = len(self.table) + 1
        return self._score(np.array(list(map(self.table.get, syms, repeat(unknown))), np.int64))

    def text_scores(
        self, text: str, sentences: Sequence[tuple[int, int]], memo: ChunkDigits | None = None
    ) -> tuple[float, float]:
        """The log-odds of the sentences, and of those after the opening one (ngrams.
        after_opening), from one pass over the text and one vocabulary look-up (``memo``:
        as in `chunk_scores`)."""
        plain = fold(text)
        chunks: list[str] = []
        ends = []
        for start, end in sentences:
            chunks += plain[start:end].split()
            ends.append(len(chunks))
        return self.chunk_scores(chunks, ends, memo)

    def chunk_scores(
        self, chunks: list[str], sentence_ends: Sequence[int], memo: ChunkDigits | None = None
    ) -> tuple[float, float]:
        """`text_scores` of a text's whitespace chunks (folded, in order), `sentence_ends[i]`
        being where sentence i's chunks end: the style counts split the text so already
        (counts.Counts), and the estimate reads their chunks rather than split it again.
        ``memo``: the digits of chunks this model has already read, which the caller holds
        for its run (wordinfo.Vocabulary.memo), so a new text looks up only its new chunks;
        without one, each distinct chunk of this text is read once."""
        return self.batch_scores([(chunks, sentence_ends)], memo)[0]

    def batch_scores(
        self, texts: Sequence[tuple[list[str], Sequence[int]]], memo: ChunkDigits | None = None
    ) -> list[tuple[float, float]]:
        """`chunk_scores` of each of a batch of texts (its chunks and sentence ends), from one
        search of the vocabulary for the n-grams of them all."""
        memo = {} if memo is None else memo
        digits, starts, opening = self._digits(texts, memo)
        text, at, counts, opened = self._counts(digits, starts, opening)
        whole = self._weigh(text, at, counts, len(texts))
        rest = counts - opened
        later = self._weigh(text[rest > 0], at[rest > 0], rest[rest > 0], len(texts))
        return [
            (score, score if len(ends) <= 1 else after)
            for score, after, (_, ends) in zip(whole, later, texts, strict=True)
        ]

    def _digits(
        self, texts: Sequence[tuple[list[str], Sequence[int]]], cache: ChunkDigits
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The symbol digits of each text's chunks, each text followed by the unknown symbol's
        digit (so that no vocabulary n-gram runs from one text into the next), where each
        text's digits start (and after the last, end), and where its first sentence's end; new
        chunks are read into ``cache``."""
        packed, opening = [], []
        for chunks, ends in texts:
            packed.append(self._packed(chunks, cache))
            first = chunks[: ends[0] if len(ends) else 0]
            opening.append(sum(map(len, map(cache.__getitem__, first))) // _WORD_BYTES)
        starts = np.cumsum([0, *(len(p) // _WORD_BYTES + 1 for p in packed)])
        unknown = array("q", [len(self.table) + 1]).tobytes()
        digits = np.frombuffer(unknown.join([*packed, b""]), np.int64)
        return digits, starts, starts[:-1] + np.array(opening, dtype=np.intp)

    def _packed(self, chunks: list[str], cache: ChunkDigits) -> bytes:
        """The digits of the chunks, packed (ChunkDigits); new chunks are read into ``cache``."""
        try:
            return b"".join(map(cache.__getitem__, chunks))
        except KeyError:  # new chunks: look them up, then read them all from the cache
            unknown = len(self.table) + 1
            for chunk in set(chunks).difference(cache):
                symbols = _chunk_symbols(chunk, self.common)
                cache[chunk] = array("q", [self.table.get(s, unknown) for s in symbols]).tobytes()
            return b"".join(map(cache.__getitem__, chunks))

    def _score(self, digits: np.ndarray) -> float:
        bounds = np.array([0, len(digits)])
        text, at, counts, _ = self._counts(digits, bounds, bounds[:1])
        return self._weigh(text, at, counts, 1)[0]

    def _counts(
        self, digits: np.ndarray, starts: np.ndarray, opening: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """How often each vocabulary n-gram (by its index) occurs among the 1..MAX_N-grams of
        each text (digits starts[k] to starts[k + 1]), and among those that start before
        opening[k], from one search of the vocabulary: as (text, index, count, count before
        the opening) for the n-grams found, by text and index. The n-grams are looked up as
        they come (sorting them first cost more than the ordered search saved), and only
        their counts matter, not the order they are counted in."""
        base = len(self.table) + 2
        texts = len(starts) - 1
        text = np.repeat(np.arange(texts), np.diff(starts))  # whose n-grams start at each digit
        early = np.arange(len(digits)) < opening[text]
        grams = [digits]
        for n in range(2, min(MAX_N, len(digits)) + 1):
            code = digits[: len(digits) - n + 1].copy()
            for k in range(1, n):
                code = code * base + digits[k : len(digits) - n + 1 + k]
            grams.append(code)
        codes = np.concatenate(grams)
        at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
        known = self.codes[at] == codes
        keys = np.concatenate([text[: len(gram)] for gram in grams]) * len(self.codes) + at
        counts = np.bincount(keys[known], minlength=texts * len(self.codes))
        opened = known & np.concatenate([early[: len(gram)] for gram in grams])
        before = np.bincount(keys[opened], minlength=len(counts))
        found = np.flatnonzero(counts)
        return found // len(self.codes), found % len(self.codes), counts[found], before[found]

    def _weigh(
        self, text: np.ndarray, at: np.ndarray, counts: np.ndarray, texts: int
    ) -> list[float]:
        """Each text's log-odds from the vocabulary n-grams found in it (indices ``at``, each
        seen ``counts`` times; ``text``: whose, in order): sublinear TF-IDF, L2-normalised,
        times the logistic weights. Each text's sums are its own dot products."""
        x = (1 + np.log(counts)) * self.idf[at]
        weights = self.coef[at]
        bounds = np.searchsorted(text, np.arange(texts + 1)).tolist()
        return [
            float(x[a:b] @ weights[a:b] / np.sqrt(x[a:b] @ x[a:b]) + self.intercept)
            if b > a
            else self.intercept
            for a, b in itertools.pairwise(bounds)
        ]


def _codes(digits: np.ndarray, lengths: np.ndarray, base: int) -> np.ndarray:
    """One integer per n-gram (its `lengths[i]` symbol digits, back to back in `digits`): its
    digits in base ``base``, as `_counts` codes a text's n-grams. Digits are at least 1, so
    n-grams of different lengths never share a code; an n-gram holding the unknown digit
    matches no vocabulary entry."""
    if not len(lengths):
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    places = np.repeat(ends, lengths) - 1 - np.arange(len(digits))  # from each gram's end
    return np.add.reduceat(digits * base**places, ends - lengths)
