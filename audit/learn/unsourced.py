"""Cross-validate a learned "needs a source" decision against UNS006's rule.

    python -m audit.learn.unsourced LABELS.jsonl --articles A.jsonl [--articles B.jsonl]
        [--C 0.03] [--draws 5]

Every labelled sentence the rule could accuse (in a paragraph of the body, outside a
quotation, supported by nobody or only vaguely as read in its paragraph) becomes one row
of the reader's own evidence (`FEATURES`): the claims model's probability, each evidence
sign of UNS006 and their weight, whether an exclusion holds, a counted figure, the
sentence's place in its paragraph and article, sources beside it, in its paragraph and in
the article. A logistic model is fitted in five folds grouped by outlet (no outlet in the
fitting and the scoring part), its threshold chosen inside each fitting part by grouped
folds of its own for the best F0.5 (precision first), and every labelled sentence gets an
out-of-fold verdict. The figures are printed per split beside the rule's, for several
draws of the folds. Nothing is written: the decision is shipped only when its grouped
out-of-fold figures beat the rule on the splits the rules were not written on
(docs/attribution-guideline.md, tenth round: they do not).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from audit.evaluation.attribution import judge, labelled_documents
from audit.evaluation.data import load_rows
from audit.evaluation.scores import format_line, score
from audit.features import claims as claim_rules
from audit.features.attribution import NONE, VAGUE, sourcing
from audit.learn.common import SEED
from audit.text.document import Document

FOLDS = 5
C = 0.03
DRAWS = 5
FEATURES = (
    "check-worthy probability",
    "over the claims threshold",
    "vague support",
    *(f"sign: {name}" for name in claim_rules.EVIDENCE_WEIGHTS),
    "evidence weight",
    "nothing specific to check",
    "another exclusion",
    "a counted figure",
    "words (log)",
    "first in its paragraph",
    "last in its paragraph",
    "in the first paragraph",
    "place in the article",
    "a sourced sentence beside it",
    "a sourced sentence in its paragraph",
    "a quotation in its paragraph",
    "sourced share of the article",
    "capitalised words per word",
    "a date or time",
    "a modal verb",
)


def evidence_rows(doc: Document) -> dict[int, np.ndarray]:
    """Per sentence the rule could accuse (by its start), the reader's evidence (`FEATURES`)."""
    found = sourcing(doc).attributions
    probs = claim_rules.sentence_probabilities(doc)
    threshold = doc.analysis.model("claims", claim_rules.shipped).threshold
    blocks = doc.structure.blocks
    body = [a for a in found if a.sentence.start >= doc.structure.body_start]
    sourced_share = sum(a.kind != NONE for a in body) / max(1, len(body))
    paragraphs = [
        b.index for b in blocks if b.kind == "paragraph" and b.start >= doc.structure.body_start
    ]
    members: dict[int, list[int]] = {}
    for i, a in enumerate(found):
        members.setdefault(a.sentence.block, []).append(i)
    rows = {}
    for i, a in enumerate(found):
        sentence = a.sentence
        if sentence.start < doc.structure.body_start:
            continue
        if claim_rules.placement(doc, sentence, a.support) is not None:
            continue
        text = doc.text[sentence.start : sentence.end]
        reads = claim_rules._reads(text)
        signs, weight = claim_rules.evidence(text, a.support, reads)
        reason = claim_rules._nothing_to_source(doc, sentence, a.support, reads=reads)
        paragraph = members[sentence.block]
        place = paragraph.index(i)
        beside = [paragraph[j] for j in (place - 1, place + 1) if 0 <= j < len(paragraph)]
        words = text.split()
        rank = paragraphs.index(sentence.block)
        rows[sentence.start] = np.array(
            [
                probs[i],
                probs[i] >= threshold,
                a.support == VAGUE,
                *(name in signs for name in claim_rules.EVIDENCE_WEIGHTS),
                weight,
                reason == "nothing specific to check",
                reason is not None and reason != "nothing specific to check",
                claim_rules._has_digit(reads[1].text),
                math.log1p(len(words)),
                place == 0,
                place == len(paragraph) - 1,
                rank == 0,
                rank / max(1, len(paragraphs)),
                any(found[j].kind != NONE for j in beside),
                any(found[j].kind != NONE for j in paragraph if j != i),
                any(found[j].quoted or found[j].sentence.in_quote for j in paragraph),
                sourced_share,
                sum(w[:1].isupper() for w in words[1:]) / max(1, len(words)),
                bool(claim_rules._DATE_OR_TIME.search(text)),
                bool(claim_rules._MODAL.search(text)),
            ],
            dtype=float,
        )
    return rows


