"""The shipped model is plain JSON, loads without pickle, and inference needs no sklearn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from audit.style.features import FEATURE_NAMES
from audit.style.model import FORMAT, MODEL_PATH, StyleModel, load_model

REPO = Path(__file__).resolve().parents[2]


def test_model_file_is_plain_json():
    raw = MODEL_PATH.read_bytes()
    assert not raw.startswith(b"\x80"), "pickle protocol header"
    data = json.loads(raw)
    assert data["format"] == FORMAT
    assert data["features"] == list(FEATURE_NAMES)
    n = len(FEATURE_NAMES)
    assert len(data["mean"]) == len(data["scale"]) == len(data["coef"]) == n
    assert 0.5 <= data["threshold"] < 1
    assert {"slope", "offset"} <= set(data["calibration"])
    assert data["metrics"]["by_article"]["roc_auc"] > 0.8


def test_load_model_and_predict():
    model = load_model()
    probs = model.probability(np.vstack([model.mean, model.mean + model.scale]))
    assert probs.shape == (2,)
    assert ((probs > 0) & (probs < 1)).all()
    contrib = model.contributions(model.mean)
    assert np.allclose(contrib, 0)


def test_rejects_foreign_or_stale_models():
    data = json.loads(MODEL_PATH.read_text())
    with pytest.raises(ValueError):
        StyleModel.from_dict({**data, "format": "something-else"})
    with pytest.raises(ValueError):
        StyleModel.from_dict({**data, "features": data["features"][::-1]})


def test_inference_does_not_import_sklearn():
    code = (
        "import sys; from audit.style import estimate_style; "
        "t = 'Words of a sentence here. ' * 40; "
        "spans = [(i * 26, i * 26 + 25) for i in range(40)]; "
        "e = estimate_style(t, spans); assert e.probability is not None; "
        "print('sklearn' in sys.modules, 'joblib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
