"""`newsaudit serve`: the audit as an HTTP service for a newsroom's CMS (pip install 'newsaudit[serve]').

Safe by default: it listens on 127.0.0.1, and any other address needs
--token-file (every request but /healthz then carries `Authorization: Bearer
TOKEN`). Rules, configuration and models are loaded once, before the first
request.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import click

from audit.cli import EXIT_OK
from audit.cli.common import rule_options, write
from audit.cli.recording import open_store, store_option
from audit.cli.settings import ConfigProblem, admission_options, config_options, settings_for
from audit.rules.errors import RulePackError
from audit.rules.model import LEVELS
from audit.runtime.config import ConfigError

LOOPBACK = "127.0.0.1"
MIN_TOKEN = 16  # characters: a token shorter than this is guessable


@click.command()
@click.option("--host", default=LOOPBACK, show_default=True,
              help="Address to listen on; any but a loopback address needs --token-file.")  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=8750, show_default=True)
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file holding the bearer token clients must send.")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=0), default=0,
              help="Audit worker processes.  [default: 0, one per core]")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds an audit may take before the request is answered 504.")  # fmt: skip
@click.option("--max-body", type=click.IntRange(min=1024), default=2 * 1024 * 1024,
              show_default=True, help="Largest request body in bytes (413 past it).")  # fmt: skip
@click.option("--max-articles", type=click.IntRange(min=1), default=100, show_default=True,
              help="Most articles in one /v1/scan request.")  # fmt: skip
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="The gate's level for /v1/check.  [default: error, or the config's fail-on]")  # fmt: skip
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="The gate's lowest passing score for /v1/check.")  # fmt: skip
@click.option("--openapi", "openapi_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the OpenAPI document here (- for stdout) and exit.")  # fmt: skip
@store_option
@rule_options
@config_options
@admission_options
def serve(
    host, port, token_file, workers, timeout, max_body, max_articles, fail_on, min_score,
    openapi_out, store, extra_packs, select, extend_select, ignore, config_file, isolated,
    baseline, admit,
) -> None:  # fmt: skip
    """Serve the audit over HTTP: POST /v1/check and /v1/scan, GET /v1/rules, /healthz, /version."""
    try:
        import uvicorn

        from audit.service.app import Limits, create_app, openapi_document
        from audit.service.core import Service
        from audit.service.workers import Workers
    except ImportError as error:
        raise click.UsageError(
            f"newsaudit serve needs the serve extra ({error.name} is missing): "
            "pip install 'newsaudit[serve]'"
        ) from error
    token = _token(host, token_file) if openapi_out is None else None
    settings = settings_for(
        (), config_file, isolated, select=select, extend_select=extend_select, ignore=ignore,
        rule_packs=extra_packs, fail_on=fail_on, min_score=min_score, baseline=baseline,
        store=store, **admit,
    )  # fmt: skip
    try:
        service = Service(settings)
    except (ConfigError, RulePackError) as error:
        raise ConfigProblem(str(error)) from error
    limits = Limits(max_body=max_body, max_articles=max_articles, timeout=timeout)
    pool = Workers(service, workers or os.cpu_count() or 1, timeout)
    history = open_store(settings) if openapi_out is None else None
    app = create_app(service, pool, limits, token, history)
    if openapi_out is not None:
        write(openapi_document(app), None if str(openapi_out) == "-" else openapi_out, ())
        sys.exit(EXIT_OK)
    click.echo(
        f"newsaudit: serving on http://{_shown(host)}:{port} with {pool.workers} audit workers"
        + (f", recording runs in {settings.store}" if history else ""),
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _token(host: str, token_file: Path | None) -> str | None:
    """The bearer token; required for any address but loopback."""
    if token_file is None:
        if not _loopback(host):
            raise click.UsageError(
                f"--host {host} listens beyond this machine: give --token-file "
                "(a file holding the bearer token clients send)"
            )
        return None
    if token_file.stat().st_mode & 0o077:
        click.echo(
            f"newsaudit: warning: {token_file} can be read by other users (chmod 600 it)", err=True
        )
    token = token_file.read_text(encoding="utf-8").strip()
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise click.UsageError(
            f"--token-file {token_file}: the token must be one word of at least {MIN_TOKEN} "
            "characters (for example: python -c 'import secrets; print(secrets.token_urlsafe())')"
        )
    return token


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
