"""Train, cross-validate and evaluate the style model (needs scikit-learn; inference does not).

    python -m audit.style.train LABELLED.jsonl... [--human HUMAN.jsonl...] --out MODEL.json
    python -m audit.style.train --cross-validate LABELLED.jsonl... [--human HUMAN.jsonl...]
    python -m audit.style.train --evaluate LABELLED.jsonl... [--model MODEL.json]

Rows come from audit/style/data.py, each with a ``group``: its outlet (human text) or its
generator (machine text). Every fold split keeps a group whole, so the cross-validated
figures are those of outlets and generators the model never saw, and the threshold and
calibration are chosen from such scores too.

The symbol n-gram model (ngrams.py) is fitted first; its out-of-fold log-odds of the whole
text and of the text after its opening sentence are the last two feature columns of the
style model, and both models are stored in the one model JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from audit.models.store import model_json
from audit.style import data as style_data
from audit.style.counts import count_text
from audit.style.features import FEATURE_NAMES, TELL_FEATURES, Summed, feature_rows
from audit.style.model import (
    CHATTER_FEATURE,
    FORMAT,
    MODEL_FEATURES,
    MODEL_PATH,
    StyleModel,
    load_model,
    weighed,
)
from audit.style.ngrams import MAX_N, NgramModel, after_opening, symbols
from audit.style.text import TOKEN_RE, fold
from audit.style.wordinfo import COL, Vocabulary
from audit.text.prose import prose_spans

C_GRID = (0.003, 0.01, 0.03)
# C is chosen by the partial ROC-AUC up to this human false-positive rate on grouped
# out-of-fold scores: AIS001 works far out in the tail, where whole-curve AUC says little.
SELECTION_FPR = 0.02
# Symbol n-gram model: 1-3-grams seen in at least NGRAM_MIN_DF texts, the NGRAM_VOCABULARY
# most frequent kept. Besides function words, the COMMON_WORDS lower-case words used by the
# most texts stay themselves, if at least COMMON_MIN_GROUPS outlets or generators use them
# (a word one outlet favours is house style, not authorship).
NGRAM_MIN_DF = 5
NGRAM_VOCABULARY = 10000
NGRAM_C = 1.0
COMMON_WORDS = 3000
COMMON_MIN_GROUPS = 10
Z_CLIP = 10.0  # standardised features are clipped to +-Z_CLIP: freak inputs must not explode
# Lexicon tells can only add evidence of machine text: a negative weight on one is noise from
# a handful of training hits, so such a feature is dropped and the model refitted.
NON_NEGATIVE = TELL_FEATURES
# AIS001 accuses a writer, so its threshold holds false alarms on human text to TARGET_FPR
# overall and GROUP_FPR in every outlet with at least MIN_GROUP texts, on out-of-fold scores
# of outlets the model never saw. The threshold aims under both (THRESHOLD_FPR, GROUP_AIM):
# a quantile of held-out scores does not transfer exactly to the next unseen outlet.
TARGET_FPR = 0.01
GROUP_FPR = 0.03
MIN_GROUP = 20
THRESHOLD_FPR = 0.006
GROUP_AIM = 0.02
# A text whose dense features lie further from the training texts than this multiple of the
# training texts' own 99.9th-percentile distance is outside what the model knows: abstain.
DISTANCE_QUANTILE = 0.999
DISTANCE_MARGIN = 1.5
FOLDS = 5
SEED = 20231
OUTLET_CAP = 25  # an outlet's human texts weigh at most as much as this many texts
# An outlet group that also holds machine text written from its copy (the BBC with the XSum
# continuations) is balanced within itself and then scaled, both sides together, so that its
# human texts weigh PAIRED_SHARE of all the other outlets' human texts: at count parity the
# BBC carried over half of all human weight, so BBC prose set what "human" looks like.
PAIRED_SHARE = 0.5
# AIS001 weighs the evidence by the amount of text: the log-odds it compares with the
# threshold is shrunk toward the prior's by words / (words + EVIDENCE_WORDS) (StyleModel.
# evidence), and the threshold is chosen on such out-of-fold scores. A short text that reads
# machine-like is weak evidence.
EVIDENCE_WORDS = 20
# Base-model continuations of human prompts are near-human prose; weighed fully they teach the
# model that plain news copy is machine-made, which costs false alarms on human outlets and
# recall on chat models (grouped by generator, held-out ChatGPT AUC 0.89 -> 0.94 at 0.3).
BASE_MODEL_WEIGHT = 0.3
CHAT_GENERATORS = ("gpt-3.5-turbo", "gpt-4", "claude-instant", "palm-2", "llama-2-70b")
# Assistant chatter (chatter.py) is evidence no newsroom text holds, so its weight is not
# learned per fold (a fold without such machine text would learn none) but fixed: the log of
# the ratio of its rates in chat-model and in human text, each a Jeffreys-prior estimate
# ((hits + 0.5) / (texts + 1)) over the development data: 22 of 399 chat-model texts, none
# of 2,814 human texts from about 400 outlets: 0.056 / 0.00018, a ratio of about 300.
CHATTER_LOG_LR = 5.7


# ---- data ------------------------------------------------------------------------------------


def count_words(text: str) -> int:
    """Words as estimate_style counts them for MIN_WORDS (tokens not starting with a digit)."""
    return sum(1 for t in TOKEN_RE.findall(fold(text)) if not t[0].isdigit())


def truncate(text: str, budget: int) -> str:
    """The longest run of whole leading prose sentences within ``budget`` words (at least one)."""
    out_end = 0
    for _start, end in prose_spans(text)[0]:
        if count_words(text[:end]) > budget and out_end:
            break
        out_end = end
    return text[:out_end]


Spans = list[tuple[int, int]]


def featurize(texts: Sequence[str], spans: Sequence[Spans]) -> tuple[np.ndarray, np.ndarray]:
    """Document feature matrix over each text's prose sentences, and each text's words as
    the estimator counts them."""
    vocab = Vocabulary.shipped()
    counted = [count_text(t, s, vocab) for t, s in zip(texts, spans, strict=True)]
    return (
        np.vstack([feature_rows(c, windows=False) for c in counted]),
        np.array([c.matrix[:, COL["words"]].sum() for c in counted], dtype=float),
    )


def labels(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    return np.array([r["label"] == "ai" for r in rows], dtype=int)


def groups_of(rows: Sequence[dict[str, Any]], key: str) -> np.ndarray:
    """Integer group per row by ``key`` ("outlet_group" or "generator_group", data.py); a
    row without one is a group of its own."""
    keys = [str(r.get(key) or f"row:{i}") for i, r in enumerate(rows)]
    index: dict[str, int] = {}
    return np.array([index.setdefault(k, len(index)) for k in keys])


@dataclass
class Prepared:
    """Rows cut to their training length, segmented and featurised once: texts, their prose
    sentence spans (as the audit segments them), dense features, their word counts (what
    the evidence is weighed by), the set of lower-case words
    of each text (for the common-word choice), labels, outlet groups (``groups``, what the
    weights, common words and threshold go by), story groups (``stories``, the outlet
    groups with machine text held out with its story's outlet: what folds grouped by
    outlet go by) and generator groups."""

    texts: list[str]
    spans: list[Spans]
    X: np.ndarray
    n_words: np.ndarray
    words: list[frozenset[str]]
    y: np.ndarray
    groups: np.ndarray
    generators: np.ndarray
    chat: np.ndarray  # machine text from a chat model (CHAT_GENERATORS)
    stories: np.ndarray

    def subset(self, index: np.ndarray) -> Prepared:
        return Prepared(
            [self.texts[i] for i in index],
            [self.spans[i] for i in index],
            self.X[index],
            self.n_words[index],
            [self.words[i] for i in index],
            self.y[index],
            self.groups[index],
            self.generators[index],
            self.chat[index],
            self.stories[index],
        )

    def weights(self) -> np.ndarray:
        """Sample weights that keep the outlet from standing in for the author. In an outlet
        group that also holds machine text written from the outlet's articles (XSum's
        continuations of BBC copy), the human texts count as many in all as the machine
        ones. Every other outlet's texts count at most as much as OUTLET_CAP texts, so a few
        large outlets do not set what human prose looks like, and together they count as
        many as the remaining machine texts. Then base-model machine text (not a chat model)
        weighs BASE_MODEL_WEIGHT, and each paired group is scaled, both sides together, so
        that its human texts weigh PAIRED_SHARE of the other outlets' human texts."""
        w = np.ones(len(self.y))
        human = self.y == 0
        paired = np.zeros(len(w), dtype=bool)
        for g in set(self.groups[human].tolist()):
            mine = human & (self.groups == g)
            theirs = ~human & (self.groups == g)
            if theirs.any():
                w[mine] = theirs.sum() / mine.sum()
                paired |= mine | theirs
            else:
                w[mine] = min(1.0, OUTLET_CAP / mine.sum())
        rest_h, rest_ai = human & ~paired, ~human & ~paired
        if rest_h.any() and rest_ai.any():
            w[rest_h] *= rest_ai.sum() / w[rest_h].sum()
        w[~human & ~self.chat] *= BASE_MODEL_WEIGHT
        if (paired & human).any() and rest_h.any():
            w[paired] *= PAIRED_SHARE * w[rest_h].sum() / w[paired & human].sum()
        return w * len(w) / w.sum()


