"""The history store: SQLite (standard library) in WAL mode, with a schema version and migrations.

Each run is written in one transaction, so a run killed mid-write (SIGKILL, power loss)
leaves the store as it was before it: whole runs only. Every write opens its own
connection and takes the write lock up front (BEGIN IMMEDIATE), so concurrent writers
(a server's requests, two scans) queue for it instead of failing; writers in one process
queue on a lock first.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from audit.history.record import RunRecord

BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another's transaction

# Migration n (1-based) brings the schema from version n - 1 to n. Append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT NOT NULL,
            command TEXT NOT NULL,
            config_hash TEXT NOT NULL,
            version TEXT NOT NULL,
            articles INTEGER NOT NULL
        )""",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            source TEXT NOT NULL,
            score REAL NOT NULL
        )""",
        "CREATE INDEX articles_by_run ON articles(run)",
        "CREATE INDEX articles_by_source ON articles(source, run)",
        """CREATE TABLE category_scores (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (article, category)
        ) WITHOUT ROWID""",
        """CREATE TABLE finding_counts (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (article, rule)
        ) WITHOUT ROWID""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """A store that cannot be opened or written: the message names the file."""


@dataclass(frozen=True)
class Run:
    id: int
    started: str
    command: str
    config_hash: str
    version: str
    articles: int


@dataclass(frozen=True)
class SourcePoint:
    """A source in one run: its articles' mean score."""

    run: int
    started: str
    score: float
    articles: int


@dataclass(frozen=True)
class RulePoint:
    """A rule in one run: its findings, and per article audited in that run."""

    run: int
    started: str
    findings: int
    per_article: float


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        # Writers in this process (a server's requests) queue here, in turn; SQLite's own
        # busy handler, for writers in other processes, backs off in sleeps of up to 100 ms.
        self._writing = threading.Lock()
        self._writer: sqlite3.Connection | None = None  # opened by the first write, kept
        with self._connection() as db:
            self._migrate(db)

    def _open(self, **options) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, **options
            )
            db.execute("PRAGMA foreign_keys = ON")
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # In WAL mode a commit without fsync is still atomic and survives a killed
            # process; only a power cut can lose the last runs (never half of one).
            db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: cannot open the history store: {error}") from error
        return db

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(self._open()) as db, self._errors():
            yield db

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: history store: {error}") from error

    def close(self) -> None:
        with self._writing:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    @contextmanager
    def _transaction(self, db: sqlite3.Connection) -> Iterator[None]:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate(self, db: sqlite3.Connection) -> None:
        if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise StoreError(f"{self.path}: the history store cannot use WAL mode")
        with self._transaction(db):
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: history store schema {version} is newer than this "
                    f"newsaudit's ({SCHEMA_VERSION}); upgrade newsaudit"
                )
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    db.execute(statement)
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            else:
                db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        with self._connection() as db:
            return db.execute("SELECT version FROM schema_version").fetchone()[0]

    def record(self, run: RunRecord) -> int:
        """Write one whole run in one transaction; returns its id. The writing connection stays
        open: closing a store's last connection checkpoints the WAL into the database with an
        fsync, which would cost every run (a server's every request) that much."""
        with self._writing, self._errors():
            if self._writer is None:
                self._writer = self._open(check_same_thread=False)  # used under the lock only
            return self._insert(self._writer, run)

    def _insert(self, db: sqlite3.Connection, run: RunRecord) -> int:
        with self._transaction(db):
            run_id = db.execute(
                "INSERT INTO runs (started, finished, command, config_hash, version, articles) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    run.started,
                    run.finished,
                    run.command,
                    run.config_hash,
                    run.version,
                    len(run.articles),
                ),
            ).lastrowid
            for row in run.articles:
                article = db.execute(
                    "INSERT INTO articles (run, article_id, content_hash, source, score) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (run_id, row.article_id, row.content_hash, row.source, row.score),
                ).lastrowid
                db.executemany(
                    "INSERT INTO category_scores VALUES (?, ?, ?)",
                    [(article, name, score) for name, score in row.categories.items()],
                )
                db.executemany(
                    "INSERT INTO finding_counts VALUES (?, ?, ?)",
                    [(article, rule, count) for rule, count in row.findings.items()],
                )
            return run_id

    def runs(self, last: int | None = None, commands: Sequence[str] = ()) -> list[Run]:
        """The runs in the order they were recorded: all, or the `last` few."""
        where, values = _commands(commands)
        query = f"SELECT id, started, command, config_hash, version, articles FROM runs {where} "
        query += "ORDER BY id DESC" + (" LIMIT ?" if last else "")
        with self._connection() as db:
            rows = db.execute(query, (*values, last) if last else values).fetchall()
        return [Run(*row) for row in reversed(rows)]

    def source_trends(self, runs: Sequence[Run]) -> dict[str, list[SourcePoint]]:
        """Per source, its mean article score in each of these runs that audited it."""
        by_id = {run.id: run for run in runs}
        trends: dict[str, list[SourcePoint]] = {}
        with self._connection() as db:
            rows = db.execute(
                "SELECT source, run, AVG(score), COUNT(*) FROM articles "
                f"WHERE run IN ({_marks(by_id)}) GROUP BY source, run ORDER BY source, run",
                tuple(by_id),
            ).fetchall()
        for source, run, score, count in rows:
            point = SourcePoint(run, by_id[run].started, round(score, 1), count)
            trends.setdefault(source, []).append(point)
        return trends

    def rule_trends(self, runs: Sequence[Run]) -> dict[str, list[RulePoint]]:
        """Per rule that found anything in these runs, its findings in each run (0 included)."""
        by_id = {run.id: run for run in runs}
        with self._connection() as db:
            rows = db.execute(
                "SELECT f.rule, a.run, SUM(f.count) FROM finding_counts f "
                f"JOIN articles a ON a.id = f.article WHERE a.run IN ({_marks(by_id)}) "
                "GROUP BY f.rule, a.run",
                tuple(by_id),
            ).fetchall()
        counts: dict[str, dict[int, int]] = {}
        for rule, run, count in rows:
            counts.setdefault(rule, {})[run] = count
        return {
            rule: [
                RulePoint(
                    run.id,
                    run.started,
                    found.get(run.id, 0),
                    round(found.get(run.id, 0) / run.articles, 3) if run.articles else 0.0,
                )
                for run in runs
            ]
            for rule, found in sorted(counts.items())
        }

    def counts(self) -> dict[str, int]:
        """Rows per table: what a check after a crash looks at."""
        with self._connection() as db:
            return {
                table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("runs", "articles", "category_scores", "finding_counts")
            }

    def integrity(self) -> list[str]:
        """Problems SQLite and the run totals find: none in a consistent store."""
        with self._connection() as db:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
            problems += [
                f"run {run_id} lists {expected} articles and holds {held}"
                for run_id, expected, held in db.execute(
                    "SELECT r.id, r.articles, COUNT(a.id) FROM runs r "
                    "LEFT JOIN articles a ON a.run = r.id GROUP BY r.id "
                    "HAVING r.articles != COUNT(a.id)"
                )
            ]
        return problems


def _marks(values: dict) -> str:
    return ", ".join("?" * len(values)) or "NULL"


def _commands(commands: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    if not commands:
        return "", ()
    return f"WHERE command IN ({_marks(dict.fromkeys(commands))})", tuple(commands)
