"""Labelled data files: read them, and fingerprint them so a figure names the data it came from."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    """The JSON object on every non-empty line of a JSONL file."""
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def digest(path: str | Path) -> str:
    """sha256 of the file's bytes."""
    sha = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def header(task: str, path: str | Path, rows: int) -> str:
    return f"{task:<8} data {Path(path).name}  rows {rows}  sha256 {digest(path)[:16]}"
