"""A source's score trend over the recorded runs, as a small inline SVG for the HTML report."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from audit.history.store import SourcePoint

WIDTH, HEIGHT, PAD = 100, 24, 2


def trend_svg(source: str, points: Sequence[SourcePoint]) -> Markup:
    """A line through the source's mean article score in each run (0 at the bottom, 100 at the
    top), the latest run marked; nothing for a source seen in fewer than two runs."""
    if len(points) < 2:
        return Markup("")
    step = (WIDTH - 2 * PAD) / (len(points) - 1)
    xy = [
        (PAD + i * step, PAD + (100 - p.score) / 100 * (HEIGHT - 2 * PAD))
        for i, p in enumerate(points)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    scores = ", ".join(f"{p.score:.1f}" for p in points)
    label = escape(f"score trend of {source} over {len(points)} runs: {scores}")
    last_x, last_y = xy[-1]
    return Markup(
        f'<svg class="trend" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<line x1="0" y1="{HEIGHT / 2}" x2="{WIDTH}" y2="{HEIGHT / 2}" stroke="#e5e7eb"/>'
        f'<polyline points="{line}" fill="none" stroke="#374151" stroke-width="1.5"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="#111"/></svg>'
    )
