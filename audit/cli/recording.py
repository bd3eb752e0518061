"""The --store option: recording a run of `scan`, `check` or `serve` in the history store.

The store's module (and sqlite3) is imported only when a store is configured, so that a
`check` that records nothing does not load it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from audit.cli.settings import ConfigProblem
from audit.history.record import config_hash, run_record
from audit.results import RunResult
from audit.runtime.config import Settings

if TYPE_CHECKING:
    from audit.history.store import Store


def store_option(command: Callable) -> Callable:
    return click.option(
        "--store",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Record this run in a history store (SQLite; created if absent).  "
        "[default: the config's store]",
    )(command)


def open_store(settings: Settings) -> Store | None:
    """The configured history store, opened (and migrated); None when there is none."""
    if settings.store is None:
        return None
    from audit.history.store import Store, StoreError

    try:
        return Store(settings.store)
    except StoreError as error:
        raise ConfigProblem(str(error)) from error


def record_run(
    store: Store | None, run: RunResult, command: str, settings: Settings, started: str
) -> None:
    """Write a finished run to the store, in one transaction (whole runs only)."""
    if store is None:
        return
    from audit.history.store import StoreError

    try:
        store.record(run_record(run, command, config_hash(settings), started))
    except StoreError as error:
        raise ConfigProblem(str(error)) from error
    finally:
        store.close()


def source_trends(store: Store | None, fmt: str) -> dict | None:
    """Per source, its score in every recorded run (this one included), for the HTML report."""
    if store is None or fmt != "html":
        return None
    from audit.history.store import StoreError

    try:
        return store.source_trends(store.runs())
    except StoreError as error:
        raise ConfigProblem(str(error)) from error
