"""Cross-source analysis: which articles tell the same story, who copied whom, and where they disagree.

1. Stories: articles whose TF-IDF vectors (content words of the article body,
   scraped clutter left out) have a cosine of at least STORY_SIMILARITY, joined
   transitively. A story needs two sources.
2. Copies: two articles sharing most of their five-word shingles (containment
   of at least COPY_CONTAINMENT) are one text published twice; syndication and
   scraping are not corroboration, so a copy group counts as one voice.
3. Statements: body sentences that carry a checkable fact (a figure, a date, a
   name). A statement is corroborated when an article of another source, not a
   copy, states one close to it (weighted word overlap of at least
   CLAIM_OVERLAP); else it is single-source.
4. Conflicts: figures for the same thing that differ by more than
   QUANTITY_TOLERANCE ("nearly 3,000 dockworkers" against "about 2,300
   workers"), and an event presented as a first meeting by some sources and as
   a resumed round by others. A figure is told once per source that disagrees,
   however many of that source's articles do: a large story stays readable.

Everything is deterministic and needs no model: plain word statistics.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress
from typing import TYPE_CHECKING, Any

import numpy as np

from audit.rules.prefilter import needed_strings, units_with
from audit.runtime.execute import forked_map
from audit.runtime.records import Packed, column, finding_spans
from audit.sources.signals import clutter_spans
from audit.style import lexicon

if TYPE_CHECKING:
    from audit.results import ArticleResult

STORY_SIMILARITY = 0.12
MAX_STORY = 60  # larger groups are split at a stricter similarity
TOP_TERMS = 60  # terms kept per article vector
COPY_CONTAINMENT = 0.6
SHINGLE = 5
_PAIR_CELLS = 1 << 21  # article pairs whose similarities are computed at once (512 x 4,096)
# Statements compared with the rest of their story at once: a block's pairs stay in the
# processor's cache (a story's index was built about a tenth faster than with 512).
_SENTENCE_BLOCK = 256
CLAIM_OVERLAP = 0.35
QUANTITY_TOLERANCE = 0.15

CORROBORATED, SINGLE, CONFLICTING = "corroborated", "single_source", "conflicting"
FIRST, REPEAT = "first", "repeat"

_TOKEN = r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d[\d,.]*\d|\d"
# The tokens a content word can come from: _TOKEN's words of three letters or more (a figure or
# a shorter word never is one), the same words in the same order, with no string made for the rest.
_LONG_WORD = r"[A-Za-z][A-Za-z'’-]+[A-Za-z]"
_STOP = lexicon.words(
    """a about above after again against all also although am among an and any are as at be because
been before being below between both but by can could did do does doing down during each even ever
every few for from further had has have having he her here hers him his how however i if in into is
it its itself just least less like may me might more most much must my no nor not now of off often
on once only or other our out over own per perhaps quite rather said same says she should since so
some such than that the their them then there these they this those though through thus to too
under until up upon very was we were what when where whether which while who whom whose why will
with within without would yet you your told according week today thursday monday tuesday
wednesday friday saturday sunday"""
)
# What a checkable fact shows: a figure, a name (a capitalised word after a lower-case word or
# a comma) or a month. Three searches, the first two opening with a character they need, so
# that re finds it in compiled code; most statements show a figure or a name at once.
_FACT = (
    r"\d",
    r"[A-Z](?<=[a-z,;] [A-Z])[a-z]",
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b",
)
# An event told as a first meeting, or as a resumed round (lexicon written for newsaudit),
# matched ignoring case.
_STATUS = {
    FIRST: (
        r"\bfirst[- ]ever\b|\b(?:for|marking) the (?:very )?first time\b"
        r"|\bfirst (?:(?:direct|face-to-face|formal|in-person|such|bargaining|negotiating|official)\s+)*"
        r"(?:meeting|talks|session|discussions|negotiations|encounter)\b"
        r"|\binaugural (?:meeting|round|session|talks)\b"
    ),
    REPEAT: (
        r"\bresum(?:e|es|ed|ing|ption)\b|\b(?:returned|return|back) (?:to|at) the (?:negotiating|bargaining) table\b"
        r"|\b(?:new|second|third|another|fresh|latest) round\b|\b(?:earlier|previous|prior|last|first) rounds?\b(?= (?:of talks )?(?:failed|ended|collapsed|broke))"
        r"|\b(?:met|meet|sat down|talked) again\b|\brenewed (?:talks|negotiations|efforts|dialogue)\b"
    ),
}
# Words near a marker that put it in the future or in doubt: "another round is expected", "may be
# the first" (ignoring case).
_NOT_ASSERTED = (
    r"\b(?:expected|will|would|scheduled|planned|could|may|might|possibly|perhaps|if|next|further"
    r"|future|upcoming|subsequent)\b"
)
# A figure opens with its first digit and checks the character before it behind, so that re
# finds digits in compiled code instead of trying every position (about twice as fast).
_QUANTITY = (
    r"(\d(?<![\w.,$€£]\d)(?:\d{0,2}(?:,\d{3})+|\d*(?:\.\d+)?))(?:\s+(million|billion|thousand))?"
    r"\s+((?:[a-z][a-z-]+\s+){0,1}[a-z][a-z-]+)"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_NOT_UNITS = _STOP | lexicon.words(
    """percent per cent year years day days hour hours week weeks month months minute minutes second
