"""How inputs are read, on the command line: --encoding and --max-bytes, given to a command as
one `read` argument (a ReadOptions)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import click

from audit.ingest.decode import known_encoding
from audit.ingest.model import MAX_BYTES, ReadOptions

_SIZE = re.compile(r"(\d+)\s*([kmg]i?b?|b)?", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def input_options(command: Callable) -> Callable:
    @functools.wraps(command)
    def with_read(*args, encoding: str | None, max_bytes: int, **kwargs):
        return command(*args, read=ReadOptions(encoding, max_bytes), **kwargs)

    with_read = click.option(
        "--max-bytes",
        default=f"{MAX_BYTES // 1024**2}M",
        show_default=True,
        callback=_size,
        metavar="SIZE",
        help="Refuse files, or records of a .jsonl/.csv feed, larger than this "
        "(bytes; K, M, G for KiB, MiB, GiB).",
    )(with_read)
    return click.option(
        "--encoding",
        callback=_encoding,
        metavar="NAME",
        help="Read files without a byte-order mark in this encoding (default: detect).",
    )(with_read)


def parse_size(text: str) -> int | None:
    """`50M` -> 52428800; None when `text` is not a size."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        return None
    unit = (match.group(2) or "").lower()[:1]
    return int(match.group(1)) * _UNITS[unit]


def _size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    size = parse_size(value)
    if not size:
        raise click.BadParameter(f"{value!r} is not a size such as 500000, 800K, 50M or 1G")
    return size


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and known_encoding(value) is None:
        raise click.BadParameter(f"{value!r} is not a text encoding Python knows (e.g. cp1252)")
    return value
