"""Configuration on the command line: --config, --isolated, --baseline, and their errors (exit 2)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from audit.cli import EXIT_USAGE
from audit.results import RunResult
from audit.rules.errors import RulePackError
from audit.runtime.config import ConfigError, Settings, resolve_settings, unused_configs
from audit.runtime.pipeline import audit_paths
from audit.text.admission import MIN_WORDS


class ConfigProblem(click.ClickException):
    """A configuration, rule-pack or baseline error: named, and exit 2 whatever else was asked."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"newsaudit: error: {self.format_message()}", err=True)


def config_options(command: Callable) -> Callable:
    command = click.option(
        "--baseline",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Report only findings this baseline does not list (overrides the config's baseline).",
    )(command)
    command = click.option(
        "--isolated", is_flag=True, help="Ignore configuration files; use defaults and flags only."
    )(command)
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Use this pyproject.toml or newsaudit.toml instead of searching upward.",
    )(command)


def admission_options(command: Callable) -> Callable:
    """--min-words and --allow-language, given to a command as one `admit` argument: the
    settings they override (what a run refuses to score, audit/text/admission.py)."""

    @functools.wraps(command)
    def with_admit(*args, min_words: int | None, allow_language: tuple[str, ...], **kwargs):
        admit = {"min_words": min_words, "allow_languages": tuple(allow_language)}
        return command(*args, admit=admit, **kwargs)

    with_admit = click.option(
        "--allow-language",
        multiple=True,
        metavar="CODE",
        help="An article in this language (ISO 639-1, e.g. es; or any) is listed as not scored "
        "without failing the run; repeatable.",
    )(with_admit)
    return click.option(
        "--min-words",
        type=click.IntRange(min=0),
        default=None,
        help=f"Articles with fewer words are listed, not scored (a notice).  [default: {MIN_WORDS}; "
        "0: no minimum]",
    )(with_admit)


def settings_for(
    paths: Sequence[str], config_file: Path | None, isolated: bool, **overrides: Any
) -> Settings:
    """The effective settings for these paths; a nearer config that is not used gets a note."""
    try:
        settings = resolve_settings(
            paths, config=config_file, isolated=isolated, overrides=overrides
        )
    except ConfigError as error:
        raise ConfigProblem(str(error)) from error
    if config_file is None and not isolated:
        for path in unused_configs(paths, settings.file):
            click.echo(
                f"newsaudit: note: {path} is nearer to some files but not used "
                f"(one configuration per run: {settings.file or 'defaults'})",
                err=True,
            )
    return settings


def run_configured(paths: Sequence[str], settings: Settings, **options: Any) -> RunResult:
    try:
        run = audit_paths(paths, settings, **options)
    except (ConfigError, RulePackError) as error:
        raise ConfigProblem(str(error)) from error
    for notice in run.notices:
        click.echo(f"newsaudit: note: {notice}", err=True)
    return run
