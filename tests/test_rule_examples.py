"""Every rule's own examples: each `flag` example fires it, each `pass` example does not."""

import pytest

from audit.rules.kinds import check_patterns
from audit.rules.registry import load_registry
from audit.text.segment import make_document

REGISTRY = load_registry()
RULES = REGISTRY.rules


def _findings(registry, rule, text):
    # A density rule counts the cues of its family, so it runs with them.
    ids = (
        [rule.id]
        if rule.kind != "density"
        else [r.id for r in RULES if r.category == rule.category]
    )
    engine = registry.select(ids).engine()
    return [f for f in engine.run(make_document(text)) if f.rule == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_flags_its_flag_examples(registry, rule):
    for example in rule.examples.flag:
        found = _findings(registry, rule, example)
        assert found, f"{rule.id} did not flag {example!r}"
        for finding in found:
            assert finding.text == example[finding.start : finding.end]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_passes_its_pass_examples(registry, rule):
    for example in rule.examples.allow:
        found = _findings(registry, rule, example)
        assert not found, f"{rule.id} flagged {[f.text for f in found]} in {example!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented(rule):
    assert rule.name and rule.message and len(rule.why.split()) >= 15
    assert rule.examples.flag and rule.examples.allow
    assert rule.id[:3] in {family.prefix for family in REGISTRY.families}


def test_every_family_has_rules():
    for family in REGISTRY.families:
        assert any(rule.id.startswith(family.prefix) for rule in RULES), family.prefix


def test_rule_ids_are_unique():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_patterns_compile_as_the_engine_runs_them(rule):
    # A user's pack is compiled when it loads; the shipped packs are compiled here, and at
    # run time only when a document needs a pattern.
    def fail(message):
        return AssertionError(f"{rule.id}: {message}")

    check_patterns(rule.options, fail)
