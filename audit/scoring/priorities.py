"""What to fix first: an article's few most important problems, each with its evidence and
what an editor can do about it.

An article can carry dozens of findings; an editor acts on three. Findings are grouped
by rule (fourteen unattributed claims are one problem with fourteen places), and the
groups are ranked by level (an error first), then by confidence (a surer finding first),
then by the score points they cost the article: the share of their category's lost points that is theirs, times the
category's weight. Each item quotes its first finding as evidence and carries the
rule's `fix` (rules/*.toml).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from audit.rules.model import CONFIDENCES, Finding, Rule, level_rank
from audit.scoring.article import CONFIDENCE_FACTOR, LEVEL_POINTS, ArticleScore, ScoringPolicy

MAX_ITEMS = 3
EVIDENCE_CHARS = 160


@dataclass(frozen=True)
class Priority:
    rule: str
    name: str
    category: str
    level: str  # the highest level among the rule's findings
    count: int  # findings of the rule in the article
    evidence: Finding  # the first finding at that level, in text order
    suggestion: str
    cost: float  # overall score points the rule's findings cost the article (the ranking key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "level": self.level,
            "count": self.count,
            "cost": self.cost,
            "line": self.evidence.line,
            "column": self.evidence.column,
            "start": self.evidence.start,
            "end": self.evidence.end,
            "text": self.evidence.text,
            "message": self.evidence.message,
            "suggestion": self.suggestion,
        }

    def excerpt(self) -> str:
        text = " ".join(self.evidence.text.split())
        return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"


def fix_first(
    findings: Sequence[Finding],
    score: ArticleScore,
    rules: Mapping[str, Rule],
    policy: ScoringPolicy,
    limit: int = MAX_ITEMS,
) -> tuple[Priority, ...]:
    """The `limit` most important problems of an article, most important first."""
    groups: dict[str, _Group] = {}
    category_points: dict[str, float] = {}
    for finding in findings:  # one pass: an article carries dozens of findings
        points = _points(finding)
        group = groups.get(finding.rule)
        if group is None:
            groups[finding.rule] = _Group(finding, points)
        else:
            group.add(finding, points)
        category_points[finding.category] = category_points.get(finding.category, 0.0) + points
    total_weight = sum(policy.weights.get(c, 0.0) for c in score.categories) or 1.0
    items = []
    for rule_id, group in groups.items():
        rule = rules.get(rule_id)
        evidence = group.evidence
        category = score.categories.get(evidence.category)
        cost = 0.0
        if category is not None and category_points[evidence.category] > 0:
            share = group.points / category_points[evidence.category]
            weight = policy.weights.get(evidence.category, 0.0) / total_weight
            cost = share * (100.0 - category.score) * weight
        items.append(
            Priority(
                rule_id,
                rule.name if rule else rule_id,
                evidence.category,
                evidence.level,
                group.count,
                evidence,
                (rule.fix if rule else "") or evidence.message,
                round(cost, 1),
            )
        )
    items.sort(key=_importance)
    return tuple(items[:limit])


@dataclass(slots=True)
class _Group:
    """One rule's findings as they are read: how many, the points they cost (summed in text
    order) and the evidence, the first finding in text order at their highest level."""

    evidence: Finding
    points: float
    count: int = 1

    def add(self, finding: Finding, points: float) -> None:
        self.points += points
        self.count += 1
        evidence = self.evidence
        if finding.level != evidence.level:
            if level_rank(finding.level) > level_rank(evidence.level):
                self.evidence = finding
        elif (finding.start, finding.end) < (evidence.start, evidence.end):  # _position
            self.evidence = finding


def _importance(item: Priority) -> tuple:
    """Errors first; within a level, surer findings first (a low-confidence model verdict
    must not push a checked defect off the list); then the points lost, then how many."""
    confidence = CONFIDENCES.index(item.evidence.confidence)
    return (-level_rank(item.level), -confidence, -item.cost, -item.count, _position(item.evidence))


def _points(finding: Finding) -> float:
    return LEVEL_POINTS[finding.level] * CONFIDENCE_FACTOR[finding.confidence]


def _position(finding: Finding) -> tuple[int, int]:
    return finding.start, finding.end
