"""Acceptance: the seed articles' defects (shared/seeds/EXPECTED.md) and their source ranking.

A defect is found when a finding of the expected category covers the evidence
or lies inside it: e.g. a clutter finding spanning the whole line "0 Comments",
or the hearsay finding "reportedly include" for the evidence "reportedly".
"""

from __future__ import annotations

import re

import pytest

from audit.features.attribution import profile
from audit.runtime.run import Auditor

SEED = {
    "000": "000_d0af8425088678c0",
    "002": "002_8244605edc39937c",
    "003": "003_6b6c10ee640f193a",
    "004": "004_684611ee8f1af554",
}
HEADLINE_000 = (
    "A Rare Glimmer of Diplomacy: Unpacking the First-Ever Ukraine-Russia-US Talks in the UAE"
)
HEADLINE_002 = "Ukraine–Russia Peace Talks Resume in the UAE Amid Ongoing Fighting"
LEDE_002 = "Ukraine and Russia returned to the negotiating table this week"

# (seed, category, evidence, which occurrence of the evidence: 0 = first)
EXPECTED = [
    ("000", "ai_disclaimer", "This article was generated in part using artificial intelligence", 0),
    ("000", "clutter", "before relying on", 0),
    ("000", "clutter", "Delhi | 25°C (windy)", 0),
    ("000", "clutter", "0 Comments", 0),
    ("000", "clutter", "3 minutes read", 0),
    ("000", "clutter", "6 Views", 0),
    ("000", "boilerplate", HEADLINE_000, 1),
    ("000", "hedging", "reportedly", 0),
    ("000", "hedging", "likely", 0),
    ("000", "hedging", "perhaps", 0),
    ("000", "hedging", "might just be", 0),
    ("000", "hedging", "seems to be", 0),
    ("000", "hedging", "hopefully", 0),
    ("000", "hedging", "perhaps, just perhaps", 0),
    ("000", "hedging", "more likely", 0),
    ("000", "hedging", "might be looking", 0),
    ("000", "hedging", "dare I say", 0),
    ("000", "boilerplate", "So, why now, you might ask?", 0),
    ("000", "boilerplate", "That's the million-dollar question, isn't it?", 0),
    ("000", "boilerplate", "It’s not every day", 0),
    ("000", "boilerplate", "Let's be clear, though", 0),
    ("000", "boilerplate", "Ultimately,", 0),
    ("000", "boilerplate", "underscore a vital truth", 0),
    ("000", "boilerplate", "navigating the treacherous landscape", 0),
    ("000", "boilerplate", "truly remarkable", 0),
    ("000", "unsupported_claim", "reportedly", 0),
    ("002", "clutter", "Share", 0),
    ("002", "clutter", "Share", 1),
    ("002", "clutter", "Share", 2),
    ("002", "clutter", "Leave a comment", 0),
    ("002", "clutter", "Leave a Reply", 0),
    ("002", "clutter", "Your email address will not be published. Required fields are marked *", 0),
    ("002", "clutter", "Related Articles", 0),
    ("002", "clutter", "Justice Department releases 2015 Epstein dinner photo", 0),
    ("002", "clutter", "Justice Department releases 2015 Epstein dinner photo featuring Musk", 0),
    ("002", "clutter", "A newly released Justice Department photo shows Jeffrey Epstein", 0),
    ("002", "clutter", "Mexico to Send Food Aid to Cuba", 0),
    ("002", "clutter", "Mexico plans to send humanitarian aid to Cuba by Monday", 0),
    ("002", "clutter", "European Leaders Warn of Growing Climate", 0),
    ("002", "clutter", "European leaders are warning that climate change", 0),
    ("002", "clutter", "International", 0),
    ("002", "boilerplate", HEADLINE_002, 1),
    ("002", "unsupported_claim", "Officials familiar with the talks said", 0),
    ("002", "unsupported_claim", "Observers say", 0),
    ("002", "unsupported_claim", "Analysts note", 0),
    ("002", "unsupported_claim", "UAE officials said", 0),
    ("002", "unsupported_claim", "Russian officials", 0),
    ("003", "clutter", "Email", 0),
    ("003", "clutter", "Telegram", 0),
    ("003", "clutter", "phone", 0),
    ("003", "clutter", "Phone", 0),
    ("003", "clutter", "Gọi ngay: +84 969 116 052", 0),
    ("003", "boilerplate", "All information on our website is for general reference only", 0),
    ("003", "boilerplate", "U.S., Russia and Ukraine End Two Days of Talks Without Agreement", 0),
    ("003", "unsupported_claim", "A senior U.S. official, speaking on condition of anonymity", 0),
    ("004", "clutter", "<h2:Reactions and Stakes", 0),
    ("004", "boilerplate", "Overview: Direct Talks Mark a New Phase", 0),
    ("004", "boilerplate", "What’s on the Table", 0),
    ("004", "boilerplate", "What This Means for the War and the Region", 0),
    ("004", "boilerplate", "Next Steps: What to Watch", 0),
    ("004", "unsupported_claim", "participants and observers say", 0),
    ("004", "unsupported_claim", "Analysts caution", 0),
    ("004", "unsupported_claim", "Experts note", 0),
    ("004", "unsupported_claim", "reportedly include", 0),
    ("004", "hedging", "it is unclear", 0),
    ("004", "hedging", "could", 0),
    ("004", "hedging", "may", 0),
    ("004", "hedging", "inherently uncertain", 0),
    ("004", "hedging", "reportedly", 0),
]


