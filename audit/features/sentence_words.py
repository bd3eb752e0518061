"""The words of every sentence, from the tokens the segmenter already built.

The sentence models read lower-case words, figures folded to "0" (so "$40
million" and "$12 million" are the same evidence), optionally without the
words inside quotations: a hedge in a quote is the speaker's, not the writer's.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from audit.document import Document


@dataclass(frozen=True, slots=True)
class SentenceWords:
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # each word's offsets in the article text


def fold_word(word: str) -> str:
    return "0" if word[0].isdigit() else word


@lru_cache(maxsize=16)
def _token_spans(doc: Document) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Original-text start and end of every token."""
    structure = doc.structure
    tokens = structure.tokens
    view = structure.view
    if view.starts is None:
        return tokens.starts, tokens.ends
    pairs = [view.to_original(s, e) for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


@lru_cache(maxsize=16)
def _folded_words(doc: Document) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Every token folded, and whether it lies inside a quotation (one pass over both)."""
    starts, ends = _token_spans(doc)
    quotes = doc.structure.quotes
    inside = []
    q = 0
    for start, end in zip(starts, ends, strict=True):
        while q < len(quotes) and quotes[q].end <= start:
            q += 1
        inside.append(q < len(quotes) and quotes[q].start <= start and end <= quotes[q].end)
    return tuple(map(fold_word, doc.structure.tokens.words)), tuple(inside)


@lru_cache(maxsize=32)
def sentence_words(doc: Document, skip_quotes: bool) -> tuple[SentenceWords, ...]:
    """One entry per sentence of the document, in order."""
    starts, ends = _token_spans(doc)
    words, inside = _folded_words(doc)
    out = []
    for sentence in doc.structure.sentences:
        first = bisect_left(starts, sentence.start)
        last = bisect_left(starts, sentence.end, first)
        if skip_quotes and True in inside[first:last]:
            kept = [i for i in range(first, last) if not inside[i]]
            out.append(
                SentenceWords(
                    tuple(words[i] for i in kept), tuple((starts[i], ends[i]) for i in kept)
                )
            )
        else:  # the common case: whole runs of tokens, sliced in compiled code
            spans = tuple(zip(starts[first:last], ends[first:last], strict=True))
            out.append(SentenceWords(words[first:last], spans))
    return tuple(out)
