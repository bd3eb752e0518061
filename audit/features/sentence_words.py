"""The words of every sentence, from the tokens the segmenter already built.

The sentence models read lower-case words, figures folded to "0" (so "$40
million" and "$12 million" are the same evidence), optionally without the
words inside quotations: a hedge in a quote is the speaker's, not the writer's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from audit.text.document import Document


@dataclass(frozen=True, slots=True)
class SentenceWords:
    words: tuple[str, ...]
    tokens: Sequence[int]  # each word's token index (token_spans gives its offsets)


def fold_word(word: str) -> str:
    return "0" if word[0].isdigit() else word


def token_spans(doc: Document) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Original-text start and end of every token (computed once, kept in the analysis)."""
    return doc.analysis.once("token_spans", lambda: _token_spans(doc))


def _token_spans(doc: Document) -> tuple[tuple[int, ...], tuple[int, ...]]:
    structure = doc.structure
    tokens = structure.tokens
    view = structure.view
    if view.starts is None:
        return tokens.starts, tokens.ends
    pairs = [view.to_original(s, e) for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def _folded_words(doc: Document) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Every token folded, and whether it lies inside a quotation (quotes are few and in
    order, and so are tokens: each quote marks the run of tokens it holds)."""
    return doc.analysis.once("folded", lambda: _fold(doc))


def _fold(doc: Document) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    starts, ends = token_spans(doc)
    inside = [False] * len(starts)
    for quote in doc.structure.quotes:
        first = bisect_left(starts, quote.start)
        last = bisect_right(ends, quote.end)
        if first < last:
            inside[first:last] = [True] * (last - first)
    return tuple(map(fold_word, doc.structure.tokens.words)), tuple(inside)


def sentence_words(doc: Document, skip_quotes: bool) -> tuple[SentenceWords, ...]:
    """One entry per sentence of the document, in order."""
    found = doc.analysis.words
    if skip_quotes not in found:
        found[skip_quotes] = _sentence_words(doc, skip_quotes)
    return found[skip_quotes]


def _sentence_words(doc: Document, skip_quotes: bool) -> tuple[SentenceWords, ...]:
    starts = token_spans(doc)[0]
    words, inside = _folded_words(doc)
    out = []
    for sentence in doc.structure.sentences:
        first = bisect_left(starts, sentence.start)
        last = bisect_left(starts, sentence.end, first)
        if skip_quotes and True in inside[first:last]:
            kept = tuple(i for i in range(first, last) if not inside[i])
            out.append(SentenceWords(tuple(words[i] for i in kept), kept))
        else:  # the common case: a whole run of tokens, sliced in compiled code
            out.append(SentenceWords(words[first:last], range(first, last)))
    return tuple(out)
