"""`newsaudit eval TASK DATA`: measure a detector against labelled data and print the figures.

Each task maps to a function `evaluate(path) -> str` in its own module; adding a
task is one entry in TASKS.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import click

# task -> "module:function"; imported only when the task runs (evaluation pulls in scipy).
TASKS: dict[str, str] = {
    "sources": "audit.evaluation.sources:evaluate_sources",
    "clutter": "audit.evaluation.clutter:report",
    "hedging": "audit.evaluation.sentences:report_hedging",
    "claims": "audit.evaluation.sentences:report_claims",
    "aitext": "audit.evaluation.aitext:report",
    "noise": "audit.evaluation.noise:report",
    "attribution": "audit.evaluation.attribution:report",
}
MULTI_FILE = {"sources"}


def _evaluator(task: str) -> Callable[..., str]:
    module, function = TASKS[task].split(":")
    return getattr(import_module(module), function)


@click.command("eval")
@click.argument("task", type=click.Choice(sorted(TASKS)))
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--articles",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="attribution: the articles (JSONL) the labelled sentences point into; repeatable.",
)
def evaluate(task: str, data: tuple[str, ...], articles: tuple[str, ...]) -> None:
    """Evaluate TASK on the labelled DATA file (JSONL; sources reads several as one corpus).

    \b
    clutter  pages: {"lines": [{"text", "label": "body"|"clutter"}]}
    hedging  sentences: {"text", "label": "uncertain"|"certain"}
    claims   sentences: {"text", "label": "check_worthy"|"not_check_worthy"}
    aitext   texts: {"text", "label": "human"|"ai"}
    sources  articles with source_label
    noise    articles (source_class optional): findings per article shown at each level
    attribution  sentences by reference: {"article", "start", "end", "sha256", "claim",
             "attribution", "needs_source", "split"}, with --articles
    """
    if len(data) > 1 and task not in MULTI_FILE:
        raise click.UsageError(f"{task} reads one DATA file")
    if task == "attribution":
        if not articles:
            raise click.UsageError("eval attribution needs --articles FILE.jsonl")
        click.echo(_evaluator(task)(data[0], articles), nl=False)
        return
    if articles:
        raise click.UsageError("--articles is for eval attribution")
    click.echo(_evaluator(task)(*data), nl=False)
