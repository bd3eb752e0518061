"""The editorial HTML report: one self-contained file (inline CSS and script, no requests).

An editor sees the source ranking with intervals, each source's category
scores as an inline SVG chart, the stories several sources tell and where they
disagree, and every article with its findings highlighted in the text.
Articles come in pages of PAGE_SIZE: the first is in the document, the others
are stored gzipped (base64, in non-executable data blocks) and unpacked by the
script when asked for, so a 10,000-article report stays a fraction of its raw
size and opens quickly. Every page is rendered here, by the same templates,
with every piece of article text through Jinja's autoescaping; the script only
unpacks that markup and never builds HTML from article text.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from audit.formatters import DEFAULT_OPTIONS, RenderOptions
from audit.history.chart import trend_svg
from audit.results import MEASURES, ArticleResult, RunResult
from audit.rules.model import LEVELS, report_categories

if TYPE_CHECKING:
    from audit.sources.crosscheck import ArticleCheck, CrossCheck

PAGE_SIZE = 50
WIDE_CHARS = 200  # a longer highlight (a paragraph's density, a passage) is underlined, not filled
CROSSCHECK = "crosscheck"  # the highlight category of a claim other sources contradict
_SCRIPT = (Path(__file__).with_name("templates") / "report.js").read_text(encoding="utf-8")
_CHART_ROW = 13  # px per bar in a source's category chart
STRIP_HEIGHT = 22  # px of the tallest AI-style bar


@dataclass(frozen=True)
class Highlight:
    """Something to mark in an article's text: a finding, or a claim other sources contradict."""

    start: int
    end: int
    category: str
    level: str
    rule: str
    message: str


@dataclass(frozen=True)
class Piece:
    """A run of article text and the highlights covering it (innermost first)."""

    text: str
    highlights: tuple[Highlight, ...]  # the one it is shown as (the most severe) first
    anchor: str | None  # id of the first piece of a highlight, for "jump to evidence"
    label: str  # the rule shown after the text where the shown highlight ends (one, or none)
    machine_like: float | None  # the AI-style score of its sentence window, when high


