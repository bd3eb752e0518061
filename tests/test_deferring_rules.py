"""Model verdicts on whole lines and sentences defer to the rules' own findings."""

from __future__ import annotations

from audit.rules.engine import _drop_contained
from audit.rules.model import Finding
from audit.text.segment import make_document


def finding(rule, start, end, category="hedging"):
    return Finding(rule, category, "info", "medium", start, end, 1, start + 1, "x", "m")


def test_a_deferring_finding_hides_none_of_the_findings_inside_it():
    kept = _drop_contained(
        [finding("HDG008", 0, 50), finding("HDG001", 5, 10), finding("HDG003", 20, 25)],
        {"HDG008": ("hedging",)},
    )
    assert sorted(f.rule for f in kept) == ["HDG001", "HDG003", "HDG008"]


def test_a_deferring_finding_yields_to_a_finding_that_covers_it():
    kept = _drop_contained(
        [finding("CLT013", 10, 20, "clutter"), finding("CLT001", 10, 20, "clutter")],
        {"CLT013": ("clutter",)},
    )
    assert [f.rule for f in kept] == ["CLT001"]


def test_other_categories_do_not_cover_a_deferring_finding():
    kept = _drop_contained(
        [finding("CLT013", 10, 20, "clutter"), finding("HDG001", 0, 30)], {"CLT013": ("clutter",)}
    )
    assert sorted(f.rule for f in kept) == ["CLT013", "HDG001"]


def test_a_deferring_finding_yields_to_a_category_it_defers_to():
    claim = finding("UNS006", 12, 40, "unsupported_claim")
    kept = _drop_contained(
        [claim, finding("CLT012", 0, 60, "clutter")],
        {"UNS006": ("unsupported_claim", "clutter")},
    )
    assert [f.rule for f in kept] == ["CLT012"]


def test_an_unattributed_claim_on_a_clutter_line_is_left_to_the_clutter_finding(registry):
    text = (
        "Council weighs budget\n\n"
        "The council met on Tuesday to discuss the budget for the coming year.\n\n"
        "Read more: Council raised water rates by 9 percent last year, the highest rise "
        "since 2010, on a 6-3 vote.\n\n"
        "The vote is due next week."
    )
    engine = registry.select(["UNS006", "CLT012"]).engine()
    found = engine.run(make_document(text))
    assert [f.rule for f in found if "Read more" in f.text] == ["CLT012"]
    alone = registry.select(["UNS006"]).engine().run(make_document(text))
    assert any("Read more" in f.text for f in alone)  # the claim is there to be hidden


def test_without_deferring_rules_the_longest_finding_still_wins():
    kept = _drop_contained([finding("HDG001", 0, 20), finding("HDG004", 5, 10)])
    assert [f.rule for f in kept] == ["HDG001"]
