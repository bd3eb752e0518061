"""`newsaudit history`: the trends of the runs recorded in a store (cli/recording.py)."""

from __future__ import annotations

import json
import sys

import click

from audit.cli import EXIT_USAGE
from audit.cli.recording import open_store, store_option
from audit.cli.settings import ConfigProblem, config_options, settings_for
from audit.history.store import StoreError
from audit.history.trends import history_json, history_text


@click.command()
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True)  # fmt: skip
@click.option("--last", type=click.IntRange(min=1), default=None,
              help="Only the last N runs.  [default: all]")  # fmt: skip
@click.option("--source", "sources", multiple=True, help="Only this source; repeatable.")
@click.option(
    "--rule", "rules", multiple=True, help="Only this rule (id or id prefix); repeatable."
)
@click.option("--command", "commands", multiple=True,
              type=click.Choice(("scan", "check", "serve check", "serve scan")),
              help="Only runs of this command; repeatable.  [default: all]")  # fmt: skip
@store_option
@config_options
def history(fmt, last, sources, rules, commands, store, config_file, isolated, baseline) -> None:
    """Score trends per source and findings per rule over the runs recorded in a store."""
    settings = settings_for((), config_file, isolated, store=store)
    if settings.store is None:
        raise click.UsageError("no history store: give --store FILE.sqlite or set `store`")
    if not settings.store.is_file():
        click.echo(f"newsaudit: error: {settings.store}: no such history store", err=True)
        sys.exit(EXIT_USAGE)
    opened = open_store(settings)
    assert opened is not None
    try:
        runs = opened.runs(last, commands)
        by_source = opened.source_trends(runs)
        by_rule = opened.rule_trends(runs)
    except StoreError as error:
        raise ConfigProblem(str(error)) from error
    if sources:
        by_source = {s: points for s, points in by_source.items() if s in sources}
    if rules:
        by_rule = {r: points for r, points in by_rule.items() if r.startswith(tuple(rules))}
    if fmt == "json":
        click.echo(json.dumps(history_json(runs, by_source, by_rule), indent=2, ensure_ascii=False))
    else:
        click.echo(history_text(runs, by_source, by_rule), nl=False)
