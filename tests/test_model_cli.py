"""`newsaudit model`: train the AI-style model on labelled texts, and evaluate it or the shipped one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main
from audit.style.model import MODEL_PATH


def invoke(*args: str):
    return CliRunner().invoke(main, ["model", *args])


@pytest.fixture(scope="module")
def sample(tmp_path_factory, shared) -> Path:
    """Fifteen human and fifteen machine texts of the development set."""
    aitext = shared("data/aitext/dev.jsonl")
    rows = [json.loads(line) for line in aitext.read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in rows if r["label"] == "human"][:15] + [
        r for r in rows if r["label"] == "ai"
    ][:15]
    path = tmp_path_factory.mktemp("aitext") / "sample.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
    return path


@pytest.mark.filterwarnings("ignore:The least populated class:UserWarning")  # 15 texts a label
def test_a_trained_model_is_written_as_json_and_evaluated_from_its_file(sample, tmp_path):
    written = tmp_path / "style.json"
    trained = invoke("train", str(sample), "--output", str(written))
    assert trained.exit_code == 0, trained.output
    assert "Cross-validation, 5 folds grouped by generator" in trained.output
    # Every human text of this sample is the BBC's: no fold can hold an outlet out.
    assert "grouped by outlet ==\nnot possible: the human texts form one group" in trained.output
    model = json.loads(written.read_text(encoding="utf-8"))
    assert model["format"] == "newsaudit-style-logreg/2" and model["training"]["rows"] == 30
    assert model["calibration"]["prior"] == 0.5

    evaluated = invoke("evaluate", str(sample), "--model", str(written), "--json")
    assert evaluated.exit_code == 0, evaluated.output
    figures = json.loads(evaluated.output)
    assert figures["n"] == 30 and 0.5 < figures["roc_auc"] <= 1.0
    assert sum(g["n"] for g in figures["per_generator"].values()) == 15  # every machine text
    assert figures["per_dataset"] and figures["calibration"]


@pytest.mark.filterwarnings("ignore:The least populated class:UserWarning")  # 15 texts a label
def test_cross_validate_runs_only_the_views_asked_for(sample):
    by_generator = invoke("cross-validate", str(sample), "--view", "by-generator")
    assert by_generator.exit_code == 0, by_generator.output
    assert "Cross-validation, 5 folds grouped by generator ==\nrows 30" in by_generator.output
    assert "grouped by outlet" not in by_generator.output
    # The outlet folds alone: this sample's humans are one outlet, so none can be held out.
    by_outlet = invoke("cross-validate", str(sample), "--view", "by-outlet", "--json")
    assert by_outlet.exit_code == 0, by_outlet.output
    assert json.loads(by_outlet.output) == {
        "by_outlet": {"skipped": "the human texts form one group"}
    }
    unknown = invoke("cross-validate", str(sample), "--view", "by-topic")
    assert unknown.exit_code == 2 and "by-topic" in unknown.output


def test_the_shipped_model_is_evaluated_with_its_breakdowns(sample):
    result = invoke("evaluate", str(sample))
    assert result.exit_code == 0, result.output
    for part in ("ROC-AUC", "human FPR", "generator", "dataset", "calibration"):
        assert part in result.output


def test_a_row_without_a_known_label_is_named_by_its_line(tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text(
        '{"text": "A human wrote this.", "label": "human"}\n\n'
        '{"text": "Unsure who wrote this.", "label": "maybe"}\n',
        encoding="utf-8",
    )
    result = invoke("evaluate", str(data))
    assert result.exit_code == 2
    assert "line 3" in result.output and "'maybe'" in result.output


def test_training_needs_enough_texts_of_each_label_for_its_folds(tmp_path):
    data = tmp_path / "few.jsonl"
    rows = [{"text": f"Text number {i} of a small set.", "label": "human"} for i in range(6)]
    rows.append({"text": "One machine text.", "label": "ai"})
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = invoke("train", str(data), "--output", str(tmp_path / "m.json"))
    assert result.exit_code == 2
    assert "found 6 human, 1 ai" in result.output
    assert not (tmp_path / "m.json").exists()


def test_a_model_file_of_another_kind_is_refused(sample, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    result = invoke("evaluate", str(sample), "--model", str(other))
    assert result.exit_code == 2
    assert "not a style model" in result.output


SHIPPED = MODEL_PATH
REPORT = " ".join(
    f"The council met on {day} and voted {votes} to approve the harbour plan, which adds two "
    f"pilots and a dredging contract, said Mayor Ana Ruiz after the meeting."
    for day, votes in (("Monday", "7-2"), ("Tuesday", "6-3"), ("Wednesday", "5-4"),
                       ("Thursday", "8-1"), ("Friday", "9-0"))
)  # fmt: skip


def test_a_configured_style_model_is_the_one_a_scan_estimates_with(tmp_path):
    (tmp_path / "story.txt").write_text(f"Harbour Plan Approved\n\n{REPORT}\n", encoding="utf-8")
    certain = json.loads(SHIPPED.read_text(encoding="utf-8"))
    certain["calibration"]["offset"] = 40.0  # whatever the text, "machine-written"
    (tmp_path / "certain.json").write_text(json.dumps(certain), encoding="utf-8")

    def scanned() -> dict:
        result = CliRunner().invoke(main, ["scan", str(tmp_path / "story.txt"), "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["articles"][0]

    shipped = scanned()
    (tmp_path / "newsaudit.toml").write_text('style-model = "certain.json"\n', encoding="utf-8")
    configured = scanned()
    assert shipped["ai_probability"] != configured["ai_probability"] == 1.0
    assert "AIS001" in {f["rule"] for f in configured["findings"]}


def test_a_configured_style_model_that_is_not_one_is_a_configuration_error(tmp_path):
    (tmp_path / "story.txt").write_text(f"Harbour Plan Approved\n\n{REPORT}\n", encoding="utf-8")
    (tmp_path / "notes.json").write_text('{"format": "something-else"}', encoding="utf-8")
    (tmp_path / "newsaudit.toml").write_text('style-model = "notes.json"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "story.txt")])
    assert result.exit_code == 2
    assert "key 'style-model'" in result.output and "notes.json" in result.output


@pytest.mark.filterwarnings("ignore:The least populated class:UserWarning")
def test_model_train_names_every_trainer_and_a_detector_it_trains_loads_and_predicts(tmp_path):
    from audit.features import hedging_model
    from audit.models.formats import TextLogit
    from audit.models.store import read_model

    hedged = ["It may perhaps rain on {} later.", "Some say the {} might possibly close."]
    plain = ["The {} closed on Monday.", "The council approved the {} budget."]
    rows = [
        {"text": pattern.format(word), "label": label}
        for word in ("city", "road", "school", "park", "bridge", "market", "river", "harbour")
        for label, patterns in (("uncertain", hedged), ("certain", plain))
        for pattern in patterns
    ]
    data = tmp_path / "hedging.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    listed = invoke("train", "--help")
    assert all(
        name in listed.output for name in ("style", "hedging", "claims", "clutter", "source")
    )
    written = tmp_path / "hedging.json"
    result = invoke("train", "hedging", str(data), "--output", str(written))
    assert result.exit_code == 0, result.output
    model = TextLogit.from_dict(read_model(written), hedging_model.DENSE_NAMES)
    units = [["it", "may", "perhaps", "rain"], ["the", "council", "approved", "it"]]
    first, second = model.predict_proba(model.rows(units, hedging_model.dense_rows(units)))
    assert first > second


def test_the_html_report_highlights_at_the_configured_style_models_threshold(tmp_path):
    (tmp_path / "story.txt").write_text(f"Harbour Plan Approved\n\n{REPORT}\n", encoding="utf-8")
    for name, threshold in (("lenient", 0.001), ("strict", 1.01)):  # every window, or none
        model = json.loads(SHIPPED.read_text(encoding="utf-8"))
        model["threshold"] = threshold
        (tmp_path / f"{name}.json").write_text(json.dumps(model), encoding="utf-8")

    def windows_at_or_above(name: str) -> str:
        config = f'style-model = "{name}.json"\n'
        (tmp_path / "newsaudit.toml").write_text(config, encoding="utf-8")
        result = CliRunner().invoke(main, ["scan", str(tmp_path / "story.txt"), "--format", "html"])
        assert result.exit_code == 0, result.output
        return re.search(r"(\d+ of \d+) sentence windows at or above", result.stdout).group(1)

    assert windows_at_or_above("lenient") == "5 of 5"
    assert windows_at_or_above("strict") == "0 of 5"
