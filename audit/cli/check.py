"""`newsaudit check`: the pre-publication gate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from audit.cli.common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    FORMATS,
    colour,
    load_rules,
    render,
    report_refused,
    rule_options,
    write,
)
from audit.rules.model import LEVELS, level_rank
from audit.run import Auditor, RunResult


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--fail-on", type=click.Choice(LEVELS), default="error", show_default=True,
              help="Fail when a finding reaches this level.")  # fmt: skip
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Fail when an article scores below this.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--min-level",
    type=click.Choice(LEVELS),
    default="info",
    help="Lowest level shown; never changes the exit code.",
)
@click.option("--no-color", "no_colour", is_flag=True)
@rule_options
def check(
    files, fail_on, min_score, fmt, output, min_level, no_colour, extra_packs, select, ignore
) -> None:
    """Pre-publication gate: exit 1 when a finding reaches --fail-on or a score is below --min-score."""
    auditor = Auditor(load_rules(extra_packs, select, ignore))
    run = auditor.run(files)
    content = render(
        run, fmt, colour=colour(output, no_colour), statistics=False, min_level=min_level
    )
    write(content, output, files)
    failures = _gate_failures(run, fail_on, min_score)
    for line in failures:
        click.echo(f"newsaudit: FAIL {line}", err=True)
    report_refused(run)
    if run.errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FAIL if failures else EXIT_OK)


def _gate_failures(run: RunResult, fail_on: str, min_score: float | None) -> list[str]:
    threshold = level_rank(fail_on)
    failures = []
    for article in run.articles:
        name = article.document.path or article.document.id
        blocking = [f for f in article.findings if level_rank(f.level) >= threshold]
        if blocking:
            rules = ", ".join(sorted({f.rule for f in blocking}))
            failures.append(f"{name}: {len(blocking)} findings at or above {fail_on} ({rules})")
        if min_score is not None and article.score.score < min_score:
            failures.append(f"{name}: score {article.score.score:.1f} is below {min_score:g}")
    return failures
