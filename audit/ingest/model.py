"""What readers produce: raw articles and refusals, before sources are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "reason": self.reason}


class RefusedInput(Exception):
    """Raised by a reader for a whole file it cannot read."""
