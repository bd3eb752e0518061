"""`newsaudit eval sources DATA.jsonl [MORE.jsonl ...]`: how well the source ranking matches
published ratings.

DATA holds one article per line with `source` and `source_label` (the source's
rating, 0-1: Lin et al. 2023 pc1 in shared/data/sources) and optionally
`source_class` (unreliable/mixed/reliable) and a partisan lean (`allsides_bias`
or `orientation`). Several files are read as one corpus. Reported:

- Spearman and Kendall between the source score and the rating, over rated sources,
  and over the well-covered ones alone (at least WELL_COVERED articles, like the
  outlets of a held-out set);
- article-level AUC, reliable against unreliable, of the evidence each article gives;
- the same with the source model refitted K times, each time on the other
  sources only (cross-validated by source: the honest figure on the data the
  shipped model was fitted on), and for the audit score alone (nothing fitted);
- a partisanship table: whether the score tracks the rating once left/right
  lean is held fixed, and within each lean group, and not the lean itself.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.evaluation.rated_sources import LabelledArticle, audit_labelled
from audit.sources.model import SourceModel, SourcePrior, load_source_model
from audit.sources.ranking import article_evidence, posterior

FOLDS = 10
WELL_COVERED = 8  # articles: the fewest a source of the held-out split has


@dataclass(frozen=True)
class Figures:
    sources: int
    spearman: float
    kendall: float
    articles: int
    auc: float

    def line(self, label: str) -> str:
        return (
            f"{label:<44} Spearman {self.spearman:+.3f}  Kendall {self.kendall:+.3f}  "
            f"article AUC {self.auc:.3f}   ({self.sources} sources, {self.articles} articles)"
        )


@dataclass(frozen=True)
class Scored:
    """One way of scoring: each article's evidence and each source's score."""

    evidence: list[float]
    scores: dict[str, float]


def evaluate_sources(*paths: str | Path, folds: int = FOLDS) -> str:
    data = audit_labelled(*paths)
    rated = [a for a in data if a.rating is not None]
    if len({a.source for a in rated}) < 3:
        return (
            f"{', '.join(map(str, paths))}: fewer than three rated sources; nothing to evaluate\n"
        )
    shipped = load_source_model()
    sizes: dict[str, int] = {}
    for a in rated:
        sizes[a.source] = sizes.get(a.source, 0) + 1
    covered = {s for s, n in sizes.items() if n >= WELL_COVERED}
    cv_label = f"cross-validated by source ({folds} folds)"
    lines = [
        f"{', '.join(map(str, paths))}: {len(data)} articles, {len({a.source for a in data})} "
        f"sources ({len(rated)} articles and {len(sizes)} sources rated, {len(covered)} of them "
        f"with at least {WELL_COVERED} articles)",
        "",
    ]
    audit_only = [a.audit_score for a in rated]
    results = {
        "shipped model": _scored(rated, lambda _: shipped),
        cv_label: _scored(rated, _cv_models(rated, folds)),
        "audit score alone (nothing fitted)": Scored(
            audit_only, _source_scores(rated, audit_only, lambda _: _own_prior(rated, audit_only))
        ),
    }
    for subset, keep in (("all rated sources", None), (f"{WELL_COVERED}+ articles", covered)):
        lines.append(f"On {subset}:")
        for label, scored in results.items():
            lines.append("  " + figures(rated, scored, keep).line(label))
    lines.append("")
    lines.append(
        "The shipped model was fitted on the development set: on it, only the cross-validated "
        "lines are a fair estimate."
    )
    for subset, keep in (("all rated sources", None), (f"{WELL_COVERED}+ articles", covered)):
        lines.extend(partisanship(rated, results[cv_label], keep, subset))
    return "\n".join(lines) + "\n"


def _scored(rated: Sequence[LabelledArticle], model_for: Callable[[str], SourceModel]) -> Scored:
    evidence = [
        article_evidence(a.audit_score, model_for(a.source).rating(a.signals)) for a in rated
    ]
    return Scored(evidence, _source_scores(rated, evidence, lambda s: model_for(s).source_prior))


def _source_scores(
    rated: Sequence[LabelledArticle],
    evidence: Sequence[float],
    prior_for: Callable[[str], SourcePrior],
) -> dict[str, float]:
    by_source: dict[str, list[float]] = {}
    for a, e in zip(rated, evidence, strict=True):
        by_source.setdefault(a.source, []).append(e)
    return {s: posterior(v, prior_for(s))[0] for s, v in by_source.items()}


def _own_prior(rated: Sequence[LabelledArticle], evidence: Sequence[float]) -> SourcePrior:
    from audit.evaluation.source_fit import source_prior

    return source_prior(evidence, [a.source for a in rated])


def _cv_models(rated: Sequence[LabelledArticle], folds: int) -> Callable[[str], SourceModel]:
    """A model per fold of sources, each fitted without that fold's sources."""
    from audit.evaluation.source_fit import fit_source_model

    ratings = {a.source: a.rating for a in rated}
    order = sorted(ratings, key=lambda s: (ratings[s], s))
    fold_of = {source: i % folds for i, source in enumerate(order)}
    models: dict[int, SourceModel] = {}
    for fold in range(folds):
        train = [a for a in rated if fold_of[a.source] != fold]
        models[fold] = fit_source_model(
            [a.signals for a in train],
            [a.rating for a in train],
            [a.source for a in train],
            leans=[a.lean for a in train],
            audit_scores=[a.audit_score for a in train],
        )
    return lambda source: models[fold_of[source]]


