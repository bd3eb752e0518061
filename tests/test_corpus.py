"""The sample corpus (written for the project): rules fire on wording that is not the seeds'."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.runtime.run import Auditor

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# (article id, category, evidence): the evidence lies inside, or covers, a finding of the category.
EXPECTED = [
    ("trendwire-now/calder-bay-port-strike-what-it-means.txt", "ai_disclaimer",
     "Certainly! Here is a news article about the Calder Bay port strike"),
    ("trendwire-now/calder-bay-port-strike-what-it-means.txt", "ai_disclaimer", "I hope this helps"),
    ("trendwire-now/juniper-hollow-fire-explainer.txt", "ai_disclaimer",
     "This content was created with the help of AI tools"),
    ("trendwire-now/st-aldric-northvale-merger-future.txt", "clutter", "fewer options for"),
    ("trendwire-now/juniper-hollow-fire-explainer.txt", "boilerplate", "Why It Matters"),
    ("trendwire-now/juniper-hollow-fire-explainer.txt", "boilerplate", "Key Takeaways"),
    ("daily-brief-hub/calder-bay-port-strike-talks-resume.txt", "clutter", "4 min read"),
    ("daily-brief-hub/calder-bay-port-strike-talks-resume.txt", "clutter", "2,417 views"),
    ("daily-brief-hub/calder-bay-port-strike-talks-resume.txt", "clutter",
     "We use cookies to improve your experience. Accept"),
    ("daily-brief-hub/calder-bay-port-strike-talks-resume.txt", "clutter",
     "Local Bakery Wins National Award for Sourdough Loaf"),
    ("daily-brief-hub/calder-bay-port-strike-talks-resume.txt", "unsupported_claim", "Experts believe"),
    ("daily-brief-hub/juniper-hollow-fire-evacuations.txt", "clutter", "Views: 3.1K"),
    ("daily-brief-hub/juniper-hollow-fire-evacuations.txt", "clutter", "Join the discussion"),
    ("mp-2026-0323-0417", "clutter", "<h3:Evacuation zones and shelters"),
    ("mp-2026-0323-0417", "clutter", "{{author_name}}"),
    ("mp-2026-0323-0417", "clutter", "Home > News > Region"),
    ("mp-2026-0323-0417", "boilerplate", "Next Steps: What to Watch"),
    ("mp-2026-0318-0392", "clutter", "Speak with a licensed advisor today: +1 555 019 4471"),
    ("mp-2026-0318-0392", "boilerplate", "should not be construed as investment advice"),
    ("civic-record/port-strike-talks-no-agreement.txt", "clutter", "Read more: Council approves water rate hikes"),
    ("civic-record/port-strike-talks-no-agreement.txt", "unsupported_claim", "spoke on condition of anonymity"),
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus_run(registry):
    return Auditor(registry).run([str(CORPUS)])


@pytest.fixture(scope="module")
def by_id(corpus_run):
    return {a.document.id: a for a in corpus_run.articles}


@pytest.mark.parametrize(("article_id", "category", "evidence"), EXPECTED)
def test_corpus_defect_is_found(by_id, article_id, category, evidence):
    article = by_id[article_id]
    start = article.document.text.index(evidence)
    end = start + len(evidence)
    assert any(
        f.category == category
        and ((f.start <= start and end <= f.end) or (start <= f.start and f.end <= end))
        for f in article.findings
    ), [(f.rule, f.text[:40]) for f in article.findings if f.start < end and f.end > start]


def test_the_careful_source_ranks_first_and_the_content_farm_last(corpus_run):
    order = [s.source for s in corpus_run.sources]
    assert order[0] == "harbor-ledger" and order[-1] == "trendwire-now"
    assert order[1] == "civic-record"


def test_the_careful_source_has_no_warning_or_error(by_id):
    careful = [a for a in by_id.values() if a.document.source == "harbor-ledger"]
    assert len(careful) == 3
    for article in careful:
        assert not [f for f in article.findings if f.level != "info"], article.document.id


def test_every_corpus_input_is_audited(corpus_run):
    assert not corpus_run.errors
    assert len(corpus_run.articles) >= 12
    assert len({a.document.source for a in corpus_run.articles}) >= 4
