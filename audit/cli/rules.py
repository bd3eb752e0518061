"""`newsaudit rules` and `newsaudit explain`: the rules' own documentation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from audit.cli.common import (
    load_rules,
    rule_options,
)


@click.command("rules")
@rule_options
def list_rules(extra_packs, select, ignore) -> None:
    """List every rule: id, level, kind, name and what it flags."""
    for rule in load_rules(extra_packs, select, ignore).rules:
        summary = rule.message.replace("'{match}'", "").replace("{match}", "").strip()
        click.echo(f"{rule.id}  {rule.level:<7}  {rule.kind:<10}  {rule.name:<28}  {summary}")


@click.command()
@click.argument("rule_id")
@click.option(
    "--rules",
    "extra_packs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def explain(rule_id, extra_packs) -> None:
    """Print one rule's documentation: what it flags, why, and examples."""
    rule = load_rules(extra_packs, (), ()).get(rule_id)
    if rule is None:
        raise click.UsageError(f"no rule {rule_id!r}; `newsaudit rules` lists them")
    click.echo(explain_text(rule))


def explain_text(rule) -> str:
    lines = [
        f"{rule.id} {rule.name}",
        f"category: {rule.category}   level: {rule.level}   confidence: {rule.confidence}   "
        f"kind: {rule.kind}   scope: {rule.scope}   quotes {'skipped' if rule.allow_quotes else 'checked'}",
        f"pack: {rule.pack}",
        "",
        f"Message: {rule.message}",
        "",
        "Why it matters:",
        textwrap.indent(textwrap.fill(" ".join(rule.why.split()), 88), "  "),
        "",
        "Flags:",
        *(f"  - {example!r}" for example in rule.examples.flag),
        "Does not flag:",
        *(f"  - {example!r}" for example in rule.examples.allow),
    ]
    return "\n".join(lines)