def figures(
    rated: Sequence[LabelledArticle], scored: Scored, keep: set[str] | None = None
) -> Figures:
    from scipy.stats import kendalltau, spearmanr

    ratings = {a.source: a.rating for a in rated}
    names = sorted(s for s in scored.scores if keep is None or s in keep)
    x = [scored.scores[n] for n in names]
    y = [ratings[n] for n in names]
    pairs = [
        (e, a.klass == "reliable")
        for a, e in zip(rated, scored.evidence, strict=True)
        if a.klass in ("reliable", "unreliable") and (keep is None or a.source in keep)
    ]
    with warnings.catch_warnings():  # constant scores: the correlation is undefined (nan), say so
        warnings.simplefilter("ignore")
        rho, tau = float(spearmanr(x, y)[0]), float(kendalltau(x, y)[0])
    return Figures(
        sources=len(names),
        spearman=rho,
        kendall=tau,
        articles=len(pairs),
        auc=auc(pairs),
    )


def auc(pairs: Sequence[tuple[float, bool]]) -> float:
    """Probability that a random positive outranks a random negative (ties count half)."""
    from scipy.stats import rankdata

    if not pairs:
        return math.nan
    ranks = rankdata([value for value, _ in pairs])
    positives = [r for r, (_, positive) in zip(ranks, pairs, strict=True) if positive]
    n_pos, n_neg = len(positives), len(pairs) - len(positives)
    if not n_pos or not n_neg:
        return math.nan
    return float((sum(positives) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def partisanship(
    rated: Sequence[LabelledArticle], scored: Scored, keep: set[str] | None, subset: str
) -> list[str]:
    """Does the score rank sources by rating once their lean is known, and not by lean?

    Lean per source: the mean of its articles' labels (left -1, centre 0, right +1). In this
    data the rating falls with right share and with extremity (distance from the centre), so
    a left/right or extremity detector would look good; the partial correlations and the
    within-lean rankings show whether the score has more than that.
    """
    from scipy.stats import spearmanr

    leans: dict[str, list[float]] = {}
    for a in rated:
        if a.lean is not None and (keep is None or a.source in keep):
            leans.setdefault(a.source, []).append(a.lean)
    if len(leans) < 5:
        return []
    ratings = {a.source: a.rating for a in rated}
    names = sorted(leans)
    score = [scored.scores[n] for n in names]
    rating = [ratings[n] for n in names]
    lines = [
        "",
        f"Partisanship table, {subset} (cross-validated scores; lean per source: mean of "
        "left -1, centre 0, right +1):",
    ]
    covariates = {
        "right share": [sum(v > 0 for v in leans[n]) / len(leans[n]) for n in names],
        "extremity |lean|": [abs(sum(leans[n]) / len(leans[n])) for n in names],
    }
    for label, values in covariates.items():
        r_sr = spearmanr(score, rating)[0]
        r_sc = spearmanr(score, values)[0]
        r_rc = spearmanr(rating, values)[0]
        partial = (r_sr - r_sc * r_rc) / math.sqrt(max((1 - r_sc**2) * (1 - r_rc**2), 1e-12))
        lines.append(
            f"  {label:<17} Spearman with score {r_sc:+.3f}, with rating {r_rc:+.3f}; "
            f"partial Spearman(score, rating | {label}) {partial:+.3f} (plain {r_sr:+.3f})"
        )
    lean = [sum(leans[n]) / len(leans[n]) for n in names]
    for side in ("left", "centre", "right"):
        members = [i for i, v in enumerate(lean) if _side(v) == side]
        if len(members) >= 4:
            rho = spearmanr([score[i] for i in members], [rating[i] for i in members])[0]
            lines.append(
                f"  within {side}-leaning sources: Spearman(score, rating) {rho:+.3f} ({len(members)} sources)"
            )
    return lines


def _side(lean: float) -> str:
    return "left" if lean <= -0.5 else "right" if lean >= 0.5 else "centre"
