"""Static word vectors for training only: WordLlama's token embeddings (MIT, shipped inside
the `wordllama` wheel, no download), averaged over a word's sub-word tokens.

A few thousand labelled sentences leave most words unseen; the vectors let a word the
training data never showed borrow the weight of its neighbours. The audit itself never
loads them: a linear model on averaged vectors folds into one score per word
(audit/learn/sentences.py), and only those scores ship.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
_WHOLE_WORD = re.compile(r"▁([a-z]{2,})")


@cache
def _model():
    try:
        import wordllama
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as error:  # training extra not installed
        raise SystemExit(
            "word vectors need the training extra: pip install -e '.[learn]'"
        ) from error
    root = Path(wordllama.__file__).parent
    table = load_file(str(root / _WEIGHTS))["embedding.weight"].astype(np.float32)
    return table, Tokenizer.from_file(str(root / _TOKENIZER))


def general_words() -> frozenset[str]:
    """Lower-case words the tokenizer holds whole: a broad vocabulary beyond the training data."""
    _, tokenizer = _model()
    return frozenset(m.group(1) for t in tokenizer.get_vocab() if (m := _WHOLE_WORD.fullmatch(t)))


def vectors(words: Sequence[str]) -> np.ndarray:
    """One row per word: the mean of its tokens' embeddings."""
    table, tokenizer = _model()
    out = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    for i, encoding in enumerate(tokenizer.encode_batch(list(words), add_special_tokens=False)):
        if encoding.ids:
            out[i] = table[encoding.ids].mean(axis=0)
    return out


def mean_vectors(units: Iterable[Sequence[str]], index: dict[str, int], table: np.ndarray):
    """Per unit, the sum of its words' vectors (words in `index`) over its number of words."""
    units = list(units)
    out = np.zeros((len(units), table.shape[1]), dtype=np.float64)
    for i, words in enumerate(units):
        rows = [index[w] for w in words if w in index]
        if rows:
            out[i] = table[rows].sum(axis=0) / len(words)
    return out
