"""Command-line interface: scan, check, serve, history, rules, explain, config, baseline, eval, model.

Exit codes: 0 success or pass; 1 a check failed; 2 usage, configuration or
input errors (a refused input included); 3 an internal error; 130 interrupted
(Ctrl-C). Each command lives in its own module and is registered here.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from audit import __version__
from audit.runtime.stopping import TERMINATING

SIGNAL_EXIT = 128  # the shell's convention: 130 for Ctrl-C (SIGINT), 143 SIGTERM, 129 SIGHUP
EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3  # as the docstring says
# Each command's module is imported only when the command runs (or `--help` lists them),
# so `--version` and `check` do not load what `serve`, `history` or `eval` need.
COMMANDS = {
    "scan": "audit.cli.scan:scan",
    "check": "audit.cli.check:check",
    "serve": "audit.cli.serve:serve",
    "history": "audit.cli.history:history",
    "rules": "audit.cli.rules:list_rules",
    "explain": "audit.cli.rules:explain",
    "config": "audit.cli.config:config",
    "baseline": "audit.cli.baseline:baseline",
    "eval": "audit.cli.eval:evaluate",
    "model": "audit.cli.model:model",
}
# Commands that fit or evaluate models with scikit-learn, whose large matrix products BLAS
# threads speed up; the others leave numpy's BLAS on one thread (_Group.get_command).
TRAINING = frozenset({"model", "eval"})


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the run is so that it unwinds as Ctrl-C does: workers
    stopped, temporary files removed, an earlier report left as it was."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


class _Group(click.Group):
    """Maps usage errors to exit 2, unexpected crashes to exit 3 and Ctrl-C, SIGTERM and
    SIGHUP to 128 + the signal's number, each with a short message. Commands load lazily
    (COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        if name not in TRAINING:
            _one_blas_thread()
        module, _, attribute = COMMANDS[name].partition(":")
        from audit.runtime.records import collector_paused

        # What the command's modules make lives as long as the process: the seventy-odd
        # collections the imports would start free nothing. It then goes to the oldest
        # generation without a walk (a freeze undone at once), where the next young collection
        # would walk all of it. About 9 ms of CPU of a one-draft check.
        with collector_paused():
            command = getattr(importlib.import_module(module), attribute)
            gc.freeze()
            gc.unfreeze()
        return command

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


def _one_blas_thread() -> None:
    """Ask numpy's OpenBLAS for one thread before numpy is imported: it otherwise starts one
    per core at import, about 35 ms of CPU (a tenth of a one-draft check) and threads that
    compete with the audit on a busy machine. The audit's products are small, and newsaudit
    spreads over cores with worker processes (--jobs), which inherit the setting and so do not
    each start a thread per core. A user's own OPENBLAS_NUM_THREADS is kept."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


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


def entry() -> None:
    """The program: the installed `newsaudit` and `python -m audit`. Once the command is done,
    what it made moves to the oldest generation without a walk (gc.freeze): the interpreter's
    collections at exit would otherwise walk the rules, models and results of the run to free
    nothing the process's end does not free. About 45 ms of CPU of a one-draft check. Exit
    handlers still run; `main` itself, which tests call in-process, freezes nothing."""
    try:
        main()
    finally:
        gc.freeze()