seconds times time a.m p.m am pm to of and or in on at"""
)


@dataclass(frozen=True)
class _Patterns:
    """The check's searches, compiled when a run checks stories: a one-draft check never does,
    and compiling them on import cost its start-up about 7 ms."""

    token: re.Pattern[str] = field(default_factory=lambda: re.compile(_TOKEN))
    long_word: re.Pattern[str] = field(default_factory=lambda: re.compile(_LONG_WORD))
    facts: tuple[re.Pattern[str], ...] = field(
        default_factory=lambda: tuple(map(re.compile, _FACT))
    )
    status: dict[str, re.Pattern[str]] = field(
        default_factory=lambda: {kind: re.compile(p, re.I) for kind, p in _STATUS.items()}
    )
    # Strings every match of a marker holds (case-folded): an article without them is not
    # searched.
    status_needs: dict[str, frozenset[str] | None] = field(
        default_factory=lambda: {kind: needed_strings(p) for kind, p in _STATUS.items()}
    )
    not_asserted: re.Pattern[str] = field(default_factory=lambda: re.compile(_NOT_ASSERTED, re.I))
    quantity: re.Pattern[str] = field(default_factory=lambda: re.compile(_QUANTITY))


@dataclass(frozen=True, slots=True)
class Statement:
    article: int  # index into the run's articles
    start: int
    end: int
    status: str  # corroborated | single_source | conflicting
    support: tuple[int, ...]  # articles of other, independent sources that state it too


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "quantity" | "event_status"
    article: int
    start: int
    end: int
    other: int
    other_start: int
    other_end: int
    message: str


@dataclass(frozen=True, slots=True)
class Copy:
    first: int
    second: int
    containment: float  # share of the shorter article's shingles found in the longer one


@dataclass(frozen=True)
class Story:
    id: str
    articles: tuple[int, ...]
    sources: tuple[str, ...]
    terms: tuple[str, ...]  # the words that characterise it
    copies: tuple[Copy, ...]
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True, slots=True)
class ArticleCheck:
    story: str | None
    copies: tuple[int, ...]
    statements: Sequence[Statement]  # records.Packed: a row of integers each
    conflicts: tuple[Conflict, ...]

    def counts(self) -> dict[str, int]:
        found = Counter(column(self.statements, "status"))
        return {
            "statements": len(self.statements),
            **{k: found[k] for k in (CORROBORATED, SINGLE, CONFLICTING)},
        }


@dataclass(frozen=True)
class CrossCheck:
    stories: tuple[Story, ...]
    articles: tuple[ArticleCheck, ...]  # one per article of the run, in its order


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Statements:
    """An article's statement sentences as the run holds them until its story is checked:
    offsets and word numbers as machine integers. As objects (a set of words a sentence), a
    corpus's sentences cost more than its audited articles; a story expands its own (`_expand`)."""

    spans: array  # start and end of each sentence
    bounds: array  # where each sentence's words begin in `words`, then where the last ends
    words: array  # numbers in the run's vocabulary (word -> number, in order of first use)


def crosscheck(articles: Sequence[ArticleResult], workers: int = 1) -> CrossCheck:
    """Stories, copies, conflicts and statements across the corpus. Stories are checked one by
    one and independently, on `workers` processes: the result never depends on their number."""
    empty = ArticleCheck(None, (), (), ())
    sources = [a.document.source for a in articles]
    if len(set(sources)) < 2:  # a story needs two sources: a lone draft has no statements read
        return CrossCheck((), (empty,) * len(articles))
    vocabulary: dict[str, int] = {}
    known: dict[str, int] = {}  # token -> its content word's number: a corpus repeats its words
    patterns = _Patterns()
    statements = [_statements(a, vocabulary, known, patterns.long_word) for a in articles]
    names = tuple(vocabulary)
    del vocabulary, known
    idf = _idf(statements, names)
    groups = _stories(statements, names, idf, sources)
    corpus = _Corpus(articles, statements, names, idf, patterns)
    checked = forked_map(_check_story, corpus, list(enumerate(groups, start=1)), workers)
    checks: dict[int, ArticleCheck] = {}
    for _, story_checks in checked:
        checks.update(story_checks)
    return CrossCheck(
        tuple(story for story, _ in checked),
        tuple(checks.get(i, empty) for i in range(len(articles))),
    )


@dataclass(frozen=True)
class _Corpus:
    """What every story's check reads: the audited articles and their statement words."""

    articles: Sequence[ArticleResult]
    statements: Sequence[_Statements]
    names: tuple[str, ...]  # each word number's word
    idf: dict[str, float]
    patterns: _Patterns


