"""What the commands share: rule selection, rendering and safe writing."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from audit.cli import EXIT_USAGE
from audit.formatters import FORMATS as RENDERED
from audit.formatters import RenderOptions
from audit.formatters import render as render_run
from audit.ingest import READERS
from audit.ingest.clean import shown_name
from audit.results import RunResult
from audit.rules.model import LEVELS
from audit.text.admission import Unscored

if TYPE_CHECKING:
    from audit.runtime.execute import AuditEngine
    from audit.runtime.stream import StreamedRun

FORMATS = tuple(RENDERED)
STREAM = "stream"  # scan only: written as articles are audited (audit/formatters/stream.py)


def output_options(formats: tuple[str, ...] = FORMATS) -> Callable[[Callable], Callable]:
    """--format, --output, --min-level, --per-source, --no-color: how a run is shown."""

    def decorate(command: Callable) -> Callable:
        for option in reversed(
            (
                click.option(
                    "--format", "fmt", type=click.Choice(formats), default="text", show_default=True
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
                    default="warning",
                    show_default=True,
                    help="Lowest level shown (text and github formats): by default the warnings "
                    "and errors, with one summary for a pattern spread over an article; info "
                    "adds every cue and claim behind them. Never changes the exit code.",
                ),
                click.option(
                    "--per-source", is_flag=True, help="With --format csv: one row per source."
                ),
                click.option(
                    "--no-color", "no_colour", is_flag=True, help="Never colour the output."
                ),
            )
        ):
            command = option(command)
        return command

    return decorate


def jobs_option(command: Callable) -> Callable:
    """--jobs: worker processes for the audit (0, the default: one per core); output order never changes."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=0),
        default=0,
        callback=lambda ctx, param, value: value or os.cpu_count() or 1,
        help="Audit articles in this many worker processes.  [default: 0, one per core]",
    )(command)


def engine_options(command: Callable) -> Callable:
    """--jobs, --engine, --scheduler and --quiet: where articles are audited, and the progress bar."""
    command = click.option(
        "--quiet", "-q", is_flag=True, help="No progress bar (it is drawn only on a terminal)."
    )(command)
    command = click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="With --engine dask: a running Dask scheduler (tcp://host:8786). "
        "Without it, a local cluster of --jobs workers is started.",
    )(command)
    command = click.option(
        "--engine",
        type=click.Choice(("local", "dask")),
        default="local",
        show_default=True,
        help="Audit in local processes, or on a Dask cluster (pip install 'newsaudit[dask]').",
    )(command)
    return jobs_option(command)


def audit_engine(engine: str, scheduler: str | None, jobs: int) -> AuditEngine | None:
    """The engine the options ask for; None is the local one."""
    if engine == "local":
        if scheduler is not None:
            raise click.UsageError("--scheduler needs --engine dask")
        return None
    from audit.runtime.dask_engine import DaskEngine, dask_installed

    if not dask_installed():
        raise click.UsageError("--engine dask needs Dask: pip install 'newsaudit[dask]'")
    return DaskEngine(scheduler, jobs)


def rule_options(command: Callable) -> Callable:
    """--select, --extend-select, --ignore and --rules; a selector matching no rule is exit 2."""
    command = click.option(
        "--extend-select",
        multiple=True,
        help="Also these rules, on top of --select or the config's select.",
    )(command)
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
    return render_run(run, fmt, RenderOptions(min_level, colour, statistics, per_source))


