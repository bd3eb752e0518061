"""Fit the source model (audit/source_model.py) on articles labelled with their source's rating.

    python -m audit.evaluation.source_fit DATA.jsonl [--output audit/source_model.json]

Ridge regression of the source rating (0-100) on the standardised signals,
fitted where the rating lives: one row per source, its articles' mean signals
against its rating. An article-level fit spends its effort explaining why one
article of a source differs from the next, which the rating (one number per
source) cannot tell it; the source ranking only ever uses source means.
Two constraints keep it honest on sources it has not seen:

- every source weighs the same, however many articles it has, so three large
  publishers cannot own the fit (one row each; the article-level standardisation
  weighs each article 1 / articles of its source);
- every coefficient keeps the sign a rater expects (DIRECTION) or is zero:
  non-negative least squares on the sign-adjusted features.

The penalty is on coefficients for source means scaled to unit spread, so
ALPHA reads in sources: a weight is shrunk as if ALPHA more sources showed no
effect. Cross-validated Spearman on the development set is flat from 5 to 50.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from scipy.optimize import nnls

from audit.source_model import DIRECTION, MODEL_PATH, SourceModel
from audit.source_signals import SIGNAL_NAMES, ArticleSignals

ALPHA = 10.0  # ridge penalty: each weight is shrunk as if ALPHA more sources showed no effect
CLIP = 4.0  # standardised signals are clipped to +-CLIP


def fit_source_model(
    signals: Sequence[ArticleSignals],
    ratings: Sequence[float],
    sources: Sequence[str],
    alpha: float = ALPHA,
    meta: dict | None = None,
) -> SourceModel:
    x = np.array([[asdict(s)[n] for n in SIGNAL_NAMES] for s in signals], dtype=float)
    y = np.asarray(ratings, dtype=float)
    index = {name: i for i, name in enumerate(sorted(set(sources)))}
    group = np.array([index[s] for s in sources])
    counts = np.bincount(group).astype(float)
    w = 1.0 / counts[group]
    w /= w.sum()
    mean = w @ x
    scale = np.sqrt(w @ (x - mean) ** 2)
    scale[scale == 0] = 1.0
    z = np.clip((x - mean) / scale, -CLIP, CLIP)
    z_source = _group_means(z, group, counts)
    y_source = _group_means(y[:, None], group, counts)[:, 0]
    spread = z_source.std(axis=0)
    spread[spread < 1e-9] = 1.0
    sign = np.array([DIRECTION[n] for n in SIGNAL_NAMES], dtype=float)
    design = (z_source - z_source.mean(axis=0)) / spread * sign
    target = y_source - y_source.mean()
    penalty = np.sqrt(alpha) * np.eye(len(SIGNAL_NAMES))
    beta, _ = nnls(
        np.vstack([design, penalty]), np.concatenate([target, np.zeros(len(SIGNAL_NAMES))])
    )
    coef = beta * sign / spread
    intercept = float(y_source.mean() - z_source.mean(axis=0) @ coef)
    return SourceModel(
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        coef=tuple(coef.tolist()),
        intercept=intercept,
        clip=CLIP,
        meta=meta or {},
    )


def _group_means(values: np.ndarray, group: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Row means of `values` per group (groups numbered 0..len(counts)-1)."""
    sums = np.zeros((len(counts), values.shape[1]))
    np.add.at(sums, group, values)
    return sums / counts[:, None]


def main(argv: Sequence[str] | None = None) -> None:
    from audit.evaluation.sources import audit_labelled

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="JSONL with text, title, source and source_label (0-1)")
    parser.add_argument("--output", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    labelled = audit_labelled(args.data)
    rated = [item for item in labelled if item.rating is not None]
    meta = {
        "training": {
            "data": Path(args.data).name,
            "articles": len(rated),
            "sources": len({item.source for item in rated}),
            "alpha": ALPHA,
            "target": "source rating (Lin et al. 2023 pc1) x 100; one row per source (its mean signals)",
        }
    }
    model = fit_source_model(
        [item.signals for item in rated],
        [item.rating for item in rated],
        [item.source for item in rated],
        meta=meta,
    )
    Path(args.output).write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
    weights = sorted(zip(SIGNAL_NAMES, model.coef, strict=True), key=lambda item: -abs(item[1]))
    print(f"wrote {args.output}")
    for name, coef in weights:
        print(f"  {name:<20} {coef:+.2f}")


if __name__ == "__main__":
    main()
