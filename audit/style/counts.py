"""Per-sentence count matrix of one text: the single pass every style feature is built from.

A row per input sentence; columns are the additive per-chunk counts of wordinfo.COLUMNS
followed by SENTENCE_COLUMNS (shape, sentence openers, lexicon phrase and pattern hits).
Documents and sentence windows are sums of rows, so nothing is counted twice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain

import numpy as np

from audit.style import lexicon
from audit.style.chatter import chatter_sentences
from audit.style.text import TOKEN_RE, fold
from audit.style.wordinfo import COL, COLUMNS, PHRASES, STARTS, Vocabulary

SHORT_SENTENCE = 10  # tokens; at most this is a short sentence
LONG_SENTENCE = 30  # tokens; at least this is a long one

_SHAPE = ("sentences", "len_sq", "short", "long", "chars", "quoted_chars")
_STARTS = ("first_cap", "start_article", "start_pronoun", "start_opener", "start_proper")
_HITS = (
    "wiki_phrase",
    "antislop_phrase",
    "transition",
    "trailing_ing",
    "parallelism",
    "hard_tell",
    "assistant_chatter",  # chatter.py: 1 in a sentence holding assistant chatter
)
SENTENCE_COLUMNS = _SHAPE + _STARTS + _HITS
SCOL = {name: len(COLUMNS) + i for i, name in enumerate(SENTENCE_COLUMNS)}
ALL_COLUMNS = COLUMNS + SENTENCE_COLUMNS
C = {**COL, **SCOL}  # every column of a count row, by name

_SHAPE_COLUMNS = np.array([SCOL[c] for c in _SHAPE])
_START_COLUMNS = np.array([SCOL[c] for c in _STARTS])
_TRANSITION_HEAD = STARTS.index("transition_head")
_PHRASE_COLUMN = {"wiki": "wiki_phrase", "antislop": "antislop_phrase", "hard_tell": "hard_tell"}
_TRAILING_ING = re.compile(r", (\w+ing)\b")
_QUOTE = re.compile(r'"[^"]{1,1500}"')


@dataclass(frozen=True, eq=False)
class Counts:
    """The count matrix (``matrix``) of one text over its sentence spans, the type id of each
    word chunk in order (``types``), and the text's whitespace chunks with where each
    sentence's chunks end (``chunks``, ``chunk_ends``: the n-gram model reads the same chunks)."""

    matrix: np.ndarray
    types: np.ndarray
    chunks: list[str]
    chunk_ends: np.ndarray


def count_text(text: str, sentences: Sequence[tuple[int, int]], vocab: Vocabulary) -> Counts:
    """The counts of one text, read with the word table ``vocab`` (wordinfo.Vocabulary)."""
    return count_texts([text], [sentences], vocab)[0]


