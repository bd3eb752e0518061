"""Peak memory of a streamed scan as the corpus grows: is it flat?

Run on demand:

    python bench/memory.py                       # 2,000 and 20,000 articles
    python bench/memory.py --sizes 10000 100000  # the full-scale check (hours on 2 cores)

Generates one JSON-lines corpus of the largest size (bench/generate.py; article i
does not depend on the size, so a smaller run reads a prefix of the same articles),
then runs `scan --format stream` on the first N articles (whole shards) for each size, each in its own
process, and prints its wall time, articles/s and peak resident memory. A flat stream
keeps the last ratio near 1; a scan that holds every article grows with the corpus.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # bench/generate.py, beside this file


def prefix(corpus: Path, articles: int, out: Path) -> Path:
    """A folder of the generated shards holding the first `articles` records.

    Shards (generate.JSONL_SHARD records each) are kept as they are: one file per
    shard is how a large corpus arrives, and a reader holds one file at a time.
    """
    out.mkdir()
    left = articles
    for shard in sorted(corpus.glob("articles-*.jsonl")):
        if left <= 0:
            break
        lines = shard.read_text(encoding="utf-8").splitlines(keepends=True)[:left]
        (out / shard.name).write_text("".join(lines), encoding="utf-8")
        left -= len(lines)
    return out


def scan(path: Path, jobs: int, extra: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one `scan --format stream` process tree.

    wait4's ru_maxrss is the largest of the process and its waited-for children (the
    forked workers), each counted alone, so it is the peak of any one process.
    """
    argv = [sys.executable, "-m", "audit", "scan", str(path), "--format", "stream",
            "--output", str(path) + ".out.jsonl", "--quiet", "--jobs", str(jobs), *extra]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(argv, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    errors = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        sys.exit(f"scan failed: {errors}")
    return seconds, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory(prefix="newsaudit-memory-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate.generate_corpus(str(corpus), sizes[-1], args.seed, "jsonl")
        print(f"scan --format stream, --jobs {args.jobs}, seed {args.seed}")
        print(f"{'articles':>9}  {'seconds':>8}  {'articles/s':>10}  {'peak MB':>8}  ratio")
        first = None
        for size in sizes:
            seconds, peak = scan(prefix(corpus, size, Path(tmp) / f"first-{size}"), args.jobs, [])
            first = first or peak
            print(f"{size:>9,}  {seconds:>8.1f}  {size / seconds:>10.1f}  {peak:>8.0f}  "
                  f"x{peak / first:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