def prepare(rows: Sequence[dict[str, Any]], cut: bool = True) -> Prepared:
    """Each text cut to whole leading sentences within its budget (data.budget), so long
    human articles and short machine texts are seen at the same lengths."""
    texts = [
        truncate(r["text"], style_data.budget(str(r.get("id", i)))) if cut else r["text"]
        for i, r in enumerate(rows)
    ]
    spans = [prose_spans(t)[0] for t in texts]
    words = [frozenset(w for w in TOKEN_RE.findall(fold(t)) if w.islower()) for t in texts]
    X, n_words = featurize(texts, spans)
    return Prepared(
        texts,
        spans,
        X,
        n_words,
        words,
        labels(rows),
        groups_of(rows, "outlet_group"),
        groups_of(rows, "generator_group"),
        np.array(
            [
                r["label"] == "ai"
                and style_data.generator_family(str(r.get("generator"))) in CHAT_GENERATORS
                for r in rows
            ]
        ),
        groups_of(rows, "story_group"),
    )


# ---- fitting -----------------------------------------------------------------------------------


class _Fitted:
    """A fitted standardise-clip-logistic model."""

    def __init__(self, mean, scale, coef, intercept):
        self.mean, self.scale, self.coef, self.intercept = mean, scale, coef, intercept

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        z = np.clip((X - self.mean) / self.scale, -Z_CLIP, Z_CLIP)
        return z @ self.coef + self.intercept


