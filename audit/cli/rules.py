"""`newsaudit rules` and `newsaudit explain`: the rules' own documentation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from audit.cli.common import rule_options
from audit.rules.docs import doc_path, write_docs
from audit.rules.errors import RulePackError
from audit.rules.registry import Registry
from audit.runtime.config import ConfigError, Settings
from audit.runtime.pipeline import build_rules


def all_rules(extra_packs=(), select=(), ignore=(), extend_select=()) -> Registry:
    """Every rule, the built-in suppression rules (SUP) included; a bad pack or a selector that
    matches no rule is a usage error."""
    settings = Settings(
        select=select, ignore=ignore, extend_select=extend_select, rule_packs=extra_packs
    )
    try:
        return build_rules(settings).active
    except (RulePackError, ConfigError) as error:
        raise click.UsageError(str(error)) from error


@click.command("rules")
@rule_options
@click.option(
    "--docs",
    "docs_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one Markdown page per rule (and an index) into this folder, e.g. docs/rules.",
)
def list_rules(extra_packs, select, extend_select, ignore, docs_dir) -> None:
    """List every rule: id, level, kind, name and what it flags."""
    registry = all_rules(extra_packs, select, ignore, extend_select)
    rules = registry.rules
    if docs_dir is not None:
        written = write_docs(rules, registry.families, docs_dir)
        click.echo(f"newsaudit: {len(written)} pages written to {docs_dir}", err=True)
        return
    for rule in rules:
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
    rule = all_rules(extra_packs).get(rule_id)
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
        *(
            ["How to fix:", textwrap.indent(textwrap.fill(rule.fix, 88), "  "), ""]
            if rule.fix
            else []
        ),
        "Flags:",
        *(f"  - {example!r}" for example in rule.examples.flag),
        "Does not flag:",
        *(f"  - {example!r}" for example in rule.examples.allow),
        "",
        f"Documentation: {doc_path(rule.id)}",
    ]
    return "\n".join(lines)
