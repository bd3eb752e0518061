"""Train and cross-validate the clutter line classifier.

    python -m audit.learn.clutter DATA.jsonl [--out MODEL.json] [--cross-validate]

Pages are never split: folds are grouped by page, so every cross-validated
figure comes from a model that saw none of the page's lines. The threshold is
the one with the best line F1 + token F1 of the rules and the model together
(out of fold), because that union is what the tool reports.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from audit.evaluation.clutter import clutter_engine, covered_lines, page
from audit.evaluation.data import load_rows
from audit.evaluation.scores import score
from audit.features.clutter_lines import FEATURE_NAMES, feature_matrix
from audit.learn.common import export_trees, folds, stamp, write_model

MODEL_RULE = "CLT013"
PARAMS = {"max_iter": 150, "learning_rate": 0.1, "max_leaf_nodes": 31, "min_samples_leaf": 20,
          "early_stopping": False, "random_state": 0}  # fmt: skip


def dataset(rows: Sequence[dict[str, Any]]):
    """Feature rows, labels, token weights, page groups, dataset names, rule verdicts."""
    engine = clutter_engine(without=[MODEL_RULE])
    X, y, w, g, d, ruled = [], [], [], [], [], []
    for number, record in enumerate(rows):
        p = page(record)
        X.append(feature_matrix([p.document.text[s:e] for s, e in p.spans]))
        y.append(p.labels)
        w.append(p.tokens)
        g.append(np.full(len(p.labels), number))
        d.append(np.full(len(p.labels), str(record.get("dataset", "-"))))
        ruled.append(covered_lines(engine.run(p.document), p.spans))
    return tuple(np.concatenate(a) for a in (X, y, w, g, d, ruled))


# Lines are weighted by tokens**TOKEN_POWER: a long teaser or bio missed costs more than a
# menu item (token F1 is the weak figure), without letting a few long lines decide alone.
TOKEN_POWER = 0.75


def _fit(X: np.ndarray, y: np.ndarray, w: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier

    weight = np.maximum(w, 1.0) ** TOKEN_POWER
    return HistGradientBoostingClassifier(**PARAMS).fit(X, y, sample_weight=weight)


def _pick(prob: np.ndarray, y: np.ndarray, w: np.ndarray, ruled: np.ndarray) -> float:
    best = (-1.0, 0.5)
    for cut in np.round(np.arange(0.2, 0.81, 0.01), 2):
        pred = ruled | (prob >= cut)
        value = score(pred, y).f1 + score(pred, y, w).f1
        if value > best[0] + 1e-9:
            best = (value, float(cut))
    return best[1]


def cross_validate(data) -> dict[str, Any]:
    """Out-of-fold figures; each fold picks its own threshold on its training part."""
    X, y, w, g, d, ruled = data
    oof = np.zeros(len(y))
    cut = np.zeros(len(y))
    for train, test in folds(y, g):
        inner = np.zeros(len(train))
        for a, b in folds(y[train], g[train], k=4):
            part = train[a]
            inner[b] = _fit(X[part], y[part], w[part]).predict_proba(X[train][b])[:, 1]
        cut[test] = _pick(inner, y[train], w[train], ruled[train])
        oof[test] = _fit(X[train], y[train], w[train]).predict_proba(X[test])[:, 1]
    model_only = oof >= cut
    combined = ruled | model_only
    out: dict[str, Any] = {
        "folds": "5, grouped by page, threshold chosen inside each fold",
        "fold_thresholds": sorted({float(c) for c in cut}),
    }
    for name, pred in (("rules", ruled), ("model", model_only), ("rules+model", combined)):
        out[name] = {"line": score(pred, y).to_dict(), "token": score(pred, y, w).to_dict()}
    for name in sorted(set(d.tolist())):
        m = d == name
        out[f"rules+model {name}"] = {
            "line": score(combined[m], y[m]).to_dict(),
            "token": score(combined[m], y[m], w[m]).to_dict(),
        }
    return out


def train(rows: Sequence[dict[str, Any]], with_metrics: bool = True) -> dict[str, Any]:
    data = dataset(rows)
    X, y, w, g, _, ruled = data
    oof = np.zeros(len(y))
    for train_part, test in folds(y, g):
        oof[test] = _fit(X[train_part], y[train_part], w[train_part]).predict_proba(X[test])[:, 1]
    threshold = _pick(oof, y, w, ruled)
    model = export_trees(_fit(X, y, w), FEATURE_NAMES, threshold)
    stamp(model, len(y), int(y.sum()), pages=len(rows), params=PARAMS, token_power=TOKEN_POWER)
    if with_metrics:
        model["metrics"] = cross_validate(data)
    return model


def report(metrics: dict[str, Any]) -> str:
    lines = []
    for name, value in metrics.items():
        if isinstance(value, dict) and "line" in value:
            for unit in ("line", "token"):
                s = value[unit]
                lines.append(
                    f"{name:<22} {unit:<6} P {s['precision']:.3f}  R {s['recall']:.3f}  "
                    f"F1 {s['f1']:.3f}"
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit.learn.clutter", description=__doc__)
    parser.add_argument("data")
    parser.add_argument("--out", help="model JSON to write (default: the shipped one)")
    parser.add_argument("--cross-validate", action="store_true", help="figures only")
    args = parser.parse_args(argv)
    rows = load_rows(args.data)
    if args.cross_validate:
        print(report(cross_validate(dataset(rows))))
        return 0
    model = train(rows)
    path = write_model(model, "clutter", args.out)
    print(f"wrote {path}", file=sys.stderr)
    print(report(model["metrics"]))
    print(json.dumps({"threshold": model["threshold"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