@dataclass(frozen=True)
class Panel:
    position: int  # place in the report's article order: ids and pages derive from it
    article: ArticleResult
    pieces: tuple[Piece, ...]
    highlights: tuple[Highlight, ...]
    check: ArticleCheck | None
    style_scores: tuple[float, ...]
    strip: tuple[str, str]  # SVG paths of the AI-style bars: below and at/above the threshold
    title: str  # the headline, passing over a title that is scraped clutter ("Email")


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The report; with the run's trends (from a history store), each source's score over
    earlier runs."""
    trends = run.trends
    env = Environment(
        loader=PackageLoader("audit.formatters", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    by_source = {s.source: s for s in run.sources}
    order = sorted(
        range(len(run.articles)),
        key=lambda i: (
            by_source[run.articles[i].document.source].rank,
            -run.articles[i].score.score,
            i,
        ),
    )
    position = {index: pos for pos, index in enumerate(order)}
    # The AI-style model the run estimated with (a configured one, say) sets the highlights.
    threshold = run.models.style.threshold
    families = run.families
    categories = report_categories(families)
    shared = {
        "categories": categories,
        "threshold": threshold,
        "anchor_id": anchor_id,
        "text_html": text_html,
        "rows_html": rows_html,
    }
    page_template = env.get_template("page.html.j2")

    def page(number: int) -> str:
        chunk = order[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        panels = [_panel(position[i], i, run, position, threshold) for i in chunk]
        return page_template.render(panels=panels, **shared)

    count = max(1, -(-len(order) // PAGE_SIZE))
    return env.get_template("report.html.j2").render(
        run=run,
        filters=(*categories, CROSSCHECK),
        colours={f.category: f.colour for f in families},
        levels=("error", "warning", "info"),
        first_page=Markup(page(0)),
        packed_pages=[(n + 1, _pack(page(n))) for n in range(1, count)],
        page_count=count,
        page_size=PAGE_SIZE,
        first_article={s.source: position[_first(run, s.source)] for s in run.sources},
        stories=_stories(run.crosscheck, run, position),
        chart=lambda scores: _chart(scores, categories),
        chart_labels={f.category: f.label for f in families},
        rule_names={r.id: r.name for r in run.rules},
        measures=MEASURES,
        partial_note=run.ranking_note,
        script=_SCRIPT,
        script_hash=base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode(),
        total_findings=run.finding_count(),
        trend=lambda source: trend_svg(source, (trends or {}).get(source, ())),
        grades=_grade_chart(run),
        **shared,
    )


GRADE_BINS = tuple(range(0, 21, 2))  # Flesch-Kincaid grade bins of two years; the last is 20+
_GRADE_BAR = 18  # px per bin
_GRADE_HEIGHT = 40  # px of the tallest bin


def _grade_chart(run: RunResult) -> dict | None:
    """The corpus's readability grades as a histogram: bars, labels and the median."""
    grades = sorted(a.readability.grade for a in run.articles if a.readability is not None)
    if not grades:
        return None
    counts = [0] * len(GRADE_BINS)
    for grade in grades:
        counts[min(max(int(grade // 2), 0), len(GRADE_BINS) - 1)] += 1
    tallest = max(counts)
    bars = [
        {
            "x": i * _GRADE_BAR,
            "height": round(count / tallest * _GRADE_HEIGHT, 1),
            "count": count,
            "label": f"{low}+" if i == len(GRADE_BINS) - 1 else str(low),
        }
        for i, (low, count) in enumerate(zip(GRADE_BINS, counts, strict=True))
    ]
    return {
        "bars": bars,
        "width": len(GRADE_BINS) * _GRADE_BAR,
        "height": _GRADE_HEIGHT,
        "bar": _GRADE_BAR - 3,
        "median": grades[len(grades) // 2],
        "articles": len(grades),
    }


def _pack(html: str) -> str:
    """A page of article panels, gzipped and base64-encoded: the script unpacks it when asked
    (a tenth of the size, and the browser does not parse it on load). mtime=0 keeps it
    deterministic."""
    return base64.b64encode(gzip.compress(html.encode("utf-8"), 6, mtime=0)).decode("ascii")


def anchor_id(position: int, offset: int) -> str:
    """The element id of the evidence that starts at `offset` in the article at `position`."""
    return f"a{position}-o{offset}"


def _first(run: RunResult, source: str) -> int:
    return next(i for i, a in enumerate(run.articles) if a.document.source == source)


def _panel(
    pos: int, index: int, run: RunResult, position: dict[int, int], threshold: float
) -> Panel:
    article = run.articles[index]
    check = run.crosscheck.articles[index] if run.crosscheck else None
    highlights = [
        Highlight(f.start, f.end, f.category, f.level, f.rule, f.message) for f in article.findings
    ]
    if check is not None:
        for c in check.conflicts:
            other = run.articles[c.other].document
            message = (
                f"Contradicted by {other.source} (article {position[c.other] + 1}): {c.message}"
            )
            highlights.append(Highlight(c.start, c.end, CROSSCHECK, "warning", "XSC", message))
    highlights.sort(key=lambda h: (h.start, h.end, h.rule))
    return Panel(
        pos,
        article,
        tuple(_pieces(pos, article.document.text, highlights, article.machine_like)),
        tuple(highlights),
        check,
        article.style.sentence_scores,
        _strip(article.style.sentence_scores, threshold),
        article.headline or article.document.id,
    )


def _strip(scores: tuple[float, ...], threshold: float) -> tuple[str, str]:
    """One bar per body sentence window, 3 px wide, up to STRIP_HEIGHT tall, as two SVG paths."""
    low, high = [], []
    for i, score in enumerate(scores):
        bar = f"M{i * 4} {STRIP_HEIGHT}v-{score * STRIP_HEIGHT:.1f}h3v{score * STRIP_HEIGHT:.1f}z"
        (high if score >= threshold else low).append(bar)
    return "".join(low), "".join(high)


def _pieces(
    pos: int, text: str, highlights: list[Highlight], windows: Sequence[tuple[int, int, float]]
) -> list[Piece]:
    """Cut the text wherever a highlight or a machine-like window starts or ends (one sweep)."""
    opening: dict[int, list[Highlight]] = {}
    for h in highlights:
        opening.setdefault(h.start, []).append(h)
    cuts = sorted(
        {0, len(text), *opening, *(h.end for h in highlights), *(w[0] for w in windows)}
        | {w[1] for w in windows}
    )
    active: list[Highlight] = []
    window_at = 0
    pieces = []
    for start, end in pairwise(cuts):
        active = [h for h in active if h.end > start] + opening.get(start, [])
        # Shown as its most severe highlight (the innermost of those): hiding info findings
        # then never hides a warning, and one rule id labels it, the others in its tooltip.
        covering = tuple(sorted(active, key=lambda h: (-LEVELS.index(h.level), h.end - h.start)))
        label = covering[0].rule if covering and covering[0].end == end else ""
        while window_at < len(windows) and windows[window_at][1] <= start:
            window_at += 1
        window = None
        if window_at < len(windows) and windows[window_at][0] <= start:
            window = windows[window_at][2]
        anchor = anchor_id(pos, start) if start in opening else None
        pieces.append(Piece(text[start:end], covering, anchor, label, window))
    return pieces


def text_html(pieces: tuple[Piece, ...]) -> Markup:
    """The article text with its highlights, every character of it escaped.

    Written out here rather than in the template: a long article has hundreds of pieces,
    and this is ten times faster than a template loop.
    """
    tips: dict[tuple[int, ...], str] = {}
    out = []
    for piece in pieces:
        html = escape(piece.text)
        if piece.highlights:
            key = tuple(id(h) for h in piece.highlights)
            if key not in tips:
                tips[key] = "&#10;".join(
                    escape(f"{h.rule} {h.level}: {h.message}") for h in piece.highlights
                )
            h = piece.highlights[0]
            wide = " wide" if h.end - h.start > WIDE_CHARS else ""
            attributes = f'class="c-{escape(h.category)} l-{escape(h.level)}{wide}"'
            if piece.anchor:
                attributes += f' id="{piece.anchor}"'
            attributes += f' tabindex="0" data-tip="{tips[key]}"'
            if piece.label:
                attributes += f' data-end="{escape(piece.label)}"'
            html = f"<mark {attributes}>{html}</mark>"
        if piece.machine_like is not None:
            html = f'<span class="ais">{html}</span>'
        out.append(html)
    return Markup("".join(out))


def rows_html(panel: Panel) -> Markup:
    """The findings table's rows: each names its evidence and jumps to it (Enter or click)."""
    doc = panel.article.document
    out = []
    for h in panel.highlights:
        line, column = doc.structure.line_column(h.start)
        evidence = doc.text[h.start : h.end]
        if len(evidence) > 120:
            evidence = evidence[:117] + "..."
        label = "cross-source" if h.category == CROSSCHECK else h.category.replace("_", " ")
        category, level = escape(h.category), escape(h.level)
        out.append(
            f'<tr class="c-{category} l-{level}" data-goto="{anchor_id(panel.position, h.start)}"'
            f' tabindex="0"><td class="num">{line}:{column}</td><td>{escape(h.rule)}</td>'
            f'<td class="level-{level}">{level}</td><td><span class="swatch swatch-{category}">'
            f"</span> {escape(label)}</td><td>{escape(h.message)}</td><td>{escape(evidence)}</td></tr>"
        )
    return Markup("\n".join(out))


def _chart(scores: dict[str, float], categories: Sequence[str]) -> dict:
    """Geometry of a source's category chart: one labelled bar per category, 0-100."""
    bars = [
        {"category": c, "score": scores.get(c, 100.0), "y": i * _CHART_ROW}
        for i, c in enumerate(categories)
    ]
    return {"bars": bars, "height": len(bars) * _CHART_ROW, "row": _CHART_ROW}


def _stories(check: CrossCheck | None, run: RunResult, position: dict[int, int]) -> list[dict]:
    if check is None:
        return []
    out = []
    for story in check.stories:

        def ref(i: int) -> dict:
            return {"position": position[i], "article": run.articles[i]}

        counts: dict[str, int] = {}
        for i in story.articles:
            for key, value in check.articles[i].counts().items():
                counts[key] = counts.get(key, 0) + value
        out.append(
            {
                "story": story,
                "articles": [ref(i) for i in story.articles],
                "copies": [(ref(c.first), ref(c.second), c.containment) for c in story.copies],
                "conflicts": [(c, ref(c.article), ref(c.other)) for c in _one_way(story.conflicts)],
                "counts": counts,
            }
        )
    return out


def _one_way(conflicts):
    """Each disagreement once: the story lists A against B, not also B against A."""
    seen = set()
    out = []
    for c in conflicts:
        key = (c.kind, min(c.article, c.other), max(c.article, c.other))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
