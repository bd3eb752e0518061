"""`newsaudit config`: which configuration applies, and with --show every effective setting."""

from __future__ import annotations

import click

from audit.cli.settings import config_options, settings_for
from audit.rules.errors import RulePackError
from audit.rules.registry import load_registry
from audit.runtime.config import describe
from audit.scoring.article import ScoringPolicy


@click.command("config")
@click.argument("paths", nargs=-1)
@click.option("--show", is_flag=True, help="Print every effective setting and where it came from.")
@config_options
def config(paths, show, config_file, isolated, baseline) -> None:
    """Name the configuration file that applies to PATHS (default: the current folder)."""
    settings = settings_for(paths or (".",), config_file, isolated, baseline=baseline)
    if show:
        try:
            families = load_registry(settings.rule_packs).families
        except RulePackError as error:
            raise click.UsageError(str(error)) from error
        policy = ScoringPolicy.of(families)
        defaults = {"weights": policy.weights, "thresholds": policy.half_points}
        click.echo("\n".join(describe(settings, defaults)))
    else:
        click.echo(settings.file or "no configuration file: defaults apply")
