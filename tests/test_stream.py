"""Streamed scans and the engines: same articles, same order, same ranking, flat memory."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from drafts import BACKGROUND

from audit.cli import main
from audit.cli.progress import ProgressBar, progress_bar
from audit.formatters import json_report
from audit.results import ArticleResult
from audit.runtime import execute
from audit.runtime.stream import StreamedRun, stream
from audit.sources.ranking import Tallies, rank_articles

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("harbor", "gazette", "wire")


def story(i: int) -> str:
    hedge = "Experts say the port might reopen soon. " * (i % 4)
    quote = '"We will reopen on Monday," said Dana Okafor, the harbour master. ' * (i % 3)
    return (
        f"Port story {i}\n\nThe port closed on Tuesday after a storm. {hedge}{quote}\n{BACKGROUND}"
    )


@pytest.fixture
def corpus(tmp_path):
    """Thirty articles from three sources, with two refused inputs among them."""
    for i in range(30):
        folder = tmp_path / SOURCES[i % 3]
        folder.mkdir(exist_ok=True)
        (folder / f"story{i:02}.txt").write_text(story(i), encoding="utf-8")
    (tmp_path / "gazette" / "story05b.txt").write_bytes(b"")
    (tmp_path / "wire" / "story20b.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def lines_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_stream_writes_every_article_and_refusal_in_the_order_of_the_json_report(corpus):
    streamed = invoke("scan", corpus, "--format", "stream", "--jobs", "1")
    report = json.loads(invoke("scan", corpus, "--format", "json", "--jobs", "1").stdout)
    assert streamed.exit_code == 2  # two inputs were refused
    lines = lines_of(streamed.stdout)
    assert lines[0] == {"kind": "run", "schema": "newsaudit/stream@1", "tool": json_report.TOOL}
    assert lines[-1]["kind"] == "summary"
    articles = [line for line in lines if line["kind"] == "article"]
    assert [a["id"] for a in articles] == [a["id"] for a in report["articles"]]
    refused = sorted(line["path"] for line in lines if line["kind"] == "error")
    assert refused == sorted(e["path"] for e in report["errors"])
    first = {k: v for k, v in articles[0].items() if k != "kind"}
    assert first == {k: v for k, v in report["articles"][0].items() if k != "crosscheck"}


def test_every_stream_line_matches_the_stream_schema(corpus):
    schema = json.loads((REPO / "docs" / "schema" / "stream-1.schema.json").read_text())
    lines = lines_of(invoke("scan", corpus, "--format", "stream", "--jobs", "1").stdout)
    for line in lines:
        jsonschema.validate(line, schema)
    assert {line["kind"] for line in lines} == {"run", "article", "error", "summary"}


def test_stream_summary_ranks_sources_exactly_as_the_json_report(corpus):
    lines = lines_of(invoke("scan", corpus, "--format", "stream", "--jobs", "1").stdout)
    report = json.loads(invoke("scan", corpus, "--format", "json", "--jobs", "1").stdout)
    assert lines[-1]["sources"] == report["sources"]
    assert lines[-1]["summary"] == report["summary"]


def test_refusals_are_streamed_where_they_occur_in_the_input(corpus):
    lines = lines_of(invoke("scan", corpus, "--format", "stream", "--jobs", "1").stdout)
    kinds = [(line["kind"], line.get("path") or line.get("id")) for line in lines[1:-1]]
    position = kinds.index(("error", "gazette/story05b.txt"))
    assert kinds[position - 1] == ("article", "gazette/story04.txt")  # gazette: 01, 04, 07...
    assert kinds[position + 1] == ("article", "gazette/story07.txt")


def test_parallel_stream_is_byte_identical_to_a_serial_one(corpus, monkeypatch):
    monkeypatch.setattr(execute, "MIN_ARTICLES_PER_WORKER", 2)
    monkeypatch.setattr(execute, "WINDOW_PER_WORKER", 3)  # many windows: the order must hold
    serial = invoke("scan", corpus, "--format", "stream", "--jobs", "1")
    parallel = invoke("scan", corpus, "--format", "stream", "--jobs", "2")
    assert serial.stdout == parallel.stdout


def test_tallies_rank_exactly_like_the_articles_they_count(auditor, corpus):
    run = StreamedRun()
    articles = [a for a in stream(auditor, [str(corpus)], None, 1, run) if hasattr(a, "score")]
    assert run.articles == len(articles) == 30
    assert run.tallies.rank() == rank_articles(articles)


def test_a_tally_keeps_numbers_and_rule_counts_not_articles(audit_text):
    tallies = Tallies()
    article = audit_text("Officials said the plan might work. Experts say it may fail.\n")
    tallies.add(article)
    tally = tallies.sources[article.document.source]
    assert list(tally.audit) == [article.score.score]
    counted = sorted(
        (c, r) for c, rules in tally.rules.items() for r, n in rules.items() for _ in range(n)
    )
    assert counted == sorted((f.category, f.rule) for f in article.findings)
    assert not any(isinstance(v, ArticleResult) for v in vars(tally).values())


def test_stream_refuses_the_dask_engine(corpus):
    result = invoke("scan", corpus, "--format", "stream", "--engine", "dask")
    assert result.exit_code == 2
    assert "local engine" in result.output


def test_check_has_no_stream_format(corpus):
    assert invoke("check", corpus, "--format", "stream").exit_code == 2


def test_scheduler_without_the_dask_engine_is_a_usage_error(corpus):
    result = invoke("scan", corpus, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "--engine dask" in result.output


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_shows_done_total_rate_and_time_left():
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar(out, width=10, clock=clock)
    clock.now = 2.0
    bar(100, 400)
    bar.close()
    assert "[##--------] 100/400  50/s  6s left" in out.getvalue()
    assert out.getvalue().endswith("\n")


def test_progress_bar_redraws_at_most_ten_times_a_second_but_always_at_the_end():
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar(out, clock=clock)
    for done in range(1, 101):
        clock.now = done / 1000
        bar(done, 100)
    assert out.getvalue().count("\r") == 2  # the first draw and the last
    assert "100/100" in out.getvalue()


def test_progress_bar_counts_without_a_total_when_streaming():
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar(out, clock=clock)
    clock.now = 4.0
    bar(200, None)
    assert "200 articles  50/s" in out.getvalue()


def test_no_progress_bar_off_a_terminal_or_when_quiet():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_bar(False, io.StringIO()) is None
    assert progress_bar(True, Terminal()) is None
    assert progress_bar(False, Terminal()) is not None
