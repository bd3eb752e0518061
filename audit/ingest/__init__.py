"""Read a corpus: files, folders, JSONL/CSV records and stdin, each input audited or refused."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from audit.document import Document
from audit.ingest.html import read_html
from audit.ingest.model import InputError, RawArticle, RefusedInput
from audit.ingest.records import read_csv, read_jsonl
from audit.ingest.sources import resolve_source
from audit.ingest.text import read_markdown, read_text
from audit.segment import make_document

READERS = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}
MAX_BYTES = 50 * 1024 * 1024


def read_corpus(
    paths: Iterable[str], max_bytes: int = MAX_BYTES, skipped: list[str] | None = None
) -> Iterator[Document | InputError]:
    """Yield every article as a Document and every refused input as an InputError, in a stable order.

    Folder scans pass over hidden files and repository documentation (README.md,
    LICENSE: an all-capitals name stem) and list those in `skipped`; a file named
    explicitly is always read.
    """
    for given in paths:
        if given == "-":
            yield from _documents(_read_stdin(), nested=False)
            continue
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if not _hidden(p.relative_to(root)))
            nested = any(p.is_dir() for p in root.iterdir() if not p.name.startswith("."))
            for file in files:
                if file.is_dir():
                    continue
                relative = file.relative_to(root).as_posix()
                if is_documentation(file):
                    if skipped is not None:
                        skipped.append(relative)
                    continue
                yield from _documents(_read_file(file, relative, max_bytes), nested)
        else:
            yield from _documents(
                _read_file(root, root.name if root.exists() else given, max_bytes), False
            )


def is_documentation(file: Path) -> bool:
    """README, LICENSE, CHANGELOG and the like: an all-capitals stem marks a repository's own docs."""
    stem = file.stem
    return stem.isupper() and stem.replace("_", "").replace("-", "").isalpha()


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _read_file(file: Path, relative: str, max_bytes: int) -> Iterator[RawArticle | InputError]:
    reader = READERS.get(file.suffix.lower())
    try:
        if file.is_symlink() and not file.exists():
            raise RefusedInput("broken symbolic link")
        if not file.exists():
            raise RefusedInput("no such file or folder")
        if reader is None:
            known = ", ".join(sorted(READERS))
            raise RefusedInput(
                f"unsupported file type {file.suffix or '(none)'!r} (supported: {known})"
            )
        size = file.stat().st_size
        if size > max_bytes:
            raise RefusedInput(f"file too large: {size:,} bytes (limit {max_bytes:,})")
        data = file.read_bytes()
        yield from reader(data, relative)
    except RefusedInput as refusal:
        yield InputError(relative, None, str(refusal))
    except OSError as error:
        yield InputError(relative, None, f"cannot read: {error.strerror or error}")


def _read_stdin() -> Iterator[RawArticle | InputError]:
    try:
        yield from read_text(sys.stdin.buffer.read(), "-")
    except RefusedInput as refusal:
        yield InputError("-", None, str(refusal))


def _documents(
    items: Iterable[RawArticle | InputError], nested: bool
) -> Iterator[Document | InputError]:
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        metadata = dict(item.metadata)
        if item.url:
            metadata.setdefault("url", item.url)
        yield make_document(
            item.text,
            id=item.id or item.path or "-",
            source=resolve_source(item.source, item.url, item.path, nested),
            title=item.title,
            path=item.path,
            metadata=metadata,
            body_start=item.body_start,
            quoted=item.quoted,
        )
