"""What a rule is, what it finds, and the vocabulary both use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from sys import intern
from typing import Any

LEVELS = ("info", "warning", "error")
CONFIDENCES = ("low", "medium", "high")
SCOPES = ("text", "paragraph", "heading", "line", "sentence")
WEIGHTS = (0.001, 1000.0)  # a category's weight in the overall score, relative to the others
HALF_POINTS = (0.1, 10_000.0)  # points at which a category scores 50


def level_rank(level: str) -> int:
    return LEVELS.index(level)


@dataclass(frozen=True)
class Family:
    """A family of rules, declared by the `[pack]` table of the pack that introduces it: the
    id prefix of its rules, the category its findings are scored and reported under, and how
    scoring, the source ranking and the reports treat that category."""

    prefix: str  # "HDG": every rule id of the family starts with it
    category: str  # "hedging": the name findings, scores and reports use
    label: str  # a short label for charts
    description: str
    weight: float  # the category's weight in the article score
    half_points: float  # points at which the category's score falls to 50
    per_words: bool  # points count per 500 words (style), not per article (page defects)
    colour: str  # the HTML report's highlight colour
    order: int  # position among the article's category scores
    report_order: int  # position in the source ranking and the HTML report
    pack: str  # the file that declares it


def report_categories(families: Sequence[Family]) -> tuple[str, ...]:
    """The families' categories in the order the ranking and the reports list them."""
    return tuple(f.category for f in sorted(families, key=lambda f: (f.report_order, f.prefix)))


@dataclass(frozen=True)
class Examples:
    flag: tuple[str, ...]
    allow: tuple[str, ...]  # "pass" in the packs; a keyword in Python


@dataclass(frozen=True)
class Rule:
    """One rule as declared in a pack; `options` holds the kind-specific keys."""

    id: str
    name: str
    category: str
    kind: str
    level: str
    confidence: str
    scope: str
    allow_quotes: bool
    message: str
    why: str
    examples: Examples
    pack: str
    options: dict[str, Any] = field(default_factory=dict, compare=False)
    # A deferring rule (a model's verdict on a whole line or sentence) never hides the
    # findings inside its span, and yields to any other finding of its category covering it,
    # and to those of the `defer_to` categories (a claim on a line a clutter rule reports is
    # the page's, not the article's).
    defer: bool = False
    defer_to: tuple[str, ...] = ()
    fix: str = ""  # what an editor can do about a finding: the fix-first list's suggestion


def slot_setters(cls: type) -> tuple:
    """The setters of a slotted dataclass's slots, in the order of its fields: a class that
    many objects of are built (a hit, a finding, a sentence) sets each field through its slot's
    descriptor in its own __init__ (the generated one calls object.__setattr__ per field,
    about twice as slow)."""
    return tuple(getattr(cls, f.name).__set__ for f in fields(cls))


@dataclass(frozen=True, slots=True, init=False)
class Hit:
    """A raw match from a rule kind or feature check, in original-text offsets."""

    start: int
    end: int
    message: str | None = None  # overrides the rule's message with specifics

    def __init__(self, start: int, end: int, message: str | None = None) -> None:
        """The frozen dataclass's own, each field set through its slot's descriptor, as
        Finding's: a run builds a hit per finding, and more that the engine drops."""
        _HIT_START(self, start)
        _HIT_END(self, end)
        _HIT_MESSAGE(self, message)


_HIT_START, _HIT_END, _HIT_MESSAGE = slot_setters(Hit)


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    rule: str
    category: str
    level: str
    confidence: str
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str

    def __init__(
        self,
        rule: str,
        category: str,
        level: str,
        confidence: str,
        start: int,
        end: int,
        line: int,
        column: int,
        text: str,
        message: str,
    ) -> None:
        """The frozen dataclass's own, but each field set through its slot's descriptor: the
        generated one calls object.__setattr__ per field, nearly twice as slow, and a run
        builds a finding per hit (tens an article, again when a worker's are unpickled)."""
        _RULE(self, rule)
        _CATEGORY(self, category)
        _LEVEL(self, level)
        _CONFIDENCE(self, confidence)
        _START(self, start)
        _END(self, end)
        _LINE(self, line)
        _COLUMN(self, column)
        _TEXT(self, text)
        _MESSAGE(self, message)

    def __reduce__(self):
        """Pickled as its fields, its labels and message interned when unpickled: a run's
        findings, sent back from the workers, share one copy of each rule's strings."""
        return _finding, (
            self.rule, self.category, self.level, self.confidence, self.start, self.end,
            self.line, self.column, self.text, self.message,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "level": self.level,
            "confidence": self.confidence,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "message": self.message,
        }


# The order findings are listed in: by where they start, then end, then by rule id (the key read
# in compiled code, a run sorts an article's findings more than once).
TEXT_ORDER = attrgetter("start", "end", "rule")

# The setters of Finding's slots, in the order of its fields.
_RULE, _CATEGORY, _LEVEL, _CONFIDENCE, _START, _END, _LINE, _COLUMN, _TEXT, _MESSAGE = slot_setters(
    Finding
)


def _finding(rule, category, level, confidence, start, end, line, column, text, message):
    return Finding(
        intern(rule), intern(category), intern(level), intern(confidence),
        start, end, line, column, text, intern(message),
    )  # fmt: skip
