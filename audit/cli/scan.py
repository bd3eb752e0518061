"""`newsaudit scan`: audit a corpus and rank its sources."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TextIO

import click

from audit.cli import EXIT_OK, EXIT_USAGE
from audit.cli.common import (
    FORMATS,
    STREAM,
    audit_engine,
    check_output,
    colour,
    engine_options,
    failing,
    opened_output,
    output_options,
    render,
    report_refused,
    rule_options,
    write,
)
from audit.cli.inputs import input_options
from audit.cli.progress import progress_bar
from audit.cli.recording import open_store, record_run, source_trends, store_option
from audit.cli.settings import (
    ConfigProblem,
    admission_options,
    config_options,
    run_configured,
    settings_for,
)
from audit.formatters import json_report
from audit.formatters.stream import write_stream
from audit.history.record import now
from audit.ingest.model import ReadOptions
from audit.rules.errors import RulePackError
from audit.runtime.config import ConfigError, Settings
from audit.runtime.pipeline import build_auditor
from audit.runtime.records import held
from audit.runtime.run import Progress
from audit.runtime.stream import StreamedRun, stream


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--statistics", is_flag=True, help="Add a count of findings per rule (text format).")
@output_options((*FORMATS, STREAM))
@engine_options
@store_option
@rule_options
@config_options
@admission_options
@input_options
def scan(
    paths, fmt, output, statistics, min_level, per_source, no_colour, extra_packs, select,
    extend_select, ignore, config_file, isolated, baseline, admit, read, jobs, engine, scheduler, quiet, store,
) -> None:  # fmt: skip
    """Audit a corpus (files, folders, .jsonl/.csv, or - for stdin) and rank its sources.

    --format stream writes JSON lines as articles are audited and keeps memory flat
    on corpora of any size (no cross-source analysis: that needs --format json).
    """
    check_output(output, paths)
    settings = settings_for(
        paths, config_file, isolated,
        select=select, extend_select=extend_select, ignore=ignore, rule_packs=extra_packs,
        baseline=baseline, store=store, **admit,
    )  # fmt: skip
    if fmt == STREAM and store is not None:
        raise click.UsageError(
            "--format stream does not record runs: use another format with --store"
        )
    history = open_store(settings) if fmt != STREAM else None
    started = now()
    progress = progress_bar(quiet)
    if fmt == STREAM:
        if engine != "local":
            raise click.UsageError("--format stream runs on the local engine (--jobs N)")
        with opened_output(output, paths) as out:
            run = stream_configured(paths, settings, out, read, jobs, progress)
        counted = run.articles
    else:
        with held() as freeze:  # the run's results live until the report is written
            run = run_configured(
                paths, settings, read=read, jobs=jobs, progress=progress,
                engine=audit_engine(engine, scheduler, jobs), freeze=freeze,
            )  # fmt: skip
            freeze()
            record_run(history, run, "scan", settings, started)
            if fmt == "json" and not per_source:  # written a record at a time: large runs
                with opened_output(output, paths) as out:
                    json_report.write(run, out)
            else:
                content = render(
                    replace(run, trends=source_trends(history, fmt)), fmt,
                    colour=colour(output, no_colour), statistics=statistics,
                    min_level=min_level, per_source=per_source,
                )  # fmt: skip
                write(content, output, paths)
        counted = len(run.articles)
    if progress is not None:
        progress.close()
    if output is not None:
        click.echo(
            f"newsaudit: {counted} articles audited, {len(run.errors)} refused or not scored; "
            f"report written to {output}",
            err=True,
        )
    report_refused(run)
    sys.exit(EXIT_USAGE if failing(run) else EXIT_OK)


def stream_configured(
    paths: Sequence[str],
    settings: Settings,
    out: TextIO,
    read: ReadOptions | None,
    jobs: int,
    progress: Progress | None,
) -> StreamedRun:
    """A streamed scan (--format stream) with the configuration applied, written to `out`."""
    try:
        auditor, baseline = build_auditor(settings)
    except (ConfigError, RulePackError) as error:
        raise ConfigProblem(str(error)) from error
    if baseline is not None:
        click.echo(
            "newsaudit: note: the stream applies the baseline; "
            "stale entries are listed by --format json",
            err=True,
        )
    run = StreamedRun()
    write_stream(stream(auditor, paths, read, jobs, run, progress), run, out)
    for note in run.notes:
        click.echo(f"newsaudit: note: {note}", err=True)
    return run
