"""`newsaudit baseline create`: accept today's findings so that later runs report only new ones."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from audit.cli import EXIT_OK, EXIT_USAGE
from audit.cli.common import failing, report_refused, rule_options
from audit.cli.settings import (
    ConfigProblem,
    admission_options,
    config_options,
    run_configured,
    settings_for,
)
from audit.review.baseline import Baseline, Entry, entries_of, load_baseline, write_baseline
from audit.runtime.config import ConfigError
from audit.runtime.pipeline import baseline_path


@click.group()
def baseline() -> None:
    """Manage the baseline of accepted findings."""


@baseline.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here.  [default: the config's baseline, else newsaudit-baseline.json beside it]")  # fmt: skip
@click.option("--reason", help="A reason recorded on every new entry.")
@click.option("--expires", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="An expiry date (YYYY-MM-DD) for every new entry.")  # fmt: skip
@rule_options
@config_options
@admission_options
def create(
    paths, output, reason, expires, extra_packs, select, extend_select, ignore, config_file,
    isolated, baseline, admit,
) -> None:  # fmt: skip
    """Write every current finding of PATHS to the baseline (reasons of kept entries survive)."""
    settings = settings_for(
        paths, config_file, isolated,
        select=select, extend_select=extend_select, ignore=ignore, rule_packs=extra_packs,
        baseline=baseline, **admit,
    )  # fmt: skip
    target = output or baseline_path(settings)
    run = run_configured(paths, settings, use_baseline=False)
    previous = _previous(target)
    stamped = [
        _stamped(entry, reason, expires.date() if expires else None)
        for entry in entries_of(run, target.resolve().parent)
    ]
    written = write_baseline(target, stamped, previous)
    articles = len({entry.article for entry in written})
    click.echo(
        f"newsaudit: baseline {target}: {len(written)} findings in {articles} articles", err=True
    )
    report_refused(run)
    sys.exit(EXIT_USAGE if failing(run) else EXIT_OK)


def _previous(target: Path) -> Baseline | None:
    if not target.is_file():
        return None
    try:
        return load_baseline(target)
    except ConfigError as error:
        raise ConfigProblem(str(error)) from error


def _stamped(entry: Entry, reason: str | None, expires: date | None) -> Entry:
    return replace(entry, reason=reason, expires=expires)
