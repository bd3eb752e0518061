"""Check-worthy claims: sentences that state a checkable fact, and whether anyone stands behind them.

A classifier over the sentence's words, a score per word learned from word
vectors (so words the labelled sentences never showed still count), and a few
signs of a factual claim (figures, quantities, comparisons, past events; against
them promises, opinions and questions) finds the claims (docs/models.md). Each claim's
attribution comes from the attribution feature: named with a quote, named,
institutional, anonymous, vague or none. A claim nobody stands behind (none,
or only "experts say") is an unsupported-claim finding; named and quoted
sources are the positive evidence the score counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from audit.document import Document, Sentence
from audit.features.attribution import NONE, VAGUE, profile
from audit.features.jsonmodel import TextLogit, ngrams, read_model
from audit.features.sentence_words import sentence_words
from audit.rules.model import Hit, Rule
from audit.style.lexicon import words

NGRAM = 2
_NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands million millions billion billions
    trillion percent half quarter third twice double doubled tripled dozen dozens"""
)
_QUANTITY = words(
    """percent per cent rate rates million billion trillion dollars dollar pounds euros tax
    taxes jobs budget deficit debt cost costs spent spending paid price prices income
    wages unemployment growth votes voted vote"""
)
_COMPARISON = words(
    """more less fewer higher lower most least largest biggest highest lowest first last only
    every increase increased increases decrease decreased decreases cut cuts raised rose
    fell doubled tripled record since"""
)
_FUTURE = words("""will 'll gonna going want hope plan should must would""")
_OPINION = re.compile(
    r"\b(?:i think|i believe|i feel|in my view|in my opinion|let me|let's|we need|we must"
    r"|we should|we will|i will|i'm going|we're going|i want|i hope)\b"
)
_PAST = re.compile(r"\b(?:was|were|did|had|has been|have been|\w{3,}ed)\b")
# A publisher's note about the page itself reports nothing about the world: a paragraph
# opening with a note's label ("Disclaimer:", "Editor's note:"), and a sentence about the
# page ("This story has been updated", "This article was generated in part...").
_NOTE_LABEL = re.compile(
    r"\W*(?:disclaimer|disclosure|editor[’']?s['’]? note|note to readers|note)(?:\s*[:–—]|\s+-)",
    re.IGNORECASE,
)
_ABOUT_THE_PAGE = re.compile(
    r"\W*this\s+(?:article|story|post|content|page|piece|newsletter|video)\b", re.IGNORECASE
)

DENSE_NAMES = (
    "log_words",
    "figures",
    "number_words",
    "quantity_words",
    "comparisons",
    "future_words",
    "opinion_phrases",
    "past_marks",
    "first_person",
    "second_person",
    "question",
    "names",
    "years",
)


_FIRST_PERSON = words("i me my we our us")
_SECOND_PERSON = words("you your")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_COLUMN = {name: i for i, name in enumerate(DENSE_NAMES)}


def _word_columns() -> dict[str, tuple[int, ...]]:
    """The count columns each listed word adds to, so a sentence costs one look-up per word."""
    lists = {
        "figures": frozenset({"0"}),
        "number_words": _NUMBER_WORDS,
        "quantity_words": _QUANTITY,
        "comparisons": _COMPARISON,
        "future_words": _FUTURE,
        "first_person": _FIRST_PERSON,
        "second_person": _SECOND_PERSON,
    }
    out: dict[str, tuple[int, ...]] = {}
    for name, listed in lists.items():
        for word in listed:
            out[word] = (*out.get(word, ()), _COLUMN[name])
    return out


_WORD_COLUMNS = _word_columns()


@dataclass(frozen=True, slots=True)
class Claim:
    sentence: Sentence
    probability: float
    attribution: str  # named_quote | named | institutional | anonymous | vague | none


@cache
def load_model() -> TextLogit:
    return TextLogit.from_dict(read_model("claims"), DENSE_NAMES)


