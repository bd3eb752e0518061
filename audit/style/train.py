"""Train, cross-validate and evaluate the style model (needs scikit-learn; inference does not).

    python -m audit.style.train DATA.jsonl --out audit/style/model.json
    python -m audit.style.train --evaluate DATA.jsonl [--model MODEL.json]
    python -m audit.style.train --cross-validate DATA.jsonl

Rows are JSON objects with ``text``, ``label`` ("human" | "ai") and optionally ``dataset``,
``generator`` and ``id``. The development data's two source datasets differ in their
human/AI mix, so besides stratified folds grouped by article the figures that matter are
per dataset and leave-one-dataset-out (train on one source, test on the other).

The function-word n-gram model (ngrams.py) is fitted first; its out-of-fold log-odds of the
whole text and of the text after its opening sentence are the last two feature columns of the
style model, and both models are stored in the one model JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from audit.style.counts import Counts
from audit.style.features import feature_rows
from audit.style.model import FORMAT, MODEL_FEATURES, MODEL_PATH, StyleModel
from audit.style.ngrams import MAX_N, NgramModel, after_opening, symbols
from audit.style.text import TOKEN_RE, fold, split_sentences

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
# Function-word n-gram model: 1-3-grams seen in at least NGRAM_MIN_DF texts, the NGRAM_VOCABULARY
# most frequent kept. Measured under grouped CV: 1,000-4,000 entries and C 1-3 score alike.
NGRAM_MIN_DF = 3
NGRAM_VOCABULARY = 2000
NGRAM_C = 1.0
Z_CLIP = 10.0  # standardised features are clipped to +-Z_CLIP: freak inputs must not explode
# Lexicon tells can only add evidence of machine text: a negative weight on one is noise from
# a handful of training hits, so such a feature is dropped and the model refitted.
NON_NEGATIVE = (
    "kobak_style_rate",
    "antislop_rate",
    "wiki_tell_rate",
    "transition_rate",
    "trailing_ing_rate",
    "parallelism_rate",
    "hard_tells",
)
TARGET_FPR = 0.05  # the human false-positive rate the threshold must hold on unseen text
# The threshold is a quantile of ~240 out-of-fold human scores, which has a standard error of
# about 1.4 points; aiming one point under the target keeps unseen humans within it.
THRESHOLD_FPR = TARGET_FPR - 0.01
FOLDS = 5
SEED = 20231
LENGTH_BUDGETS = (30, 45, 60, 70, 80, 90, 100, 120)
CHAT_GENERATORS = (
    "gpt-3.5-turbo",
    "gpt-4",
    "gpt-3.5-turbo(detectrl)",
    "claude-instant",
    "palm-2",
    "llama-2-70b",
    "text-davinci-003",
)


# ---- data ------------------------------------------------------------------------------------


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def featurize(texts: Sequence[str]) -> np.ndarray:
    """Document feature matrix, sentences from the simple training splitter."""
    return np.vstack([feature_rows(Counts(t, split_sentences(t)), windows=False) for t in texts])


Symbols = tuple[list[str], list[str]]  # a text's symbols: whole, and after its opening sentence


def symbolize(texts: Sequence[str]) -> list[Symbols]:
    """Function-word symbol sequences (ngrams.symbols) of each text, whole and after its
    opening sentence, same sentences."""
    out = []
    for t in texts:
        spans = split_sentences(t)
        out.append((symbols(t, spans), symbols(t, after_opening(spans))))
    return out


def predict(model: StyleModel, texts: Sequence[str]) -> np.ndarray:
    """Calibrated probability for each text, as estimate_style computes the document's."""
    X = featurize(texts)
    return np.array(
        [
            model.probability(model.with_ngrams(x, t, split_sentences(t)))[0]
            for x, t in zip(X, texts, strict=True)
        ]
    )


