"""The throughput target as stated: the command a user runs, start-up included.

    python bench/target.py [--articles 5000] [--jobs N] [--compare] [--compare-limit 1000]

Generates a corpus (bench/generate.py: about 5 KB per article, seeded), runs
`scan DIR --format json --jobs N` in its own process and prints wall time,
articles/s, MB/s and the peak memory of any one process of the scan. --compare
then times proselint and textstat's `text_standard` alone on the same texts in
this process (each tool runs on one core, as it does for its users) and prints
newsaudit's throughput over theirs.
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
import run as bench  # bench/run.py: the comparators and the launch command


def scan(corpus: Path, jobs: int) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB of the largest process, and the exit code."""
    base, _, env = bench.command()
    argv = [*base, "scan", str(corpus), "--format", "json", "--output",
            str(corpus) + ".json", "--quiet", "--jobs", str(jobs)]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 2):
        sys.exit(f"scan failed: {child.stderr.read().decode() if child.stderr else code}")
    return seconds, usage.ru_maxrss / 1024, code


def compare(texts: list[str], rate: float) -> None:
    linter, release = bench.proselint_linter()
    textstat = bench.offline_textstat()
    rows = []
    for name, tool in ((f"proselint {release}", linter), ("textstat text_standard", None)):
        fn = tool if tool is not None else (lambda t: textstat.text_standard(t, float_output=True))
        fn(texts[0])  # word lists and dictionaries load on the first call: not timed
        seconds, _ = bench.time_each(fn, texts)
        theirs = len(texts) / seconds
        rows.append([name, f"{theirs:.1f}", f"{rate / theirs:.2f}"])
    bench.table(["alone, one process", "articles/s", "newsaudit ÷ it"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compare", action="store_true", help="also time proselint and textstat")
    parser.add_argument(
        "--compare-limit", type=int, default=0, help="time the comparators on the first N texts"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsaudit-target-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate.generate_corpus(corpus, args.articles, args.seed, "txt")
        files = bench.corpus_files(corpus)
        megabytes = sum(f.stat().st_size for f, _ in files) / 1e6
        print(f"{len(files):,} articles, {megabytes:.1f} MB ({megabytes / len(files) * 1e3:.1f} KB "
              f"each on average), seed {args.seed}, {bench.cpu_count()} cpus")  # fmt: skip
        seconds, peak, code = scan(corpus, args.jobs)
        rate = len(files) / seconds
        print(f"scan --format json --jobs {args.jobs} (start-up included): {seconds:.1f} s, "
              f"{rate:.1f} articles/s, {megabytes / seconds:.2f} MB/s, peak {peak:.0f} MB, "
              f"exit {code}")  # fmt: skip
        if args.compare:
            texts = [f.read_text(encoding="utf-8") for f, _ in files]
            compare(texts[: args.compare_limit or None], rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
