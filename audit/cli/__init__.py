"""Command-line interface: scan, check, serve, history, rules, explain, config, baseline, eval, model.

Exit codes: 0 success or pass; 1 a check failed; 2 usage, configuration or
input errors (a refused input included); 3 an internal error; 130 interrupted
(Ctrl-C). Each command lives in its own module and is registered here.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from audit import __version__
from audit.cli.baseline import baseline
from audit.cli.check import check
from audit.cli.common import EXIT_INTERNAL
from audit.cli.config import config
from audit.cli.eval import evaluate
from audit.cli.history import history
from audit.cli.model import model
from audit.cli.rules import explain, list_rules
from audit.cli.scan import scan
from audit.cli.serve import serve
from audit.runtime.execute import TERMINATING

SIGNAL_EXIT = 128  # the shell's convention: 130 for Ctrl-C (SIGINT), 143 SIGTERM, 129 SIGHUP


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the run is so that it unwinds as Ctrl-C does: workers
    stopped, temporary files removed, an earlier report left as it was."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


class _Group(click.Group):
    """Maps usage errors to exit 2, unexpected crashes to exit 3 and Ctrl-C, SIGTERM and
    SIGHUP to 128 + the signal's number, each with a short message."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as stop:
            number = stop.number if isinstance(stop, Stopped) else signal.SIGINT
            # Reports are written whole or not at all (common.write), so there is nothing to undo.
            stopped = (
                "interrupted"
                if number == signal.SIGINT
                else f"terminated by {signal.Signals(number).name}"
            )
            click.echo(
                f"\nnewsaudit: {stopped}; no report was written and any earlier one is unchanged",
                err=True,
            )
            ctx.exit(SIGNAL_EXIT + number)

    def main(self, *args, **kwargs):
        kwargs.setdefault("standalone_mode", True)
        try:
            with _stopping_on(TERMINATING):
                return super().main(*args, **kwargs)
        except SystemExit:
            raise
        except Exception as error:  # the last line of defence: say what broke, exit 3
            click.echo(f"newsaudit: internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(EXIT_INTERNAL)


@contextmanager
def _stopping_on(numbers: tuple[int, ...]) -> Iterator[None]:
    """While the command runs, these signals raise Stopped; a second one while the run
    unwinds is ignored, so the clean-up finishes."""

    def stop(number: int, frame: object) -> None:
        for other in numbers:
            signal.signal(other, signal.SIG_IGN)
        raise Stopped(number)

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (an embedding program's worker thread)
        return
    previous = {number: signal.signal(number, stop) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="newsaudit")
def main() -> None:
    """Audit news articles for hedging, boilerplate, AI disclaimers, scraped clutter and
    unsupported claims, and rank the sources that publish them."""


for command in (
    scan,
    check,
    serve,
    history,
    list_rules,
    explain,
    config,
    baseline,
    evaluate,
    model,
):
    main.add_command(command)