def labels(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    return np.array([r["label"] == "ai" for r in rows], dtype=int)


def article_groups(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    """Group key: the first eight words. A continuation starts with its article's opening
    words, so an article and the machine text continuing it share a fold."""
    keys = [" ".join(re.findall(r"\w+", r["text"].lower())[:8]) for r in rows]
    index: dict[str, int] = {}
    return np.array([index.setdefault(k, len(index)) for k in keys])


def count_words(text: str) -> int:
    """Words as estimate_style counts them for MIN_WORDS (tokens not starting with a digit)."""
    return sum(1 for t in TOKEN_RE.findall(fold(text)) if not t[0].isdigit())


def truncate(text: str, budget: int) -> str:
    """The longest run of whole leading sentences within ``budget`` words (at least one)."""
    out_end = 0
    for _start, end in split_sentences(text):
        if count_words(text[:end]) > budget and out_end:
            break
        out_end = end
    return text[:out_end]


# ---- fitting -----------------------------------------------------------------------------------


class _Fitted:
    """A fitted standardise-clip-logistic model over a subset of the feature columns."""

    def __init__(self, mean, scale, coef, intercept):
        self.mean, self.scale, self.coef, self.intercept = mean, scale, coef, intercept

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        z = np.clip((X - self.mean) / self.scale, -Z_CLIP, Z_CLIP)
        return z @ self.coef + self.intercept


def _fit(X: np.ndarray, y: np.ndarray, C: float) -> _Fitted:
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
        lr = LogisticRegression(C=C, max_iter=5000).fit(Z[:, active], y)
        coef = np.zeros(X.shape[1])
        coef[active] = lr.coef_[0]
        bad = signed & active & (coef < 0)
        if not bad.any():
            return _Fitted(mean, scale, coef, float(lr.intercept_[0]))
        active &= ~bad


def _raw_logits(model: _Fitted, X: np.ndarray) -> np.ndarray:
    return model.decision_function(X)


def _fit_ngrams(syms: Sequence[list[str]], y: np.ndarray) -> dict[str, Any]:
    """TF-IDF over function-word 1-3-grams and an L2 logistic regression, as JSON."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=_grams,
        min_df=NGRAM_MIN_DF,
        max_features=NGRAM_VOCABULARY,
        sublinear_tf=True,
    )
    A = vectorizer.fit_transform(syms)
    lr = LogisticRegression(C=NGRAM_C, max_iter=5000).fit(A, y)
    return {
        "vocabulary": vectorizer.get_feature_names_out().tolist(),
        "idf": [round(float(v), 6) for v in vectorizer.idf_],
        "coef": [round(float(v), 6) for v in lr.coef_[0]],
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


def _ngram_oof(syms: Sequence[Symbols], y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Out-of-fold n-gram log-odds: the style model's training columns for those features, so
    it learns how far to trust the n-gram model on texts the n-gram model has not seen. The
    n-gram model is fitted on whole texts."""
    out = np.zeros((len(y), 2))
    for tr, te in _folds(y, groups):
        ngrams = NgramModel.from_dict(_fit_ngrams([syms[i][0] for i in tr], y[tr]))
        out[te] = _ngram_columns(ngrams, [syms[i] for i in te])
    return out


def _folds(y: np.ndarray, groups: np.ndarray, k: int = FOLDS, seed: int = SEED):
    from sklearn.model_selection import StratifiedGroupKFold

    return list(
        StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed).split(y, y, groups)
    )


def _auc(y: np.ndarray, s: np.ndarray) -> float | None:
    from sklearn.metrics import roc_auc_score

    if len(set(y.tolist())) < 2:
        return None
    return round(float(roc_auc_score(y, s)), 4)


def _choose_c(
    X: np.ndarray, y: np.ndarray, groups: np.ndarray, c_grid: Sequence[float] = C_GRID
) -> tuple[float, np.ndarray]:
    """C with the best grouped out-of-fold AUC, and the out-of-fold raw logits at that C."""
    best: tuple[float, float, np.ndarray] | None = None
    folds = _folds(y, groups)
    for C in c_grid:
        oof = np.zeros(len(y))
        for tr, te in folds:
            oof[te] = _raw_logits(_fit(X[tr], y[tr], C), X[te])
        auc = _auc(y, oof) or 0.0
        if best is None or auc > best[0] + 1e-4:
            best = (auc, C, oof)
    assert best is not None
    return best[1], best[2]


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and offset of a logistic fit of labels on out-of-fold logits."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _threshold(prob: np.ndarray, y: np.ndarray) -> float:
    """0.5, raised if needed so that at most THRESHOLD_FPR of humans score at or above it."""
    human = np.sort(prob[y == 0])
    if not len(human):
        return 0.5
    k = int(np.floor(THRESHOLD_FPR * len(human)))  # humans allowed at or above the threshold
    cut = human[len(human) - k - 1] if k < len(human) else human[0]
    return round(max(0.5, float(cut) + 1e-6), 6)


def _fit_model(
    X: np.ndarray,
    syms: Sequence[Symbols],
    y: np.ndarray,
    groups: np.ndarray,
    c_grid: Sequence[float] = C_GRID,
) -> dict[str, Any]:
    """The style model on dense features ``X`` plus the n-gram model's out-of-fold log-odds."""
    X = np.column_stack([X, _ngram_oof(syms, y, groups)])
    C, oof = _choose_c(X, y, groups, c_grid)
    slope, offset = _platt(oof, y)
    prob = 1 / (1 + np.exp(-(slope * oof + offset)))
    fit = _fit(X, y, C)
    return {
        "format": FORMAT,
        "features": list(MODEL_FEATURES),
        "mean": [round(float(v), 8) for v in fit.mean],
        "scale": [round(float(v), 8) for v in fit.scale],
        "clip": Z_CLIP,
        "coef": [round(float(v), 8) for v in fit.coef],
        "intercept": round(fit.intercept, 8),
        "calibration": {"method": "platt-on-grouped-oof", "slope": slope, "offset": offset},
        "threshold": _threshold(prob, y),
        "ngrams": _fit_ngrams([whole for whole, _ in syms], y),
        "training": {"C": C, "rows": len(y), "ai_rows": int(y.sum())},
    }


def train(
    rows: Sequence[dict[str, Any]], with_metrics: bool = True, c_grid: Sequence[float] = C_GRID
) -> dict[str, Any]:
    """Fit on all ``rows`` and return the model JSON dict (with cross-validated metrics).

    C is picked from ``c_grid`` by grouped out-of-fold AUC; the calibration and threshold
    come from the out-of-fold scores at that C, never from in-sample scores.
    """
    import sklearn

    texts = [r["text"] for r in rows]
    X, syms, y, groups = featurize(texts), symbolize(texts), labels(rows), article_groups(rows)
    model = _fit_model(X, syms, y, groups, c_grid)
    model["training"].update(
        {
            "datasets": sorted({str(r.get("dataset")) for r in rows}),
            "generators": sorted({str(r.get("generator")) for r in rows if r["label"] == "ai"}),
            "trained_at": datetime.now(UTC).strftime("%Y-%m-%d"),
            "scikit_learn": sklearn.__version__,
            "sentence_window": 3,
            "ngrams": {"min_df": NGRAM_MIN_DF, "max_vocabulary": NGRAM_VOCABULARY, "C": NGRAM_C},
        }
    )
    if with_metrics:
        model["metrics"] = cross_validate(rows, X=X, syms=syms)
    return model


# ---- evaluation --------------------------------------------------------------------------------


def metrics(
    rows: Sequence[dict[str, Any]], prob: np.ndarray, threshold: float | np.ndarray
) -> dict[str, Any]:
    """ROC-AUC, F1 and human FPR at ``threshold`` (one, or one per row: each cross-validation
    fold's own), AUC per generator / dataset, calibration table."""
    y = labels(rows)
    pred = prob >= threshold
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    gens = np.array([str(r.get("generator")) for r in rows])
    dsets = np.array([str(r.get("dataset")) for r in rows])
    human = y == 0
    per_gen = {}
    for g in sorted(set(gens[y == 1].tolist())):
        m = human | (gens == g)
        per_gen[g] = {"auc": _auc(y[m], prob[m]), "n": int((gens == g).sum()),
                      "recall": round(float(pred[gens == g].mean()), 4)}  # fmt: skip
    chat = human | np.isin(gens, CHAT_GENERATORS)
    base = human | ((y == 1) & ~np.isin(gens, CHAT_GENERATORS))
    per_ds = {}
    for d in sorted(set(dsets.tolist())):
        m = dsets == d
        per_ds[d] = {
            "auc": _auc(y[m], prob[m]),
            "n_human": int((m & human).sum()),
            "n_ai": int((m & ~human).sum()),
            "human_fpr": round(float(pred[m & human].mean()), 4) if (m & human).any() else None,
        }
    return {
        "n": len(y),
        "roc_auc": _auc(y, prob),
        "chat_auc": _auc(y[chat], prob[chat]),
        "base_model_auc": _auc(y[base], prob[base]),
        "threshold": round(float(np.median(threshold)), 6),
        "f1": round(2 * tp / max(2 * tp + fp + fn, 1), 4),
        "recall": round(tp / max(tp + fn, 1), 4),
        "human_fpr": round(fp / max(int(human.sum()), 1), 4),
        "per_generator": per_gen,
        "per_dataset": per_ds,
        "calibration": _calibration_table(prob, y),
    }


def _calibration_table(prob: np.ndarray, y: np.ndarray, bins: int = 5) -> list[dict[str, Any]]:
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
    m = StyleModel.from_dict(model) if model is not None else _shipped()
    return metrics(rows, predict(m, [r["text"] for r in rows]), m.threshold)


def _shipped() -> StyleModel:
    return StyleModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def _predict(model: dict[str, Any], X: np.ndarray, syms: Sequence[Symbols]) -> np.ndarray:
    m = StyleModel.from_dict(model)
    return m.probability(np.column_stack([X, _ngram_columns(m.ngrams, syms)]))


def cross_validate(
    rows: Sequence[dict[str, Any]],
    X: np.ndarray | None = None,
    syms: Sequence[Symbols] | None = None,
) -> dict[str, Any]:
    """Grouped cross-validated metrics. Every number comes from a model (C, calibration and
    threshold included) that never saw the rows it scores.

    ``by_article``: stratified 5-fold, grouped by article. ``by_dataset``: train on every
    dataset but one, test on that one. ``length_curve``: the by-article models scored on the
    held-out texts cut to a word budget.
    """
    texts = [r["text"] for r in rows]
    X = featurize(texts) if X is None else X
    syms = symbolize(texts) if syms is None else syms
    y, groups = labels(rows), article_groups(rows)
    oof = np.zeros(len(y))
    threshold = np.zeros(len(y))
    fold_models = []
    for tr, te in _folds(y, groups):
        model = _fit_model(X[tr], [syms[i] for i in tr], y[tr], groups[tr])
        oof[te] = _predict(model, X[te], [syms[i] for i in te])
        threshold[te] = model["threshold"]
        fold_models.append((model, te))
    out: dict[str, Any] = {"by_article": metrics(rows, oof, threshold)}
    out["by_article"]["fold_thresholds"] = [m["threshold"] for m, _ in fold_models]
    # Leave one dataset out.
    dsets = np.array([str(r.get("dataset")) for r in rows])
    by_ds = {}
    for d in sorted(set(dsets.tolist())):
        te, tr = np.flatnonzero(dsets == d), np.flatnonzero(dsets != d)
        if len(set(y[tr].tolist())) < 2:
            continue
        model = _fit_model(X[tr], [syms[i] for i in tr], y[tr], groups[tr])
        sub = [rows[i] for i in te]
        by_ds[d] = metrics(sub, _predict(model, X[te], [syms[i] for i in te]), model["threshold"])
        for key in ("per_dataset", "calibration"):
            by_ds[d].pop(key)
    out["by_dataset"] = by_ds
    # Length curve on truncated held-out texts.
    curve = {}
    for budget in LENGTH_BUDGETS:
        cut = [truncate(t, budget) for t in texts]
        Xc, sc = featurize(cut), symbolize(cut)
        prob = np.zeros(len(y))
        for model, te in fold_models:
            prob[te] = _predict(model, Xc[te], [sc[i] for i in te])
        words = np.array([count_words(t) for t in cut])
        chat = (y == 0) | np.isin([str(r.get("generator")) for r in rows], CHAT_GENERATORS)
        curve[str(budget)] = {
            "mean_words": round(float(words.mean()), 1),
            "roc_auc": _auc(y, prob),
            "chat_auc": _auc(y[chat], prob[chat]),
            "per_dataset": {d: _auc(y[dsets == d], prob[dsets == d]) for d in sorted(set(dsets))},
        }
    out["length_curve"] = curve
    return out


# ---- report ------------------------------------------------------------------------------------


def format_report(metrics: dict[str, Any]) -> str:
    """Human-readable report of ``evaluate`` or ``cross_validate`` output."""
    if "by_article" in metrics:
        parts = ["== Cross-validation, stratified 5-fold grouped by article ==",
                 _format_one(metrics["by_article"])]  # fmt: skip
        for d, m in metrics.get("by_dataset", {}).items():
            parts += [f"== Leave-one-dataset-out: tested on {d} (trained on the rest) ==",
                      _format_one(m)]  # fmt: skip
        if metrics.get("length_curve"):
            parts.append("== Held-out texts cut to a word budget ==")
            curve = metrics["length_curve"]
            names = list(next(iter(curve.values()))["per_dataset"])
            parts.append(f"{'budget':>8} {'words':>7} {'AUC':>7} {'chat AUC':>9} "
                         + " ".join(f"{n[:18]:>18}" for n in names))  # fmt: skip
            for b, m in curve.items():
                parts.append(f"{b:>8} {m['mean_words']:>7} {_f(m['roc_auc']):>7} "
                             f"{_f(m['chat_auc']):>9} "
                             + " ".join(f"{_f(v):>18}" for v in m["per_dataset"].values()))  # fmt: skip
        return "\n".join(parts)
    return _format_one(metrics)


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _format_one(m: dict[str, Any]) -> str:
    lines = [
        f"rows {m['n']}   ROC-AUC {_f(m['roc_auc'])}   chat AUC {_f(m.get('chat_auc'))}   "
        f"base-model AUC {_f(m.get('base_model_auc'))}",
        f"threshold {m['threshold']:.3f}   F1 {m['f1']:.3f}   recall {m['recall']:.3f}   "
        f"human FPR {m['human_fpr']:.3f}",
        f"{'generator':28} {'n':>4} {'AUC':>7} {'recall':>7}",
    ]
    for g, v in m["per_generator"].items():
        lines.append(f"{g:28} {v['n']:>4} {_f(v['auc']):>7} {v['recall']:>7.3f}")
    if m.get("per_dataset"):
        lines.append(f"{'dataset':28} {'human':>5} {'ai':>4} {'AUC':>7} {'FPR':>6}")
        for d, v in m["per_dataset"].items():
            fpr = "-" if v["human_fpr"] is None else f"{v['human_fpr']:.3f}"
            lines.append(f"{d:28} {v['n_human']:>5} {v['n_ai']:>4} {_f(v['auc']):>7} {fpr:>6}")
    if m.get("calibration"):
        lines.append(f"{'calibration bin':16} {'n':>4} {'predicted':>10} {'actual AI':>10}")
        for c in m["calibration"]:
            lines.append(f"{c['bin']:16} {c['n']:>4} {c['mean_predicted']:>10.3f} "
                         f"{c['fraction_ai']:>10.3f}")  # fmt: skip
    return "\n".join(lines)


# ---- CLI ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit.style.train", description=__doc__)
    parser.add_argument("data", help="JSONL rows with text and label")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--evaluate", action="store_true", help="evaluate a trained model")
    mode.add_argument("--cross-validate", action="store_true", help="grouped CV report only")
    parser.add_argument("--out", help="where to write the trained model JSON")
    parser.add_argument("--model", help="model JSON to evaluate (default: the shipped one)")
    parser.add_argument("--json", action="store_true", help="print metrics as JSON")
    args = parser.parse_args(argv)
    rows = load_rows(args.data)
    if args.evaluate:
        model = json.loads(Path(args.model).read_text()) if args.model else None
        result = evaluate(rows, model)
    elif args.cross_validate:
        result = cross_validate(rows)
    else:
        model = train(rows)
        out = Path(args.out) if args.out else MODEL_PATH
        out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
        result = model["metrics"]
    print(json.dumps(result, indent=1) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
