"""Command-line interface: scan, check, serve, history, rules, explain, config, baseline, eval, model.

Exit codes: 0 success or pass; 1 a check failed; 2 usage, configuration or
input errors (a refused input included); 3 an internal error; 130 interrupted
(Ctrl-C). Each command lives in its own module and is registered here.
"""

from __future__ import annotations

import sys

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

EXIT_INTERRUPTED = 130  # the shell's convention for a run stopped by SIGINT


class _Group(click.Group):
    """Maps usage errors to exit 2, unexpected crashes to exit 3 and Ctrl-C to exit 130,
    each with a short message."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Reports are written whole or not at all (common.write), so there is nothing to undo.
            click.echo(
                "\nnewsaudit: interrupted; no report was written and any earlier one is unchanged",
                err=True,
            )
            ctx.exit(EXIT_INTERRUPTED)

    def main(self, *args, **kwargs):
        kwargs.setdefault("standalone_mode", True)
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            raise
        except Exception as error:  # the last line of defence: say what broke, exit 3
            click.echo(f"newsaudit: internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(EXIT_INTERNAL)


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
