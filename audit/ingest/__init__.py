"""Read a corpus: files, folders, JSONL/CSV records and stdin, each input audited or refused."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from audit.ingest.clean import shown_name
from audit.ingest.model import (
    DEFAULT_READ,
    MAX_BYTES,
    InputError,
    InputNote,
    RawArticle,
    ReadOptions,
    RefusedInput,
)
from audit.ingest.records import (
    read_csv,
    read_csv_lines,
    read_jsonl,
    read_jsonl_lines,
    read_records,
    stream_lines,
)
from audit.ingest.sources import resolve_source
from audit.ingest.text import read_markdown, read_text
from audit.text.document import Document
from audit.text.segment import Unsegmented

__all__ = ["MAX_BYTES", "ReadOptions", "is_documentation", "read_corpus", "record_documents"]


def _read_html(
    data: bytes, path: str, options: ReadOptions = DEFAULT_READ
) -> Iterator[RawArticle | InputNote]:
    """audit/ingest/html.py's reader, imported (with html.parser) when an HTML page is read."""
    from audit.ingest.html import read_html

    return read_html(data, path, options)


READERS = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}
# Feeds over WHOLE_FEED bytes are read a line at a time, whatever their size: --max-bytes
# then limits each record, not the file.
FEEDS = {".jsonl": read_jsonl_lines, ".csv": read_csv_lines}
WHOLE_FEED = 8 * 1024 * 1024
Item = RawArticle | InputError | InputNote


def read_corpus(
    paths: Iterable[str],
    options: ReadOptions = DEFAULT_READ,
    skipped: list[str] | None = None,
    notes: list[InputNote] | None = None,
    segmented: bool = True,
) -> Iterator[Document | Unsegmented | InputError]:
    """Yield every article as a Document and every refused input as an InputError, in a stable order.

    Folder scans pass over hidden files and repository documentation (README.md,
    LICENSE: an all-capitals name stem) and list those in `skipped`; a file named
    explicitly is always read. What a user should know about an input that was
    still audited (an encoding guess, replaced bytes) goes to `notes`. With `segmented`
    false, articles come as Unsegmented, for the process that audits them to segment.
    """
    for given in paths:
        if given == "-":
            yield from _documents(_read_stdin(options), False, notes, segmented)
            continue
        root = Path(given)
        try:
            folder = root.is_dir()
        except OSError as error:  # its parent folder cannot be searched
            yield InputError(shown_name(given), None, f"cannot read: {error.strerror or error}")
            continue
        if not folder:
            name = shown_name(root.name if root.exists() else given)
            yield from _documents(_read_file(root, name, options), False, notes, segmented)
            continue
        nested = _holds_folders(root)
        for parts, entry in _walk(root):
            if isinstance(entry, InputError):
                yield entry
                continue
            relative = shown_name("/".join(parts))
            if is_documentation(entry):
                if skipped is not None:
                    skipped.append(relative)
                continue
            yield from _documents(_read_file(entry, relative, options), nested, notes, segmented)


def record_documents(
    records: Iterable[object], path: str, notes: list[InputNote] | None = None
) -> Iterator[Unsegmented | InputError]:
    """Parsed records (a service's request) as articles, exactly as the lines of a .jsonl
    file named `path` are read: the same sources, ids, metadata and refusals."""
    yield from _documents(read_records(records, path), False, notes, segmented=False)


def is_documentation(file: Path) -> bool:
    """README, LICENSE, CHANGELOG and the like: an all-capitals stem marks a repository's own docs."""
    stem = file.stem
    return stem.isupper() and stem.replace("_", "").replace("-", "").isalpha()


def _walk(root: Path) -> Iterator[tuple[tuple[str, ...], Path | InputError]]:
    """The files under a folder in path order, hidden ones left out, listed one folder at a
    time (a folder of a million files is never held as a million paths). A folder that cannot
    be listed, or a symbolic link back into folders already scanned, is refused, not passed over."""
    return _walk_folder(root, (), {os.path.realpath(root)}, root.name or str(root))


