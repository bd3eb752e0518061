"""The one-draft latency target: `newsaudit check` on one 5 KB draft, start-up included.

    python bench/check.py [--runs 5] [--draft FILE] [--imports 15] [--phases 5]

Writes a generated article cut at a paragraph to about 5,000 bytes (bench/generate.py,
seeded), runs `check` on it once untimed (the interpreter's byte-code caches), then --runs
times, and prints the median wall time and the median CPU time (user + system) of those
runs: on a shared machine the CPU time is the steadier figure. --imports prints the modules
whose own import took longest (`python -X importtime`), the start-up's profile. --phases N
takes the check's steps one at a time in N processes of their own and prints each step's
median CPU time: the interpreter, the imports, the rule packs, the models, the rest of the
auditor (the rules compiled), the audit, the report, and the exit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # bench/generate.py, beside this file
import run as bench  # bench/run.py: the launch command

SIZE = 5000  # bytes of the draft
TARGET = 0.4  # seconds of wall time, median of the runs


def draft(seed: int, size: int = SIZE) -> str:
    """The first generated article of at least `size` bytes, cut at a paragraph near it."""
    index = 0
    while True:
        text = generate.make_article(seed, index).text
        index += 1
        if len(text.encode("utf-8")) >= size:
            cut = text.rfind("\n\n", 0, size)
            return text[: cut if cut > size // 2 else size]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the child's own) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # 1 is a failed gate, which prints its findings; a crash also exits 1, but prints no report
    if done.returncode not in (0, 1) or not done.stdout.strip():
        sys.exit(f"check exited {done.returncode}: {done.stderr.decode(errors='replace')[-300:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def heaviest_imports(draft: Path, env: dict[str, str], count: int) -> list[tuple[int, str]]:
    """(microseconds, module) of the modules whose own import took longest in one check."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "audit", "check", str(draft)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line.removeprefix("import time:").split("|")
            rows.append((int(own), name.strip()))
    return sorted(rows, reverse=True)[:count]


# The steps of `check` on one draft, as the command takes them, each timed in CPU seconds. The
# exit (the interpreter's shutdown) is the process's CPU time less what the steps account for.
PHASES = ("interpreter", "imports", "rule packs", "models", "rules compiled", "audit", "report")
_PHASES_PROBE = """
import gc, json, os, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the command asks (audit/cli)
times = [time.process_time()]
import audit.cli
from audit.runtime.records import collector_paused
with collector_paused():  # as the command's imports are (audit/cli)
    import audit.cli.check
from audit.formatters import render
from audit.models.load import shipped_models
from audit.rules.registry import builtin_registry
from audit.runtime.config import resolve_settings
from audit.runtime.pipeline import build_auditor
times.append(time.process_time())
builtin_registry()
times.append(time.process_time())
shipped_models()
times.append(time.process_time())
settings = resolve_settings([sys.argv[1]], config=None, isolated=False, overrides={})
auditor, _ = build_auditor(settings)
times.append(time.process_time())
run = auditor.run([sys.argv[1]])
times.append(time.process_time())
render(run, "text")
times.append(time.process_time())
print(json.dumps([times[0], *(b - a for a, b in zip(times, times[1:]))]))
sys.stdout.flush()
gc.freeze()  # as the command does before it exits (audit/cli entry)
"""


def phases(draft: Path, env: dict[str, str], runs: int) -> list[tuple[str, float]]:
    """(step, median CPU seconds) of the check's steps, over `runs` processes."""
    rows = []
    for _ in range(runs + 1):  # the first: byte-code caches
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [sys.executable, "-c", _PHASES_PROBE, str(draft)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        steps = json.loads(done.stdout)
        total = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        rows.append([*steps, max(0.0, total - sum(steps))])
    medians = [statistics.median(column) for column in zip(*rows[1:], strict=True)]
    return list(zip((*PHASES, "exit"), medians, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--draft", type=Path, help="a draft of your own (default: generated)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--imports", type=int, default=0, help="print the N slowest imports")
    parser.add_argument("--phases", type=int, default=0, metavar="N",
                        help="print the median CPU time of each step over N processes")  # fmt: skip
    args = parser.parse_args()
    base, label, env = bench.command()
    with tempfile.TemporaryDirectory(prefix="newsaudit-check-") as tmp:
        path = args.draft or Path(tmp) / "draft.txt"
        if args.draft is None:
            path.write_text(draft(args.seed), encoding="utf-8")
        argv = [*base, "check", str(path)]
        timed(argv, env)  # untimed: byte-code caches
        runs = [timed(argv, env) for _ in range(args.runs)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        size = path.stat().st_size
        print(f"{label} check ({size:,} bytes), median of {args.runs}: wall {wall:.3f} s, "
              f"CPU {cpu:.3f} s (target: wall <= {TARGET} s: {'met' if wall <= TARGET else 'not met'})")  # fmt: skip
        print("  wall per run: " + ", ".join(f"{w:.3f}" for w, _ in runs))
        print(f"  load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if args.imports:
            print("  slowest imports (own time, one run under -X importtime):")
            for micros, name in heaviest_imports(path, env, args.imports):
                print(f"    {micros / 1000:6.1f} ms  {name}")
        if args.phases:
            steps = phases(path, env, args.phases)
            total = sum(cpu for _, cpu in steps)
            print(f"  CPU per step (median of {args.phases} processes, each step in order):")
            for name, cpu in steps:
                print(f"    {cpu * 1000:6.1f} ms  {cpu / total:4.0%}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
