"""The editorial HTML report: one self-contained file (inline CSS and script, no requests)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from itertools import pairwise
from statistics import fmean

from jinja2 import Environment, PackageLoader, select_autoescape

from audit.rules.model import Finding
from audit.run import ArticleResult, RunResult

CATEGORIES = ("ai_disclaimer", "unsupported_claim", "hedging", "boilerplate", "clutter", "ai_style")
_SCRIPT = """
var target = location.hash && document.getElementById(location.hash.slice(1));
if (target && target.tagName === 'DETAILS') { target.open = true; }
document.querySelectorAll('input[data-filter]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.dataset.filter, !box.checked);
  });
});
document.querySelectorAll('[data-goto]').forEach(function (row) {
  row.addEventListener('click', function () {
    var mark = document.getElementById(row.dataset.goto);
    if (!mark) { return; }
    var details = mark.closest('details');
    if (details) { details.open = true; }
    mark.scrollIntoView({block: 'center'});
    mark.focus();
  });
});
"""


@dataclass(frozen=True)
class Piece:
    """A run of article text and the findings covering it (innermost first)."""

    text: str
    findings: tuple[Finding, ...]
    anchor: str | None  # id of the first piece of a finding, for "jump to evidence"


def render(run: RunResult) -> str:
    env = Environment(
        loader=PackageLoader("audit.formatters", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    by_source = {s.source: s for s in run.sources}
    articles = sorted(
        enumerate(run.articles),
        key=lambda pair: (by_source[pair[1].document.source].rank, -pair[1].score.score, pair[0]),
    )
    return env.get_template("report.html.j2").render(
        run=run,
        categories=CATEGORIES,
        source_categories=_source_categories(run),
        articles=[(i, a, _pieces(i, a)) for i, a in articles],
        script=_SCRIPT,
        script_hash=script_hash,
        total_findings=sum(len(a.findings) for a in run.articles),
        anchor_id=anchor_id,
    )


def _source_categories(run: RunResult) -> dict[str, dict[str, float]]:
    per_source: dict[str, list[ArticleResult]] = {}
    for article in run.articles:
        per_source.setdefault(article.document.source, []).append(article)
    return {
        source: {c: round(fmean(a.score.categories[c].score for a in items), 1) for c in CATEGORIES}
        for source, items in per_source.items()
    }


def _pieces(article_index: int, article: ArticleResult) -> list[Piece]:
    text = article.document.text
    findings = article.findings
    starts = {f.start for f in findings}
    cuts = sorted({0, len(text), *starts, *(f.end for f in findings)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = sorted(
            (f for f in findings if f.start <= start and end <= f.end),
            key=lambda f: f.end - f.start,
        )
        anchor = anchor_id(article_index, start) if start in starts else None
        pieces.append(Piece(text[start:end], tuple(covering), anchor))
    return pieces


def anchor_id(article_index: int, offset: int) -> str:
    """The element id of the evidence that starts at `offset` in an article."""
    return f"a{article_index}-o{offset}"