@pytest.fixture(scope="module")
def seed_run(seeds_dir, registry):
    return Auditor(registry).run([str(seeds_dir)])


@pytest.fixture(scope="module")
def seeds(seed_run):
    return {a.document.source[:3]: a for a in seed_run.articles}


def _occurrence(text: str, evidence: str, index: int) -> tuple[int, int]:
    pattern = re.escape(evidence)
    if evidence[0].isalnum():
        pattern = r"(?<!\w)" + pattern
    if evidence[-1].isalnum():
        pattern += r"(?!\w)"
    starts = [m.start() for m in re.finditer(pattern, text)]
    assert len(starts) > index, f"evidence {evidence!r} occurs {len(starts)} times"
    return starts[index], starts[index] + len(evidence)


@pytest.mark.parametrize(("seed", "category", "evidence", "index"), EXPECTED)
def test_expected_defect_is_found_with_its_span(seeds, seed, category, evidence, index):
    article = seeds[seed]
    start, end = _occurrence(article.document.text, evidence, index)
    matching = [
        f for f in article.findings
        if f.category == category
        and ((f.start <= start and end <= f.end) or (start <= f.start and f.end <= end))
    ]  # fmt: skip
    nearby = [(f.rule, f.text[:50]) for f in article.findings if f.start < end and f.end > start]
    assert matching, f"no {category} finding for {evidence!r}; overlapping: {nearby}"


def test_every_finding_quotes_its_article_exactly(seed_run):
    for article in seed_run.articles:
        for f in article.findings:
            assert f.text == article.document.text[f.start : f.end]


def test_000_has_no_named_source_and_mixes_apostrophes(seeds):
    rules = {f.rule for f in seeds["000"].findings}
    assert {"UNS005", "AIS002", "CLT010", "HDG010"} <= rules


def test_003_investment_disclaimer_is_boilerplate_not_an_ai_disclaimer(seeds):
    article = seeds["003"]
    assert not [f for f in article.findings if f.category == "ai_disclaimer"]
    assert article.score.categories["ai_disclaimer"].score == 100


def test_003_named_source_sentences_are_not_flagged_as_unsupported(seeds):
    article = seeds["003"]
    text = article.document.text
    found = profile(article.document)
    named = [a.sentence for a in found.attributions if a.kind == "named"]
    for name in ("Volodymyr Zelensky", "Dmitry Peskov", "Mark Rutte", "Zelensky wrote"):
        assert any(name in text[s.start : s.end] for s in named), name
    unsupported = [f for f in article.findings if f.category == "unsupported_claim"]
    for sentence in named:
        assert not [f for f in unsupported if f.start < sentence.end and f.end > sentence.start]
    assert found.named_quotes >= 1


def test_each_seeds_title_is_its_headline_not_the_page_chrome_above_it(seeds):
    headline_003 = "U.S., Russia and Ukraine End Abu Dhabi Talks Without Reaching Peace Agreement"
    titles = {seed: article.document.title for seed, article in seeds.items()}
    assert titles == {
        "000": HEADLINE_000,  # under a weather widget
        "002": HEADLINE_002,  # under a section name
        "003": headline_003,  # under share buttons and a phone number
        "004": "Overview: Direct Talks Mark a New Phase",
    }
    article = seeds["003"]
    start = article.document.text.index(headline_003)
    assert not [f for f in article.findings if f.category == "clutter" and f.start == start]
    unnamed = [f.text for f in seeds["002"].findings if f.rule == "UNS005"]
    assert unnamed == [HEADLINE_002]  # the article-wide finding points at the headline


def test_sources_rank_003_first_and_000_last(seed_run):
    order = [s.source[:3] for s in seed_run.sources]
    assert order[0] == "003" and order[-1] == "000"


def test_the_seed_folders_documentation_is_skipped_not_audited(seed_run):
    assert seed_run.skipped == ("EXPECTED.md",)
    assert not seed_run.errors