def _fit(X: np.ndarray, y: np.ndarray, C: float, weight: np.ndarray | None = None) -> _Fitted:
    """Standardise, clip, fit an L2 logistic regression; drop and refit any NON_NEGATIVE
    feature that came out negative."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    Z = np.clip((X - mean) / scale, -Z_CLIP, Z_CLIP)
    active = np.ones(X.shape[1], dtype=bool)
    signed = np.isin(MODEL_FEATURES, NON_NEGATIVE)
    while True:
        lr = LogisticRegression(C=C, max_iter=5000).fit(Z[:, active], y, sample_weight=weight)
        coef = np.zeros(X.shape[1])
        coef[active] = lr.coef_[0]
        bad = signed & active & (coef < 0)
        if not bad.any():
            return _Fitted(mean, scale, coef, float(lr.intercept_[0]))
        active &= ~bad


def common_words(words: Sequence[frozenset[str]], groups: np.ndarray) -> list[str]:
    """The COMMON_WORDS lower-case words in most texts among those used in at least
    COMMON_MIN_GROUPS groups."""
    texts: Counter[str] = Counter()
    by_group: dict[str, set[int]] = {}
    for ws, g in zip(words, groups.tolist(), strict=True):
        texts.update(ws)
        for w in ws:
            by_group.setdefault(w, set()).add(g)
    spread = [w for w in texts if len(by_group[w]) >= COMMON_MIN_GROUPS and w.isalpha()]
    spread.sort(key=lambda w: (-texts[w], w))
    return sorted(spread[:COMMON_WORDS])


Symbols = tuple[list[str], list[str]]  # a text's symbols: whole, and after its opening sentence


def symbolize(
    texts: Sequence[str], spans: Sequence[Spans], common: Sequence[str] = ()
) -> list[Symbols]:
    """Symbol sequences (ngrams.symbols) of each text, whole and after its opening sentence."""
    kept = frozenset(common)
    memo: dict[str, tuple[str, ...]] = {}  # each distinct chunk's symbols, read once
    return [
        (symbols(t, s, kept, memo), symbols(t, after_opening(s), kept, memo))
        for t, s in zip(texts, spans, strict=True)
    ]


def _fit_ngrams(
    syms: Sequence[list[str]],
    y: np.ndarray,
    common: Sequence[str] = (),
    weight: np.ndarray | None = None,
) -> dict[str, Any]:
    """TF-IDF over symbol 1-3-grams and an L2 logistic regression, as JSON."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=_grams,
        min_df=NGRAM_MIN_DF,
        max_features=NGRAM_VOCABULARY,
        sublinear_tf=True,
    )
    A = vectorizer.fit_transform(syms)
    lr = LogisticRegression(C=NGRAM_C, max_iter=5000).fit(A, y, sample_weight=weight)
    return {
        "common_words": list(common),
        "vocabulary": vectorizer.get_feature_names_out().tolist(),
        "idf": [round(float(v), 5) for v in vectorizer.idf_],
        "coef": [round(float(v), 5) for v in lr.coef_[0]],
        "intercept": round(float(lr.intercept_[0]), 6),
    }


def _grams(syms: list[str]) -> list[str]:
    """Every 1..MAX_N-gram of a symbol sequence, space-joined (symbols hold no spaces)."""
    return [
        " ".join(syms[i : i + n]) for n in range(1, MAX_N + 1) for i in range(len(syms) - n + 1)
    ]


def _ngram_columns(ngrams: NgramModel, syms: Sequence[Symbols]) -> np.ndarray:
    """The n-gram log-odds of each text, whole and after its opening: two columns."""
    return np.array([[ngrams.log_odds(whole), ngrams.log_odds(rest)] for whole, rest in syms])


