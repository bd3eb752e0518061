"""Formatters: each renders a RunResult and reads nothing else; none re-runs rules.

Every format is a module here with one signature, ``render(run, options) -> str``, and
FORMATS names them. A format's module is imported only when it is asked for, so a check
shown in the terminal never loads the HTML report's templates. (`--format stream` is not
a rendering of a finished run: formatters/stream.py writes articles as they are audited.)
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.results import RunResult

FORMATS = {
    "text": "terminal",
    "json": "json_report",
    "jsonl": "jsonl",
    "csv": "csv_report",
    "sarif": "sarif",
    "github": "github",
    "html": "html_report",
}  # format name -> module of this package


@dataclass(frozen=True)
class RenderOptions:
    """How a person asked to see the run; a format ignores what it has no use for."""

    min_level: str = "info"  # text, github: the lowest level shown
    colour: bool = False  # text: ANSI colours
    statistics: bool = False  # text: findings counted per rule
    per_source: bool = False  # csv: one row per source instead of one per finding


DEFAULT_OPTIONS = RenderOptions()


def render(run: RunResult, fmt: str, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The run in the format named `fmt` (a key of FORMATS)."""
    return importlib.import_module(f"{__name__}.{FORMATS[fmt]}").render(run, options)
