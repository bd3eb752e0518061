"""The service's request and answer shapes: what the OpenAPI document says, generated from here.

Requests are strict: unknown fields, wrong types and an empty text are refused
(422) before anything is audited. Answers describe the `newsaudit/report@1`
objects (audit/formatters/json_report.py writes them; docs/schema has the full
JSON Schema) with the fields a client relies on, and allow the fields a later
version adds.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from audit.rules.model import LEVELS

Level = Literal[LEVELS]  # type: ignore[valid-type]
_STRICT = ConfigDict(extra="forbid", strict=True)
_OPEN = ConfigDict(extra="allow")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _characters(text: str) -> str:
    """JSON can escape a lone UTF-16 surrogate (\\ud800), which is no character: refuse it.
    (Searched for in compiled code: a loop over a 5 KB text cost a request half a millisecond.)"""
    if found := _SURROGATE.search(text):
        raise ValueError(
            f"character {found.start()} is a lone surrogate (U+{ord(found[0]):04X}), "
            "not a character"
        )
    return text


Text = Annotated[str, AfterValidator(_characters)]
Short = Annotated[Text, Field(max_length=2048)]


class SuppressionIn(BaseModel):
    """A suppression, as in a draft's front matter: a rule (id, id prefix or name) and why."""

    model_config = _STRICT
    rule: Annotated[Text, Field(min_length=1, max_length=128)]
    reason: Short | None = None


class ArticleIn(BaseModel):
    """One article: the record fields of a .jsonl input, and the draft's suppressions."""

    model_config = _STRICT
    text: Annotated[Text, Field(pattern=r"\S", description="The article text; not blank.")]
    id: Annotated[Text, Field(min_length=1, max_length=256)] | None = None
    title: Short | None = None
    source: Short | None = None
    url: Short | None = None
    suppressions: Annotated[list[SuppressionIn], Field(max_length=256)] = Field(
        default_factory=list
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the text is blank")
        return text

    def record(self) -> dict[str, Any]:
        """The article as a .jsonl record: suppressions go under `newsaudit`, as in front matter."""
        record = {
            name: value
            for name in ("id", "text", "title", "source", "url")
            if (value := getattr(self, name)) is not None
        }
        if self.suppressions:
            record["newsaudit"] = {"ignore": [s.model_dump() for s in self.suppressions]}
        return record


class ScanIn(BaseModel):
    model_config = _STRICT
    articles: Annotated[list[ArticleIn], Field(min_length=1)]


class Problem(BaseModel):
    """RFC 9457 problem details (application/problem+json)."""

    model_config = _OPEN
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


class FindingOut(BaseModel):
    model_config = _OPEN
    rule: str
    category: str
    level: Level
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str


class CategoryOut(BaseModel):
    model_config = _OPEN
    score: Annotated[float, Field(ge=0, le=100)]
    findings: Annotated[int, Field(ge=0)]


class ArticleOut(BaseModel):
    """An article object of schema newsaudit/report@1, as `scan --format json` writes it."""

    model_config = _OPEN
    id: str
    path: str | None
    source: str
    title: str | None
    score: Annotated[float, Field(ge=0, le=100)]
    ai_probability: Annotated[float, Field(ge=0, le=1)] | None
    categories: dict[str, CategoryOut]
    findings: list[FindingOut]


class InputErrorOut(BaseModel):
    """A refused input; an article that cannot be scored adds why (kind, words, language)."""

    model_config = _OPEN
    path: str
    line: int | None
    reason: str


class GateOut(BaseModel):
    passed: bool
    fail_on: Level
    min_score: float | None
    failures: list[str]


class CheckOut(BaseModel):
    article: ArticleOut
    gate: GateOut
    fix_first: list[dict[str, Any]] | None = Field(
        description="The article's fix-these-first list, when the audit makes one."
    )
    errors: list[InputErrorOut]
    notices: list[str]


class SourceOut(BaseModel):
    model_config = _OPEN
    source: str
    rank: int
    score: float
    articles: int


class ReportOut(BaseModel):
    """The JSON report, schema newsaudit/report@1."""

    model_config = _OPEN
    schema_: Literal["newsaudit/report@1"] = Field(alias="schema")
    articles: list[ArticleOut]
    sources: list[SourceOut]
    errors: list[InputErrorOut]


class ExamplesOut(BaseModel):
    flag: list[str]
    allow: list[str]


class RuleOut(BaseModel):
    id: str
    name: str
    category: str
    level: Level
    confidence: str
    kind: str
    scope: str
    message: str
    why: str
    examples: ExamplesOut
    doc: str = Field(description="The rule's page in the repository (docs/rules/ID.md).")


class RuleDocOut(RuleOut):
    page: str = Field(description="The rule's documentation page, Markdown.")


class HealthOut(BaseModel):
    status: Literal["ok"]


class VersionOut(BaseModel):
    name: Literal["newsaudit"]
    version: str
    schema_: str = Field(alias="schema")