def _folds(y: np.ndarray, groups: np.ndarray, k: int = FOLDS, seed: int = SEED):
    """Stratified folds that keep every group (outlet, generator) whole."""
    from sklearn.model_selection import StratifiedGroupKFold

    k = max(2, min(k, len(set(groups[y == 1].tolist())), len(set(groups[y == 0].tolist()))))
    return list(
        StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed).split(y, y, groups)
    )


def _auc(y: np.ndarray, s: np.ndarray, max_fpr: float | None = None) -> float | None:
    """ROC-AUC, or with ``max_fpr`` the standardised partial AUC up to that human FPR."""
    from sklearn.metrics import roc_auc_score

    if len(set(y.tolist())) < 2:
        return None
    return round(float(roc_auc_score(y, s, max_fpr=max_fpr)), 4)


def _stack_layer(
    full: np.ndarray, ngram: np.ndarray, y: np.ndarray, weight: np.ndarray
) -> tuple[float, float, float]:
    """Weights (full, n-gram, intercept) of a logistic layer over two components' grouped
    out-of-fold log-odds: the whole style model and the n-gram model alone. The style model's
    strong L2 penalty (C is chosen for the tail) also shrinks its n-gram column; the layer
    sets how far the n-gram model speaks for itself. A layer that would turn either component
    round is not a combination: then the style model stands alone."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, max_iter=1000)
    lr.fit(np.column_stack([full, ngram]), y, sample_weight=weight)
    a, b = (float(v) for v in lr.coef_[0])
    if a <= 0 or b < 0:
        return 1.0, 0.0, 0.0
    return a, b, float(lr.intercept_[0])


def _with_layer(fit: _Fitted, layer: tuple[float, float, float]) -> _Fitted:
    """``fit`` with the stacking layer folded into its coefficients: the n-gram log-odds is a
    column of the style model, so a * style + b * n-gram + c is again linear in the
    standardised features (exactly so while the n-gram column stays inside the clip)."""
    a, b, c = layer
    coef = a * fit.coef
    coef[len(FEATURE_NAMES)] += b * fit.scale[len(FEATURE_NAMES)]
    intercept = a * fit.intercept + b * fit.mean[len(FEATURE_NAMES)] + c
    return _Fitted(fit.mean, fit.scale, coef, float(intercept))


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and offset of a logistic fit of labels on out-of-fold logits."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def choose_threshold(prob: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    """The lowest probability (at least 0.5) at which at most THRESHOLD_FPR of the human
    texts, and at most GROUP_AIM of those of every outlet with MIN_GROUP texts or more, score
    at or above it."""
    cut = 0.5
    human = prob[y == 0]
    parts = [(human, THRESHOLD_FPR)]
    hg = groups[y == 0]
    for g in set(hg.tolist()):
        if (hg == g).sum() >= MIN_GROUP:
            parts.append((human[hg == g], GROUP_AIM))
    for scores, rate in parts:
        s = np.sort(scores)
        k = int(np.floor(rate * len(s)))  # texts allowed at or above the threshold
        if k < len(s):
            cut = max(cut, float(s[len(s) - k - 1]) + 1e-6)
    return round(min(cut, 0.999999), 6)


def _distances(fit: _Fitted, X: np.ndarray) -> np.ndarray:
    """Root-mean-square standardised (clipped) distance of each row's dense features from
    the training mean."""
    n = len(FEATURE_NAMES)
    z = np.clip((X[:, :n] - fit.mean[:n]) / fit.scale[:n], -Z_CLIP, Z_CLIP)
    return np.sqrt((z * z).mean(axis=1))


def _inner_groups(prep: Prepared) -> np.ndarray:
    """Groups for the folds inside one training set: human texts by outlet and machine texts
    by their story's outlet while each label keeps FOLDS groups. When the machine texts
    left span fewer than FOLDS outlets (a generator fold that holds out ChatGPT leaves only
    continuations of BBC copy), machine texts go by generator and human texts text by
    text, as the generator view splits them: folds holding out the BBC's human articles
    while machine continuations of them stay in training would teach the inner models that
    BBC prose is machine-like, and calibrate and set the threshold on that. Else text by
    text."""
    ai = prep.y == 1
    stories = prep.stories
    rows = np.arange(len(ai)) + 2 * (stories.max() + prep.generators.max() + 2)
    if len(set(stories[ai].tolist())) >= FOLDS:
        human_groups = stories if len(set(stories[~ai].tolist())) >= FOLDS else rows
        return np.where(ai, stories, human_groups)
    if len(set(prep.generators[ai].tolist())) >= FOLDS:
        return np.where(ai, prep.generators + stories.max() + 1, rows)
    return rows


def _fit_model(prep: Prepared, c_grid: Sequence[float] = C_GRID) -> dict[str, Any]:
    """The style model of one training set: common words, the n-gram model stacked out of
    fold, C by grouped out-of-fold partial AUC (SELECTION_FPR), Platt calibration and threshold from those
    out-of-fold scores."""
    y, groups, w = prep.y, _inner_groups(prep), prep.weights()
    common = common_words(prep.words, prep.groups)
    syms = symbolize(prep.texts, prep.spans, common)
    folds = _folds(y, groups)
    stacked = np.zeros((len(y), 2))
    for tr, te in folds:
        fitted = _fit_ngrams([syms[i][0] for i in tr], y[tr], common, w[tr])
        stacked[te] = _ngram_columns(NgramModel.from_dict(fitted), [syms[i] for i in te])
    X = np.column_stack([prep.X, stacked])
    best: tuple[float, float, np.ndarray] | None = None
    for C in c_grid:
        oof = np.zeros(len(y))
        for tr, te in folds:
            oof[te] = _fit(X[tr], y[tr], C, w[tr]).decision_function(X[te])
        auc = _auc(y, oof, SELECTION_FPR) or 0.0
        if best is None or auc > best[0] + 1e-4:
            best = (auc, C, oof)
    assert best is not None
    _, C, oof = best
    layer = _stack_layer(oof, stacked[:, 0], y, w)
    combined = layer[0] * oof + layer[1] * stacked[:, 0] + layer[2]
    slope, offset = _platt(combined, y)
    prob = 1 / (1 + np.exp(-(slope * combined + offset)))
    prior = round(float(y.mean()), 4)
    evidence = weighed(prob, prep.n_words, prior, EVIDENCE_WORDS)
    fit = _with_layer(_fit(X, y, C, w), layer)
    distance = np.quantile(_distances(fit, X), DISTANCE_QUANTILE) * DISTANCE_MARGIN
    return {
        "format": FORMAT,
        "features": list(MODEL_FEATURES),
        "mean": [round(float(v), 8) for v in fit.mean],
        "scale": [round(float(v), 8) for v in fit.scale],
        "clip": Z_CLIP,
        "coef": [round(float(v), 8) for v in fit.coef],
        "intercept": round(fit.intercept, 8),
        "calibration": {
            "method": "platt-on-grouped-oof",
            "slope": slope,
            "offset": offset,
            "prior": prior,
        },
        "threshold": choose_threshold(evidence, y, prep.groups),
        "flag": {"evidence_words": EVIDENCE_WORDS},
        "max_distance": round(float(distance), 4),
        "evidence": {CHATTER_FEATURE: CHATTER_LOG_LR},
        "ngrams": _fit_ngrams([whole for whole, _ in syms], y, common, w),
        "training": {
            "C": C,
            "rows": len(y),
            "ai_rows": int(y.sum()),
            "stack_layer": {"style": layer[0], "ngrams": layer[1], "intercept": layer[2]},
        },
    }


def train(
    rows: Sequence[dict[str, Any]], with_metrics: bool = True, c_grid: Sequence[float] = C_GRID
) -> dict[str, Any]:
    """Fit on all ``rows`` and return the model JSON dict (with grouped cross-validated
    metrics). C, calibration and threshold come from grouped out-of-fold scores, never from
    in-sample scores."""
    import sklearn

    prep = prepare(rows)
    model = _fit_model(prep, c_grid)
    model["training"].update(
        {
            "datasets": sorted({str(r.get("dataset")) for r in rows}),
            "outlets": len({r.get("outlet_group") for r in rows if r["label"] == "human"}),
            "generators": sorted({str(r.get("generator")) for r in rows if r["label"] == "ai"}),
            "trained_at": datetime.now(UTC).strftime("%Y-%m-%d"),
            "scikit_learn": sklearn.__version__,
            "sentence_window": 3,
            "ngrams": {
                "min_df": NGRAM_MIN_DF,
                "max_vocabulary": NGRAM_VOCABULARY,
                "C": NGRAM_C,
                "common_words": COMMON_WORDS,
                "common_min_groups": COMMON_MIN_GROUPS,
            },
        }
    )
    if with_metrics:
        model["metrics"] = cross_validate(rows, prep=prep)
    return model


def stored_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    """The cross-validated metrics as the model file keeps them: outlets with fewer than
    MIN_GROUP texts summed up rather than listed one by one (the full breakdown is what
    `newsaudit model cross-validate` prints)."""
    out = {}
    for view, m in metrics.items():
        outlets = m.get("per_outlet")
        if outlets is None:
            out[view] = m
            continue
        small = [v for v in outlets.values() if v["n"] < MIN_GROUP]
        out[view] = {
            **m,
            "per_outlet": {o: v for o, v in outlets.items() if v["n"] >= MIN_GROUP},
            "smaller_outlets": {
                "outlets": len(small),
                "n": sum(v["n"] for v in small),
                "flagged": sum(round(v["fpr"] * v["n"]) for v in small),
            },
        }
    return out


# ---- scoring -----------------------------------------------------------------------------------


def score(
    model: StyleModel, texts: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
    """Calibrated probability for each text and its evidence (what AIS001 compares with the
    threshold), as estimate_style computes the document's, and why estimate_style would
    abstain on it (None: it would not)."""
    from audit.style.estimate import abstain_reason, chatter_rows, list_reason

    prob, evidence, reasons = np.zeros(len(texts)), np.zeros(len(texts)), []
    vocab = Vocabulary.shipped()
    for i, t in enumerate(texts):
        spans, share = prose_spans(t)
        counts = count_text(t, spans, vocab)
        row = model.with_ngrams(feature_rows(counts, windows=False), t, spans)
        prob[i] = model.predict_proba(row, chatter_rows(Summed.of([counts.matrix]), model)[:1])[0]
        totals = counts.matrix.sum(axis=0)
        evidence[i] = model.evidence(prob[i], totals[COL["words"]])
        reason = "no sentences" if not spans else list_reason(share)
        reasons.append(reason or abstain_reason(totals, model, row[0]))
    return prob, evidence, reasons


# ---- evaluation --------------------------------------------------------------------------------


def metrics(
    rows: Sequence[dict[str, Any]],
    prob: np.ndarray,
    threshold: float | np.ndarray,
    abstained: Sequence[str | None] | None = None,
    evidence: np.ndarray | None = None,
) -> dict[str, Any]:
    """ROC-AUC; false alarms on human text overall, per outlet and per dataset; recall per
    generator at ``threshold`` (one, or one per row: each fold's own) applied to the
    ``evidence`` (default: the probability); Brier score and reliability table. A text the
    estimator abstains on is never flagged."""
    y = labels(rows)
    skip = np.array([r is not None for r in abstained]) if abstained else np.zeros(len(y), bool)
    pred = ((prob if evidence is None else evidence) >= threshold) & ~skip
    human = y == 0
    tp, fp = int((pred & ~human).sum()), int((pred & human).sum())
    fn = int((~pred & ~human).sum())
    gens = np.array([style_data.generator_family(str(r.get("generator"))) for r in rows])
    outlets = np.array([str(r.get("outlet_group", ":unknown")).split(":", 1)[-1] for r in rows])
    dsets = np.array([str(r.get("dataset")) for r in rows])
    chat = ~human & np.isin(gens, CHAT_GENERATORS)
    # Base-model text continues an outlet's own openings (XSum's continue the BBC's), so its
    # AUC against all human texts also measures that outlet against the others: against the
    # human texts of its own outlets, only the writing is left to tell them apart.
    own = ~human & ~chat
    own |= human & np.isin(outlets, sorted(set(outlets[own].tolist())))
    per_gen = {}
    for g in sorted(set(gens[~human].tolist())):
        m = human | (gens == g)
        per_gen[g] = {"auc": _auc(y[m], prob[m]), "n": int((gens == g).sum()),
                      "recall": round(float(pred[~human & (gens == g)].mean()), 4)}  # fmt: skip
    per_outlet = {}
    for o in sorted(set(outlets[human].tolist())):
        m = human & (outlets == o)
        per_outlet[o] = {"n": int(m.sum()), "fpr": round(float(pred[m].mean()), 4),
                         "mean_probability": round(float(prob[m].mean()), 4)}  # fmt: skip
    large = {o: v for o, v in per_outlet.items() if v["n"] >= MIN_GROUP}
    per_ds = {}
    for d in sorted(set(dsets.tolist())):
        m = dsets == d
        per_ds[d] = {
            "auc": _auc(y[m], prob[m]),
            "n_human": int((m & human).sum()),
            "n_ai": int((m & ~human).sum()),
            "human_fpr": round(float(pred[m & human].mean()), 4) if (m & human).any() else None,
            "recall": round(float(pred[m & ~human].mean()), 4) if (m & ~human).any() else None,
        }
    reasons = Counter(r.split(":")[0] for r in (abstained or ()) if r is not None)
    return {
        "n": len(y),
        "n_human": int(human.sum()),
        "n_ai": int((~human).sum()),
        "roc_auc": _auc(y, prob),
        "chat_auc": _auc(y[human | chat], prob[human | chat]),
        "base_model_auc": _auc(y[~chat], prob[~chat]),
        "base_model_auc_own_outlets": _auc(y[own], prob[own]),
        "threshold": round(float(np.median(threshold)), 6),
        "f1": round(2 * tp / max(2 * tp + fp + fn, 1), 4),
        "recall": round(tp / max(tp + fn, 1), 4),
        "chat_recall": round(float(pred[chat].mean()), 4) if chat.any() else None,
        "human_fpr": round(fp / max(int(human.sum()), 1), 4),
        "outlet_fpr_max": max((v["fpr"] for v in large.values()), default=None),
        "outlets_over_limit": sorted(o for o, v in large.items() if v["fpr"] > GROUP_FPR),
        "brier": round(float(np.mean((prob - y) ** 2)), 4),
        "prior": round(float(y.mean()), 4),
        "abstained": dict(sorted(reasons.items())),
        "per_generator": per_gen,
        "per_outlet": per_outlet,
        "per_dataset": per_ds,
        "calibration": _calibration_table(prob, y),
    }


def _calibration_table(prob: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    edges = np.linspace(0, 1, bins + 1)
    table = []
    for lo, hi in itertools.pairwise(edges):
        m = (prob >= lo) & ((prob < hi) | ((hi == 1) & (prob <= 1)))
        if m.any():
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()),
                          "mean_predicted": round(float(prob[m].mean()), 3),
                          "fraction_ai": round(float(y[m].mean()), 3)})  # fmt: skip
    return table


def evaluate(rows: Sequence[dict[str, Any]], model: dict[str, Any] | None = None) -> dict[str, Any]:
    """Metrics of a trained model (default: the shipped one) on ``rows``."""
    m = StyleModel.from_dict(model) if model is not None else load_model()
    prob, evidence, reasons = score(m, [r["text"] for r in rows])
    return metrics(rows, prob, m.threshold, reasons, evidence)


VIEWS = ("by_outlet", "whole_texts", "by_generator")


def cross_validate(
    rows: Sequence[dict[str, Any]], prep: Prepared | None = None, views: Sequence[str] = VIEWS
) -> dict[str, Any]:
    """Grouped cross-validated metrics. Every number comes from a model (common words,
    n-gram model, C, calibration and threshold included) that never saw the groups it scores.

    ``by_outlet``: five folds, none sharing an outlet or a story with its training part
    (human false alarms per outlet, the threshold's test). ``whole_texts``: the same fold
    models scoring the held-out texts uncut, as an audit reads them. ``by_generator``: five
    folds, none sharing a generator with its training part (recall and AUC per generator).
    Only the ``views`` asked for are run (the outlet folds once for both of theirs), so that
    an idea can be screened on one view in a third of the time.
    """
    unknown = sorted(set(views) - set(VIEWS))
    if unknown:
        raise ValueError(f"unknown view {', '.join(unknown)}; choose from {', '.join(VIEWS)}")
    prep = prepare(rows) if prep is None else prep
    texts = {"by_outlet": prep.texts, "whole_texts": [r["text"] for r in rows]}
    out: dict[str, Any] = {}
    outlet_views = {view: t for view, t in texts.items() if view in views}
    if outlet_views:
        out.update(_held_out(rows, prep, prep.stories, outlet_views))
    if "by_generator" in views:
        out.update(_held_out(rows, prep, prep.generators, {"by_generator": prep.texts}))
    return out


def _held_out(
    rows: Sequence[dict[str, Any]],
    prep: Prepared,
    groups: np.ndarray,
    views: dict[str, list[str]],
) -> dict[str, Any]:
    """Out-of-fold metrics of folds that keep ``groups`` whole, for each view of the texts."""
    y = prep.y
    for label, name in ((0, "human"), (1, "machine")):
        if len(set(groups[y == label].tolist())) < 2:
            return {view: {"skipped": f"the {name} texts form one group"} for view in views}
    oof = {k: np.zeros(len(y)) for k in views}
    evidence = {k: np.zeros(len(y)) for k in views}
    reasons: dict[str, list[str | None]] = {k: [None] * len(y) for k in views}
    threshold = np.zeros(len(y))
    fold_thresholds = []
    for tr, te in _folds(y, groups):
        model = StyleModel.from_dict(_fit_model(prep.subset(tr)))
        threshold[te] = model.threshold
        fold_thresholds.append(model.threshold)
        for view, texts in views.items():
            prob, weighed_prob, why = score(model, [texts[i] for i in te])
            oof[view][te] = prob
            evidence[view][te] = weighed_prob
            for i, r in zip(te.tolist(), why, strict=True):
                reasons[view][i] = r
    out: dict[str, Any] = {}
    for view in views:
        out[view] = metrics(rows, oof[view], threshold, reasons[view], evidence[view])
        out[view]["fold_thresholds"] = fold_thresholds
    return out


# ---- report ------------------------------------------------------------------------------------


def format_report(metrics: dict[str, Any]) -> str:
    """Human-readable report of ``evaluate`` or ``cross_validate`` output."""
    if metrics.keys() & set(VIEWS):
        titles = {
            "by_outlet": "Cross-validation, 5 folds grouped by outlet",
            "whole_texts": "The same folds (grouped by outlet), held-out texts scored uncut",
            "by_generator": "Cross-validation, 5 folds grouped by generator",
        }
        parts = []
        for key, title in titles.items():
            if "skipped" in metrics.get(key, {}):
                parts += [f"== {title} ==", f"not possible: {metrics[key]['skipped']}"]
            elif key in metrics:
                parts += [f"== {title} ==", _format_one(metrics[key])]
        return "\n".join(parts)
    return _format_one(metrics)


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _format_one(m: dict[str, Any]) -> str:
    lines = [
        f"rows {m['n']} (human {m.get('n_human', '-')}, ai {m.get('n_ai', '-')})   "
        f"ROC-AUC {_f(m['roc_auc'])}   chat AUC {_f(m.get('chat_auc'))}   "
        f"base-model AUC {_f(m.get('base_model_auc'))} (against the human texts of their "
        f"own outlets {_f(m.get('base_model_auc_own_outlets'))})   Brier {_f(m.get('brier'))}",
        f"threshold {m['threshold']:.3f}   human FPR {m['human_fpr']:.4f}   "
        f"largest outlet FPR (>= {MIN_GROUP} texts) {_f(m.get('outlet_fpr_max'))}   "
        f"recall {m['recall']:.3f}   chat recall {_f(m.get('chat_recall'))}   F1 {m['f1']:.3f}",
    ]
    if m.get("outlets_over_limit"):
        lines.append(f"outlets over {GROUP_FPR:.0%}: {', '.join(m['outlets_over_limit'])}")
    if m.get("abstained"):
        lines.append("abstained: " + ", ".join(f"{k} {v}" for k, v in m["abstained"].items()))
    lines.append(f"{'generator':28} {'n':>4} {'AUC':>7} {'recall':>7}")
    for g, v in m["per_generator"].items():
        lines.append(f"{g:28} {v['n']:>4} {_f(v['auc']):>7} {v['recall']:>7.3f}")
    outlets = m.get("per_outlet", {})
    if outlets:
        large = {o: v for o, v in outlets.items() if v["n"] >= MIN_GROUP}
        lines.append(f"{'outlet (>= ' + str(MIN_GROUP) + ' human texts)':28} {'n':>4} "
                     f"{'FPR':>7} {'mean p':>7}")  # fmt: skip
        for o, v in sorted(large.items(), key=lambda kv: -kv[1]["n"]):
            lines.append(f"{o:28} {v['n']:>4} {v['fpr']:>7.3f} {v['mean_probability']:>7.3f}")
        small = [v for o, v in outlets.items() if v["n"] < MIN_GROUP]
        if small:
            n = sum(v["n"] for v in small)
            flagged = sum(round(v["fpr"] * v["n"]) for v in small)
            lines.append(f"{len(small)} smaller outlets, {n} texts: {flagged} flagged "
                         f"({flagged / max(n, 1):.3f})")  # fmt: skip
    if m.get("per_dataset"):
        lines.append(f"{'dataset':34} {'human':>5} {'ai':>4} {'AUC':>7} {'FPR':>6} {'recall':>6}")
        for d, v in m["per_dataset"].items():
            lines.append(f"{d:34} {v['n_human']:>5} {v['n_ai']:>4} {_f(v['auc']):>7} "
                         f"{_f(v['human_fpr']):>6} {_f(v.get('recall')):>6}")  # fmt: skip
    if m.get("calibration"):
        lines.append(f"{'calibration bin':16} {'n':>5} {'predicted':>10} {'actual AI':>10}")
        for c in m["calibration"]:
            lines.append(f"{c['bin']:16} {c['n']:>5} {c['mean_predicted']:>10.3f} "
                         f"{c['fraction_ai']:>10.3f}")  # fmt: skip
    return "\n".join(lines)


# ---- CLI ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit.style.train", description=__doc__)
    parser.add_argument("data", nargs="+", help="JSONL rows with text and label")
    parser.add_argument("--human", action="append", default=[], help="JSONL of human texts")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--evaluate", action="store_true", help="evaluate a trained model")
    mode.add_argument("--cross-validate", action="store_true", help="grouped CV report only")
    parser.add_argument("--out", help="where to write the trained model JSON")
    parser.add_argument("--model", help="model JSON to evaluate (default: the shipped one)")
    parser.add_argument("--json", action="store_true", help="print metrics as JSON")
    args = parser.parse_args(argv)
    rows = style_data.load(args.data, args.human)
    if args.evaluate:
        model = json.loads(Path(args.model).read_text()) if args.model else None
        result = evaluate(rows, model)
    elif args.cross_validate:
        result = cross_validate(rows)
    else:
        model = train(rows)
        result = model["metrics"]
        model["metrics"] = stored_metrics(result)
        out = Path(args.out) if args.out else MODEL_PATH
        out.write_text(model_json(model), encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    print(json.dumps(result, indent=1) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
