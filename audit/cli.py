"""Command-line interface: scan, check, rules, explain.

Exit codes: 0 success or pass; 1 a check failed; 2 usage, configuration or
input errors (a refused input included); 3 an internal error.
"""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import click

from audit import __version__
from audit.formatters import csv_report, html_report, json_report, sarif, terminal
from audit.rules.errors import RulePackError
from audit.rules.model import LEVELS, level_rank
from audit.rules.registry import Registry, load_registry
from audit.run import Auditor, RunResult

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FORMATS = ("text", "json", "csv", "sarif", "html")


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


def _rule_options(command: Callable) -> Callable:
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


def _registry(extra_packs, select, ignore) -> Registry:
    try:
        return load_registry(extra_packs).select(select, ignore)
    except RulePackError as error:
        raise click.UsageError(str(error)) from error


def _render(run: RunResult, fmt: str, *, colour: bool, statistics: bool, min_level: str) -> str:
    if fmt == "json":
        return json_report.render(run)
    if fmt == "csv":
        return csv_report.render(run)
    if fmt == "sarif":
        return sarif.render(run)
    if fmt == "html":
        return html_report.render(run)
    return terminal.render(run, colour=colour, statistics=statistics, min_level=min_level)


def _write(content: str, output: Path | None, inputs: tuple[str, ...]) -> None:
    """Write to stdout, or atomically to a file (a temp file renamed over it), never over an input."""
    if output is None:
        click.echo(content, nl=False)
        return
    target = output.resolve()
    for given in inputs:
        if given != "-" and Path(given).exists() and Path(given).resolve() == target:
            raise click.UsageError(f"--output {output} would overwrite an input file")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a report is for sharing
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _colour(output: Path | None, no_colour: bool) -> bool:
    return output is None and not no_colour and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here, not to stdout.",
)
@click.option("--statistics", is_flag=True, help="Add a count of findings per rule (text format).")
@click.option(
    "--min-level",
    type=click.Choice(LEVELS),
    default="info",
    help="Lowest level shown (text format).",
)
@click.option("--no-color", "no_colour", is_flag=True, help="Never colour the output.")
@_rule_options
def scan(paths, fmt, output, statistics, min_level, no_colour, extra_packs, select, ignore) -> None:
    """Audit a corpus (files, folders, .jsonl/.csv, or - for stdin) and rank its sources."""
    auditor = Auditor(_registry(extra_packs, select, ignore))
    run = auditor.run(paths)
    content = _render(
        run, fmt, colour=_colour(output, no_colour), statistics=statistics, min_level=min_level
    )
    _write(content, output, paths)
    if output is not None:
        click.echo(
            f"newsaudit: {len(run.articles)} articles audited, {len(run.errors)} refused; "
            f"report written to {output}",
            err=True,
        )
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        click.echo(f"newsaudit: refused {where}: {error.reason}", err=True)
    sys.exit(EXIT_USAGE if run.errors else EXIT_OK)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--fail-on", type=click.Choice(LEVELS), default="error", show_default=True,
              help="Fail when a finding reaches this level.")  # fmt: skip
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Fail when an article scores below this.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--min-level",
    type=click.Choice(LEVELS),
    default="info",
    help="Lowest level shown; never changes the exit code.",
)
@click.option("--no-color", "no_colour", is_flag=True)
@_rule_options
def check(
    files, fail_on, min_score, fmt, output, min_level, no_colour, extra_packs, select, ignore
) -> None:
    """Pre-publication gate: exit 1 when a finding reaches --fail-on or a score is below --min-score."""
    auditor = Auditor(_registry(extra_packs, select, ignore))
    run = auditor.run(files)
    content = _render(
        run, fmt, colour=_colour(output, no_colour), statistics=False, min_level=min_level
    )
    _write(content, output, files)
    failures = _gate_failures(run, fail_on, min_score)
    for line in failures:
        click.echo(f"newsaudit: FAIL {line}", err=True)
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        click.echo(f"newsaudit: refused {where}: {error.reason}", err=True)
    if run.errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FAIL if failures else EXIT_OK)


def _gate_failures(run: RunResult, fail_on: str, min_score: float | None) -> list[str]:
    threshold = level_rank(fail_on)
    failures = []
    for article in run.articles:
        name = article.document.path or article.document.id
        blocking = [f for f in article.findings if level_rank(f.level) >= threshold]
        if blocking:
            rules = ", ".join(sorted({f.rule for f in blocking}))
            failures.append(f"{name}: {len(blocking)} findings at or above {fail_on} ({rules})")
        if min_score is not None and article.score.score < min_score:
            failures.append(f"{name}: score {article.score.score:.1f} is below {min_score:g}")
    return failures


@main.command("rules")
@_rule_options
def list_rules(extra_packs, select, ignore) -> None:
    """List every rule: id, level, kind, name and what it flags."""
    for rule in _registry(extra_packs, select, ignore).rules:
        summary = rule.message.replace("'{match}'", "").replace("{match}", "").strip()
        click.echo(f"{rule.id}  {rule.level:<7}  {rule.kind:<10}  {rule.name:<28}  {summary}")


@main.command()
@click.argument("rule_id")
@click.option(
    "--rules",
    "extra_packs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def explain(rule_id, extra_packs) -> None:
    """Print one rule's documentation: what it flags, why, and examples."""
    rule = _registry(extra_packs, (), ()).get(rule_id)
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
