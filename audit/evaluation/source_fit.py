"""Fit the source model (audit/sources/model.py) on articles labelled with their source's rating.

    python -m audit.evaluation.source_fit DATA.jsonl [MORE.jsonl ...] [--output MODEL.json]  (or: newsaudit model train source DATA...)

Ridge regression of the source rating (0-100) on the article signals, fitted
where the rating lives: one row per source, its articles' mean signals against
its rating. An article-level fit spends its effort explaining why one article of
a source differs from the next, which the rating (one number per source) cannot
tell it; the source ranking only ever uses source means. What keeps it honest
on sources it has not seen:

- each article's signals are first pulled toward the prior by PSEUDO_WORDS words
  of average copy (audit/sources/model.py), so a short article counts as weak
  evidence in the fit exactly as it does at run time;
- a source weighs by how much evidence it carries, n / (n + SOURCE_K) for n
  articles: one article is half a well-covered source, forty are one source, so
  the three large publishers of the data cannot own the fit and a one-article
  outlet's noisy mean does not steer it;
- partisan lean is held fixed: the source's share of right-leaning articles and
  its distance from the centre enter the fit as nuisance terms, unpenalised and
  never shipped, so a weight is learnt from how the rating varies among
  outlets of the same lean; a signal that only tracks lean gets no weight;
- every coefficient keeps the sign a rater expects (DIRECTION) or is zero:
  non-negative least squares on the sign-adjusted features; each contribution
  is then bounded to ±CAP points.

The penalty is on coefficients for source means scaled to unit spread, so
ALPHA reads in sources: a weight is shrunk as if ALPHA more sources showed no
effect. The fitted evidence of the training articles then gives the source
prior (SourcePrior) by the method of moments.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import nnls

from audit.sources.model import DIRECTION, MODEL_PATH, UNSHRUNK, SourceModel, SourcePrior
from audit.sources.signals import SIGNAL_NAMES, ArticleSignals

ALPHA = 10.0  # ridge penalty: each weight is shrunk as if ALPHA more sources showed no effect
CLIP = 3.0  # standardised signals are clipped to ±CLIP
CAP = 8.0  # no signal moves an article's rating more than CAP points either way
PSEUDO_WORDS = 1000.0  # words of average copy every article's signals are pulled toward
SOURCE_K = 2.0  # a source of n articles weighs n / (n + SOURCE_K) in the fit
MIN_PRIOR_ARTICLES = 1.0  # the prior always counts as at least one average article


def fit_source_model(
    signals: Sequence[ArticleSignals],
    ratings: Sequence[float],
    sources: Sequence[str],
    leans: Sequence[float | None] | None = None,
    audit_scores: Sequence[float] | None = None,
    alpha: float = ALPHA,
    meta: dict | None = None,
) -> SourceModel:
    """`leans`: each article's lean (-1 left, 0 centre, +1 right, None unknown); `audit_scores`:
    each article's audit score, for the source prior (the defect penalty is part of evidence)."""
    raw = np.array([[getattr(s, n) for n in SIGNAL_NAMES] for s in signals], dtype=float)
    y = np.asarray(ratings, dtype=float)
    index = {name: i for i, name in enumerate(sorted(set(sources)))}
    group = np.array([index[s] for s in sources])
    counts = np.bincount(group).astype(float)
    article_weight = 1.0 / counts[group]
    article_weight /= article_weight.sum()
    prior = article_weight @ raw
    words = np.exp(raw[:, SIGNAL_NAMES.index("length")])
    shrinks = np.array([name not in UNSHRUNK for name in SIGNAL_NAMES])
    keep = np.where(shrinks, (words / (words + PSEUDO_WORDS))[:, None], 1.0)
    x = prior + (raw - prior) * keep
    mean = article_weight @ x
    scale = np.sqrt(article_weight @ (x - mean) ** 2)
    scale[scale == 0] = 1.0
    z = np.clip((x - mean) / scale, -CLIP, CLIP)
    z_source = _group_means(z, group, counts)
    y_source = _group_means(y[:, None], group, counts)[:, 0]
    weight = counts / (counts + SOURCE_K)
    nuisance = _lean_terms(leans, group, counts)
    root = np.sqrt(weight)[:, None]
    z_resid = _residual(z_source, nuisance, root)
    y_resid = _residual(y_source[:, None], nuisance, root)[:, 0]
    spread = np.sqrt(weight @ z_resid**2 / weight.sum())
    spread[spread < 1e-9] = 1.0
    sign = np.array([DIRECTION[n] for n in SIGNAL_NAMES], dtype=float)
    design = z_resid / spread * sign * root
    penalty = np.sqrt(alpha) * np.eye(len(SIGNAL_NAMES))
    beta, _ = nnls(
        np.vstack([design, penalty]),
        np.concatenate([y_resid * root[:, 0], np.zeros(len(SIGNAL_NAMES))]),
    )
    coef = beta * sign / spread
    intercept = float((weight @ y_source - (weight @ z_source) @ coef) / weight.sum())
    model = SourceModel(
        prior=tuple(prior.tolist()),
        pseudo_words=PSEUDO_WORDS,
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        coef=tuple(coef.tolist()),
        intercept=intercept,
        clip=CLIP,
        cap=CAP,
        source_prior=SourcePrior(0.0, 1.0, 1.0),
        meta=meta or {},
    )
    from audit.sources.ranking import article_evidence

    scores = audit_scores if audit_scores is not None else [100.0] * len(signals)
    evidence = [article_evidence(a, model.rating(s)) for a, s in zip(scores, signals, strict=True)]
    return SourceModel(**{**vars(model), "source_prior": source_prior(evidence, sources)})