def dense_row(words: Sequence[str], text: str) -> list[float]:
    """Signs of a factual claim in one sentence (`words` folded lower case, `text` as written)."""
    row = [0.0] * len(DENSE_NAMES)
    for word in words:
        for column in _WORD_COLUMNS.get(word, ()):
            row[column] += 1.0
    lower = " ".join(words)
    row[_COLUMN["opinion_phrases"]] = len(_OPINION.findall(lower))
    row[_COLUMN["past_marks"]] = len(_PAST.findall(lower))
    row[_COLUMN["names"]] = max(len(_CAPITALISED.findall(text)) - 1, 0)  # not the first word
    n = max(len(words), 1)
    row = [v / n for v in row]
    row[_COLUMN["log_words"]] = math.log1p(len(words))
    row[_COLUMN["question"]] = float(text.rstrip().endswith("?"))
    row[_COLUMN["years"]] = float(_YEAR.search(text) is not None)
    return row


def features(
    units: Sequence[Sequence[str]], texts: Sequence[str]
) -> tuple[list[set[str]], np.ndarray]:
    grams = [ngrams(words, NGRAM) for words in units]
    dense = np.array(
        [dense_row(words, text) for words, text in zip(units, texts, strict=True)], dtype=float
    ).reshape(len(units), len(DENSE_NAMES))
    return grams, dense


@lru_cache(maxsize=16)
def sentence_probabilities(doc: Document) -> np.ndarray:
    """The model's probability that each sentence makes a check-worthy claim."""
    units = sentence_words(doc, skip_quotes=False)
    if not units:
        return np.zeros(0)
    texts = [doc.text[s.start : s.end] for s in doc.structure.sentences]
    words = [u.words for u in units]
    grams, dense = features(words, texts)
    probs = load_model().probability(grams, dense, words)
    probs[np.array([not u.words for u in units])] = 0.0
    return probs


@lru_cache(maxsize=16)
def claims(doc: Document) -> tuple[Claim, ...]:
    """Every check-worthy sentence of the article body with its attribution, leaving out
    the publisher's notes about the page itself (disclaimers, editor's notes)."""
    threshold = load_model().threshold
    probs = sentence_probabilities(doc)
    found = profile(doc)
    notes = _publishers_notes(doc)
    out = []
    for attribution, p in zip(found.attributions, probs, strict=True):
        sentence = attribution.sentence
        if p < threshold or sentence.start < doc.structure.body_start:
            continue
        if sentence.block in notes or _ABOUT_THE_PAGE.match(doc.text, sentence.start):
            continue
        out.append(Claim(sentence, float(p), attribution.label))
    return tuple(out)


def count_claims(doc: Document) -> tuple[int, str]:
    """How many check-worthy sentences the article body holds (a density rule's `out_of`)."""
    return len(claims(doc)), "check-worthy sentences"


def _publishers_notes(doc: Document) -> frozenset[int]:
    """The blocks that open with a note's label: every sentence in them is the note's."""
    return frozenset(
        block.index for block in doc.structure.blocks if _NOTE_LABEL.match(doc.text, block.start)
    )


def unsupported_claims(doc: Document, rule: Rule) -> Iterable[Hit]:
    """Claims with no attribution, or only a vague one, outside quotations and outside
    paragraphs that name who speaks (a claim next to "X said" in its paragraph is X's)."""
    found = profile(doc)
    spoken = {a.sentence.block for a in found.attributions if a.kind not in (NONE, VAGUE)}
    blocks = doc.structure.blocks
    for claim in claims(doc):
        sentence = claim.sentence
        if claim.attribution not in (NONE, VAGUE) or sentence.in_quote:
            continue
        if sentence.block in spoken or blocks[sentence.block].kind != "paragraph":
            continue
        source = "no source" if claim.attribution == NONE else "only a vague source"
        yield Hit(
            sentence.start,
            sentence.end,
            f"{rule.message} (check-worthy {claim.probability:.2f}; {source})",
        )