def _check_story(
    corpus: _Corpus, numbered: tuple[int, tuple[int, ...]]
) -> tuple[Story, dict[int, ArticleCheck]]:
    number, members = numbered
    articles = corpus.articles
    sentences = {i: _expand(corpus.statements[i], corpus.names) for i in members}
    words = {i: _words(corpus.statements[i], corpus.names) for i in members}
    patterns = corpus.patterns
    copies = _copies(members, articles, patterns.token)
    voices = _voices(members, articles, copies)
    story = _story(
        f"story-{number}", members, articles, sentences, words, corpus.idf, copies, voices, patterns
    )
    return story, _article_checks(story, articles, sentences, corpus.idf, voices, patterns.facts)


# ---- statements and their words -------------------------------------------------------------


def _statements(
    article: ArticleResult,
    vocabulary: dict[str, int],
    known: dict[str, int],
    long_word: re.Pattern[str],
) -> _Statements:
    """Sentences of headings and paragraphs, leaving out blocks that are mostly clutter or
    template. A kept article's blocks, sentences and findings are read as columns."""
    doc = article.document
    structure = doc.structure
    blocks = structure.blocks
    spans = clutter_spans(doc, article.findings)
    spans += [(s, e) for _, s, e in finding_spans(article.findings, ("boilerplate",))]
    starts = structure.block_starts  # blocks are in text order and do not overlap
    ends = column(blocks, "end")
    covered: Counter[int] = Counter()
    for start, end in spans:
        for i in range(max(bisect_right(starts, start) - 1, 0), bisect_left(starts, end)):
            if start < ends[i]:
                covered[i] += min(end, ends[i]) - max(start, starts[i])
    stated = [kind in ("paragraph", "heading") for kind in column(blocks, "kind")]
    for i, n in covered.items():
        if n * 2 >= ends[i] - starts[i]:
            stated[i] = False
    sentences = structure.sentences
    text = doc.text
    seen: set[str] = set()
    offsets, bounds, numbers = array("q"), array("q", [0]), array("i")
    for block, start, end in zip(
        column(sentences, "block"),
        column(sentences, "start"),
        column(sentences, "end"),
        strict=True,
    ):
        if not stated[block]:
            continue
        said = text[start:end]
        if said in seen:  # a repeated headline or lede says it once
            continue
        seen.add(said)
        offsets.extend((start, end))
        numbers.extend(sorted(_word_numbers(long_word.findall(said), known, vocabulary)))
        bounds.append(len(numbers))
    return _Statements(offsets, bounds, numbers)


def _expand(statements: _Statements, names: Sequence[str]) -> list[_Sentence]:
    """An article's statement sentences as a story's check reads them."""
    spans, bounds, numbers = statements.spans, statements.bounds, statements.words
    return [
        _Sentence(
            spans[2 * k],
            spans[2 * k + 1],
            frozenset(map(names.__getitem__, numbers[bounds[k] : bounds[k + 1]])),
        )
        for k in range(len(bounds) - 1)
    ]


def _words(statements: _Statements, names: Sequence[str]) -> list[str]:
    """Every statement word of an article, once per sentence that has it."""
    return list(map(names.__getitem__, statements.words))


def _word_numbers(tokens: list[str], known: dict[str, int], vocabulary: dict[str, int]) -> set[int]:
    """The numbers of a sentence's content words (`vocabulary`: word -> number, in order of
    first use), each token read once per run (`known`: the run's tokens so far, each with its
    word's number, or -1 when it is no content word)."""
    if len(known) > _MAX_CONTENT_WORDS:
        known.clear()
    try:
        found = set(map(known.__getitem__, tokens))
    except KeyError:
        for t in tokens:
            if t not in known:
                word = _content_word(t)
                known[t] = -1 if word is None else vocabulary.setdefault(word, len(vocabulary))
        found = set(map(known.__getitem__, tokens))
    found.discard(-1)
    return found


_MAX_CONTENT_WORDS = 1 << 17


def _content_word(token: str) -> str | None:
    """A word of three letters or more (_LONG_WORD), stemmed, unless it is a stop word."""
    word = token.lower().replace("’", "'")
    return None if word in _STOP else _stem(word)


