"""Fit the source model (audit/source_model.py) on articles labelled with their source's rating.

    python -m audit.evaluation.source_fit DATA.jsonl [--output audit/source_model.json]

Ridge regression of the source rating (0-100) on the standardised signals,
with two constraints that keep it honest on sources it has not seen:

- every source weighs the same, however many articles it has (article weights
  1 / articles of its source), so three large publishers cannot own the fit;
- every coefficient keeps the sign a rater expects (DIRECTION) or is zero:
  non-negative least squares on the sign-adjusted features.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from scipy.optimize import nnls

from audit.source_model import DIRECTION, MODEL_PATH, SourceModel
from audit.source_signals import SIGNAL_NAMES, ArticleSignals

ALPHA = 30.0  # ridge penalty, in units of "sources"
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
    counts = Counter(sources)
    w = np.array([1.0 / counts[s] for s in sources])
    w /= w.sum()
    mean = w @ x
    scale = np.sqrt(w @ (x - mean) ** 2)
    scale[scale == 0] = 1.0
    z = np.clip((x - mean) / scale, -CLIP, CLIP)
    sign = np.array([DIRECTION[n] for n in SIGNAL_NAMES], dtype=float)
    zc = (z - w @ z) * sign
    yc = y - w @ y
    root = np.sqrt(w * len(counts))  # each source's articles together weigh one
    design = np.vstack([zc * root[:, None], np.sqrt(alpha) * np.eye(len(SIGNAL_NAMES))])
    target = np.concatenate([yc * root, np.zeros(len(SIGNAL_NAMES))])
    beta, _ = nnls(design, target)
    coef = beta * sign
    intercept = float(w @ y - (w @ z) @ coef)
    return SourceModel(
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        coef=tuple(coef.tolist()),
        intercept=intercept,
        clip=CLIP,
        meta=meta or {},
    )


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
            "target": "source rating (Lin et al. 2023 pc1) x 100; sources weighted equally",
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
