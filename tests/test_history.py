"""The history store: whole runs only (even when killed mid-write), migrations, trends, and the
commands that record runs and show them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.history.record import ArticleRow, RunRecord
from audit.history.store import SCHEMA_VERSION, Store, StoreError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
CORPUS_SOURCES = {
    "civic-record",
    "daily-brief-hub",
    "harbor-ledger",
    "metro-pulse",
    "trendwire-now",
}


def _run(articles: int, command: str = "scan", source: str = "wire") -> RunRecord:
    rows = tuple(
        ArticleRow(f"a{i}", f"{i:064x}", source, 50.0 + i, {"hedging": 90.0}, {"HDG001": i})
        for i in range(articles)
    )
    return RunRecord("2026-01-01T00:00:00", "2026-01-01T00:00:01", command, "h", "0", rows)


def test_a_new_store_is_at_the_current_schema_in_wal_mode(tmp_path):
    store = Store(tmp_path / "h.sqlite")
    assert store.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(tmp_path / "h.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Store(tmp_path / "h.sqlite")  # opening again migrates nothing and keeps the version
    assert store.schema_version() == SCHEMA_VERSION


def test_a_store_from_a_newer_version_is_refused_by_name(tmp_path):
    path = tmp_path / "h.sqlite"
    Store(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_a_file_that_is_not_a_store_is_a_named_error(tmp_path):
    path = tmp_path / "h.sqlite"
    path.write_text("not a database, a note\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"h\.sqlite"):
        Store(path)


def test_a_run_is_recorded_with_its_articles_categories_and_rule_counts(tmp_path):
    store = Store(tmp_path / "h.sqlite")
    store.record(_run(3))
    assert store.counts() == {"runs": 1, "articles": 3, "category_scores": 3, "finding_counts": 3}
    (run,) = store.runs()
    assert run.articles == 3
    trends = store.source_trends([run])
    assert [(p.score, p.articles) for p in trends["wire"]] == [(51.0, 3)]
    rules = store.rule_trends([run])
    assert [(p.findings, p.per_article) for p in rules["HDG001"]] == [(3, 1.0)]
    assert store.integrity() == []


def test_a_run_that_fails_mid_write_leaves_nothing(tmp_path):
    store = Store(tmp_path / "h.sqlite")
    store.record(_run(2))
    broken = _run(2)
    broken = RunRecord(*[getattr(broken, f) for f in ("started", "finished", "command",
                       "config_hash", "version")], (*broken.articles, None))  # fmt: skip
    with pytest.raises(AttributeError):
        store.record(broken)
    assert store.counts()["runs"] == 1
    assert store.counts()["articles"] == 2


_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from audit.history.record import ArticleRow, RunRecord
    from audit.history.store import Store

    class Slow(tuple):
        # A run whose articles arrive slowly: the writer is killed between two of them.
        def __iter__(self):
            for n, row in enumerate(tuple.__iter__(self)):
                if n == 500:
                    Path(sys.argv[2]).touch()
                    time.sleep(60)
                yield row

    rows = [ArticleRow(f"a{i}", "0" * 64, "wire", 70.0, {"hedging": 80.0}, {"HDG001": 1})
            for i in range(1000)]
    store = Store(Path(sys.argv[1]))
    store.record(RunRecord("t0", "t1", "scan", "h", "0", tuple(rows[:10])))
    store.record(RunRecord("t0", "t1", "scan", "h", "0", Slow(rows)))
    """
)


def test_a_writer_killed_mid_run_leaves_a_store_that_opens_with_whole_runs_only(tmp_path):
    path, ready = tmp_path / "h.sqlite", tmp_path / "ready"
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path), str(ready)], cwd=REPO
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert writer.poll() is None, "the writer ended before the kill"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(10)
    assert writer.returncode == -signal.SIGKILL
    store = Store(path)  # opens (recovering the WAL) and migrates nothing
    assert store.integrity() == []
    assert store.counts() == {
        "runs": 1,
        "articles": 10,
        "category_scores": 10,
        "finding_counts": 10,
    }
    store.record(_run(1))  # and takes the next run
    assert [run.articles for run in store.runs()] == [10, 1]


def test_concurrent_writers_each_record_whole_runs(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    store = Store(tmp_path / "h.sqlite")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: store.record(_run(20, source=f"s{n}")), range(32)))
    assert store.counts()["runs"] == 32
    assert store.counts()["articles"] == 32 * 20
    assert store.integrity() == []