def _stem(word: str) -> str:
    """A light suffix strip, enough that "talks" meets "talk" and "workers" meets "worker"."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) < 5 or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def _idf(statements: Sequence[_Statements], names: Sequence[str]) -> dict[str, float]:
    n = len(statements)
    df = Counter(chain.from_iterable(set(s.words) for s in statements))
    return {names[w]: math.log((n + 1) / (d + 1)) + 1 for w, d in df.items()}


# ---- stories -----------------------------------------------------------------------------------


def _vector(words: Sequence[str], idf: dict[str, float]) -> dict[str, float]:
    weights = {w: (1 + math.log(c)) * idf[w] for w, c in Counter(words).items()}
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {w: v / norm for w, v in top}


def _stories(
    statements: Sequence[_Statements],
    names: Sequence[str],
    idf: dict[str, float],
    sources: Sequence[str],
) -> list[tuple[int, ...]]:
    vectors = (_vector(_words(s, names), idf) for s in statements)  # one at a time
    pairs = _similar_pairs(vectors, sources)
    groups = _components(len(statements), pairs, STORY_SIMILARITY)
    return sorted((g for g in groups if len({sources[i] for i in g}) >= 2), key=lambda g: g[0])


# Article pairs with their cosine: (cosine, first, second) arrays of one block of the product.
Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]


def _similar_pairs(vectors: Iterable[dict[str, float]], sources: Sequence[str]) -> Iterator[Pairs]:
    """Every pair i < j of articles of different sources (one vector per source given) with a
    cosine of at least STORY_SIMILARITY, a block of rows at a time. The vectors are a sparse
    matrix multiplied with itself a block of rows at a time, so pairs are found in compiled
    code, and a block's pairs are passed on before the next is computed: a corpus of one kind
    of story has pairs by the tens of millions, and as arrays of them its stories took a
    gigabyte to find."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    indices, weights, indptr = array("q"), array("d"), array("q", [0])
    for vector in vectors:
        indices.extend(vocabulary.setdefault(w, len(vocabulary)) for w in vector)
        weights.extend(vector.values())
        indptr.append(len(indices))
    count = len(sources)
    columns = np.array(indices, dtype=np.int64)
    # A word in a tenth of the corpus links nothing by itself.
    common = np.bincount(columns, minlength=len(vocabulary)) > max(50, count // 10)
    data = np.where(common[columns], 0.0, np.array(weights, dtype=np.float64))
    matrix = csr_matrix(
        (data, columns, np.array(indptr, dtype=np.int64)), shape=(count, len(vocabulary))
    )
    matrix.eliminate_zeros()
    transposed = matrix.T.tocsr()
    source = np.unique(np.asarray(sources, dtype=object), return_inverse=True)[1]
    # A block of rows against the whole corpus: in a corpus of one kind of story most pairs
    # share a term, and 512 rows of 20,000 articles made a 400 MB product.
    step = max(1, _PAIR_CELLS // max(count, 1))
    for first in range(0, count, step):
        block = (matrix[first : first + step] @ transposed).tocoo()
        i, j, dot = block.row + first, block.col, block.data
        keep = (j > i) & (dot >= STORY_SIMILARITY) & (source[i] != source[j])
        yield dot[keep], i[keep].astype(np.int32), j[keep].astype(np.int32)


def _components(n: int, pairs: Iterable[Pairs], threshold: float) -> list[tuple[int, ...]]:
    """Connected components (members in order) of the pairs with a cosine of at least
    `threshold`; one larger than MAX_STORY is split again at a stricter threshold.

    The components are joined a block of pairs at a time, and only the pairs a split may
    need (those at the stricter threshold) are kept, in four-byte article numbers."""
    if n == 0:
        return []
    stricter = threshold + 0.1
    splittable = threshold < 0.9
    label = np.arange(n)
    kept: list[Pairs] = []
    for dot, first, second in pairs:
        strong = dot >= threshold
        label = _joined(label, first[strong], second[strong])
        if splittable:
            near = dot >= stricter
            kept.append((dot[near], first[near], second[near]))
    order = np.argsort(label, kind="stable")
    out = []
    for group in np.split(order, np.cumsum(np.bincount(label))[:-1]):
        if len(group) < 2:
            continue
        if len(group) > MAX_STORY and splittable:
            local = np.full(n, -1, dtype=np.int32)
            local[group] = np.arange(len(group), dtype=np.int32)
            parts = _components(len(group), _inside(kept, local), stricter)
            out.extend(tuple(group[list(part)].tolist()) for part in parts)
        else:
            out.append(tuple(group.tolist()))
    return out


def _joined(label: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Each article's component once the pairs (first, second) join theirs: components are
    numbered anew, and only which articles share one matters. Each round hangs the larger of
    two joined components under the smaller and follows the links to their ends (numpy over
    the pairs; scipy's graph module took longer to import than a run took to use it)."""
    if not len(first):
        return label
    parent = np.arange(len(label))
    a, b = label[first], label[second]
    while True:
        top_a, top_b = parent[a], parent[b]
        apart = top_a != top_b
        if not apart.any():
            return parent[label]
        np.minimum.at(parent, np.maximum(top_a, top_b)[apart], np.minimum(top_a, top_b)[apart])
        while not np.array_equal(up := parent[parent], parent):
            parent = up


def _inside(pairs: Iterable[Pairs], local: np.ndarray) -> Iterator[Pairs]:
    """The pairs whose two articles are both in a group, numbered as in the group (`local`)."""
    for dot, first, second in pairs:
        inside = (local[first] >= 0) & (local[second] >= 0)
        yield dot[inside], local[first[inside]], local[second[inside]]


def _story(
    story_id: str,
    members: tuple[int, ...],
    articles: Sequence[ArticleResult],
    sentences: Mapping[int, list[_Sentence]],
    words: Mapping[int, list[str]],
    idf: dict[str, float],
    copies: Sequence[Copy],
    voices: dict[int, str],
    patterns: _Patterns,
) -> Story:
    conflicts = _quantity_conflicts(
        members, articles, sentences, voices, patterns.quantity
    ) + _status_conflicts(members, articles, sentences, voices, patterns)
    shared = Counter(chain.from_iterable(set(words[i]) for i in members))
    uses = Counter(chain.from_iterable(words[i] for i in members))
    terms = sorted(
        (w for w, c in shared.items() if c >= 2),
        key=lambda w: (-shared[w] * uses[w] * idf[w], w),
    )[:6]
    sources = tuple(sorted({articles[i].document.source for i in members}))
    return Story(story_id, members, sources, tuple(terms), tuple(copies), tuple(conflicts))


# ---- copies ------------------------------------------------------------------------------------


def _copies(
    members: tuple[int, ...], articles: Sequence[ArticleResult], token: re.Pattern[str]
) -> list[Copy]:
    """Pairs of members that share at least COPY_CONTAINMENT of the shorter one's distinct
    five-word shingles (lower-cased tokens). A shingle is numbered from its words' numbers a
    word at a time over the whole story, and a sparse member x shingle matrix times its
    transpose counts every pair's shared shingles: no shingle is joined into a string."""
    from scipy.sparse import csr_matrix

    tokens = [_lower_tokens(articles[i].document.text, token) for i in members]
    number = {t: k for k, t in enumerate(dict.fromkeys(chain.from_iterable(tokens)))}
    ids = np.fromiter(map(number.__getitem__, chain.from_iterable(tokens)), np.int64)
    lengths = np.array([len(found) for found in tokens], dtype=np.int64)
    counts = np.maximum(lengths - SHINGLE + 1, 0)  # shingles of each member, with repeats
    ends = np.cumsum(counts)
    at = np.arange(ends[-1]) + np.repeat(np.cumsum(lengths) - lengths - ends + counts, counts)
    shingle, span = np.zeros(len(at), dtype=np.int64), 1  # codes so far, below `span`
    for k in range(SHINGLE):  # each shingle's first k + 1 words as one whole number
        if span * len(number) >= 1 << 62:  # renumbered 0, 1, ... before it could overflow
            shingle = np.unique(shingle, return_inverse=True)[1]
            span = int(shingle.max(initial=0)) + 1
        shingle, span = shingle * len(number) + ids[at + k], span * len(number)
    shingle = np.unique(shingle, return_inverse=True)[1]
    member = np.repeat(np.arange(len(members)), counts)
    matrix = csr_matrix(
        (np.ones(len(shingle)), (member, shingle)), shape=(len(members), len(shingle))
    )  # a shingle repeated in a member is summed into one cell, then counts once
    matrix.data[:] = 1.0
    sizes = np.diff(matrix.indptr).tolist()
    shared = (matrix @ matrix.T).toarray().astype(np.int64).tolist()
    out = []
    for a_pos, a in enumerate(members):
        for b_pos in range(a_pos + 1, len(members)):
            small = min(sizes[a_pos], sizes[b_pos])
            if not small:
                continue
            containment = shared[a_pos][b_pos] / small
            if containment >= COPY_CONTAINMENT:
                out.append(Copy(a, members[b_pos], round(containment, 3)))
    return out


def _lower_tokens(text: str, token: re.Pattern[str]) -> list[str]:
    """The text's tokens (_TOKEN), lower-cased: found in the lower-cased text, one call instead
    of one a token. Lowering keeps every token and makes no other, except for the two characters
    beyond ASCII that lower to an ASCII letter (the dotted capital I and the Kelvin sign)."""
    if "\u0130" in text or "\u212a" in text:
        return list(map(str.lower, token.findall(text)))
    return token.findall(text.lower())


def _voices(members: tuple[int, ...], articles: Sequence[ArticleResult], copies: Sequence[Copy]):
    """Each article's independent voice: its source, merged with the sources it copies or is copied by."""
    voice = {i: articles[i].document.source for i in members}
    changed = True
    while changed:
        changed = False
        for c in copies:
            merged = min(voice[c.first], voice[c.second])
            for i in (c.first, c.second):
                if voice[i] != merged:
                    voice[i], changed = merged, True
        for i in members:  # an article's whole source shares the voice it was merged into
            for j in members:
                if (
                    articles[j].document.source == articles[i].document.source
                    and voice[j] != voice[i]
                ):
                    merged = min(voice[i], voice[j])
                    voice[i] = voice[j] = merged
                    changed = True
    return voice


# ---- conflicts ---------------------------------------------------------------------------------


def _quantities(article: ArticleResult, sents: Sequence[_Sentence], quantity: re.Pattern[str]):
    """(value, unit words, start, end, sentence) for each figure followed by what it counts."""
    text = article.document.text
    out = []
    for sentence in sents:
        for m in quantity.finditer(text, sentence.start, sentence.end):
            value = float(m.group(1).replace(",", "")) * _SCALE.get(m.group(2) or "", 1)
            if 1900 <= value <= 2100 and not m.group(2):
                continue  # a year
            words = m.group(3).split()
            units = {_stem(u) for u in words if u not in _NOT_UNITS}
            if units:
                while (
                    words[-1] in _NOT_UNITS
                ):  # "2,300 workers are": the evidence ends at "workers"
                    words.pop()
                end = m.start(3) + m.group(3).index(words[-1]) + len(words[-1])
                out.append((value, units, m.start(), end, sentence))
    return out


def _same_unit(x: str, y: str) -> bool:
    """ "workers" counts the same thing as "dockworkers"; a short word must match exactly."""
    return x == y or (len(y) >= 4 and x.endswith(y)) or (len(x) >= 4 and y.endswith(x))


def _unit_index(figures: dict[int, list]) -> tuple[dict[str, frozenset[str]], dict]:
    """For each unit word, the unit words it matches; for each article, its figures by unit word.

    A figure meets another when any of their unit words match, so looking up the words a
    figure matches in the other article's index replaces comparing every pair of figures.
    """
    words = sorted({u for found in figures.values() for q in found for u in q[1]})
    related = {x: frozenset(y for y in words if _same_unit(x, y)) for x in words}
    by_unit: dict[int, dict[str, list[int]]] = {}
    for i, found in figures.items():
        index: dict[str, list[int]] = defaultdict(list)
        for position, q in enumerate(found):
            for u in q[1]:
                index[u].append(position)
        by_unit[i] = index
    return related, by_unit


def _quantity_conflicts(members, articles, sentences, voices, quantity) -> list[Conflict]:
    figures = {i: _quantities(articles[i], sentences[i], quantity) for i in members}
    related, by_unit = _unit_index(figures)
    wanted = {
        i: [frozenset().union(*(related[u] for u in q[1])) for q in figures[i]] for i in members
    }
    # The figures of an article that count what a set of unit words names, and their values
    # in order: the figures of a story share a few such sets, each found once per article.
    meeting: dict[tuple[int, frozenset[str]], tuple[list, list[float]]] = {}
    out = []
    told: set[tuple[int, int, str]] = set()  # (article, figure start, other source)
    for a_pos, a in enumerate(members):
        for b in members[a_pos + 1 :]:
            if voices[a] == voices[b]:
                continue
            index = by_unit[b]
            for (va, ua, sa, ea, sent_a), units in zip(figures[a], wanted[a], strict=True):
                found = meeting.get((b, units))
                if found is None:
                    positions = sorted({p for u in units for p in index.get(u, ())})
                    matches = [figures[b][p] for p in positions]
                    found = meeting[b, units] = (matches, sorted(q[0] for q in matches))
                matches, values = found
                if not matches or _any_close(va, values):
                    continue
                context = next(
                    (q for q in matches if (sent_a.words & q[4].words) - ua - q[1]), None
                )
                if context is None:
                    continue
                _, _, sb, eb, _ = context
                # A figure disagrees with a source once, however many of its articles say so.
                for one, start, end, other, o_start, o_end in ((a, sa, ea, b, sb, eb),
                                                               (b, sb, eb, a, sa, ea)):  # fmt: skip
                    key = (one, start, articles[other].document.source)
                    if key not in told:
                        told.add(key)
                        out.append(
                            _quantity_conflict(articles, one, start, end, other, o_start, o_end)
                        )
    return out


def _quantity_conflict(articles, a, sa, ea, b, sb, eb) -> Conflict:
    text_a, text_b = articles[a].document.text[sa:ea], articles[b].document.text[sb:eb]
    message = f"gives {text_a!r} where {articles[b].document.source} gives {text_b!r}"
    return Conflict("quantity", a, sa, ea, b, sb, eb, message)


# A figure close to another lies between its value times this and over it (figures are never
# negative); the margin keeps every one the rounding of _any_close's test could let through.
_NEAR = (1 - QUANTITY_TOLERANCE) * 0.99


def _any_close(value: float, values: Sequence[float]) -> bool:
    """Whether any of `values` (in order) is close to `value`, within QUANTITY_TOLERANCE of the
    larger of the two: only those near it are asked."""
    lo, hi = bisect_left(values, value * _NEAR), bisect_right(values, value / _NEAR)
    for other in values[lo:hi]:
        if abs(value - other) <= QUANTITY_TOLERANCE * max(abs(value), abs(other)):
            return True
    return False


def _status(
    article: ArticleResult, sents: Sequence[_Sentence], patterns: _Patterns
) -> tuple[str, int, int] | None:
    """Whether the article tells the event as a first meeting or a resumed round, with its evidence."""
    text = article.document.text
    found: dict[str, list[tuple[int, int]]] = {FIRST: [], REPEAT: []}
    folded = text.casefold()
    starts = [sentence.start for sentence in sents]
    for kind, pattern in patterns.status.items():
        # A marker holds one of its needed strings: only a sentence in which one starts is
        # searched. Positions in the folded text are the text's when folding kept its length.
        chosen = units_with(folded, starts, patterns.status_needs[kind])
        if len(folded) != len(text) and chosen:
            chosen = range(len(sents))
        for sentence in (sents[k] for k in sorted(chosen) if k >= 0):
            for m in pattern.finditer(text, sentence.start, sentence.end):
                near = text[max(sentence.start, m.start() - 30) : min(sentence.end, m.end() + 30)]
                if not patterns.not_asserted.search(near):
                    found[kind].append((m.start(), m.end()))
    if len(found[FIRST]) == len(found[REPEAT]):
        return None
    kind = FIRST if len(found[FIRST]) > len(found[REPEAT]) else REPEAT
    start, end = max(
        found[kind], key=lambda span: (span[1] - span[0], -span[0])
    )  # the most explicit
    return kind, start, end


def _status_conflicts(members, articles, sentences, voices, patterns) -> list[Conflict]:
    status = {i: _status(articles[i], sentences[i], patterns) for i in members}
    told = {i: s for i, s in status.items() if s is not None}
    out = []
    for a, (kind_a, sa, ea) in told.items():
        for b, (kind_b, sb, eb) in told.items():
            if kind_a == kind_b or voices[a] == voices[b]:
                continue
            text = articles[a].document.text
            other = articles[b].document
            said = "a resumed round" if kind_a == REPEAT else "the first meeting"
            called = "the first meeting" if kind_b == FIRST else "a resumed round"
            message = (
                f"presents the event as {said} ({text[sa:ea]!r}); {other.source} calls it "
                f"{called} ({other.text[sb:eb]!r})"
            )
            out.append(Conflict("event_status", a, sa, ea, b, sb, eb, message))
    return out


# ---- statements --------------------------------------------------------------------------------


def _article_checks(
    story: Story,
    articles: Sequence[ArticleResult],
    sentences: Mapping[int, list[_Sentence]],
    idf: dict[str, float],
    voices: dict[int, str],
    facts: tuple[re.Pattern[str], ...],
) -> dict[int, ArticleCheck]:
    index = _SentenceIndex(story.articles, sentences, idf, voices)
    conflicts: dict[int, list[Conflict]] = defaultdict(list)
    for c in story.conflicts:
        conflicts[c.article].append(c)
    copied: dict[int, set[int]] = defaultdict(set)
    for c in story.copies:
        copied[c.first].add(c.second)
        copied[c.second].add(c.first)
    out = {}
    for i in story.articles:
        text = articles[i].document.text
        mine = conflicts[i]
        starts = sorted(c.start for c in mine)
        # A Statement's fields, a column each: a run keeps every article's statements to its
        # report as rows of integers (records.Packed), and none is built as an object.
        columns: list[list[Any]] = [[], [], [], [], []]
        _, begins, ends, statuses, supports = columns
        for k, sentence in enumerate(sentences[i]):
            if len(sentence.words) < 4 or not any(
                fact.search(text, sentence.start, sentence.end) for fact in facts
            ):
                continue
            support = index.supporters(i, k)
            # A conflict starts inside the sentence.
            conflicting = bisect_left(starts, sentence.start) < bisect_left(starts, sentence.end)
            begins.append(sentence.start)
            ends.append(sentence.end)
            statuses.append(CONFLICTING if conflicting else CORROBORATED if support else SINGLE)
            supports.append(support)
        columns[0] = [i] * len(begins)
        packed = Packed.of_columns(Statement, columns) if begins else ()
        kept = tuple(map(Statement, *columns)) if packed is None else packed  # as Packed.of
        out[i] = ArticleCheck(story.id, tuple(sorted(copied[i])), kept, tuple(mine))
    return out


class _SentenceIndex:
    """Which articles of a story have a sentence sharing enough of a statement's words.

    Overlap is the IDF-weighted share of the smaller sentence's words that the
    other sentence has. The story's sentences are a sparse word matrix multiplied
    with itself a block of rows at a time, and only the pairs that share a word are
    read: a story of sixty long articles stays cheap in time and memory.
    """

    def __init__(
        self, members: tuple[int, ...], sentences, idf: dict[str, float], voices: dict[int, Any]
    ):
        from scipy.sparse import csr_matrix

        # Columns in word order and sorted within rows: a sentence's words are a set, whose
        # order follows the string hash seed, and the sums must not depend on it.
        words = sorted(set().union(*(s.words for j in members for s in sentences[j])))
        vocabulary = {w: i for i, w in enumerate(words)}
        indices: list[int] = []
        indptr = [0]
        owner: list[int] = []  # position in members of each sentence's article
        self._rows: dict[int, int] = {}  # each article's first sentence row
        for position, j in enumerate(members):
            self._rows[j] = len(owner)
            for sentence in sentences[j]:
                indices.extend(map(vocabulary.__getitem__, sentence.words))
                indptr.append(len(indices))
                owner.append(position)
        weights = np.array([idf[w] for w in words])
        shape = (len(owner), len(vocabulary))
        self._words = csr_matrix((np.ones(len(indices)), indices, indptr), shape=shape)
        self._words.sort_indices()
        # Each sentence's words weighted by their IDF: 1.0 * idf, exactly the idf.
        self._weighted = csr_matrix(self._words.multiply(weights))
        self._totals = self._words @ weights
        self._members = np.array(members)
        self._numbers = members
        self._supports: dict[tuple[int, ...], tuple[int, ...]] = {}
        voice = np.unique(
            np.array([voices[j] for j in members], dtype=object), return_inverse=True
        )[1]
        self._stating = self._stating_members(np.array(owner, dtype=np.intp), voice)

    def _stating_members(self, owner: np.ndarray, voice: np.ndarray) -> np.ndarray:
        """Sentences x members: whether a member of another voice than the sentence's article
        has a sentence sharing at least CLAIM_OVERLAP of the smaller one's weighted words.

        Overlap is symmetric (the same shared words, summed in the same word order), so a
        block of rows is multiplied with the sentences from its first one on, and each pair
        found marks both sentences: half the products of the whole square. An IDF is at
        least 1, so a sentence that shares a word has a positive total."""
        stating = np.zeros((len(owner), len(self._members)), dtype=bool)
        totals = self._totals
        for first in range(0, len(owner), _SENTENCE_BLOCK):
            later = self._weighted[first:].T.tocsr()  # words x the sentences from `first` on
            block = self._words[first : first + _SENTENCE_BLOCK] @ later
            # Read as it comes out (rows by their pointers, columns from `first` on): each
            # pair's totals are gathered once, and only the pairs that pass are numbered.
            shared = np.diff(block.indptr)
            smaller = np.minimum(
                np.repeat(totals[first : first + len(shared)], shared),
                totals[first:][block.indices],
            )
            hit = block.data / smaller >= CLAIM_OVERLAP
            row = np.repeat(np.arange(first, first + len(shared)), shared)[hit]
            column = block.indices[hit] + first
            stating[row, owner[column]] = True
            stating[column, owner[row]] = True
        return stating & (voice[owner][:, None] != voice[None, :])

    def supporters(self, article: int, sentence: int) -> tuple[int, ...]:
        """The story's articles of another voice that state the article's `sentence`-th sentence."""
        row = self._stating[self._rows[article] + sentence]
        # One tuple per set of supporters, of the story's own numbers: a run keeps every
        # statement, and a large story's statements share a few sets of supporters.
        found = tuple(compress(self._numbers, row.tolist()))
        return self._supports.setdefault(found, found)


# ---- JSON --------------------------------------------------------------------------------------


def article_json(check: ArticleCheck, articles: Sequence[ArticleResult]) -> dict[str, Any]:
    def ref(i: int) -> dict[str, str]:
        return {"id": articles[i].document.id, "source": articles[i].document.source}

    # A story's statements share a few sets of supporters: each set's sources are listed once.
    sources = {
        support: sorted({articles[j].document.source for j in support})
        for support in set(column(check.statements, "support"))
    }

    return {
        "story": check.story,
        "copies": [ref(i) for i in check.copies],
        "claims": check.counts(),
        "conflicts": [conflict_json(c, articles) for c in check.conflicts],
        "statements": [
            {"start": start, "end": end, "status": status, "sources": sources[support]}
            for start, end, status, support in zip(
                *(column(check.statements, name) for name in ("start", "end", "status", "support")),
                strict=True,
            )
        ],
    }


def conflict_json(c: Conflict, articles: Sequence[ArticleResult]) -> dict[str, Any]:
    doc, other = articles[c.article].document, articles[c.other].document
    return {
        "kind": c.kind,
        "start": c.start,
        "end": c.end,
        "text": doc.text[c.start : c.end],
        "other": {
            "id": other.id,
            "source": other.source,
            "start": c.other_start,
            "end": c.other_end,
            "text": other.text[c.other_start : c.other_end],
        },
        "message": c.message,
    }


def story_json(
    story: Story, check: CrossCheck, articles: Sequence[ArticleResult]
) -> dict[str, Any]:
    counts = Counter()
    for i in story.articles:
        counts.update(check.articles[i].counts())
    return {
        "id": story.id,
        "terms": list(story.terms),
        "sources": list(story.sources),
        "articles": [
            {"id": articles[i].document.id, "source": articles[i].document.source}
            for i in story.articles
        ],
        "copies": [
            {
                "first": articles[c.first].document.id,
                "second": articles[c.second].document.id,
                "containment": c.containment,
            }
            for c in story.copies
        ],
        "claims": dict(counts),
        "conflicts": [
            {"article": articles[c.article].document.id, **conflict_json(c, articles)}
            for c in story.conflicts
        ],
    }
