"""Output for CI systems and pipelines: SARIF, GitHub annotations, CSV, JSON lines, rule docs, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.cli.rules import all_rules
from audit.formatters import json_report
from audit.rules.docs import render_docs
from audit.rules.model import Finding
from audit.runtime.records import Findings, finding_dicts

REPO = Path(__file__).resolve().parents[1]

TALKS = (
    "# Talks Stall\n\nNegotiators met for six hours on Tuesday. "
    '"We will not sign," said Renata Oyelaran, president of Local 14.\n\n'
    "The deal reportedly collapsed on Monday.\n" + BACKGROUND
)
DISCLOSED = TALKS + "\nThis article was generated in part using artificial intelligence.\n"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def drafts(tmp_path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "talks.md").write_text(TALKS, encoding="utf-8")
    (folder / "disclosed.md").write_text(DISCLOSED, encoding="utf-8")
    (folder / "reasoned.md").write_text(
        '---\nnewsaudit: {ignore: [{rule: HDG001, reason: "Checked."}]}\n---\n' + TALKS,
        encoding="utf-8",
    )
    return folder


def sarif_of(*args) -> dict:
    return json.loads(invoke("scan", *args, "--format", "sarif").stdout)


def test_sarif_validates_with_suppressions_errors_and_notices(drafts, tmp_path, shared):
    schema = shared("data/sarif/sarif-schema-2.1.0.json")
    (drafts / "empty.md").write_bytes(b"")
    baseline = tmp_path / "baseline.json"
    invoke("baseline", "create", drafts / "talks.md", "--output", baseline)
    (drafts / "talks.md").write_text(TALKS.replace("reportedly ", ""), encoding="utf-8")
    sarif = sarif_of(drafts, "--baseline", baseline)
    jsonschema.validate(sarif, json.loads(schema.read_text(encoding="utf-8")))
    run = sarif["runs"][0]
    kinds = {s["kind"] for r in run["results"] for s in r.get("suppressions", ())}
    # The reasoned front-matter suppression; a baseline entry still matched is "external".
    assert "inSource" in kinds and kinds <= {"inSource", "external"}
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("empty.md" in n for n in notes) and any("stale baseline entry" in n for n in notes)


def test_sarif_rules_carry_descriptions_help_and_levels(drafts):
    run = sarif_of(drafts)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    aid = rules["AID001"]
    assert aid["shortDescription"]["text"] and aid["fullDescription"]["text"]
    assert "docs/rules/AID001.md" in aid["help"]["text"]
    assert aid["help"]["markdown"].startswith("# AID001")
    assert aid["defaultConfiguration"]["level"] == "error"
    assert rules["HDG001"]["defaultConfiguration"]["level"] == "note"
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_regions_are_one_based_and_quote_the_text(drafts):
    run = sarif_of(drafts / "disclosed.md")["runs"][0]
    lines = DISCLOSED.splitlines()
    [result] = [r for r in run["results"] if r["ruleId"] == "HDG001"]
    location = result["locations"][0]["physicalLocation"]
    region = location["region"]
    assert location["artifactLocation"]["uri"].endswith("drafts/disclosed.md")
    line = lines[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "reportedly"
    assert region["snippet"]["text"] == "reportedly"


def fingerprints(sarif: dict) -> dict[str, str]:
    return {
        r["ruleId"] + ":" + r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]: r[
            "partialFingerprints"
        ]["newsaudit/v1"]
        for r in sarif["runs"][0]["results"]
    }


def test_fingerprints_stay_equal_when_a_paragraph_is_inserted_above(drafts):
    path = drafts / "disclosed.md"
    before = fingerprints(sarif_of(path))
    lines_before = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in sarif_of(path)["runs"][0]["results"]
    }
    path.write_text(
        DISCLOSED.replace("\n\n", "\n\nThe union met in the hall on Sunday night.\n\n", 1),
        encoding="utf-8",
    )
    after_sarif = sarif_of(path)
    moved = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in after_sarif["runs"][0]["results"]
    }
    assert moved["HDG001"] == lines_before["HDG001"] + 2  # the finding moved down...
    assert fingerprints(after_sarif) == before  # ...and kept its fingerprint


def test_github_annotations(drafts):
    result = invoke("check", drafts / "disclosed.md", "--format", "github", "--min-level", "info")
    lines = result.stdout.splitlines()
    [error] = [line for line in lines if line.startswith("::error ")]
    assert error.startswith(f"::error file={(drafts / 'disclosed.md').as_posix()},line=9,col=1,")
    assert "title=AID001 ai-generation-disclosure::" in error
    assert error.endswith("(see docs/rules/AID001.md)")
    assert any(line.startswith("::notice ") and "HDG001" in line for line in lines)
    assert result.exit_code == 1


def test_github_annotations_show_warnings_and_errors_by_default(drafts):
    result = invoke("check", drafts / "disclosed.md", "--format", "github")
    assert "::error " in result.stdout and "::notice " not in result.stdout
    assert result.exit_code == 1


def test_github_annotations_escape_and_respect_min_level(drafts):
    odd = drafts / "a,b:c.md"
    odd.write_text(DISCLOSED, encoding="utf-8")
    output = invoke("check", odd, "--format", "github", "--min-level", "error").stdout
    assert "file=" + odd.as_posix().replace(":", "%3A").replace(",", "%2C") + "," in output
    assert "::notice " not in output and "::error " in output


def test_csv_per_finding_carries_the_docs_link(drafts):
    rows = list(csv.DictReader(io.StringIO(invoke("scan", drafts, "--format", "csv").stdout)))
    report = json.loads(invoke("scan", drafts, "--format", "json").stdout)
    assert len(rows) == sum(len(a["findings"]) for a in report["articles"])
    assert all(row["docs"] == f"docs/rules/{row['rule']}.md" for row in rows)


def test_csv_per_source_table(drafts):
    rows = list(
        csv.DictReader(
            io.StringIO(invoke("scan", drafts, "--format", "csv", "--per-source").stdout)
        )
    )
    report = json.loads(invoke("scan", drafts, "--format", "json").stdout)
    assert [row["source"] for row in rows] == [s["source"] for s in report["sources"]]
    disclosed = next(row for row in rows if row["source"] == "disclosed")
    assert int(disclosed["error"]) >= 1 and int(disclosed["findings"]) >= int(disclosed["error"])
    assert invoke("scan", drafts, "--per-source").exit_code == 2  # a CSV table only


def test_jsonl_has_one_parsable_line_per_finding_and_error(drafts):
    (drafts / "empty.md").write_bytes(b"")
    lines = [
        json.loads(line) for line in invoke("scan", drafts, "--format", "jsonl").stdout.splitlines()
    ]
    findings = [line for line in lines if line["kind"] == "finding"]
    report = json.loads(invoke("scan", drafts, "--format", "json").stdout)
    assert len(findings) == sum(len(a["findings"]) for a in report["articles"])
    assert [line["path"] for line in lines if line["kind"] == "error"] == ["empty.md"]
    sarif = sarif_of(drafts)
    assert {f["fingerprint"] for f in findings} == {
        r["partialFingerprints"]["newsaudit/v1"] for r in sarif["runs"][0]["results"]
        if "suppressions" not in r
    }  # fmt: skip


def test_exit_zero_masks_the_gate_but_never_an_error(drafts):
    disclosed = drafts / "disclosed.md"
    assert invoke("check", disclosed).exit_code == 1
    assert invoke("check", disclosed, "--exit-zero").exit_code == 0
    assert invoke("check", disclosed, drafts / "missing.md", "--exit-zero").exit_code == 2


def test_the_display_level_never_changes_the_exit_code(drafts):
    talks = drafts / "talks.md"
    for shown in ("info", "warning", "error"):
        assert invoke("check", talks, "--fail-on", "info", "--min-level", shown).exit_code == 1
        assert invoke("check", talks, "--min-level", shown).exit_code == 0


def test_committed_rule_docs_match_the_rules():
    """If this fails, run `newsaudit rules --docs docs/rules` and commit the pages."""
    folder = REPO / "docs" / "rules"
    registry = all_rules()
    expected = render_docs(registry.rules, registry.families)
    committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    assert sorted(committed) == sorted(expected)
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert stale == []


def test_explain_links_to_the_rule_page():
    result = invoke("explain", "SUP002")
    assert result.exit_code == 0 and "Documentation: docs/rules/SUP002.md" in result.stdout


@pytest.mark.parametrize(
    "fmt", ["text", "json", "jsonl", "csv", "sarif", "github", "html", "stream"]
)
def test_every_format_reports_an_abstaining_style_estimate(tmp_path, fmt):
    brief = tmp_path / "brief.md"
    brief.write_text("Port Talks\n\nThe talks resumed on Tuesday, officials said.\n", "utf-8")
    result = invoke("scan", brief, "--format", fmt, "--jobs", "1", "--min-words", "0")
    assert result.exit_code in (0, 1), result.output
    if fmt == "json":
        article = json.loads(result.stdout)["articles"][0]
        assert article["ai_probability"] is None
        assert article["ai_style"]["abstained"].startswith("too short")


def test_the_json_report_says_at_which_prior_the_probability_is_calibrated(tmp_path):
    from audit.style.model import load_model

    story = tmp_path / "story.md"
    body = (
        "The council voted 6-3 on Tuesday to raise water rates 9 percent from July, and bills "
        "for a typical house go from $58 to $63 a month. Three members voted no. The city says "
        "the money pays for replacing 4,100 lead pipes by 2031, and a second rise of 7 percent "
        "follows in 2027. Residents packed the chamber until midnight; 47 spoke, most against. "
        "The mayor signed the measure on Wednesday morning. Opponents plan a petition and need "
        "9,000 signatures by May 1 to force a vote, the city clerk's office said on Thursday."
    )
    story.write_text(f"Water Rates Rise\n\n{body}\n", encoding="utf-8")
    result = invoke("scan", story, "--format", "json", "--jobs", "1")
    article = json.loads(result.stdout)["articles"][0]
    assert article["ai_probability"] is not None
    assert article["ai_style"]["calibrated_at_prior"] == load_model().prior


def test_the_json_report_writes_each_article_as_its_object_encodes(auditor, drafts):
    run = auditor.run([str(drafts)])
    assert any(article.findings for article in run.articles)
    lines = json_report.render(run).splitlines()
    for i in range(len(run.articles)):
        written = json_report._compact(json_report.article_object(run, i))
        assert f"    {written}," in lines or f"    {written}" in lines


def test_findings_written_from_their_columns_read_as_their_dicts():
    text = 'Ein „Zitat“\n\t"quoted" \\ back\u2028slash \U0001f600 end\x7f'
    found = [
        Finding("HDG001", "hedging", "warning", "high", 0, 11, 1, 1, text[0:11], 'Say "so"'),
        Finding("X\u00e9", "cat\n", "info", "low", 12, len(text), 2, 1, text[12:], "\\ \u2028"),
        Finding("HDG001", "hedging", "warning", "high", 4, 11, 1, 5, text[4:11], 'Say "so"'),
    ]
    columns = Findings.of(found, text)
    assert isinstance(columns, Findings)
    written = json_report._compact(finding_dicts(found))
    assert json_report.findings_json(columns) == written
    assert json_report.findings_json(Findings.of([], text)) == "[]"
    assert json_report.findings_json(tuple(found)) == written
    tight = json.dumps(finding_dicts(found), ensure_ascii=False, separators=(",", ":"))
    assert json_report.findings_json(columns, tight=True) == tight
    assert json_report.findings_json(tuple(found), tight=True) == tight
