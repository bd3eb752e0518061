"""Model verdicts on whole lines and sentences defer to the rules' own findings."""

from __future__ import annotations

from audit.rules.engine import _drop_contained
from audit.rules.model import Finding


def finding(rule, start, end, category="hedging"):
    return Finding(rule, category, "info", "medium", start, end, 1, start + 1, "x", "m")


def test_a_deferring_finding_hides_none_of_the_findings_inside_it():
    kept = _drop_contained(
        [finding("HDG008", 0, 50), finding("HDG001", 5, 10), finding("HDG003", 20, 25)],
        frozenset({"HDG008"}),
    )
    assert sorted(f.rule for f in kept) == ["HDG001", "HDG003", "HDG008"]


def test_a_deferring_finding_yields_to_a_finding_that_covers_it():
    kept = _drop_contained(
        [finding("CLT013", 10, 20, "clutter"), finding("CLT001", 10, 20, "clutter")],
        frozenset({"CLT013"}),
    )
    assert [f.rule for f in kept] == ["CLT001"]


def test_other_categories_do_not_cover_a_deferring_finding():
    kept = _drop_contained(
        [finding("CLT013", 10, 20, "clutter"), finding("HDG001", 0, 30)], frozenset({"CLT013"})
    )
    assert sorted(f.rule for f in kept) == ["CLT013", "HDG001"]


def test_without_deferring_rules_the_longest_finding_still_wins():
    kept = _drop_contained([finding("HDG001", 0, 20), finding("HDG004", 5, 10)])
    assert [f.rule for f in kept] == ["HDG001"]
