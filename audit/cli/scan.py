"""`newsaudit scan`: audit a corpus and rank its sources."""

from __future__ import annotations

import sys

import click

from audit.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    colour,
    jobs_option,
    output_options,
    render,
    report_refused,
    rule_options,
    write,
)
from audit.cli.inputs import input_options
from audit.cli.settings import config_options, run_configured, settings_for


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--statistics", is_flag=True, help="Add a count of findings per rule (text format).")
@output_options
@jobs_option
@rule_options
@config_options
@input_options
def scan(
    paths, fmt, output, statistics, min_level, per_source, no_colour, extra_packs, select, ignore,
    config_file, isolated, baseline, read, jobs,
) -> None:  # fmt: skip
    """Audit a corpus (files, folders, .jsonl/.csv, or - for stdin) and rank its sources."""
    settings = settings_for(
        paths, config_file, isolated,
        select=select, ignore=ignore, rule_packs=extra_packs, baseline=baseline,
    )  # fmt: skip
    run = run_configured(paths, settings, read=read, jobs=jobs)
    content = render(
        run, fmt, colour=colour(output, no_colour), statistics=statistics, min_level=min_level,
        per_source=per_source,
    )  # fmt: skip
    write(content, output, paths)
    if output is not None:
        click.echo(
            f"newsaudit: {len(run.articles)} articles audited, {len(run.errors)} refused; "
            f"report written to {output}",
            err=True,
        )
    report_refused(run)
    sys.exit(EXIT_USAGE if run.errors else EXIT_OK)
