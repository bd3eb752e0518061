"""Hostile content: a catastrophic user pattern cannot hang a run; huge inputs stay linear."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.rules import safe_regex
from audit.rules.registry import load_registry
from audit.runtime.config import Settings
from audit.runtime.run import Auditor
from audit.service.core import Service
from audit.text.admission import Admission

# (a|aa)+(?<!a)! needs exponential time on a run of a's: the look-behind fails after every way of
# splitting the run. Without the look-behind it matches the run and its "!", so the rules' one-pass
# scan (which drops look-arounds, rules/multiscan.py) cannot rule the pattern out: it must run.
HOSTILE_PACK = """
[[rule]]
id = "CLT901"
name = "{name}"
kind = "{kind}"
level = "warning"
message = "Runaway pattern"
why = "Written to backtrack catastrophically."
patterns = ['(?:a|aa)+(?<!a)!|aa']
examples = {{ flag = ["aa"], pass = ["b"] }}
"""
RUNAWAY = "Share\n\nThe council met on Tuesday, the clerk said.\n\n" + "a" * 60 + "!\n"


@pytest.fixture
def quick_budget(monkeypatch):
    monkeypatch.setattr(safe_regex, "BASE_SECONDS", 0.2)
    monkeypatch.setattr(safe_regex, "SECONDS_PER_CHAR", 0.0)


@pytest.mark.parametrize("kind", ["pattern", "line"])
def test_a_runaway_user_pattern_is_stopped_and_reported_once(tmp_path, quick_budget, kind):
    pack = tmp_path / "mine.toml"
    pack.write_text(HOSTILE_PACK.format(name=f"runaway-{kind}", kind=kind), encoding="utf-8")
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(RUNAWAY, encoding="utf-8")
    auditor = Auditor(load_registry([pack]), admission=Admission(min_words=0))
    started = time.monotonic()
    run = auditor.run([str(tmp_path / "one.txt"), str(tmp_path / "two.txt")])
    assert time.monotonic() - started < 20
    assert [a.document.id for a in run.articles] == ["one.txt", "two.txt"]
    (error,) = run.errors  # stopped on the first article, skipped on the second
    assert error.path == "mine.toml"
    assert error.reason.startswith(
        "rule CLT901 stopped: its pattern found no result within 0.2 s on article one.txt"
    )
    for article in run.articles:  # the built-in rules still ran, line rules included
        assert "CLT001" in {f.rule for f in article.findings}
        assert "CLT901" not in {f.rule for f in article.findings}


def test_the_cli_names_the_stopped_rule_and_exits_2(tmp_path, quick_budget):
    pack = tmp_path / "mine.toml"
    pack.write_text(HOSTILE_PACK.format(name="runaway", kind="pattern"), encoding="utf-8")
    (tmp_path / "one.txt").write_text(RUNAWAY, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["scan", str(tmp_path / "one.txt"), "--rules", str(pack), "--min-words", "0"]
    )
    assert result.exit_code == 2
    assert "newsaudit: refused mine.toml: rule CLT901 stopped" in result.output


def test_patterns_keep_pythons_unicode_meaning():
    pattern = safe_regex.compile_pattern(r"\bcafé\b|\d+\s°", ignore_case=True)
    found = [m.group() for m in pattern.finditer("CAFÉ society: ٣\u00a0° and a café.")]
    assert found == ["CAFÉ", "٣\u00a0°", "café"]


def test_a_second_run_of_the_same_auditor_tries_a_stopped_rule_again(tmp_path, quick_budget):
    pack = tmp_path / "mine.toml"
    pack.write_text(HOSTILE_PACK.format(name="runaway", kind="pattern"), encoding="utf-8")
    (tmp_path / "one.txt").write_text(RUNAWAY, encoding="utf-8")
    auditor = Auditor(load_registry([pack]), admission=Admission(min_words=0))
    for _ in range(2):  # each run pays the budget and reports the stop, not only the first
        (error,) = auditor.run([str(tmp_path / "one.txt")]).errors
        assert error.reason.startswith("rule CLT901 stopped")


def test_every_service_check_reports_its_own_stop(tmp_path, quick_budget):
    pack = tmp_path / "mine.toml"
    pack.write_text(HOSTILE_PACK.format(name="runaway", kind="pattern"), encoding="utf-8")
    service = Service(Settings(root=tmp_path, rule_packs=(pack,), min_words=0))
    record = {"text": RUNAWAY, "source": "desk"}
    alone = [service.check(record) for _ in range(2)]  # one request, then the next
    together = service.checks([record, record])  # two requests in one minibatch
    for answer in alone + together:
        (error,) = answer.body["errors"]
        assert error["reason"].startswith("rule CLT901 stopped")
