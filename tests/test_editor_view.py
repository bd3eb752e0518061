"""What an editor reads first: a short ranked list of each article's problems with evidence and
a suggestion, its readability grade, what other sources say, and a quiet gate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.scoring.priorities import MAX_ITEMS
from audit.scoring.readability import readability_of
from audit.text.segment import make_document

DISCLOSED = (
    "Talks stall at the port\n\n"
    "The deal reportedly collapsed on Monday, and it might perhaps be revived. Share\n"
    + BACKGROUND
    + "\nThis article was generated in part using artificial intelligence.\n"
)
PLAIN = (
    "The council met on Monday. It voted to fix the roof. The work will start in May. "
    "The mayor said the town will pay for it. "
) * 4
DENSE = (
    "Notwithstanding considerable institutional reluctance, the municipality's administrative "
    "apparatus ultimately authorised comprehensive infrastructural rehabilitation, "
    "anticipating substantial intergenerational socioeconomic benefits. "
) * 4


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_fix_first_list_ranks_an_error_first_and_groups_a_rule(audit_text):
    result = audit_text(DISCLOSED)
    assert 1 <= len(result.fix_first) <= MAX_ITEMS
    first = result.fix_first[0]
    assert first.rule == "AID001" and first.level == "error"
    assert first.evidence.text.startswith("This article was generated")
    assert "reporter" in first.suggestion  # the rule's own fix, not its message
    assert len({p.rule for p in result.fix_first}) == len(result.fix_first)  # one item per rule
    counted = {p.rule: p.count for p in result.fix_first}
    for rule, count in counted.items():
        assert count == sum(f.rule == rule for f in result.findings)


def test_a_clean_article_has_nothing_to_fix_first(audit_text):
    assert audit_text("Port talks\n\nNegotiators met on Tuesday.\n" + BACKGROUND).fix_first == ()


def test_readability_grades_plain_prose_below_dense_prose():
    plain = readability_of(make_document(PLAIN))
    dense = readability_of(make_document(DENSE))
    assert plain is not None and dense is not None
    assert plain.grade < 6 < 14 < dense.grade
    assert plain.band == "very easy" and dense.band in ("hard", "very hard")
    assert plain.sentences == 16 and plain.reading_ease > dense.reading_ease


def test_a_text_without_body_sentences_has_no_readability():
    assert readability_of(make_document("# Heading only\n")) is None


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "disclosed.txt").write_text(DISCLOSED, encoding="utf-8")
    return tmp_path


def test_json_carries_fix_first_and_readability_for_every_article(drafts):
    report = json.loads(invoke("scan", drafts, "--format", "json").stdout)
    (article,) = report["articles"]
    assert article["fix_first"][0]["rule"] == "AID001"
    item = article["fix_first"][0]
    text = (drafts / "wire" / "disclosed.txt").read_text(encoding="utf-8")
    assert item["text"] == text[item["start"] : item["end"]] and item["suggestion"]
    assert set(article["readability"]) >= {"grade", "reading_ease", "band"}


def test_text_shows_fix_first_and_grade_but_no_ranking_for_one_source(drafts):
    output = invoke("check", drafts / "wire" / "disclosed.txt").stdout
    assert "fix first:" in output and "1. AID001" in output and "-> " in output
    assert "grade=" in output
    assert "Sources (most reliable first" not in output  # one source is not a ranking


def test_check_quiet_prints_only_what_fails(drafts):
    result = invoke("check", drafts / "wire" / "disclosed.txt", "--quiet")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "FAIL" in result.stderr and "AID001" in result.stderr


def test_text_shows_conflicts_copies_and_intervals(seeds_dir):
    output = invoke("scan", seeds_dir).stdout
    assert "conflict" in output and "resumed round" in output
    assert "95% interval" in output
    ranking = output.split("Sources (most reliable first")[1]
    assert "[" in ranking and "-" in ranking


def test_text_names_an_article_that_copies_another_sources(tmp_path):
    story = (
        "Crane collapse at Terminal 6\n\nA container crane collapsed at Terminal 6 of the Port "
        "of Elmsworth on Wednesday, injuring two workers, port director Lena Okafor said.\n"
        + BACKGROUND
    )
    for source in ("ledger", "courier"):
        (tmp_path / source).mkdir()
        (tmp_path / source / "crane.txt").write_text(story, encoding="utf-8")
    output = invoke("scan", tmp_path).stdout
    assert "copy shares its text with ledger (ledger/crane.txt)" in output


def test_every_built_in_rule_says_how_to_fix_what_it_finds(registry):
    assert [rule.id for rule in registry.rules if not rule.fix] == []


def test_readability_needs_no_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network access blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert readability_of(make_document(DENSE)) is not None