def source_prior(evidence: Sequence[float], sources: Sequence[str]) -> SourcePrior:
    """Mean, prior weight and within-source spread of training evidence (method of moments)."""
    by_source: dict[str, list[float]] = {}
    for source, value in zip(sources, evidence, strict=True):
        by_source.setdefault(source, []).append(value)
    means = np.array([np.mean(v) for v in by_source.values()])
    sizes = np.array([len(v) for v in by_source.values()], dtype=float)
    df = float((sizes - 1).sum())
    squares = sum(((np.array(v) - np.mean(v)) ** 2).sum() for v in by_source.values())
    within = squares / df if df > 0 else 1.0
    between = max(float(np.var(means, ddof=1)) - float(np.mean(within / sizes)), 1.0)
    return SourcePrior(
        mean=float(means.mean()),
        articles=float(max(MIN_PRIOR_ARTICLES, within / between)),
        within_sd=math.sqrt(max(within, 1.0)),
    )


def _lean_terms(
    leans: Sequence[float | None] | None, group: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Per source: a constant, its right-leaning share and its distance from the centre (sources
    without lean labels get the mean of those with them)."""
    constant = np.ones((len(counts), 1))
    if leans is None:
        return constant
    labelled = np.array([v is not None for v in leans])
    values = np.array([0.0 if v is None else float(v) for v in leans])
    n = np.bincount(group, weights=labelled.astype(float), minlength=len(counts))
    right = np.bincount(group, weights=(values > 0) & labelled, minlength=len(counts))
    total = np.bincount(group, weights=values, minlength=len(counts))
    known = n > 0
    if known.sum() < 3:
        return constant
    share = np.where(known, right / np.maximum(n, 1), 0.0)
    extremity = np.where(known, np.abs(total) / np.maximum(n, 1), 0.0)
    share[~known], extremity[~known] = share[known].mean(), extremity[known].mean()
    return np.column_stack([constant, share, extremity])


def _residual(values: np.ndarray, terms: np.ndarray, root: np.ndarray) -> np.ndarray:
    """What weighted least squares on `terms` leaves of each column of `values`."""
    solution, *_ = np.linalg.lstsq(terms * root, values * root, rcond=None)
    return values - terms @ solution


def _group_means(values: np.ndarray, group: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Row means of `values` per group (groups numbered 0..len(counts)-1)."""
    sums = np.zeros((len(counts), values.shape[1]))
    np.add.at(sums, group, values)
    return sums / counts[:, None]


def main(argv: Sequence[str] | None = None) -> None:
    from audit.evaluation.rated_sources import audit_labelled

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="+", help="JSONL with text, title, source and source_label")
    parser.add_argument("--output", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    rated = [item for item in audit_labelled(*args.data) if item.rating is not None]
    meta = {
        "training": {
            "data": [Path(p).name for p in args.data],
            "articles": len(rated),
            "sources": len({item.source for item in rated}),
            "alpha": ALPHA,
            "source_k": SOURCE_K,
            "target": "source rating (Lin et al. 2023 pc1) x 100; one row per source (its mean "
            "signals), weighted n / (n + source_k), lean (AllSides) held fixed",
        }
    }
    model = fit_source_model(
        [item.signals for item in rated],
        [item.rating for item in rated],
        [item.source for item in rated],
        leans=[item.lean for item in rated],
        audit_scores=[item.audit_score for item in rated],
        meta=meta,
    )
    Path(args.output).write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
    weights = sorted(zip(SIGNAL_NAMES, model.coef, strict=True), key=lambda item: -abs(item[1]))
    print(f"wrote {args.output}")
    print(f"  source prior: {model.source_prior}")
    for name, coef in weights:
        if coef:
            print(f"  {name:<20} {coef:+.2f}")


if __name__ == "__main__":
    main()
