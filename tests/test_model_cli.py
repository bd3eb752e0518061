"""`newsaudit model`: train the AI-style model on labelled texts, and evaluate it or the shipped one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import main

AITEXT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "aitext" / "dev.jsonl"


def invoke(*args: str):
    return CliRunner().invoke(main, ["model", *args])


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """Fifteen human and fifteen machine texts of the development set."""
    if not AITEXT.is_file():
        pytest.skip("the aitext development set (shared data beside the repository) is absent")
    rows = [json.loads(line) for line in AITEXT.read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in rows if r["label"] == "human"][:15] + [
        r for r in rows if r["label"] == "ai"
    ][:15]
    path = tmp_path_factory.mktemp("aitext") / "sample.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
    return path


def test_a_trained_model_is_written_as_json_and_evaluated_from_its_file(sample, tmp_path):
    written = tmp_path / "style.json"
    trained = invoke("train", str(sample), "--output", str(written))
    assert trained.exit_code == 0, trained.output
    assert "Cross-validation, stratified 5-fold grouped by article" in trained.output
    model = json.loads(written.read_text(encoding="utf-8"))
    assert model["format"] == "newsaudit-style-logreg/2" and model["training"]["rows"] == 30

    evaluated = invoke("evaluate", str(sample), "--model", str(written), "--json")
    assert evaluated.exit_code == 0, evaluated.output
    figures = json.loads(evaluated.output)
    assert figures["n"] == 30 and 0.5 < figures["roc_auc"] <= 1.0
    assert sum(g["n"] for g in figures["per_generator"].values()) == 15  # every machine text
    assert figures["per_dataset"] and figures["calibration"]


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
