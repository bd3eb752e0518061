"""What the commands share: rule selection, rendering, safe writing, exit codes."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from audit.formatters import csv_report, github, html_report, json_report, jsonl, sarif, terminal
from audit.ingest import READERS
from audit.rules.errors import RulePackError
from audit.rules.model import LEVELS
from audit.rules.registry import Registry, load_registry
from audit.run import RunResult

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FORMATS = ("text", "json", "jsonl", "csv", "sarif", "github", "html")


def output_options(command: Callable) -> Callable:
    """--format, --output, --min-level, --per-source, --no-color: how a run is shown."""
    for option in reversed(
        (
            click.option(
                "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True
            ),
            click.option(
                "--output",
                "-o",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Write here, not to stdout.",
            ),
            click.option(
                "--min-level",
                type=click.Choice(LEVELS),
                default="info",
                help="Lowest level shown (text format); never changes the exit code.",
            ),
            click.option(
                "--per-source", is_flag=True, help="With --format csv: one row per source."
            ),
            click.option("--no-color", "no_colour", is_flag=True, help="Never colour the output."),
        )
    ):
        command = option(command)
    return command


def jobs_option(command: Callable) -> Callable:
    """--jobs: worker processes for the audit (0 means one per core); output order never changes."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=0),
        default=1,
        show_default=True,
        callback=lambda ctx, param, value: value or os.cpu_count() or 1,
        help="Audit articles in this many worker processes (0: one per core).",
    )(command)


def rule_options(command: Callable) -> Callable:
    command = click.option(
        "--select", multiple=True, help="Only these rules (id, id prefix or name)."
    )(command)
    command = click.option(
        "--ignore", multiple=True, help="Skip these rules (id, id prefix or name)."
    )(command)
    return click.option(
        "--rules",
        "extra_packs",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="An extra rule pack (TOML); repeatable.",
    )(command)


def load_rules(extra_packs, select, ignore) -> Registry:
    """The registry with user packs and selection applied; a bad pack is a usage error."""
    try:
        return load_registry(extra_packs).select(select, ignore)
    except RulePackError as error:
        raise click.UsageError(str(error)) from error


def render(
    run: RunResult,
    fmt: str,
    *,
    colour: bool,
    statistics: bool,
    min_level: str,
    per_source: bool = False,
) -> str:
    """The run in one format; --min-level filters only the formats a person reads (text, github)."""
    if per_source and fmt != "csv":
        raise click.UsageError("--per-source is a CSV table: use it with --format csv")
    if fmt == "json":
        return json_report.render(run)
    if fmt == "jsonl":
        return jsonl.render(run)
    if fmt == "csv":
        return csv_report.render_per_source(run) if per_source else csv_report.render(run)
    if fmt == "sarif":
        return sarif.render(run)
    if fmt == "github":
        return github.render(run, min_level=min_level)
    if fmt == "html":
        return html_report.render(run)
    return terminal.render(run, colour=colour, statistics=statistics, min_level=min_level)


def write(content: str, output: Path | None, inputs: tuple[str, ...]) -> None:
    """Write to stdout, or atomically to a file (a temp file renamed over it), never over an input."""
    if output is None:
        click.echo(content, nl=False)
        return
    target = output.resolve()
    for given in inputs:
        if given != "-" and Path(given).exists() and _overwrites(Path(given).resolve(), target):
            raise click.UsageError(f"--output {output} would overwrite an input file")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~umask())  # mkstemp makes 0600; a report is for sharing
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _overwrites(given: Path, target: Path) -> bool:
    """Whether `target` is the input `given`, or a file a scan of the folder `given` reads."""
    if given.is_dir():
        return (
            target.is_file() and target.is_relative_to(given) and target.suffix.lower() in READERS
        )
    return given == target


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def colour(output: Path | None, no_colour: bool) -> bool:
    return output is None and not no_colour and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def report_refused(run: RunResult) -> None:
    """Name every refused input on stderr, whatever the output format."""
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        click.echo(f"newsaudit: refused {where}: {error.reason}", err=True)
