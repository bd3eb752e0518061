"""The one reader and writer of model files: plain JSON, in `shipped/` or where a user names."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).with_name("shipped")


def shipped_path(name: str) -> Path:
    """Where the shipped model `name` (style, hedging, claims, clutter, source) lives."""
    return SHIPPED / f"{name}.json"


def read_model(path: str | Path) -> dict[str, Any]:
    """A model file as plain data (nothing in it can run); ValueError says what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read it as JSON: {error}") from error
    if not isinstance(data, dict):
        raise ValueError("not a model: the file holds no JSON object")
    return data


def check_format(data: Mapping[str, Any], expected: str, kind: str) -> None:
    """ValueError unless a model file declares the format its reader reads."""
    if data.get("format") != expected:
        raise ValueError(f"not a {kind} model: format {data.get('format')!r}")


def read_shipped(name: str) -> dict[str, Any]:
    return read_model(shipped_path(name))


def model_json(model: dict[str, Any]) -> str:
    """A model as its JSON file holds it: one key per line, long number and word lists on
    one line each, so the file stays small and a diff of two models stays readable."""
    lines = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in model.items())
    return "{\n" + lines + "\n}\n"
