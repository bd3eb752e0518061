"""`newsaudit model train|evaluate|cross-validate DATA`: the AI-style model behind ai_probability.

The work is done by audit/style/train.py (which also runs as `python -m audit.style.train`);
these commands check the data first, so a bad row is named by its line, not met as a crash.
Training needs scikit-learn; scans never import it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from audit.cli.common import write

LABELS = ("human", "ai")


def _labelled_rows(path: str) -> list[dict[str, Any]]:
    """The rows of a JSONL file of texts labelled human or ai, or a usage error naming the line."""
    rows = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise click.BadParameter(f"line {number}: not JSON ({error.msg})") from error
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise click.BadParameter(f'line {number}: needs an object with a "text" string')
            if row.get("label") not in LABELS:
                raise click.BadParameter(
                    f'line {number}: "label" must be "human" or "ai", not {row.get("label")!r}'
                )
            rows.append(row)
    return rows


def _model_file(path: str) -> dict[str, Any]:
    """A model JSON as `model train` writes it, or a usage error saying what is wrong with it."""
    from audit.style.model import model_data

    try:
        return model_data(path)
    except ValueError as error:
        raise click.BadParameter(f"{path}: {error}", param_hint="--model") from error


def _report(result: dict[str, Any], as_json: bool) -> str:
    from audit.style.train import format_report

    return json.dumps(result, indent=1) if as_json else format_report(result).rstrip("\n")


def _enough_to_fold(rows: list[dict[str, Any]]) -> None:
    from audit.style.train import FOLDS

    counts = {label: sum(r["label"] == label for r in rows) for label in LABELS}
    if min(counts.values()) < FOLDS:
        raise click.BadParameter(
            f"needs at least {FOLDS} texts of each label for its {FOLDS} folds "
            f"(found {counts['human']} human, {counts['ai']} ai)"
        )


DATA = click.argument("data", type=click.Path(exists=True, dir_okay=False))
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")


@click.group("model")
def model() -> None:
    """Train and evaluate the AI-style model (ai_probability).

    DATA is JSONL: one {"text", "label": "human"|"ai"} object per line, optionally with
    "dataset" and "generator" for the breakdowns. Texts that open with the same eight
    words (an article and a machine continuation of it) always share a fold.
    """


@model.command("train")
@DATA
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("style-model.json"),
    show_default=True,
    help="Where to write the model JSON.",
)
@AS_JSON
def train(data: str, output: Path, as_json: bool) -> None:
    """Fit the model on DATA, write it as JSON, and print its cross-validated metrics."""
    from audit.style.train import train as fit

    rows = _labelled_rows(data)
    _enough_to_fold(rows)
    fitted = fit(rows)
    write(json.dumps(fitted, indent=1) + "\n", output, (data,))
    click.echo(f"newsaudit: model written to {output}", err=True)
    click.echo(_report(fitted["metrics"], as_json))


@model.command("evaluate")
@DATA
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, dir_okay=False),
    help="A model JSON written by `model train` (default: the shipped model).",
)
@AS_JSON
def evaluate(data: str, model_path: str | None, as_json: bool) -> None:
    """ROC-AUC, F1, human false-positive rate at the model's threshold, per generator and
    per dataset, and a calibration table."""
    from audit.style.train import evaluate as measure

    rows = _labelled_rows(data)
    chosen = _model_file(model_path) if model_path else None
    click.echo(_report(measure(rows, chosen), as_json))


@model.command("cross-validate")
@DATA
@AS_JSON
def cross_validate(data: str, as_json: bool) -> None:
    """The figures that predict unseen text: stratified folds grouped by article, and each
    dataset held out in turn, every model fitted without the texts it scores."""
    from audit.style.train import cross_validate as folds

    rows = _labelled_rows(data)
    _enough_to_fold(rows)
    click.echo(_report(folds(rows), as_json))