def count_texts(
    texts: Sequence[str], sentences: Sequence[Sequence[tuple[int, int]]], vocab: Vocabulary
) -> list[Counts]:
    """The counts of many texts (``sentences[i]``: the spans of ``texts[i]``), read with the
    word table ``vocab``, which learns the texts' new chunks. The texts are counted together:
    every chunk of every text is looked up at once and each count is one array operation over
    all their sentences, so a batch of articles costs little more than its words. A text's
    rows depend only on its own sentences (a sentence's counts never reach past it)."""
    plains = [fold(text) for text in texts]
    pieces = [
        plain[start:end]
        for plain, spans in zip(plains, sentences, strict=True)
        for start, end in spans
    ]
    split = list(map(str.split, pieces))
    chunks = list(chain.from_iterable(split))
    chunk_bounds = [0, *accumulate(map(len, split))]
    rows = np.fromiter(map(len, sentences), np.intp, len(sentences))
    # Each sentence without its leading white space (str.lstrip's, which is str.split's): a
    # blanked dateline or byline is no part of its sentence.
    spans = np.fromiter(chain.from_iterable(chain.from_iterable(sentences)), np.int64)
    spans = spans.reshape(len(pieces), 2)
    spans[:, 0] += np.fromiter(map(len, pieces), np.int64, len(pieces))
    spans[:, 0] -= np.fromiter(map(len, map(str.lstrip, pieces)), np.int64, len(pieces))
    ids = vocab.ids(chunks)
    matrix = np.zeros((len(pieces), len(ALL_COLUMNS)))
    cb = np.asarray(chunk_bounds)
    matrix[:, : len(COLUMNS)] = sentence_sums(vocab.matrix, ids, cb)
    # Word chunks only, in order, with per-sentence bounds.
    types = vocab.type_of[ids]
    has_word = types >= 0
    words = _Words(types[has_word], vocab, matrix[:, COL["units"]].astype(np.int64))
    starters = np.flatnonzero(words.units)
    if len(starters):
        first = vocab.starts[ids[has_word][words.starts[starters]]]
        matrix[starters[:, None], _START_COLUMNS] = first[:, : len(_STARTS)]
        words.transitions(starters[first[:, _TRANSITION_HEAD] > 0], matrix)
        words.phrases(matrix)
    lengths = matrix[:, COL["words"]] + matrix[:, COL["numbers"]]
    matrix[:, _SHAPE_COLUMNS[:-1]] = np.column_stack(
        [
            lengths > 0,
            lengths**2,
            (lengths > 0) & (lengths <= SHORT_SENTENCE),
            lengths >= LONG_SENTENCE,
            spans[:, 1] - spans[:, 0],
        ]
    )
    row_ends = np.cumsum(rows)
    out = []
    for plain, first_row, end_row in zip(
        plains, (row_ends - rows).tolist(), row_ends.tolist(), strict=True
    ):
        block, text_spans = matrix[first_row:end_row], spans[first_row:end_row]
        block[:, SCOL["quoted_chars"]] = quoted_chars(plain, text_spans)
        _pattern_hits(plain, text_spans, block)
        block[chatter_sentences(plain, text_spans.tolist()), SCOL["assistant_chatter"]] = 1
        first_chunk, end_chunk = chunk_bounds[first_row], chunk_bounds[end_row]
        out.append(
            Counts(
                block,
                words.types[words.starts[first_row] : words.starts[end_row]],
                chunks[first_chunk:end_chunk],
                cb[first_row + 1 : end_row + 1] - first_chunk,
            )
        )
    return out


SPARSE_FROM = 20_000  # chunks: a batch of about 25 articles or more is summed as a product


