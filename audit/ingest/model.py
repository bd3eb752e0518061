"""What readers produce: raw articles, refusals and notes, before sources are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 50 * 1024 * 1024  # per file: generous for one article, a guard against accidents


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: a declared encoding (None: detect) and the per-file size limit."""

    encoding: str | None = None
    max_bytes: int = MAX_BYTES


DEFAULT_READ = ReadOptions()


@dataclass(frozen=True)
class RawArticle:
    text: str
    path: str | None  # relative to the scanned root, "-" for stdin
    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    body_start: int = 0  # where the article proper starts (after front matter)
    quoted: tuple[tuple[int, int], ...] = ()  # spans to treat as quotations (Markdown code)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InputError:
    """An input that could not be audited, with a reason a user can act on."""

    path: str
    line: int | None
    reason: str
    blocking: bool = True  # fails the run (exit 2); an article too short to score does not

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "reason": self.reason}

    def line_dict(self) -> dict[str, Any]:
        """As a line of a JSON-lines format (jsonl, stream), whose `kind` names the line,
        "error": an article that was not scored says why under `not_scored` instead."""
        fields = self.to_dict()
        why = fields.pop("kind", None)
        return {"kind": "error", **fields, **({"not_scored": why} if why else {})}


@dataclass(frozen=True)
class InputNote:
    """Something a user should know about an input that was still audited (an encoding guess,
    replaced bytes, a page whose main content could not be found)."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class RefusedInput(Exception):
    """Raised by a reader for a whole file it cannot read."""
