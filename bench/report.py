"""How big the HTML report of a large corpus is, and how fast Chromium opens it.

Run on demand (needs the test extra's playwright and Debian's chromium):

    python bench/report.py                     # 10,000 generated articles
    python bench/report.py --articles 2000

Generates a JSON-lines corpus (bench/generate.py), runs `newsaudit scan --format html`
on it, and prints the scan's time, the report's size, and the time Chromium takes to
load the file and show the ranking and the first page of articles.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # bench/generate.py, beside this file

CHROMIUM = os.environ.get("NEWSAUDIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def load_seconds(report: Path, runs: int) -> list[float]:
    """Seconds from navigation until the ranking table and the first article are on screen."""
    from playwright import sync_api

    times = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for _ in range(runs):
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(report.as_uri())
            page.wait_for_selector("#sources tbody tr", state="visible")
            page.wait_for_selector("article", state="visible")
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3, help="page loads to time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsaudit-report-") as tmp:
        corpus, report = Path(tmp) / "corpus", Path(tmp) / "report.html"
        generate.generate_corpus(str(corpus), args.articles, args.seed, "jsonl")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "audit", "scan", str(corpus), "--format", "html",
             "--output", str(report), "--quiet"],
            check=False, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        scanned = time.perf_counter() - started
        print(f"{args.articles:,} articles: scan --format html took {scanned:.0f} s")
        print(f"report size: {report.stat().st_size / 1e6:.1f} MB")
        loads = load_seconds(report, args.runs)
        print(f"load in Chromium (ranking and first article visible): "
              f"best {min(loads):.2f} s, median {sorted(loads)[len(loads) // 2]:.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
