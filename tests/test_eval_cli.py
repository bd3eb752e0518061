"""`newsaudit eval`: precision, recall and F1 of each detector on a user's labelled data."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from audit.cli import main

LINE = re.compile(
    r"^(\w+)\s+(.+?)\s+P (\d\.\d{3})  R (\d\.\d{3})  F1 (\d\.\d{3})  \(positives \S+ of \S+, "
    r"predicted \S+\)$"
)
PROSE = (
    "The city council approved the budget for next year on Monday night after a debate that "
    "lasted more than four hours, with seven members voting in favour and two against."
)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(task, path):
    result = CliRunner().invoke(main, ["eval", task, str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def figures(output):
    return {(m[1], m[2].strip()): float(m[5]) for m in map(LINE.match, output.splitlines()) if m}


def test_clutter_prints_line_and_token_weighted_scores(tmp_path):
    page = {"id": "p1", "lines": [
        *({"text": t, "label": "clutter"} for t in ("Sections", "Log In", "World", "Politics")),
        *({"text": PROSE, "label": "body"} for _ in range(4)),
        *({"text": t, "label": "clutter"} for t in ("About Us", "Privacy", "Share")),
    ]}  # fmt: skip
    output = run("clutter", write_jsonl(tmp_path / "pages.jsonl", [page]))
    assert output.splitlines()[0].startswith("clutter  data pages.jsonl  rows 1  sha256 ")
    scores = figures(output)
    assert set(scores) == {("clutter", "line"), ("clutter", "token-weighted")}
    assert scores[("clutter", "line")] > 0.8


@pytest.mark.parametrize(
    ("task", "positive", "negative", "flag", "calm"),
    [
        ("hedging", "uncertain", "certain", "Some critics claim it may possibly be too costly.",
         "The council approved the plan on Monday."),
        ("claims", "check_worthy", "not_check_worthy",
         "Unemployment fell from 8 percent in 2019 to 4 percent last year.",
         "I want to thank all of you for being here tonight."),
    ],
)  # fmt: skip
def test_sentence_tasks_print_precision_recall_and_f1(
    tmp_path, task, positive, negative, flag, calm
):
    rows = [{"text": flag, "label": positive}, {"text": calm, "label": negative}]
    output = run(task, write_jsonl(tmp_path / "s.jsonl", rows))
    assert figures(output) == {(task, "sentence"): 1.0}


def test_an_unknown_task_is_a_usage_error(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"text": "x", "label": "y"}])
    assert CliRunner().invoke(main, ["eval", "weather", str(path)]).exit_code == 2


def test_noise_prints_findings_per_article_at_each_level_by_class(tmp_path):
    hedged = "It is unclear whether the plan will perhaps work; officials reportedly met. " * 4
    data = write_jsonl(
        tmp_path / "articles.jsonl",
        [
            {"id": "a", "text": f"Budget passes\n\n{PROSE}", "source_class": "reliable"},
            {"id": "b", "text": f"Plan\n\n{hedged}", "source_class": "unreliable"},
        ],
    )
    output = run("noise", data)
    rows = {
        (m[1], m[2]): float(m[3])
        for m in re.finditer(
            r"^noise\s+(\w+)\s+\d+ articles\s+at (\w+)\s+([\d.]+) per", output, re.M
        )
    }
    assert set(rows) == {
        (g, lvl) for g in ("reliable", "unreliable", "all") for lvl in ("info", "warning")
    }
    assert rows[("unreliable", "info")] >= rows[("unreliable", "warning")]
    assert rows[("unreliable", "info")] > rows[("reliable", "info")]
    assert rows[("all", "info")] == pytest.approx(
        (rows[("reliable", "info")] + rows[("unreliable", "info")]) / 2, abs=0.01
    )


def test_attribution_reads_the_sentences_from_the_articles_and_notices_changed_text(tmp_path):
    import hashlib

    article = (
        "Port strike\n\nThe strike has cost the port $40 million since March.\n\n"
        f"{PROSE} {PROSE}\n\n"
        "Port director Sam Okafor said the talks would resume on Friday."
    )
    first = article.index("The strike")
    second = article.index("Port director")

    def row(start, end, **labels):
        digest = hashlib.sha256(article[start:end].encode()).hexdigest()[:12]
        return {"article": "a1", "start": start, "end": end, "sha256": digest, **labels}

    articles = write_jsonl(tmp_path / "articles.jsonl", [{"id": "a1", "text": article}])
    labels = write_jsonl(
        tmp_path / "labels.jsonl",
        [
            row(first, article.index("\n\n", first), split="dev", claim=True, attribution="none",
                needs_source=True),
            row(second, len(article), split="dev", claim=True, attribution="named",
                needs_source=False),
            {**row(second, len(article)), "sha256": "000000000000", "split": "dev",
             "claim": True, "attribution": "named", "needs_source": False},
        ],
    )  # fmt: skip
    result = CliRunner().invoke(
        main, ["eval", "attribution", str(labels), "--articles", str(articles)]
    )
    assert result.exit_code == 0, result.output
    assert "dev   kind accuracy 1.000  (2 of 2" in result.output
    assert re.search(r"dev needs-src\s+P 1\.000  R 1\.000", result.output)
    assert "text changed" in result.output
    # Where UNS006 decided each labelled sentence: need a source / do not, per split and all.
    assert re.search(r"^reported\s+1/0\s+1/0$", result.output, re.M)
    assert re.search(r"^not check-worthy\s+0/1\s+0/1$", result.output, re.M)
    without = CliRunner().invoke(main, ["eval", "attribution", str(labels)])
    assert without.exit_code == 2
    # Rows without a split are counted under "all", in the gates' table too.
    unsplit = write_jsonl(
        tmp_path / "unsplit.jsonl",
        [{k: v for k, v in r.items() if k != "split"} for r in map(json.loads, labels.open())],
    )
    result = CliRunner().invoke(
        main, ["eval", "attribution", str(unsplit), "--articles", str(articles)]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"^reported\s+1/0\s+1/0$", result.output, re.M)
    assert re.search(r"^not check-worthy\s+0/1\s+0/1$", result.output, re.M)
