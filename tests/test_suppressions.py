"""Suppressions in a draft's front matter: with a reason, without one, unused, malformed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main

BODY = (
    "# Talks Stall\n\nThe deal reportedly collapsed on Monday. "
    '"We will not sign," said Renata Oyelaran, president of Local 14.\n' + BACKGROUND
)


def draft(tmp_path, front: str, body: str = BODY):
    path = tmp_path / "draft.md"
    path.write_text(f"---\ntitle: Talks stall\n{front}---\n{body}", encoding="utf-8")
    return path


def audit(path, *args):
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", *map(str, args)])
    return result, json.loads(result.stdout)["articles"][0]


def rules(findings) -> list[str]:
    return [f["rule"] for f in findings]


@pytest.mark.parametrize(
    "front",
    [
        'newsaudit: {ignore: [{rule: HDG001, reason: "The desk checked the claim."}]}\n',
        "newsaudit:\n  ignore:\n    - rule: HDG001\n      reason: The desk checked the claim.\n",
        'newsaudit:\n  ignore:\n    - {rule: speculative-adverb, reason: "Checked."}\n',
    ],
)
def test_a_reasoned_suppression_hides_the_finding_and_records_why(tmp_path, front):
    result, article = audit(draft(tmp_path, front))
    assert result.exit_code == 0
    assert "HDG001" not in rules(article["findings"])
    assert not any(r.startswith("SUP") for r in rules(article["findings"]))
    [suppressed] = [s for s in article["suppressed"] if s["rule"] == "HDG001"]
    assert suppressed["by"] == "front matter" and suppressed["reason"]


def test_a_suppression_without_a_reason_applies_but_is_an_error_finding(tmp_path):
    path = draft(tmp_path, "newsaudit:\n  ignore:\n    - rule: HDG001\n")
    result, article = audit(path)
    assert "HDG001" not in rules(article["findings"])
    [note] = [f for f in article["findings"] if f["rule"] == "SUP001"]
    assert note["level"] == "error" and note["text"] == "HDG001" and note["line"] == 5
    assert note["text"] == path.read_text(encoding="utf-8")[note["start"] : note["end"]]
    assert result.exit_code == 1  # the default gate fails until someone says why


def test_a_suppression_that_suppresses_nothing_is_reported(tmp_path):
    front = 'newsaudit:\n  ignore:\n    - {rule: AID001, reason: "Disclosure expected."}\n'
    result, article = audit(draft(tmp_path, front))
    [note] = [f for f in article["findings"] if f["rule"] == "SUP002"]
    assert note["level"] == "warning" and "AID001" in note["message"]
    assert result.exit_code == 0  # a warning; the default gate is error


def test_a_suppression_naming_no_rule_is_reported(tmp_path):
    front = 'newsaudit:\n  ignore:\n    - {rule: XYZ123, reason: "typo"}\n'
    _, article = audit(draft(tmp_path, front))
    [note] = [f for f in article["findings"] if f["rule"] == "SUP002"]
    assert "XYZ123 names no rule" in note["message"]


def test_a_suppression_of_a_rule_not_selected_is_not_reported_as_unused(tmp_path):
    front = 'newsaudit:\n  ignore:\n    - {rule: AID001, reason: "Disclosure expected."}\n'
    _, article = audit(draft(tmp_path, front), "--select", "HDG", "--select", "SUP")
    assert "SUP002" not in rules(article["findings"])


def test_a_malformed_block_suppresses_nothing_and_says_why(tmp_path):
    _, article = audit(draft(tmp_path, "newsaudit:\n  ignore: HDG001\n"))
    found = rules(article["findings"])
    assert "HDG001" in found and "SUP003" in found
    assert article["suppressed"] == []


def test_suppression_rules_can_be_ignored_like_any_rule(tmp_path):
    path = draft(tmp_path, "newsaudit:\n  ignore:\n    - rule: HDG001\n")
    result, article = audit(path, "--ignore", "SUP001")
    assert result.exit_code == 0 and "SUP001" not in rules(article["findings"])


def test_other_front_matter_that_is_not_yaml_does_not_break_suppressions(tmp_path):
    front = 'summary: Breaking: talks stall: again\nnewsaudit: {ignore: [{rule: HDG001, reason: "ok"}]}\n'
    _, article = audit(draft(tmp_path, front))
    assert "HDG001" not in rules(article["findings"]) and "SUP003" not in rules(article["findings"])


def test_a_records_newsaudit_field_suppresses_as_front_matter_does(tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [
        {
            "id": "a",
            "text": BODY,
            "newsaudit": {"ignore": [{"rule": "HDG001", "reason": "Checked."}]},
        },
        {"id": "b", "text": BODY, "newsaudit": {"ignore": [{"rule": "HDG001"}]}},
        {"id": "c", "text": BODY, "newsaudit": {"ignore": "HDG001"}},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(feed), "--format", "json", "-q"])
    reasoned, unreasoned, malformed = json.loads(result.stdout)["articles"]
    assert "HDG001" not in rules(reasoned["findings"])
    assert [(s["rule"], s["reason"]) for s in reasoned["suppressed"]] == [("HDG001", "Checked.")]
    assert "SUP001" in rules(unreasoned["findings"])
    (problem,) = [f for f in malformed["findings"] if f["rule"] == "SUP003"]
    assert (problem["start"], problem["end"], problem["text"]) == (0, 0, "")  # not in the text
    assert "HDG001" in rules(malformed["findings"])