def _walk_folder(
    folder: Path, prefix: tuple[str, ...], seen: set[str], root_name: str
) -> Iterator[tuple[tuple[str, ...], Path | InputError]]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                ((entry.name, entry.path, _is_folder(entry)) for entry in listing),
                key=lambda entry: entry[0],
            )
    except OSError as error:
        where = prefix or (root_name,)
        reason = f"cannot read folder: {error.strerror or error}"
        yield where, InputError(shown_name("/".join(where)), None, reason)
        return
    entries = [entry for entry in entries if not entry[0].startswith(".")]
    # As a top-down walk does: this folder's subfolders are marked seen before any is entered.
    again = set()
    for name, path, is_folder in entries:
        if is_folder:
            real = os.path.realpath(path)
            if real in seen:
                again.add(name)
            seen.add(real)
    for name, path, is_folder in entries:
        parts = (*prefix, name)
        if name in again:
            reason = "symbolic link to a folder already scanned (not read twice)"
            yield parts, InputError(shown_name("/".join(parts)), None, reason)
        elif is_folder:
            yield from _walk_folder(Path(path), parts, seen, root_name)
        else:
            yield parts, Path(path)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # through symbolic links, as the walk follows them
    except OSError:
        return False


def _holds_folders(root: Path) -> bool:
    """Whether a scanned folder holds folders (then an article's source is its top folder)."""
    try:
        with os.scandir(root) as listing:
            return any(not e.name.startswith(".") and _is_folder(e) for e in listing)
    except OSError:
        return False


def _read_file(file: Path, relative: str, options: ReadOptions) -> Iterator[Item]:
    reader = READERS.get(file.suffix.lower())
    try:
        if file.is_symlink() and not file.exists():
            raise RefusedInput(_broken_link(file))
        if not file.exists():
            raise RefusedInput("no such file or folder")
        if not file.is_file():
            raise RefusedInput("not a regular file (a device, pipe or socket)")
        if reader is None:
            known = ", ".join(sorted(READERS))
            raise RefusedInput(
                f"unsupported file type {file.suffix or '(none)'!r} (supported: {known})"
            )
        size = file.stat().st_size
        if file.suffix.lower() in FEEDS and size > min(WHOLE_FEED, options.max_bytes):
            # --max-bytes limits each record of a feed, which is read a line at a time.
            with file.open("rb") as stream:
                lines = stream_lines(stream, relative, options)
                yield from FEEDS[file.suffix.lower()](lines, relative, options)
            return
        if size > options.max_bytes:
            raise RefusedInput(f"file too large: {size:,} bytes (limit {options.max_bytes:,})")
        with file.open("rb") as stream:
            data = _read_limited(stream, options.max_bytes)
        yield from reader(data, relative, options)
    except RefusedInput as refusal:
        yield InputError(relative, None, str(refusal))
    except OSError as error:
        yield InputError(relative, None, f"cannot read: {error.strerror or error}")
    except Exception as error:  # one file's surprise must not end the audit of the rest
        reason = f"internal error while reading ({type(error).__name__}: {error}); please report it"
        yield InputError(relative, None, reason)


def _broken_link(file: Path) -> str:
    try:
        file.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop (the link leads back to itself)"
    return "broken symbolic link"


def _read_limited(stream, max_bytes: int) -> bytes:
    """At most `max_bytes` bytes; more is a refusal (the size is checked on the bytes read,
    not on what the file system says, which a growing file or a pipe would get wrong)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RefusedInput(f"file too large: over {max_bytes:,} bytes (the limit)")
    return data


def _read_stdin(options: ReadOptions) -> Iterator[Item]:
    try:
        yield from read_text(_read_limited(sys.stdin.buffer, options.max_bytes), "-", options)
    except RefusedInput as refusal:
        yield InputError("-", None, str(refusal))


def _documents(
    items: Iterable[Item],
    nested: bool,
    notes: list[InputNote] | None = None,
    segmented: bool = True,
) -> Iterator[Document | Unsegmented | InputError]:
    for item in items:
        if isinstance(item, InputNote):
            if notes is not None:
                notes.append(item)
            continue
        if isinstance(item, InputError):
            yield item
            continue
        metadata = dict(item.metadata)
        if item.url:
            metadata.setdefault("url", item.url)
        article = Unsegmented(
            item.text,
            id=item.id or item.path or "-",
            source=resolve_source(item.source, item.url, item.path, nested),
            title=item.title,
            path=item.path,
            metadata=metadata,
            body_start=item.body_start,
            quoted=item.quoted,
        )
        yield article.build() if segmented else article
