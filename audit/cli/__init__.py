"""Command-line interface: scan, check, rules, explain.

Exit codes: 0 success or pass; 1 a check failed; 2 usage, configuration or
input errors (a refused input included); 3 an internal error. Each command
lives in its own module and is registered here.
"""

from __future__ import annotations

import sys

import click

from audit import __version__
from audit.cli.check import check
from audit.cli.common import EXIT_INTERNAL
from audit.cli.rules import explain, list_rules
from audit.cli.scan import scan


class _Group(click.Group):
    """Maps usage errors to exit 2 and unexpected crashes to exit 3 with a short message."""

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


for command in (scan, check, list_rules, explain):
    main.add_command(command)
