"""The newsroom's decisions applied to one article's findings, before they are scored.

In this order: per-source and per-path ignores from the configuration (the
rule does not apply here: the findings are dropped), suppressions in the
front matter (kept aside with their reasons), then the baseline (kept aside
too). Everything downstream, scores, gates and every output format, sees the
result, so `scan` and `check` agree.
"""

from __future__ import annotations

import os
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from audit.results import Suppressed
from audit.review.suppressions import apply_suppressions
from audit.rules.model import TEXT_ORDER, Finding
from audit.rules.registry import Registry
from audit.runtime.config import Settings
from audit.text.document import Document

if TYPE_CHECKING:
    from audit.review.baseline import BaselineFilter


class ArticleReview:
    """The Review an Auditor calls for every article (see audit/runtime/run.py)."""

    def __init__(
        self,
        settings: Settings,
        active: Registry,
        known: Registry,
        baseline: BaselineFilter | None = None,
    ):
        self.settings = settings
        self.known = known
        self.active = frozenset(rule.id for rule in active.rules)
        self.levels = {rule.id: rule.level for rule in active.rules}
        self.baseline = baseline
        self._expanded: dict[str, frozenset[str]] = {}  # a plain dict, so a review pickles

    def expand(self, selector: str) -> frozenset[str]:
        """The rule ids a selector names, memoised: every article asks the same few."""
        ids = self._expanded.get(selector)
        if ids is None:
            ids = self._expanded[selector] = frozenset(
                rule.id for rule in self.known.select([selector]).rules
            )
        return ids

    def __call__(
        self, doc: Document, location: str | None, findings: tuple[Finding, ...]
    ) -> tuple[tuple[Finding, ...], tuple[Suppressed, ...]]:
        ignored = self._ignored_here(doc, location)
        kept = [f for f in findings if f.rule not in ignored]
        kept, suppressed, notes = apply_suppressions(doc, kept, self.expand, self.active)
        notes = [replace(n, level=self.levels[n.rule]) for n in notes if n.rule not in ignored]
        kept = sorted((*kept, *notes), key=TEXT_ORDER)
        if self.baseline is not None:
            drafted = [s.finding for s in suppressed]
            kept, absorbed = self.baseline.apply(doc, location, kept, drafted)
            suppressed.extend(absorbed)
        return tuple(kept), tuple(suppressed)

    def _ignored_here(self, doc: Document, location: str | None) -> frozenset[str]:
        selectors: list[str] = []
        for pattern, rules in self.settings.per_source_ignores.items():
            if fnmatchcase(doc.source, pattern):
                selectors.extend(rules)
        if location is not None and self.settings.per_path_ignores:
            relative = Path(os.path.relpath(Path(location).resolve(), self.settings.root))
            for pattern, rules in self.settings.per_path_ignores.items():
                if path_matches(relative.as_posix(), pattern):
                    selectors.extend(rules)
        return frozenset().union(*(self.expand(s) for s in selectors))


def path_matches(relative: str, pattern: str) -> bool:
    """A glob against the path from the configuration's folder; a bare name matches any folder."""
    pattern = pattern.removeprefix("./")
    if fnmatchcase(relative, pattern):
        return True
    return "/" not in pattern and fnmatchcase(relative.rsplit("/", 1)[-1], pattern)
