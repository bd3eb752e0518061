"""The baseline: accepted findings stay quiet, new ones are reported, stale entries are listed."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.review.baseline import load_baseline
from audit.runtime.config import Settings
from audit.runtime.pipeline import audit_paths

HEDGED = (
    "Talks Stall\n\nThe deal reportedly collapsed on Monday. "
    '"We will not sign," said Renata Oyelaran, president of Local 14.\n' + BACKGROUND
)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def create(tmp_path, *paths, extra=()):
    target = tmp_path / "baseline.json"
    result = invoke("baseline", "create", *paths, "--output", target, *extra)
    assert result.exit_code == 0, result.output
    return target


def check(path, baseline, *args):
    result = invoke("check", path, "--baseline", baseline, "--format", "json", *args)
    report = json.loads(result.stdout)
    return result, [f["rule"] for a in report["articles"] for f in a["findings"]]


def test_create_records_rule_article_evidence_and_occurrence(tmp_path):
    draft = tmp_path / "drafts" / "talks.txt"
    draft.parent.mkdir()
    draft.write_text(HEDGED, encoding="utf-8")
    target = create(tmp_path, draft, extra=("--reason", "Legacy copy", "--expires", "2999-01-01"))
    entries = load_baseline(target).entries
    [entry] = [e for e in entries if e.key.rule == "HDG001"]
    assert entry.article == "drafts/talks.txt"  # relative to the baseline's folder
    assert (entry.key.evidence, entry.key.occurrence) == ("reportedly", 0)
    assert entry.reason == "Legacy copy" and entry.expires == date(2999, 1, 1)


def test_accepted_findings_are_quiet_and_survive_an_edit_elsewhere(tmp_path):
    draft = tmp_path / "talks.txt"
    draft.write_text(HEDGED, encoding="utf-8")
    target = create(tmp_path, draft)
    result, found = check(draft, target, "--fail-on", "info")
    assert result.exit_code == 0 and found == []
    draft.write_text(HEDGED.replace("\n\n", "\n\nA new opening paragraph.\n\n", 1))
    result, found = check(draft, target, "--fail-on", "info")
    assert result.exit_code == 0 and found == []


def test_a_second_identical_finding_is_new(tmp_path):
    draft = tmp_path / "talks.txt"
    draft.write_text(HEDGED, encoding="utf-8")
    target = create(tmp_path, draft)
    draft.write_text(HEDGED + "\nThe mayor reportedly left.\n", encoding="utf-8")
    result, found = check(draft, target, "--fail-on", "info")
    assert found.count("HDG001") == 1 and result.exit_code == 1


def test_fixed_findings_leave_stale_entries_that_are_listed(tmp_path):
    draft = tmp_path / "talks.txt"
    draft.write_text(HEDGED, encoding="utf-8")
    target = create(tmp_path, draft)
    draft.write_text(HEDGED.replace("reportedly ", ""), encoding="utf-8")
    result, found = check(draft, target)
    assert result.exit_code == 0 and "HDG001" not in found
    assert "stale baseline entry" in result.stderr and "HDG001 «reportedly» #0" in result.stderr
    assert json.loads(result.stdout)["notices"]


def test_entries_of_articles_not_checked_are_not_stale(tmp_path):
    (tmp_path / "a.txt").write_text(HEDGED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(HEDGED, encoding="utf-8")
    target = create(tmp_path, tmp_path / "a.txt", tmp_path / "b.txt")
    result, _ = check(tmp_path / "a.txt", target)
    assert "stale" not in result.stderr


def test_expired_entries_absorb_nothing(tmp_path):
    draft = tmp_path / "talks.txt"
    draft.write_text(HEDGED, encoding="utf-8")
    target = create(tmp_path, draft, extra=("--expires", "2000-01-01"))
    result, found = check(draft, target)
    assert "HDG001" in found and "expired on 2000-01-01" in result.stderr


def test_reasons_survive_recreating_the_baseline(tmp_path):
    draft = tmp_path / "talks.txt"
    draft.write_text(HEDGED, encoding="utf-8")
    target = create(tmp_path, draft, extra=("--reason", "Accepted by the desk"))
    create(tmp_path, draft)
    assert {e.reason for e in load_baseline(target).entries} == {"Accepted by the desk"}


def test_scores_and_the_score_gate_use_the_baselined_result(tmp_path):
    draft = tmp_path / "talks.txt"
    draft.write_text(HEDGED + "\nThis article was generated in part using AI.\n")
    target = create(tmp_path, draft)
    before = audit_paths([str(draft)], Settings(root=tmp_path)).articles[0]
    after = audit_paths([str(draft)], Settings(root=tmp_path, baseline=target)).articles[0]
    assert before.score.score <= 40 < after.score.score
    assert {s.by for s in after.suppressed} == {"baseline"} and after.findings == ()


def test_a_broken_baseline_is_a_usage_error(tmp_path):
    draft = tmp_path / "talks.txt"
    draft.write_text(HEDGED, encoding="utf-8")
    broken = tmp_path / "baseline.json"
    broken.write_text('{"schema": "something/else"}')
    result = invoke("check", draft, "--baseline", broken, "--exit-zero")
    assert result.exit_code == 2 and "not a newsaudit baseline" in result.stderr