def _scan(*args: str) -> None:
    result = CliRunner().invoke(main, ["scan", str(CORPUS), "-q", "-j", "1", *args])
    assert result.exit_code == 0, result.output


def test_three_scans_of_the_sample_corpus_show_each_sources_trend(tmp_path):
    store = tmp_path / "h.sqlite"
    _scan("--store", str(store), "--format", "json", "-o", str(tmp_path / "1.json"))
    _scan(
        "--store", str(store), "--ignore", "HDG", "--format", "json", "-o", str(tmp_path / "2.json")
    )
    _scan("--store", str(store), "--format", "html", "-o", str(tmp_path / "3.html"))

    shown = CliRunner().invoke(main, ["history", "--store", str(store), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    history = json.loads(shown.output)
    schema = json.loads((REPO / "docs" / "schema" / "history-1.schema.json").read_text())
    jsonschema.validate(history, schema)
    assert len(history["runs"]) == 3
    assert history["runs"][0]["config_hash"] == history["runs"][2]["config_hash"]
    assert history["runs"][1]["config_hash"] != history["runs"][0]["config_hash"]
    by_source = {s["source"]: s for s in history["sources"]}
    assert set(by_source) == CORPUS_SOURCES
    first = json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))
    for source, trend in by_source.items():
        assert len(trend["points"]) == 3
        scores = [a["score"] for a in first["articles"] if a["source"] == source]
        assert trend["points"][0]["score"] == pytest.approx(sum(scores) / len(scores), abs=0.05)
    # Ignoring hedging raises every hedged source's score in run 2, and no hedging rule found
    # anything in it.
    assert any(t["points"][1]["score"] > t["points"][0]["score"] for t in by_source.values())
    hedging = [r for r in history["rules"] if r["rule"].startswith("HDG")]
    assert hedging and all(r["points"][1]["findings"] == 0 for r in hedging)

    text = CliRunner().invoke(main, ["history", "--store", str(store), "--source", "harbor-ledger"])
    assert "harbor-ledger" in text.output and "metro-pulse" not in text.output
    html = (tmp_path / "3.html").read_text(encoding="utf-8")
    for source in CORPUS_SOURCES:
        assert f'aria-label="score trend of {source} over 3 runs' in html


def test_check_records_its_run_and_the_config_names_the_store(tmp_path):
    (tmp_path / "newsaudit.toml").write_text('store = "history.sqlite"\n', encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "Port talks resume\n\nThe deal reportedly collapsed, sources say.\n" + BACKGROUND
    )
    result = CliRunner().invoke(main, ["check", str(draft)])
    assert result.exit_code in (0, 1), result.output
    runs = Store(tmp_path / "history.sqlite").runs()
    assert [(r.command, r.articles) for r in runs] == [("check", 1)]


def test_history_without_a_store_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["history", "--isolated"])
    assert result.exit_code == 2
    assert "--store" in result.output
    missing = CliRunner().invoke(main, ["history", "--store", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2
    assert not (tmp_path / "none.sqlite").exists()


def test_a_streamed_scan_refuses_to_record(tmp_path):
    result = CliRunner().invoke(
        main, ["scan", str(CORPUS), "--format", "stream", "--store", str(tmp_path / "h.sqlite")]
    )
    assert result.exit_code == 2
    assert "does not record" in result.output


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from audit.history.record import ArticleRow, RunRecord
    from audit.history.store import Store

    store = Store(Path(sys.argv[1]))
    rows = tuple(ArticleRow(f"a{i}", "0" * 64, sys.argv[2], 70.0, {}, {"HDG001": 1})
                 for i in range(50))
    for _ in range(20):
        store.record(RunRecord("t0", "t1", "scan", "h", "0", rows))
    """
)


def test_writers_in_several_processes_queue_for_the_store(tmp_path):
    path = tmp_path / "h.sqlite"
    Store(path)
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), f"source-{n}"], cwd=REPO)
        for n in range(3)
    ]
    assert [w.wait(120) for w in writers] == [0, 0, 0]
    store = Store(path)
    assert store.counts()["runs"] == 60
    assert store.counts()["articles"] == 60 * 50
    assert store.integrity() == []
