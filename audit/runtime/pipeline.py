"""From settings to a run: the rules, the scoring policy, the review and the baseline.

`scan`, `check` and `baseline create` all audit through `audit_paths`, so a
configuration means the same thing to each of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from audit.ingest.model import ReadOptions
from audit.models.load import Models, shipped_models
from audit.results import RunResult
from audit.review import suppressions
from audit.review.article import ArticleReview
from audit.rules.model import Family, Rule
from audit.rules.registry import Registry, load_registry
from audit.runtime.config import ConfigError, Settings, file_selectors, load_config
from audit.runtime.execute import AuditEngine
from audit.runtime.run import Auditor, Freeze, Progress
from audit.scoring.article import ScoringPolicy
from audit.style.model import load_model
from audit.text.admission import Admission, check_languages

if TYPE_CHECKING:
    from audit.review.baseline import BaselineFilter


@dataclass(frozen=True)
class Rules:
    known: Registry  # every rule there is, built-in suppression rules included
    active: Registry  # the rules this run checks, with the configured levels


def build_rules(settings: Settings) -> Rules:
    """Packs, then levels, then selection: select (or all) plus extend-select, minus ignore."""
    loaded = load_registry(settings.rule_packs)
    known = Registry(tuple(sorted((*loaded.rules, *suppressions.RULES), key=_id)), loaded.families)
    if settings.file is not None:
        for key, selector in file_selectors(load_config(settings.file)):
            if not known.select([selector]).rules:
                raise ConfigError(
                    f"{settings.file}: key {key!r}: {selector!r} matches no rule "
                    "(a rule id, an id prefix or a rule name)"
                )
    for name, flag in (("select", "--select"), ("extend_select", "--extend-select"),
                       ("ignore", "--ignore")):  # fmt: skip
        for selector in getattr(settings, name):
            if not selector.strip() or not known.select([selector]).rules:  # (files: above)
                raise ConfigError(
                    f"{flag} {selector!r} matches no rule (a rule id, an id prefix or a rule "
                    "name; `newsaudit rules` lists them)"
                )
    levelled = Registry(
        tuple(replace(r, level=_level(settings, r, known)) for r in known.rules), known.families
    )
    chosen = _ids(levelled, settings.select) if settings.select else {r.id for r in levelled.rules}
    chosen |= _ids(levelled, settings.extend_select)
    chosen -= _ids(levelled, settings.ignore)
    return Rules(
        known, Registry(tuple(r for r in levelled.rules if r.id in chosen), known.families)
    )


def _id(rule: Rule) -> str:
    return rule.id


def _ids(registry: Registry, selectors: Sequence[str]) -> set[str]:
    """Ids of the rules any selector names (none for no selectors)."""
    return {r.id for r in registry.select(selectors).rules} if selectors else set()


def _level(settings: Settings, rule: Rule, known: Registry) -> str:
    """The configured level of a rule: the most specific selector wins (an id over a prefix)."""
    matching = [
        (len(selector), level)
        for selector, level in settings.levels.items()
        if rule in known.select([selector]).rules
    ]
    return max(matching)[1] if matching else rule.level


def build_policy(settings: Settings, families: Sequence[Family]) -> ScoringPolicy:
    """The families' scoring, with the configuration's weights and thresholds; a category no
    family declares is an error naming the file and the key."""
    policy = ScoringPolicy.of(families)
    for key, name, table in (
        ("weights", "weights", settings.weights),
        ("thresholds", "half_points", settings.thresholds),
    ):
        defaults = getattr(policy, name)
        unknown = sorted(set(table) - set(defaults))
        if unknown:
            raise ConfigError(
                f"{settings.origin(key)}: key {key!r}: unknown category {unknown[0]!r} "
                f"(categories: {', '.join(defaults)})"
            )
        policy = replace(policy, **{name: {**defaults, **table}})
    return policy


def audit_paths(
    paths: Sequence[str],
    settings: Settings,
    *,
    use_baseline: bool = True,
    today: date | None = None,
    read: ReadOptions | None = None,
    jobs: int = 1,
    engine: AuditEngine | None = None,
    progress: Progress | None = None,
    freeze: Freeze | None = None,
) -> RunResult:
    """Audit with the configuration applied; the run's notices list stale baseline entries."""
    auditor, baseline = build_auditor(settings, use_baseline, today)
    run = auditor.run(paths, read, jobs, engine, progress, freeze)
    if baseline is None:
        return run
    return replace(run, notices=(*run.notices, *baseline.notices(run)))


def build_auditor(
    settings: Settings, use_baseline: bool = True, today: date | None = None
) -> tuple[Auditor, BaselineFilter | None]:
    """The configured auditor, and the baseline it applies (if any) for its stale-entry notices."""
    rules = build_rules(settings)
    baseline = None
    if use_baseline and settings.baseline is not None:
        from audit.review.baseline import BaselineFilter, load_baseline  # (and its fingerprints)

        if not settings.baseline.is_file():
            raise ConfigError(
                f"{settings.origin('baseline')}: key 'baseline': no such file {settings.baseline}"
            )
        baseline = BaselineFilter(load_baseline(settings.baseline), today)
    review = ArticleReview(settings, rules.active, rules.known, baseline)
    auditor = Auditor(
        rules.active,
        build_policy(settings, rules.known.families),
        review,
        _models(settings),
        admission(settings),
    )
    return auditor, baseline


def admission(settings: Settings) -> Admission:
    """What the run refuses to score; a language code the detector does not know is an error."""
    unknown = check_languages(settings.allow_languages)
    if unknown is not None:
        origin = settings.origin("allow_languages")
        where = origin if origin.startswith("--") else f"{origin}: key 'allow-languages':"
        raise ConfigError(
            f"{where} {unknown!r} is not a language code the detector knows "
            '(ISO 639-1, such as "es"; or "any")'
        )
    return Admission(settings.min_words, frozenset(settings.allow_languages))


def _models(settings: Settings) -> Models:
    """The shipped models, with the AI-style model the configuration names (a JSON file from
    `newsaudit model train`)."""
    if settings.style_model is None:
        return shipped_models()
    try:
        return replace(shipped_models(), style=load_model(settings.style_model))
    except ValueError as error:
        raise ConfigError(
            f"{settings.origin('style_model')}: key 'style-model': {settings.style_model}: {error}"
        ) from error


def baseline_path(settings: Settings) -> Path:
    """Where `baseline create` writes when not told: the configured baseline, else beside the config."""
    from audit.review.baseline import DEFAULT_NAME

    return settings.baseline or settings.root / DEFAULT_NAME
