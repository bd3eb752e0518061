"""`newsaudit check`: the pre-publication gate.

Exit 0 when every file passes; 1 when a finding reaches --fail-on or a score
falls below --min-score (0 with --exit-zero); 2 on usage, configuration or
input errors, which --exit-zero never hides. --min-level changes only what is
shown, never the exit code.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import replace

import click

from audit.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from audit.cli.common import (
    check_output,
    colour,
    failing,
    jobs_option,
    output_options,
    render,
    report_refused,
    rule_options,
    write,
)
from audit.cli.inputs import input_options
from audit.cli.recording import open_store, record_run, source_trends, store_option
from audit.cli.settings import admission_options, config_options, run_configured, settings_for
from audit.history.record import now
from audit.results import RunResult
from audit.rules.docs import doc_path
from audit.rules.model import LEVELS, Finding, level_rank
from audit.text.admission import Unscored


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value!r} is not a number from 0 to 100")
    return value


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Fail when a finding reaches this level.  [default: error, or the config's fail-on]")  # fmt: skip
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, callback=_finite,
              help="Fail when an article scores below this.")  # fmt: skip
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when the gate fails (errors still exit 2).")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True,
              help="No report on stdout: only what fails the gate, and refused inputs (stderr).")  # fmt: skip
@output_options()
@jobs_option
@store_option
@rule_options
@config_options
@admission_options
@input_options
def check(
    files, fail_on, min_score, exit_zero, quiet, fmt, output, min_level, per_source, no_colour,
    extra_packs, select, extend_select, ignore, config_file, isolated, baseline, admit, read, jobs,
    store,
) -> None:  # fmt: skip
    """Pre-publication gate: exit 1 when a finding reaches --fail-on or a score is below --min-score."""
    check_output(output, files)
    settings = settings_for(
        files, config_file, isolated,
        select=select, extend_select=extend_select, ignore=ignore, rule_packs=extra_packs,
        fail_on=fail_on,
        min_score=min_score, baseline=baseline, store=store, **admit,
    )  # fmt: skip
    history = open_store(settings)
    started = now()
    run = run_configured(files, settings, read=read, jobs=jobs)
    record_run(history, run, "check", settings, started)
    if not quiet or output is not None:  # --quiet keeps stdout clean, not a report asked for
        content = render(
            replace(run, trends=source_trends(history, fmt)), fmt,
            colour=colour(output, no_colour), statistics=False, min_level=min_level,
            per_source=per_source,
        )  # fmt: skip
        write(content, output, files)
    failures = gate_failures(run, settings.fail_on, settings.min_score)
    for line in failures:
        click.echo(f"newsaudit: FAIL {line}", err=True)
    report_refused(run)
    if failing(run):
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FAIL if failures and not exit_zero else EXIT_OK)


def gate_failures(run: RunResult, fail_on: str, min_score: float | None) -> list[str]:
    threshold = level_rank(fail_on)
    failures = []
    for article in run.articles:
        name = article.location or article.document.path or article.document.id
        failures.extend(_level_failures(name, article.findings, threshold, fail_on))
        if min_score is not None and not article.score.score >= min_score:  # NaN fails
            failures.append(f"{name}: score {article.score.score:.1f} is below {min_score:g}")
    for error in run.errors:  # a text too short to score still fails on its page defects
        if isinstance(error, Unscored):
            failures.extend(_level_failures(error.path, error.findings, threshold, fail_on))
    return failures


def _level_failures(
    name: str, findings: Sequence[Finding], threshold: int, fail_on: str
) -> list[str]:
    blocking = [f for f in findings if level_rank(f.level) >= threshold]
    if not blocking:
        return []
    rules = sorted({f.rule for f in blocking})
    docs = ", ".join(doc_path(rule) for rule in rules)
    return [
        f"{name}: {len(blocking)} findings at or above {fail_on} ({', '.join(rules)}; "
        f"see `newsaudit explain {rules[0]}` or {docs})"
    ]
