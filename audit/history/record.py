"""What a run leaves in the history: when, under which configuration, and per article its
score, category scores and finding counts by rule (never its text: a content hash)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from audit import __version__
from audit.results import ArticleResult, RunResult
from audit.runtime.config import Settings

# Settings that say where a run came from rather than what it checks: not in the hash.
_NOT_HASHED = frozenset({"file", "root", "origins", "store"})


@dataclass(frozen=True)
class ArticleRow:
    article_id: str
    content_hash: str  # sha256 of the article text: the same draft, audited again, is recognised
    source: str
    score: float
    categories: dict[str, float]
    findings: dict[str, int]  # rule id -> findings reported (suppressed ones are not)


@dataclass(frozen=True)
class RunRecord:
    started: str  # ISO 8601, UTC
    finished: str
    command: str  # scan, check, serve check, serve scan
    config_hash: str
    version: str
    articles: tuple[ArticleRow, ...]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def article_row(article: ArticleResult) -> ArticleRow:
    doc = article.document
    return ArticleRow(
        article_id=doc.id,
        content_hash=_sha256(doc.text.encode("utf-8", "surrogatepass")),
        source=doc.source,
        score=article.score.score,
        categories={name: c.score for name, c in article.score.categories.items()},
        findings=dict(sorted(Counter(f.rule for f in article.findings).items())),
    )


def run_record(run: RunResult, command: str, configuration: str, started: str) -> RunRecord:
    """The run as the store keeps it; `configuration` is the settings' config_hash."""
    return RunRecord(
        started=started,
        finished=now(),
        command=command,
        config_hash=configuration,
        version=__version__,
        articles=tuple(article_row(a) for a in run.articles),
    )


def config_hash(settings: Settings) -> str:
    """A short hash of what the configuration checks (rules, levels, weights, thresholds, gate,
    and the content of every file it names), so runs under different settings can be told apart."""
    values = {}
    for item in fields(Settings):
        if item.name in _NOT_HASHED:
            continue
        values[item.name] = _hashable(getattr(settings, item.name))
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return _sha256(canonical.encode("utf-8"))[:16]


def _sha256(data: bytes) -> str:
    """hashlib's SHA-256, imported when a run is recorded: loading OpenSSL costs a run that
    records nothing (a one-draft check) about 3 ms."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _hashable(value: object) -> object:
    if isinstance(value, Path):
        try:
            return _sha256(value.read_bytes())
        except OSError:
            return f"missing:{value.name}"
    if isinstance(value, tuple | list):
        return [_hashable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _hashable(v) for k, v in value.items()}
    return value
