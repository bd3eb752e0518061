"""The two model formats of the line and sentence detectors, evaluated with numpy.

A boosted tree ensemble over dense features (clutter lines) and a logistic model
over word n-grams plus a few dense features (hedged and check-worthy sentences).
No scikit-learn at audit time (importing it costs about a second); scikit-learn
is only needed to train (audit/learn/).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from typing import Any

import numpy as np

from audit.models.store import check_format

TREES_FORMAT = "newsaudit-trees/1"
TEXT_FORMAT = "newsaudit-text-logit/1"
# (row, tree) pairs a tree walk holds at once (TreeEnsemble._blocks): few enough that the walk's
# arrays stay in the processor's cache. A batch's clutter lines were scored about a sixth faster
# than at 1 << 17, and their contributions read about 40 % faster; at 1 << 12 and below the
# per-level array calls cost more than the cache saves. A scoring walk drops the pairs at a leaf
# (_KEEP_WALKING) and holds fewer arrays: twice as many pairs scored a batch's lines about 7 %
# faster, and a service's minibatch of four drafts (about 140 lines) in one walk, not two.
WALKED_PAIRS = 1 << 14
SCORED_PAIRS = 1 << 15
# A scoring walk drops the pairs at a leaf once three in four have reached one (_walk): the
# bench corpus's clutter lines were scored about a fifth faster than dropping them at every
# level. A contributions walk drops them at once: each pair walked adds its cells.
_KEEP_WALKING = 0.25
# A scoring walk takes the trees' first levels as complete binary trees (TreeEnsemble.heap_*):
# a slot's children are at 2 slot + 1 and 2 slot + 2, so no child is looked up. Seven levels
# scored the bench corpus's clutter lines about an eighth faster than the node walk alone
# (five, about a twentieth); below them most pairs have reached their leaf.
HEAP_LEVELS = 7


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted regression trees on the log-odds, all trees walked at once.

    Nodes of every tree sit in flat arrays, the nodes with children first (numbered below
    `splits`), then the leaves. A (row, tree) pair walks down one level per step and leaves
    the walk at its leaf: most leaves lie far above the deepest one.
    """

    names: tuple[str, ...]
    feature: np.ndarray  # per node; leaves hold 0
    split_at: np.ndarray  # go left when x <= split_at
    children: np.ndarray  # node i's right child at 2i, its left child at 2i + 1 (leaves: i)
    splits: int  # the nodes numbered below it have children: the others are leaves
    value: np.ndarray  # node value on the log-odds scale (already shrunk)
    roots: np.ndarray
    depth: int
    baseline: float
    threshold: float  # the probability from which a row is called positive
    meta: dict[str, Any]
    # The first `heap_levels` levels of every tree as complete binary trees, level by level: on
    # level l, tree t's slot k is at t * 2**l + k, so a slot's children on the level below are
    # at twice its place and one more (left, then right), whatever its tree. Per level, each
    # slot's feature and split (a leaf above the last level splits at +inf, its descendants all
    # itself) and node value (through the level below the last); per slot of the level below,
    # the node a walk reaches there.
    heap_levels: int = 0
    heap_feature: tuple[np.ndarray, ...] = ()
    heap_split: tuple[np.ndarray, ...] = ()
    heap_value: tuple[np.ndarray, ...] = ()
    heap_node: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    # What a step adds to a row's log-odds, read once per contribution walk rather than
    # subtracted per (row, tree) pair: per node, its value less its parent's (0.0 at a root);
    # per level below the first, each slot's value less that of its slot above.
    gain: np.ndarray = field(default_factory=lambda: np.zeros(0))
    heap_gain: tuple[np.ndarray, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any], names: Sequence[str]) -> TreeEnsemble:
        check_format(data, TREES_FORMAT, "tree")
        if tuple(data["features"]) != tuple(names):
            raise ValueError("model features do not match this code's feature names; retrain")
        nodes = data["nodes"]
        left = np.asarray(nodes["left"], dtype=np.intp)
        right = np.asarray(nodes["right"], dtype=np.intp)
        internal = left != np.arange(len(left))
        # Renumbered with the nodes that have children first: whether a walk is still inside
        # a tree is then a comparison of node numbers, not a look-up per (row, tree) pair.
        order = np.concatenate([np.flatnonzero(internal), np.flatnonzero(~internal)])
        number = np.empty(len(order), dtype=np.intp)
        number[order] = np.arange(len(order))
        feature = np.asarray(nodes["feature"], dtype=np.intp)[order]
        split_at = np.asarray(nodes["threshold"], dtype=float)[order]
        children = np.column_stack([number[right[order]], number[left[order]]]).ravel()
        splits = int(np.count_nonzero(internal))
        roots = number[np.asarray(data["roots"], dtype=np.intp)]
        depth = int(data["depth"])
        levels = min(HEAP_LEVELS, depth)
        value = np.asarray(nodes["value"], dtype=float)[order]
        heap_feature, heap_split, heap_value, heap_node = [], [], [], roots[:, None]
        for _ in range(levels):  # slots of a level in order: a slot's children are adjacent
            heap_value.append(value[heap_node])
            inner = heap_node < splits
            heap_feature.append(np.where(inner, feature[heap_node], 0))
            heap_split.append(np.where(inner, split_at[heap_node], np.inf))
            below = [children[2 * heap_node + 1], children[2 * heap_node]]  # left, right
            heap_node = np.where(inner[..., None], np.stack(below, axis=-1), heap_node[..., None])
            heap_node = heap_node.reshape(len(roots), -1)
        gain = np.zeros(len(value))
        for side in (0, 1):  # a node's children, each the child of that node alone
            child = children[2 * np.arange(splits) + side]
            gain[child] = value[child] - value[:splits]
        heap_value = [*heap_value, value[heap_node]]
        return cls(
            names=tuple(names),
            feature=feature,
            split_at=split_at,
            children=children,
            splits=splits,
            value=value,
            roots=roots,
            depth=depth,
            baseline=float(data["baseline"]),
            threshold=float(data["threshold"]),
            meta={k: v for k, v in data.items() if k in ("training", "metrics")},
            heap_levels=levels,
            heap_feature=tuple(level.ravel() for level in heap_feature),
            heap_split=tuple(level.ravel() for level in heap_split),
            heap_value=tuple(level.ravel() for level in heap_value),
            heap_node=heap_node.ravel(),
            gain=gain,
            heap_gain=tuple(
                below.ravel() - above.ravel()[np.arange(below.size) // 2]
                for above, below in pairwise(heap_value)
            ),
        )

    def _walk(self, flat: np.ndarray, start: np.ndarray, at: np.ndarray, keep: float = 1.0):
        """Yield (pair, cell, child) per level for the (row, tree) pairs still walked, pair =
        row * trees + tree in row-major order, cell the place in `flat` of the value its node
        splits on. Rows are read flat (`flat`, each pair's row starting at `at`) and a child is
        one look-up (x <= split_at picks the left one at 2i + 1): the fewest array operations.

        A leaf is its own child, so a pair that reached one may walk on in place (its node
        and child the leaf). The pairs at a leaf are dropped once fewer than `keep` of those
        walked are still inside a tree: dropping them costs a pass over every array, which
        the first levels, where few pairs reach a leaf, do not pay back.

        `start`: the node each pair has reached after the first heap_levels levels (`_top`),
        from which the pairs still inside a tree walk on."""
        inside = start < self.splits
        pair = np.flatnonzero(inside)
        node, at = start[pair], at[pair]
        feature, split_at, children = self.feature, self.split_at, self.children
        for _ in range(self.depth - self.heap_levels if len(node) else 0):
            cell = at + feature.take(node)
            left = flat.take(cell) <= split_at.take(node)
            child = children.take(2 * node + left)
            yield pair, cell, child
            inside = child < self.splits
            walking = np.count_nonzero(inside)
            if walking < keep * len(child):
                if not walking:
                    return
                pair, child, at = pair[inside], child[inside], at[inside]
            node = child

    def _blocks(self, rows: np.ndarray, pairs: int) -> list[np.ndarray]:
        """The rows a block of about `pairs` (row, tree) pairs at a time: a walk holds arrays of
        every pair at each level, and a page of 20,000 short lines walked at once took 460 MB.
        Rows are scored independently, so the blocks' results are the whole's, bit for bit."""
        step = max(1, pairs // len(self.roots))
        return [rows[first : first + step] for first in range(0, len(rows), step)] or [rows]

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        return np.concatenate([self._log_odds(block) for block in self._blocks(rows, SCORED_PAIRS)])

    def _log_odds(self, rows: np.ndarray) -> np.ndarray:
        leaf, at = self._top(rows)
        # The walk keeps its pairs from one drop to the next (the same `pair` array): their
        # children are written once, at the drop and at the end, not at every level.
        walked, reached = None, None
        for pair, _, child in self._walk(rows.ravel(), leaf, at, keep=_KEEP_WALKING):
            if walked is not None and pair is not walked:
                leaf[walked] = reached
            walked, reached = pair, child
        if walked is not None:
            leaf[walked] = reached
        return self.baseline + self.value[leaf].reshape(len(rows), len(self.roots)).sum(axis=1)

    def _top(
        self, rows: np.ndarray, steps: tuple[list[np.ndarray], list[np.ndarray]] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The node each (row, tree) pair reaches after the trees' first heap_levels levels,
        walked as complete binary trees: a pair's place on the level below is twice its place
        plus one when it goes right (x > split, or NaN; x <= split goes left, as in _walk), the
        same sum for every tree; and where each pair's row starts in the rows read flat.
        `steps`: lists that receive each level's cells (row * features + the slot's feature)
        and gains in node value."""
        count, width = rows.shape
        trees = len(self.roots)
        flat = rows.ravel()
        at = np.repeat(np.arange(0, count * width, width), trees)
        place = np.broadcast_to(np.arange(trees), (count, trees)).reshape(-1)  # level 0: roots
        for level in range(self.heap_levels):
            cell = at + self.heap_feature[level].take(place)
            right = flat.take(cell) <= self.heap_split[level].take(place)
            np.logical_not(right, out=right)
            below = place * 2
            below += right
            if steps:
                steps[0].append(cell)
                steps[1].append(self.heap_gain[level].take(below))
            place = below
        return self.heap_node.take(place), at

    def predict_proba(self, rows: np.ndarray) -> np.ndarray:
        return sigmoid(self.log_odds(rows))

    def contributions(self, rows: np.ndarray) -> np.ndarray:
        """Each feature's share of each row's log-odds (the change in node value at every
        split on the row's path, credited to the split's feature)."""
        return np.concatenate(
            [self._contributions(block) for block in self._blocks(rows, WALKED_PAIRS)]
        )

    def _contributions(self, rows: np.ndarray) -> np.ndarray:
        """The first heap_levels levels are read from the slots (`_top`): a pair that reached a
        leaf there adds 0.0 to its row's first cell at each level below it, which changes no
        sum (a sum of gains from 0.0 is never -0.0), and the gains of the others come in the
        order of the node walk."""
        width = len(self.names)
        if not len(rows):
            return np.zeros((0, width))
        cells: list[np.ndarray] = []
        gains: list[np.ndarray] = []
        leaf, at = self._top(rows, (cells, gains))
        for _, cell, child in self._walk(rows.ravel(), leaf, at):  # a row's cells: its features
            cells.append(cell)
            gains.append(self.gain.take(child))
        if not cells:
            return np.zeros((len(rows), width))
        total = np.bincount(
            np.concatenate(cells), np.concatenate(gains), minlength=len(rows) * width
        )
        return total.reshape(len(rows), width)


@dataclass(frozen=True)
class TextRows:
    """A batch of text units (sentences, say) as a text model reads them: the cells of a binary
    unit x n-gram matrix (each distinct n-gram the model knows, once per unit, named by its
    node in the model's n-gram trie), each unit's mean word score, the dense features, and
    where each document's units end."""

    units: int
    cell_unit: np.ndarray
    cell_node: np.ndarray
    word_mean: np.ndarray
    dense: np.ndarray
    ends: np.ndarray


@dataclass(frozen=True)
class TextLogit:
    """A logistic model over word n-grams (a weight per n-gram) plus standardised dense features,
    optionally plus the mean of per-word scores (`word_scores`): a linear model on averaged
    word vectors folds into one number per word, so no vectors ship.

    Its n-grams sit in a trie whose edges are (node, word id) pairs in one sorted array, so
    the n-grams of a whole batch are found with a few array look-ups per n-gram length
    (`rows`), never a string built or hashed per n-gram."""

    weights: dict[str, float]
    dense_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    ngram: int
    meta: dict[str, Any]
    word_scores: dict[str, float] = field(default_factory=dict)
    _lexicon: _Lexicon = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lexicon", _Lexicon.build(self.weights, self.word_scores))

    @classmethod
    def from_dict(cls, data: dict[str, Any], dense_names: Sequence[str]) -> TextLogit:
        check_format(data, TEXT_FORMAT, "text")
        if tuple(data["dense"]["names"]) != tuple(dense_names):
            raise ValueError("model features do not match this code's feature names; retrain")
        scale = np.asarray(data["dense"]["scale"], dtype=float)
        return cls(
            weights=_floats(data["ngrams"]),
            dense_names=tuple(dense_names),
            mean=np.asarray(data["dense"]["mean"], dtype=float),
            scale=np.where(scale > 0, scale, 1.0),
            coef=np.asarray(data["dense"]["coef"], dtype=float),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            ngram=int(data["ngram"]),
            meta={k: v for k, v in data.items() if k in ("training", "metrics")},
            word_scores=_floats(data.get("words", {})),
        )

    def rows(
        self,
        units: Sequence[Sequence[str]],
        dense: np.ndarray,
        per_document: Sequence[int] | None = None,
    ) -> TextRows:
        """The feature rows of word sequences (`units[i]`, in order) with their dense features;
        `per_document`: how many units each document of the batch has (default: one document)."""
        lexicon = self._lexicon
        lengths = np.fromiter(map(len, units), np.intp, len(units))
        flat = list(chain.from_iterable(units))
        ids = np.fromiter(map(lexicon.ids.get, flat, repeat(-1)), np.int64, len(flat))
        unit_of = np.repeat(np.arange(len(units)), lengths)
        cell_unit, cell_node = lexicon.cells(ids, unit_of, self.ngram)
        word_mean = np.zeros(len(units))
        if self.word_scores:
            word_mean = _sums_in_order(lexicon.word_score[ids], lengths)
            np.divide(word_mean, lengths, out=word_mean, where=lengths > 0)
        ends = np.cumsum(per_document if per_document is not None else [len(units)])
        dense = np.asarray(dense, float).reshape(len(units), len(self.dense_names))
        return TextRows(len(units), cell_unit, cell_node, word_mean, dense, ends)

    def log_odds(self, rows: TextRows) -> np.ndarray:
        """One score per unit: its n-gram weights, its mean word score and its dense features."""
        lexical = self._lexicon.weight_sums(rows.cell_unit, rows.cell_node, rows.units)
        if self.word_scores:
            lexical += rows.word_mean
        standard = (rows.dense - self.mean) / self.scale
        # A matrix-vector product rounds differently with its number of rows (the BLAS kernel
        # blocks them): taken per document, a sentence scores as in its article audited alone.
        starts = np.concatenate([[0], rows.ends[:-1]])
        parts = [standard[s:e] @ self.coef for s, e in zip(starts, rows.ends, strict=True)]
        dense = np.concatenate(parts) if parts else np.zeros(0)
        return lexical + dense + self.intercept

    def predict_proba(self, rows: TextRows) -> np.ndarray:
        return sigmoid(self.log_odds(rows))

    def per_sentence(
        self, units: Sequence[Sequence[str]], dense: np.ndarray, per_document: Sequence[int]
    ) -> list[np.ndarray]:
        """Each document's share of one prediction over every sentence of a batch; a sentence
        with no words (wholly quoted, say) is 0."""
        probs = self.predict_proba(self.rows(units, dense, per_document))
        probs[np.fromiter(map(len, units), np.intp, len(units)) == 0] = 0.0
        return np.split(probs, np.cumsum(per_document)[:-1]) if len(per_document) else []

    def evidence(self, grams: Sequence[str], top: int = 4) -> list[tuple[str, float]]:
        """The n-grams of one unit that pushed its score up most, strongest first."""
        found = [(g, self.weights[g]) for g in grams if self.weights.get(g, 0.0) > 0]
        return sorted(found, key=lambda item: (-item[1], item[0]))[:top]


# Limbs of an exact n-gram sum: a weight is an integer multiple of 2^-shift, split into a high
# and a low part of _LIMB bits; float64 sums of either stay exact below 2^53.
_LIMB = 32
_EXACT = 2.0**53


@dataclass(frozen=True)
class _Lexicon:
    """A text model's words as ids and its n-grams as a trie over them."""

    ids: dict[str, int]
    edge_keys: np.ndarray  # parent node * words + word id, sorted
    edge_child: np.ndarray
    # The root's child per word id, -1 for none (also at index -1, for words the model lacks):
    # every position of a batch takes its first step in one look-up, not a sorted search.
    first_node: np.ndarray
    node_weight: np.ndarray  # the n-gram weight a node ends (0 for a bare prefix)
    word_score: np.ndarray  # per word id, with 0 at index -1 for words the model lacks
    limbs: tuple[np.ndarray, np.ndarray, int] | None  # (high, low, shift), None: fsum instead

    @classmethod
    def build(cls, weights: dict[str, float], scores: dict[str, float]) -> _Lexicon:
        """The lexicon of a model's n-gram weights and word scores: word ids in order of first
        use (the n-grams' words, then the scored ones) and the trie's nodes in the order a
        walk through the n-grams meets them, built with array operations."""
        grams = list(weights)
        flat = " ".join(grams).split(" ") if grams else []  # every n-gram's words, in order
        ids = {word: i for i, word in enumerate(dict.fromkeys(chain(flat, scores)))}
        width = len(ids) + 1
        lengths = np.fromiter(map(str.count, grams, repeat(" ")), np.intp, len(grams)) + 1
        words = np.fromiter(map(ids.__getitem__, flat), np.int64, len(flat))
        edge_keys, edge_child, ends = _trie(words, lengths, width)
        first_node = np.full(width, -1, dtype=np.int64)
        rooted = edge_keys < width  # the root is node 0: its edges' keys are the word ids
        first_node[edge_keys[rooted]] = edge_child[rooted]
        node_weight = np.zeros(len(edge_keys) + 1)
        node_weight[ends] = np.fromiter(weights.values(), float, len(weights))
        word_score = np.zeros(width)
        word_score[np.fromiter(map(ids.__getitem__, scores), np.intp, len(scores))] = np.fromiter(
            scores.values(), float, len(scores)
        )
        return cls(
            ids, edge_keys, edge_child, first_node, node_weight, word_score, _limbs(node_weight)
        )

    def cells(
        self, ids: np.ndarray, unit_of: np.ndarray, ngram: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """(unit, node) of each distinct weighted n-gram per unit: every start position walks
        the trie one word at a time, inside its unit, while its path stays in the trie."""
        width = len(self.ids) + 1
        count = len(ids)
        node = self.first_node[ids]
        start = np.flatnonzero(node >= 0)
        node = node[start]
        found_unit, found_node = [], []
        for step in range(ngram):
            if step:
                at = start + step
                inside = at < count
                start, node, at = start[inside], node[inside], at[inside]
                keep = (ids[at] >= 0) & (unit_of[at] == unit_of[start])
                start, node, at = start[keep], node[keep], at[keep]
                key = node * width + ids[at]
                where = np.searchsorted(self.edge_keys, key)
                where[where == len(self.edge_keys)] = 0
                known = self.edge_keys[where] == key if len(self.edge_keys) else key < 0
                start, node = start[known], self.edge_child[where[known]]
            if not len(start):
                break
            weighted = self.node_weight[node] != 0
            found_unit.append(unit_of[start[weighted]])
            found_node.append(node[weighted])
        if not found_unit:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        nodes = len(self.node_weight)
        cells = _distinct(np.concatenate(found_unit) * nodes + np.concatenate(found_node))
        return cells // nodes, cells % nodes

    def weight_sums(self, unit: np.ndarray, node: np.ndarray, units: int) -> np.ndarray:
        """Each unit's n-gram weights summed and rounded once, as math.fsum rounds: the result
        does not depend on the order of the n-grams, and matches the sum over a set of strings."""
        if self.limbs is None:
            out = np.zeros(units)
            for i, nodes in zip(*_grouped(unit, node, units), strict=True):
                out[i] = math.fsum(self.node_weight[nodes].tolist())
            return out
        high, low, shift = self.limbs
        high_sum = np.bincount(unit, high[node], minlength=units)
        low_sum = np.bincount(unit, low[node], minlength=units)
        # high_sum * 2^_LIMB is exact; adding low_sum rounds the exact integer total once.
        return np.ldexp(np.ldexp(high_sum, _LIMB) + low_sum, -shift)


def _trie(
    words: np.ndarray, lengths: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The trie of word-id sequences (`lengths[i]` ids each, back to back in `words`): its edges
    as sorted keys (parent node * width + word id) with their child nodes, and the node each
    sequence ends at. Node 0 is the root; the others are numbered in the order a walk through
    the sequences, one word at a time, meets them: by the first sequence that holds them,
    then by depth. Each depth is one step over the sequences that reach it."""
    count = len(lengths)
    starts = np.cumsum(lengths) - lengths
    at = np.zeros(count, dtype=np.int64)  # each sequence's prefix so far (0: none yet)
    parents, last_words, firsts, depths = [], [], [], []
    reaching = np.arange(count)
    prefixes = 0
    for depth in range(int(lengths.max()) if count else 0):
        reaching = reaching[lengths[reaching] > depth]
        word = words[starts[reaching] + depth]
        first, group = first_and_group(at[reaching] * width + word)
        parents.append(at[reaching[first]])
        last_words.append(word[first])
        firsts.append(reaching[first])
        depths.append(np.full(len(first), depth))
        at[reaching] = prefixes + 1 + group
        prefixes += len(first)
    node = np.zeros(prefixes + 1, dtype=np.int64)  # prefix (1-based) -> its node
    if prefixes:
        order = np.lexsort((np.concatenate(depths), np.concatenate(firsts)))
        node[1 + order] = np.arange(1, prefixes + 1)
        keys = node[np.concatenate(parents)] * width + np.concatenate(last_words)
    else:
        keys = np.zeros(0, dtype=np.int64)
    by_key = np.argsort(keys)
    return keys[by_key], node[1 + by_key], node[at]


def first_and_group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The index of each distinct key's first occurrence, in the order of the distinct keys,
    and each key's distinct key (np.unique's return_index and return_inverse, without
    importing numpy.ma: _distinct)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    group = np.empty(len(keys), dtype=np.intp)
    group[order] = np.cumsum(new) - 1
    return order[new], group


def _floats(values: dict[str, Any]) -> dict[str, float]:
    """A model file's table of numbers, each as a float."""
    return dict(zip(values, map(float, values.values()), strict=True))


def _limbs(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Every weight as high * 2^_LIMB + low (integers in float64) times 2^-shift, or None when
    the weights span too many binary orders for a batch's sums of them to stay exact."""
    nonzero = weights[weights != 0]
    if not len(nonzero):
        return np.zeros(len(weights)), np.zeros(len(weights)), 0
    _, exponents = np.frexp(nonzero)
    shift = 53 - int(exponents.min())
    scaled = np.ldexp(weights, shift)  # whole numbers, exact: every weight is a multiple
    high = np.floor(np.ldexp(scaled, -_LIMB))  # exact, as an integer's >> _LIMB
    low = scaled - np.ldexp(high, _LIMB)  # exact: a whole number below 2^_LIMB
    reach = int(np.abs(high).max()) + 1
    if reach * len(weights) >= _EXACT or (1 << _LIMB) * len(weights) >= _EXACT:
        return None
    return high, low, shift


def _grouped(unit: np.ndarray, node: np.ndarray, units: int):
    """The units that hold cells, and each one's nodes (cells come sorted by unit)."""
    bounds = np.searchsorted(unit, np.arange(units + 1))
    present = np.flatnonzero(np.diff(bounds))
    return present, [node[bounds[i] : bounds[i + 1]] for i in present]


def _sums_in_order(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The sum of each run of `values` (runs of `lengths`, back to back), added left to right
    from 0.0 as Python's sum() adds. The first values of every run are added at once: laid
    out from the second column of a zero-padded grid, one row per run, whose running sums
    along each row (np.cumsum adds in order) end in the row's sum, 0.0 added after its last
    value changing no sum that starts from 0.0; a batch's few longer runs then add the rest
    one vectorised step per position. The grid holds at most _GRID_CELLS numbers."""
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.intp)
    longest = int(lengths.max()) if len(lengths) else 0
    head = min(longest, _GRID_CELLS // max(len(lengths), 1))
    within = np.minimum(lengths, head)
    run = np.repeat(np.arange(len(lengths)), within)
    place = np.arange(len(run)) - np.repeat(np.cumsum(within) - within, within)
    grid = np.zeros((len(lengths), head + 1))
    grid[run, place + 1] = values[starts[run] + place]
    total = np.cumsum(grid, axis=1)[:, -1].copy()
    order = np.argsort(-lengths, kind="stable")
    for position in range(head, longest):
        reach = order[: np.count_nonzero(lengths > position)]
        total[reach] += values[starts[reach] + position]
    return total


# A batch's runs are summed in a grid of at most this many numbers (2 MB): a service minibatch's
# sentences whole, a scan's 64 articles' sentences up to about their 50th word.
_GRID_CELLS = 1 << 18


def ngrams(words: Sequence[str], n: int) -> set[str]:
    """The distinct 1..n-grams of a word sequence, joined by spaces."""
    grams = set(words)
    for size in range(2, n + 1):
        grams.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return grams


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-D array, as np.unique gives them: np.unique checks for
    a masked array, which imports numpy.ma (about 15 ms, a fifth of a one-draft audit)."""
    values = np.sort(values)
    first = np.empty(len(values), dtype=bool)
    first[:1] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first]
