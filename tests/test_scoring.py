"""Scores come from findings and features by a documented, deterministic formula."""

from audit.scoring.article import ScoringPolicy
from audit.sources.ranking import rank_sources

CLEAN = (
    "Port Talks Resume\n\n"
    "Negotiators for the dockworkers' union and the port operators met for six hours on Tuesday, "
    'the first session since the strike began on March 2. "We will not sign a contract that cuts '
    "pensions,\" said Renata Oyelaran, president of Local 14. Graham Pettifer, the operators' chief "
    'negotiator, said the two sides had agreed to meet again on Friday. "There is movement on '
    'scheduling," Pettifer told reporters after the session.'
)
DISCLOSED = CLEAN + "\n\nThis article was generated in part using artificial intelligence."


def test_a_clean_well_sourced_article_scores_high(audit_text):
    result = audit_text(CLEAN)
    assert result.score.score >= 85
    details = result.score.categories["unsupported_claim"].details
    assert details["named_quotes"] >= 2 and details["named_sources"] >= 2


def test_a_disclosed_ai_article_is_capped_whatever_else_it_does_well(audit_text):
    policy = ScoringPolicy()
    assert audit_text(DISCLOSED).score.score <= policy.disclosed_ai_cap
    assert audit_text(CLEAN).score.score > policy.disclosed_ai_cap


def test_named_quoted_sources_raise_the_score_of_vague_reporting(audit_text):
    vague = (
        "Port Talks Resume\n\nNegotiators met for six hours on Tuesday. Analysts say the talks went "
        "well. Observers note that trust is low. Sources say a deal is near."
    )
    sourced = vague + ' "We are close," said Renata Oyelaran, president of Local 14.'
    assert (
        audit_text(sourced).score.categories["unsupported_claim"].score
        > audit_text(vague).score.categories["unsupported_claim"].score
    )


def test_every_family_is_scored_and_scores_are_deterministic(registry, audit_text):
    first, second = audit_text(DISCLOSED), audit_text(DISCLOSED)
    assert list(first.score.categories) == [f.category for f in registry.families]
    assert first.score == second.score
    assert first.score.categories["ai_disclaimer"].score < 100


def test_sources_with_few_articles_are_shrunk_toward_the_prior():
    ranked = rank_sources([("one-hit", 95.0)] + [("steady", 90.0)] * 10 + [("weak", 40.0)] * 3)
    assert [s.source for s in ranked] == ["steady", "one-hit", "weak"]
    assert ranked[1].mean == 95.0 and ranked[1].score < 95.0
    assert [s.rank for s in ranked] == [1, 2, 3]


def test_source_ties_break_on_article_count_then_name():
    ranked = rank_sources([("b", 80.0), ("a", 80.0), ("c", 80.0), ("c", 80.0)])
    assert [s.source for s in ranked] == ["c", "a", "b"]


def test_the_ai_style_probability_caps_the_score_only_when_ais001_fires():
    from audit.features.attribution import profile
    from audit.rules.model import Finding
    from audit.scoring.article import MACHINE_PROSE, score_article
    from audit.text.segment import make_document

    doc = make_document(CLEAN)
    policy = ScoringPolicy()
    below = score_article(doc, [], profile(doc), 0.6, policy)
    assert below.categories["ai_style"].score == 100.0  # an estimate, not an accusation
    flagged = Finding(MACHINE_PROSE, "ai_style", "warning", "low", 0, 10, 1, 1, "x", "m")
    above = score_article(doc, [flagged], profile(doc), 0.97, policy)
    assert above.categories["ai_style"].score <= 3.0 + 1e-9


def test_mixed_apostrophes_count_as_clutter_not_ai_style(audit_text):
    text = CLEAN.replace("dockworkers'", "dockworkers\u2019") + (
        " It\u2019s late and it\u2019s cold, but it's not over and that's fine."
    )
    found = [f for f in audit_text(text).findings if f.rule == "AIS002"]
    assert found and {f.category for f in found} == {"clutter"}
