"""A progress line on stderr for long scans: only on a terminal, never with --quiet."""

from __future__ import annotations

import sys
import time
from typing import TextIO

REFRESH = 0.1  # seconds between redraws
MIN_TOTAL = 50  # a run this small finishes before a bar would help


class ProgressBar:
    """Called after each article with (done, total or None); draws at most every REFRESH."""

    def __init__(self, stream: TextIO, width: int = 30, clock=time.monotonic):
        self.stream = stream
        self.width = width
        self.clock = clock
        self.started = clock()
        self.drawn_at = float("-inf")
        self.shown = False

    def __call__(self, done: int, total: int | None) -> None:
        now = self.clock()
        finished = total is not None and done >= total
        if now - self.drawn_at < REFRESH and not finished:
            return
        if total is not None and total < MIN_TOTAL:
            return
        self.drawn_at = now
        self.shown = True
        self.stream.write("\r" + self.line(done, total, now - self.started))
        self.stream.flush()

    def line(self, done: int, total: int | None, elapsed: float) -> str:
        rate = done / elapsed if elapsed > 0 else 0.0
        if total is None:
            return f"newsaudit: {done} articles  {rate:,.0f}/s"
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        left = (total - done) / rate if rate > 0 else 0.0
        return f"newsaudit: [{bar}] {done}/{total}  {rate:,.0f}/s  {left:,.0f}s left"

    def close(self) -> None:
        """End the line so later messages start on their own."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def progress_bar(quiet: bool, stream: TextIO | None = None) -> ProgressBar | None:
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return None
    return ProgressBar(stream)