class OutputProblem(click.ClickException):
    """The report cannot be written where it was asked for: named, and exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"newsaudit: error: {self.format_message()}", err=True)


def write(content: str, output: Path | None, inputs: tuple[str, ...]) -> None:
    """Write to stdout, or atomically to a file (a temp file renamed over it), never over an input."""
    with opened_output(output, inputs) as stream:
        stream.write(content)


def check_output(output: Path | None, inputs: tuple[str, ...]) -> None:
    """Refuse, before any work is done, an output that would overwrite an input, replace a
    read-only report or land in a folder that cannot be written."""
    if output is None:
        return
    target = _resolved(output)
    for given in inputs:
        if given != "-" and _overwrites(Path(os.path.abspath(given)), target):
            raise click.UsageError(
                f"--output {shown_name(str(output))} would overwrite an input file"
            )
    if _is_file(target) and not os.access(target, os.W_OK):
        raise OutputProblem(f"{shown_name(str(output))} is read-only: it was not replaced")
    if target.exists() and not target.is_file():
        return  # a device or a pipe, written to in place
    folder = next((p for p in (target.parent, *target.parent.parents) if p.exists()), None)
    if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
        raise OutputProblem(f"cannot write to {shown_name(str(folder))}: permission denied")


@contextmanager
def opened_output(output: Path | None, inputs: tuple[str, ...]) -> Iterator[TextIO]:
    """Stdout, or a temp file beside `output` that replaces it once complete (keeping the mode
    of the report it replaces), never an input; a device or pipe named as the output is written
    to directly. A write that fails (a full disk, a closed pipe) is an OutputProblem."""
    if output is None:
        stdout = _Destination(sys.stdout, "standard output")
        yield stdout
        stdout.flush()
        return
    check_output(output, inputs)
    target = _resolved(output)
    name = shown_name(str(output))
    if target.exists() and not target.is_file():
        # A device or a pipe (/dev/null, a FIFO) is written to, never replaced by a file.
        with _attempt(name):
            device = target.open("w", encoding="utf-8", newline="")
        try:
            destination = _Destination(device, name)
            yield destination
            destination.flush()
        finally:
            with _attempt(name):
                device.close()
        return
    import tempfile  # (with shutil, bz2, random) only when a report is written to a file

    with _attempt(name):
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~umask()
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            destination = _Destination(stream, name)
            yield destination
            destination.flush()
        with _attempt(name):
            os.chmod(temporary, mode)  # mkstemp makes 0600; a report is for sharing
            os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):  # closing the file: the last buffered write failed
            raise OutputProblem(f"cannot write {name}: {error.strerror or error}") from None
        raise


class _Destination:
    """A text stream whose failed writes say which output failed and why (exit 2, not 3)."""

    def __init__(self, stream: TextIO, name: str):
        self.stream = stream
        self.name = name

    def write(self, text: str) -> int:
        with _attempt(self.name, self.stream):
            return self.stream.write(text)

    def flush(self) -> None:
        with _attempt(self.name, self.stream):
            self.stream.flush()


@contextmanager
def _attempt(name: str, stream: TextIO | None = None) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        if stream is sys.stdout:
            # Python flushes stdout again at exit; what is buffered can go nowhere.
            with suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise OutputProblem(f"cannot write {name}: {error.strerror or error}") from None


def _resolved(path: Path) -> Path:
    """The real file a report replaces (a symbolic link's target), or the path as given."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _overwrites(given: Path, target: Path) -> bool:
    """Whether `target` is the input `given`, or a file a scan of the folder `given` reads."""
    try:
        given, target = given.resolve(), target.resolve()
        if given.is_dir():
            return (
                target.is_file()
                and target.is_relative_to(given)
                and target.suffix.lower() in READERS
            )
    except (OSError, RuntimeError):  # a loop or a folder that cannot be searched: not an input
        return False
    return given == target


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def colour(output: Path | None, no_colour: bool) -> bool:
    return output is None and not no_colour and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def report_refused(run: RunResult | StreamedRun) -> None:
    """Name every refused or unscored input on stderr, whatever the output format."""
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        verb = "not scored" if isinstance(error, Unscored) else "refused"
        click.echo(f"newsaudit: {verb} {where}: {error.reason}", err=True)


def failing(run: RunResult | StreamedRun) -> bool:
    """Whether the run must exit 2: an input was refused (a text too short to score, or in a
    language the user allowed, is listed without failing)."""
    return any(error.blocking for error in run.errors)
