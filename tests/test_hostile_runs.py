"""Nothing in a corpus, a configuration or a signal crashes the run, opens the gate or leaves
processes behind: each bad input is a named refusal and the rest of the run goes on."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import audit.runtime.run
from audit.cli import main
from audit.features.attribution import profile
from audit.rules.registry import load_registry
from audit.runtime.run import Auditor
from audit.scoring.article import ScoringPolicy, score_article
from audit.text.segment import make_document

ARTICLE = (
    "The city council voted on Tuesday to approve the new budget, Mayor Ana Ruiz said in a "
    "statement. The plan adds money for schools and roads, according to the budget office. "
    "Council member Tom Okafor, who voted against the plan, said the city should have waited "
    "for the state's own figures before it committed to new spending on the ring road. The "
    "budget office said the plan leaves a reserve of four million dollars for the winter, "
    "when snow clearing usually costs more than the city expects. Residents can read the full "
    "plan at the public library and on the city's website from Monday, the clerk said, and "
    "the first payments to the schools will be made in March.\n"
)


def invoke(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def strict_json(text: str):
    """JSON as the standard has it: no NaN or Infinity, and text that is valid UTF-8."""

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    text.encode("utf-8")
    return json.loads(text, parse_constant=refuse)


def test_a_lone_surrogate_in_one_record_is_replaced_and_noted_not_fatal(tmp_path):
    feed = tmp_path / "s.jsonl"
    feed.write_text(
        '{"id": "s1", "text": "The bridge reportedly\\udfff collapsed. '
        + ARTICLE.strip()
        + '"}\n'
        + json.dumps({"id": "s2", "text": ARTICLE})
        + "\n",
        encoding="utf-8",
    )
    for fmt in ("json", "text", "csv", "sarif", "github", "jsonl", "html", "stream"):
        result = invoke("scan", feed, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
        assert "lone surrogate replaced with U+FFFD at offset 21" in result.stderr
    report = strict_json(invoke("scan", feed, "--format", "json").stdout)
    assert [a["id"] for a in report["articles"]] == ["s1", "s2"]


def test_nan_and_infinity_in_a_record_refuse_that_record(tmp_path):
    feed = tmp_path / "n.jsonl"
    lines = [
        '{"id": "a", "text": "' + ARTICLE.strip() + '", "rank": NaN}',
        json.dumps({"text": ARTICLE}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("scan", feed, "--format", "json")
    assert result.exit_code == 2
    report = strict_json(result.stdout)
    assert len(report["articles"]) == 1
    assert "NaN is not a JSON value" in report["errors"][0]["reason"]


def test_non_string_title_and_source_are_left_out_with_a_note_not_shown_as_reprs(tmp_path):
    feed = tmp_path / "t.jsonl"
    record = {"id": 7, "title": {"a": 1}, "source": [1, 2], "text": ARTICLE}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = invoke("scan", feed, "--format", "json")
    assert result.exit_code == 0
    (article,) = strict_json(result.stdout)["articles"]
    assert article["id"] == "7"
    assert article["title"] != "{'a': 1}" and article["source"] != "[1, 2]"
    assert "field 'title' is an object, not a string: left out" in result.stderr
    assert "field 'source' is a list, not a string: left out" in result.stderr


def _run_with_one_broken_article(folder, broken, jobs):
    """Audit 20 articles of which number `broken` carries the word BOOM; the others all come
    back, in order."""
    for n in range(20):
        extra = " BOOM" if n == broken else ""
        (folder / f"a{n:02}.txt").write_text(ARTICLE + f"Item {n}.{extra}\n", encoding="utf-8")
    run = Auditor(load_registry()).run([str(folder)], jobs=jobs)
    assert [a.document.id for a in run.articles] == [
        f"a{n:02}.txt" for n in range(20) if n != broken
    ]
    return run


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rule_or_model_raising_on_one_article_loses_no_other(tmp_path, monkeypatch, jobs):
    real = audit.runtime.run.style_of

    def fragile(doc):
        if "BOOM" in doc.text:
            raise ZeroDivisionError("the model broke")
        return real(doc)

    monkeypatch.setattr(audit.runtime.run, "style_of", fragile)  # forked workers inherit it
    run = _run_with_one_broken_article(tmp_path, broken=7, jobs=jobs)
    (error,) = run.errors
    assert error.path.endswith("a07.txt")
    assert "ZeroDivisionError: the model broke" in error.reason
    result = invoke("scan", tmp_path, "--format", "json", "-j", jobs)
    assert result.exit_code == 2
    assert len(strict_json(result.stdout)["articles"]) == 19


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_model_stage_failing_on_one_article_of_a_batch_refuses_that_article_only(
    tmp_path, monkeypatch, jobs
):
    from audit.features import hedging_model

    real = hedging_model.dense_rows

    def fragile(units):
        if any("boom" in words for words in units):
            raise ZeroDivisionError("the hedging features broke")
        return real(units)

    monkeypatch.setattr(hedging_model, "dense_rows", fragile)  # forked workers inherit it
    run = _run_with_one_broken_article(tmp_path, broken=3, jobs=jobs)
    (error,) = run.errors
    assert error.path.endswith("a03.txt") and "the hedging features broke" in error.reason


def test_weights_that_would_overflow_the_score_are_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.newsaudit.weights]\nclutter = 1e308\nhedging = 1e308\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = invoke("check", tmp_path / "a.txt", "--min-score", "99")
    assert result.exit_code == 2
    assert "category 'clutter': must be a number from 0.001 to 1000" in result.stderr
    for bad in ("nan", "inf", "-1"):
        (tmp_path / "pyproject.toml").write_text(
            f"[tool.newsaudit.thresholds]\nhedging = {bad}\n", encoding="utf-8"
        )
        assert invoke("check", tmp_path / "a.txt").exit_code == 2


def test_a_nan_min_score_is_refused_and_cannot_pass_the_gate(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = invoke("check", tmp_path / "a.txt", "--min-score", "nan", "--isolated")
    assert result.exit_code == 2


def test_a_score_that_is_not_a_number_is_never_returned():
    doc = make_document(ARTICLE)
    weights = dict.fromkeys(ScoringPolicy().weights, float("inf"))
    with pytest.raises(ValueError, match="not a number from 0 to 100"):
        score_article(doc, (), profile(doc), None, ScoringPolicy(weights=weights))


def test_names_that_are_not_utf8_or_hold_control_characters_are_escaped(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    names = [b"latin1\xe9.txt", b"evil\x1b[31mRED\x1b[0m.txt", b"new\nline.txt"]
    for name in names:
        with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as f:
            f.write(ARTICLE + "The bridge reportedly might collapse, it is unclear.\n")
    report = strict_json(invoke("scan", folder, "--format", "json").stdout)
    assert sorted(a["path"] for a in report["articles"]) == [
        "evil\\x1b[31mRED\\x1b[0m.txt",
        "latin1\\xe9.txt",
        "new\\nline.txt",
    ]
    for fmt in ("text", "github", "csv", "sarif", "html"):
        result = invoke("scan", folder, "--format", fmt, "--no-color")
        assert result.exit_code == 0, fmt
        assert "\x1b" not in result.stdout, fmt
        assert "latin1\\xe9" in result.stdout or fmt == "sarif", fmt  # SARIF has URIs
    assert "\nline.txt" not in invoke("scan", folder, "--format", "text").stdout


def test_a_symbolic_link_loop_named_directly_is_refused(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    result = invoke("scan", tmp_path / "loop")
    assert result.exit_code == 2
    assert "symbolic link loop" in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "stream"])
def test_a_full_disk_is_a_clean_refusal(tmp_path, fmt):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = invoke("scan", tmp_path / "a.txt", "--format", fmt, "-o", "/dev/full")
    assert result.exit_code == 2
    assert "cannot write /dev/full: No space left on device" in result.stderr


def test_a_report_keeps_the_mode_of_the_one_it_replaces(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    report = tmp_path / "r.json"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    assert invoke("scan", tmp_path / "a.txt", "--format", "json", "-o", report).exit_code == 0
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert strict_json(report.read_text(encoding="utf-8"))["articles"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_report_or_folder_is_refused_before_the_run(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    report = tmp_path / "r.json"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o444)
    result = invoke("scan", tmp_path / "a.txt", "--format", "json", "-o", report)
    assert result.exit_code == 2 and "read-only" in result.stderr
    assert report.read_text(encoding="utf-8") == "old"
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = invoke("scan", tmp_path / "a.txt", "-o", locked / "r.json")
    assert result.exit_code == 2 and "permission denied" in result.stderr


def test_random_bytes_without_nul_are_refused_as_binary(tmp_path):
    rng = random.Random(1)
    (tmp_path / "noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(20_000)))
    result = invoke("scan", tmp_path / "noise.txt", "--format", "json")
    assert result.exit_code == 2
    assert strict_json(result.stdout)["errors"][0]["reason"].startswith("binary file")


def test_legacy_encoded_prose_is_still_read(tmp_path):
    text = ARTICLE.replace("city", "café").replace("'", "’")
    (tmp_path / "fr.txt").write_bytes(text.encode("cp1252"))
    assert invoke("scan", tmp_path / "fr.txt").exit_code == 0


def test_a_user_rule_whose_examples_fail_is_refused(tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text(
        '[[rule]]\nid = "HDG901"\nname = "zorbly"\nkind = "pattern"\nlevel = "warning"\n'
        'message = "m"\nwhy = "w"\npatterns = [\'\\bzorbly\\b\']\n'
        'examples = { flag = ["never matches"], pass = ["plain"] }\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = invoke("scan", tmp_path / "a.txt", "--rules", pack)
    assert result.exit_code == 2
    assert "rule HDG901: flag example 'never matches' is not flagged" in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal and /proc")
@pytest.mark.parametrize(("number", "fmt"), [(signal.SIGTERM, "stream"), (signal.SIGHUP, "json")])
def test_a_terminated_scan_stops_its_workers_and_keeps_the_old_report(tmp_path, number, fmt):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(400):
        (corpus / f"a{n:03}.txt").write_text(ARTICLE * (5 + n % 7), encoding="utf-8")
    report = tmp_path / "out" / "r.json"
    report.parent.mkdir()
    report.write_text("old", encoding="utf-8")
    command = [sys.executable, "-m", "audit", "scan", str(corpus), "-j", "2", "-q"]
    process = subprocess.Popen(
        [*command, "--format", fmt, "-o", str(report)], stderr=subprocess.PIPE, text=True
    )
    workers = _wait_for_children(process.pid, 2)
    process.send_signal(number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + number, stderr
    assert "no report was written and any earlier one is unchanged" in stderr
    assert report.read_text(encoding="utf-8") == "old"
    assert [p.name for p in report.parent.iterdir()] == ["r.json"]  # no temporary file left
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)]


def test_workers_die_with_a_parent_killed_outright(tmp_path):
    if sys.platform != "linux":
        pytest.skip("parent-death signal and /proc")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(400):
        (corpus / f"a{n:03}.txt").write_text(ARTICLE * (5 + n % 7), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "audit", "scan", str(corpus), "-j", "2", "-q", "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = _wait_for_children(process.pid, 2)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]


def _wait_for_children(pid: int, count: int) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = Path(f"/proc/{pid}/task/{pid}/children")
        found = [int(c) for c in children.read_text().split()] if children.exists() else []
        if len(found) >= count:
            time.sleep(0.5)  # the workers are forked; let them start on their work
            return found
        time.sleep(0.1)
    raise AssertionError("the workers never started")


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def test_an_article_over_its_time_budget_is_refused_and_the_run_goes_on(tmp_path, monkeypatch):
    import audit.runtime.execute

    real = audit.runtime.run.style_of

    def slow(doc):
        if "SLOW" in doc.text:
            time.sleep(30)
        return real(doc)

    monkeypatch.setattr(audit.runtime.run, "style_of", slow)
    monkeypatch.setattr(audit.runtime.execute, "MAX_ARTICLE_SECONDS", 0.5)
    for name, extra in (("a.txt", ""), ("b.txt", " SLOW"), ("c.txt", "")):
        (tmp_path / name).write_text(ARTICLE + extra + "\n", encoding="utf-8")
    started = time.monotonic()
    run = Auditor(load_registry()).run([str(tmp_path)])
    assert time.monotonic() - started < 20
    assert [a.document.id for a in run.articles] == ["a.txt", "c.txt"]
    (error,) = run.errors
    assert error.path.endswith("b.txt") and "time budget" in error.reason


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_large_feed_streams_and_max_bytes_limits_each_record(tmp_path, monkeypatch, kind):
    import audit.ingest

    monkeypatch.setattr(audit.ingest, "WHOLE_FEED", 1000)  # read line by line from 1 KB
    records = [{"id": f"r{n}", "text": ARTICLE} for n in range(30)]
    records[5]["text"] = ARTICLE * 40  # one record over the limit
    records[9]["text"] = ARTICLE.replace("city", "café")
    feed = tmp_path / f"feed.{kind}"
    if kind == "jsonl":
        feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    else:
        rows = ['"{}","{}"\r\n'.format(r["id"], r["text"].replace('"', '""')) for r in records]
        feed.write_text("id,text\r\n" + "".join(rows), encoding="utf-8")
    result = invoke("scan", feed, "--format", "stream", "--max-bytes", "20K")
    assert result.exit_code == 2, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    articles = [line["id"] for line in lines if line["kind"] == "article"]
    assert articles == [f"r{n}" for n in range(30) if n != 5]
    (error,) = [line for line in lines if line["kind"] == "error"]
    assert error["line"] == (6 if kind == "jsonl" else 12)  # each CSV record spans two lines
    assert "too large" in error["reason"] or "field larger than field limit" in error["reason"]
