"""Human-readable terminal output: per article its score, readability, what to fix first, what
other sources say and its findings; then the source ranking (with intervals) when there are
several sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import click

from audit.formatters import DEFAULT_OPTIONS, RenderOptions
from audit.results import ArticleResult, RunResult
from audit.rules.model import Finding, level_rank
from audit.text.admission import Unscored

_LEVEL_COLOURS = {"info": "cyan", "warning": "yellow", "error": "red"}
_EXCERPT = 60


def _finding_lines(findings: Sequence[Finding], style: Callable[..., str]) -> list[str]:
    lines = []
    for f in findings:
        excerpt = " ".join(f.text.split())
        if len(excerpt) > _EXCERPT:
            excerpt = excerpt[: _EXCERPT - 1] + "…"
        level = style(f"{f.level:<7}", fg=_LEVEL_COLOURS[f.level])
        lines.append(f"  {f.line:>4}:{f.column:<4} {level} {f.rule}  {f.message}  «{excerpt}»")
    return lines


def render(run: RunResult, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    colour, statistics, min_level = options.colour, options.statistics, options.min_level

    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if colour else text

    lines: list[str] = []
    threshold = level_rank(min_level)
    for index, article in enumerate(run.articles):
        doc = article.document
        shown = [f for f in article.findings if level_rank(f.level) >= threshold]
        ai = "n/a" if article.style.probability is None else f"{article.style.probability:.2f}"
        header = f"{doc.path or doc.id}" + (
            f" [{doc.id}]" if doc.path and doc.id != doc.path else ""
        )
        grade = article.readability
        reading = "" if grade is None else f"  grade={grade.grade:.1f} ({grade.band})"
        lines.append(
            style(header, bold=True)
            + f"  source={doc.source}  score={article.score.score:.1f}  ai={ai}{reading}"
        )
        lines.extend(_fix_first(article, threshold, style))
        lines.extend(_cross_source(run, index, style))
        lines.extend(_finding_lines(shown, style))
        lines.append("")
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        verb = "refused" if error.blocking else "not scored"
        lines.append(
            style(f"{verb} {where}: {error.reason}", fg="red" if error.blocking else "cyan")
        )
        if isinstance(error, Unscored):  # a short text's page defects (audit/text/admission.py)
            shown = [f for f in error.findings if level_rank(f.level) >= threshold]
            lines.extend(_finding_lines(shown, style))
    if run.errors:
        lines.append("")
    if statistics:
        lines.extend(_statistics(run))
    if len(run.sources) > 1:  # one source is not a ranking
        note = run.ranking_note
        lines.append(
            style("Sources (most reliable first; 95% interval of the score)", bold=True)
            + (style(f"  [{note}]", fg="yellow") if note else "")
        )
        for s in run.sources:
            moved = (
                f"  prior {s.prior:.1f}, signals {s.parts['signals']:+.1f}, "
                f"defects {s.parts['defects']:+.1f}"
                if s.parts
                else ""
            )
            lines.append(
                f"  {s.rank:>3}. {s.source:<40} score {s.score:5.1f} [{s.low:5.1f}-{s.high:5.1f}]"
                f"  (mean {s.mean:5.1f}, {s.articles} articles){moved}"
            )
    levels = [level_rank(f.level) for f in run.findings()]
    findings = len(levels)
    hidden = sum(level < threshold for level in levels)
    below = f" ({hidden} below {min_level}: --min-level info lists them)" if hidden else ""
    lines.append(
        f"\n{len(run.articles)} articles audited, {len(run.errors)} inputs refused or not scored, "
        f"{len(run.skipped)} documentation files skipped, "
        f"{findings} findings{below}, {len(run.sources)} sources ranked."
    )
    return "\n".join(lines) + "\n"


def _fix_first(article: ArticleResult, threshold: int, style: Callable[..., str]) -> list[str]:
    """The article's few most important problems shown at this level, each with its evidence
    and a suggestion."""
    shown = [p for p in article.fix_first if level_rank(p.level) >= threshold]
    if not shown:
        return []
    lines = [style("  fix first:", bold=True)]
    for n, p in enumerate(shown, 1):
        times = f", {p.count} places" if p.count > 1 else ""
        level = style(p.level, fg=_LEVEL_COLOURS[p.level])
        lines.append(
            f"    {n}. {p.rule} {p.name} ({level}{times}) at {p.evidence.line}:{p.evidence.column}"
            f" «{p.excerpt()}»"
        )
        lines.append(f"       -> {p.suggestion}")
    return lines


def _cross_source(run: RunResult, index: int, style: Callable[..., str]) -> list[str]:
    """What other sources say: the claims they contradict, and the articles this one copies."""
    check = run.crosscheck.articles[index] if run.crosscheck else None
    if check is None:
        return []
    lines = []
    doc = run.articles[index].document
    for c in check.conflicts:
        other = run.articles[c.other].document
        line, column = doc.structure.line_column(c.start)
        lines.append(
            style("  conflict", fg="magenta")
            + f" {line}:{column} with {other.source} ({other.id}): {c.message}"
        )
    for i in check.copies:
        other = run.articles[i].document
        lines.append(
            style("  copy", fg="magenta") + f" shares its text with {other.source} ({other.id})"
        )
    return lines


def _statistics(run: RunResult) -> list[str]:
    counts = Counter(f.rule for f in run.findings())
    names = {r.id: (r.name, r.level) for r in run.rules}
    lines = ["Findings per rule"]
    for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name, level = names.get(rule_id, ("?", "?"))
        lines.append(f"  {count:>6}  {rule_id}  {level:<7}  {name}")
    lines.append("")
    return lines