def sentence_sums(rows: np.ndarray, ids: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Each sentence's sum of the `rows` of its chunks (`ids[bounds[i]:bounds[i + 1]]`), in the
    rows' type. The rows hold whole numbers, added exactly in float64 (whatever the order), so a
    sentence's sums never depend on the batch it is counted in. A large batch is summed as the
    product with a sparse matrix that holds a one for each chunk (without copying every chunk's
    row first: about ten times faster); a small one, such as a one-draft check, by numpy alone,
    without importing scipy."""
    sentences = len(bounds) - 1
    if len(ids) >= SPARSE_FROM:
        from scipy.sparse import csr_matrix

        ones = csr_matrix((np.ones(len(ids)), ids, bounds), shape=(sentences, len(rows)))
        return (ones @ rows.astype(np.float64)).astype(rows.dtype)
    sums = np.zeros((sentences, rows.shape[1]))
    nonempty = np.flatnonzero(np.diff(bounds))
    if len(nonempty):  # only the chunks' rows are widened, not the whole vocabulary's
        sums[nonempty] = np.add.reduceat(rows[ids].astype(np.float64), bounds[nonempty])
    return sums.astype(rows.dtype)


class _Words:
    """The word chunks of a batch of sentences as type ids, in order (``types``), with where
    each sentence's start (``starts``, one more than there are sentences): what the sentence
    openers and the lexicon phrases are read from."""

    def __init__(self, types: np.ndarray, vocab: Vocabulary, units: np.ndarray) -> None:
        self.types = types
        self.vocab = vocab
        self.units = units
        self.starts = np.concatenate([[0], np.cumsum(units)])
        self.bounds = self.starts.tolist()

    def _words(self, start: int, stop: int) -> list[str]:
        words = self.vocab.type_words
        return [words[t] for t in self.types[start:stop].tolist()]

    def transitions(self, sentences: np.ndarray, matrix: np.ndarray) -> None:
        """Essay transitions ("Moreover,", "In addition,") opening a sentence."""
        for i in sentences.tolist():
            lead = tuple(self._words(self.bounds[i], min(self.bounds[i] + 4, self.bounds[i + 1])))
            heads = _TRANSITIONS.get(lead[0], ())
            matrix[i, SCOL["transition"]] = any(lead[: len(t)] == t for t in heads)

    def phrases(self, matrix: np.ndarray) -> None:
        """Multi-word lexicon phrases and "Here is a ... article" openers, within sentences.
        Candidates are found by type-id bigram, so only real matches reach Python."""
        types, vocab = self.types, self.vocab
        if len(types) < 2:
            return
        keys = vocab.bigram(types[:-1], types[1:])
        table = vocab.phrase_bigrams
        at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
        index = _PHRASE_INDEX
        for j in np.flatnonzero(table[at] == keys).tolist():
            i = bisect_right(self.bounds, j) - 1
            longest, entries = index[vocab.type_words[types[j]]]
            window = tuple(self._words(j, min(j + longest, self.bounds[i + 1])))
            for phrase, column in entries:
                if window[: len(phrase)] == phrase:
                    matrix[i, column] += 1
        here, heres = vocab.here_types
        for j in np.flatnonzero((types == here) | (types == heres)).tolist():
            i = bisect_right(self.bounds, j) - 1
            if _here_is_opener(self._words(j, min(j + 8, self.bounds[i + 1]))):
                matrix[i, SCOL["hard_tell"]] += 1


def _phrase_index() -> dict[str, tuple[int, list[tuple[tuple[str, ...], int]]]]:
    """First word -> (longest length, [(phrase words, column)]) of multi-word entries."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for name, entries in PHRASES.items():
        for words in entries:
            if len(words) > 1:
                index.setdefault(words[0], []).append((words, SCOL[_PHRASE_COLUMN[name]]))
    return {k: (max(len(p) for p, _ in v), v) for k, v in index.items()}


def _transitions() -> dict[str, tuple[tuple[str, ...], ...]]:
    heads: dict[str, list[tuple[str, ...]]] = {}
    for t in lexicon.TRANSITIONS:
        words = tuple(TOKEN_RE.findall(t))
        heads.setdefault(words[0], []).append(words)
    return {k: tuple(v) for k, v in heads.items()}


_PHRASE_INDEX = _phrase_index()
_TRANSITIONS = _transitions()


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


def quoted_chars(plain: str, spans: np.ndarray) -> np.ndarray:
    """Characters inside double quotes, per span. Reporters quote their sources at length;
    generated news mostly paraphrases."""
    if '"' not in plain or not len(spans):
        return np.zeros(len(spans))
    quotes = np.array([m.span() for m in _QUOTE.finditer(plain)], dtype=np.int64).reshape(-1, 2)
    overlap = np.minimum(spans[:, 1:2], quotes[:, 1]) - np.maximum(spans[:, 0:1], quotes[:, 0])
    return np.maximum(overlap, 0).sum(axis=1).astype(float)


def _pattern_hits(plain: str, spans: np.ndarray, matrix: np.ndarray) -> None:
    """Trailing "-ing" clauses, negative parallelisms and markup/placeholder tells."""
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
    if hits and len(spans):
        positions = np.array([p for p, _ in hits])
        row = np.searchsorted(spans[:, 0], positions, side="right") - 1
        inside = (row >= 0) & (positions < spans[np.maximum(row, 0), 1])
        for (_, column), r, ok in zip(hits, row.tolist(), inside.tolist(), strict=True):
            if ok:
                matrix[r, column] += 1
