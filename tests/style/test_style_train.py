"""Training and evaluation on a slice of the shared development data (skipped without it)."""

from __future__ import annotations

import json

import pytest

from audit.style import train as T


@pytest.fixture(scope="module")
def small(aitext_rows):
    humans = [r for r in aitext_rows if r["label"] == "human"][:60]
    machines = [r for r in aitext_rows if r["label"] == "ai"][:60]
    return humans + machines


def test_train_returns_a_loadable_model(small):
    model = T.train(small, with_metrics=False, c_grid=(0.1,))
    assert model["features"] == list(T.MODEL_FEATURES)
    assert model["training"]["rows"] == 120
    json.dumps(model)  # serialisable as is
    metrics = T.evaluate(small, model)
    assert metrics["roc_auc"] > 0.8  # in-sample, so only a sanity check
    assert set(metrics["per_dataset"]) <= {r["dataset"] for r in small}
    report = T.format_report(metrics)
    assert "ROC-AUC" in report and "human FPR" in report and "calibration" in report


def test_truncate_keeps_whole_sentences():
    text = "One two three four. Five six seven eight. Nine ten."
    assert T.truncate(text, 5) == "One two three four."
    assert T.truncate(text, 8) == "One two three four. Five six seven eight."
    assert T.truncate(text, 2) == "One two three four."  # at least one sentence


def test_cli_evaluate(small, tmp_path, capsys):
    data = tmp_path / "rows.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in small[:20] + small[-20:]))
    assert T.main([str(data), "--evaluate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n"] == 40 and 0 <= out["roc_auc"] <= 1