def _fit(X: np.ndarray, y: np.ndarray, strength: float) -> Callable[[np.ndarray], np.ndarray]:
    """A logistic model on standardised features: its probability for new rows."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-9
    model = LogisticRegression(C=strength, max_iter=5000).fit((X - mean) / scale, y)
    return lambda Z: model.predict_proba((Z - mean) / scale)[:, 1]


def _folds(y: np.ndarray, groups: np.ndarray, seed: int, k: int = FOLDS) -> np.ndarray:
    """Each row's fold: stratified, no group (outlet) in two folds."""
    from sklearn.model_selection import StratifiedGroupKFold

    fold = np.zeros(len(y), dtype=int)
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    for number, (_, test) in enumerate(splitter.split(np.zeros(len(y)), y, groups)):
        fold[test] = number
    return fold


def _best_f_half(prob: np.ndarray, y: np.ndarray) -> float:
    """The cut with the best F0.5 (precision weighs twice recall) on out-of-fold scores;
    above every score (nothing flagged) when no cut finds a sentence that needs a source."""
    best = (0.0, math.inf)
    for cut in np.unique(prob):
        found = score(prob >= cut, y)
        p, r = found.precision, found.recall
        f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        if f > best[0]:
            best = (f, float(cut))
    return best[1]


def out_of_fold(
    X: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int, strength: float = C
) -> np.ndarray:
    """Each row's verdict from a model fitted on the other outlets, its threshold chosen by
    grouped folds inside that fitting part."""
    fold = _folds(y, groups, seed)
    verdict = np.zeros(len(y), dtype=bool)
    for k in range(FOLDS):
        fit_part = fold != k
        inner = _folds(y[fit_part], groups[fit_part], seed + 1 + k, FOLDS - 1)
        prob = np.zeros(int(fit_part.sum()))
        Xf, yf = X[fit_part], y[fit_part]
        for q in range(FOLDS - 1):
            prob[inner == q] = _fit(Xf[inner != q], yf[inner != q], strength)(Xf[inner == q])
        cut = _best_f_half(prob, yf)
        verdict[fold == k] = _fit(Xf, yf, strength)(X[fold == k]) >= cut
    return verdict


def cross_validate(
    rows: Sequence[dict[str, Any]],
    articles: Sequence[str],
    strength: float = C,
    draws: int = DRAWS,
) -> list[str]:
    """The rule's figures and the learned decision's out-of-fold figures, per split and draw."""
    judged, missing = judge(rows, articles)
    if missing:
        raise SystemExit(f"labelled rows not found: {missing[:3]}")
    documents = labelled_documents(rows, articles)
    evidence = {article: evidence_rows(doc) for article, doc in documents.items()}
    pool = [j for j in judged if j.row["start"] in evidence[str(j.row["article"])]]
    X = np.array([evidence[str(j.row["article"])][j.row["start"]] for j in pool])
    y = np.array([bool(j.row["needs_source"]) for j in pool])
    groups = np.array([j.row["outlet"] for j in pool])
    by_row = {id(j): i for i, j in enumerate(pool)}
    splits = [*sorted({str(j.row["split"]) for j in judged}), "all"]
    labelled = np.array([bool(j.row["needs_source"]) for j in judged])

    def lines(name: str, said: np.ndarray) -> list[str]:
        out = []
        for split in splits:
            mine = np.array([split in ("all", j.row["split"]) for j in judged])
            out.append(format_line(name, f"{split} needs-src", score(said[mine], labelled[mine])))
        return out

    out = [
        f"unsourced {len(pool)} sentences the rule could accuse ({int(y.sum())} need a source) "
        f"of {len(judged)}; C {strength}, {FOLDS} folds grouped by outlet",
        *lines("rule", np.array([j.needs_source for j in judged])),
    ]
    for draw in range(draws):
        verdict = out_of_fold(X, y, groups, SEED + 100 * draw, strength)
        said = np.array([id(j) in by_row and verdict[by_row[id(j)]] for j in judged])
        out.extend(lines(f"draw {draw}", said))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit.learn.unsourced", description=__doc__)
    parser.add_argument("labels")
    parser.add_argument("--articles", action="append", required=True)
    parser.add_argument("--C", type=float, default=C, help="inverse regularisation strength")
    parser.add_argument("--draws", type=int, default=DRAWS, help="draws of the folds")
    args = parser.parse_args(argv)
    print("\n".join(cross_validate(load_rows(args.labels), args.articles, args.C, args.draws)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
