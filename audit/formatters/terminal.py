"""Human-readable terminal output: findings grouped per article, then the source ranking."""

from __future__ import annotations

from collections import Counter

import click

from audit.rules.model import level_rank
from audit.run import RunResult

_LEVEL_COLOURS = {"info": "cyan", "warning": "yellow", "error": "red"}
_EXCERPT = 60


def render(
    run: RunResult, *, colour: bool, statistics: bool = False, min_level: str = "info"
) -> str:
    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if colour else text

    lines: list[str] = []
    threshold = level_rank(min_level)
    for article in run.articles:
        doc = article.document
        shown = [f for f in article.findings if level_rank(f.level) >= threshold]
        ai = "n/a" if article.style.probability is None else f"{article.style.probability:.2f}"
        header = f"{doc.path or doc.id}" + (
            f" [{doc.id}]" if doc.path and doc.id != doc.path else ""
        )
        lines.append(
            style(header, bold=True)
            + f"  source={doc.source}  score={article.score.score:.1f}  ai={ai}"
        )
        for f in shown:
            excerpt = " ".join(f.text.split())
            if len(excerpt) > _EXCERPT:
                excerpt = excerpt[: _EXCERPT - 1] + "…"
            level = style(f"{f.level:<7}", fg=_LEVEL_COLOURS[f.level])
            lines.append(f"  {f.line:>4}:{f.column:<4} {level} {f.rule}  {f.message}  «{excerpt}»")
        lines.append("")
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        verb = "refused" if error.blocking else "not scored"
        lines.append(
            style(f"{verb} {where}: {error.reason}", fg="red" if error.blocking else "cyan")
        )
    if run.errors:
        lines.append("")
    if statistics:
        lines.extend(_statistics(run))
    lines.append(style("Sources (most reliable first)", bold=True))
    for s in run.sources:
        lines.append(
            f"  {s.rank:>3}. {s.source:<40} score {s.score:5.1f}  (mean {s.mean:5.1f}, {s.articles} articles)"
        )
    findings = sum(len(a.findings) for a in run.articles)
    hidden = sum(level_rank(f.level) < threshold for a in run.articles for f in a.findings)
    below = f" ({hidden} below {min_level}: --min-level info lists them)" if hidden else ""
    lines.append(
        f"\n{len(run.articles)} articles audited, {len(run.errors)} inputs refused or not scored, "
        f"{len(run.skipped)} documentation files skipped, "
        f"{findings} findings{below}, {len(run.sources)} sources ranked."
    )
    return "\n".join(lines) + "\n"


def _statistics(run: RunResult) -> list[str]:
    counts = Counter(f.rule for a in run.articles for f in a.findings)
    names = {r.id: (r.name, r.level) for r in run.rules}
    lines = ["Findings per rule"]
    for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        name, level = names.get(rule_id, ("?", "?"))
        lines.append(f"  {count:>6}  {rule_id}  {level:<7}  {name}")
    lines.append("")
    return lines
