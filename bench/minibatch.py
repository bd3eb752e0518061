"""CPU of `newsaudit serve`'s audit workers per check, by minibatch size, without HTTP.

    python bench/minibatch.py [--sizes 1,2,4,8] [--checks 96] [--repeats 5] [--profile 4]

Runs what a worker runs for each minibatch of checks (audit/service/workers.py: perform:
reading and admitting the records, the audit, each request's run, article object and gate,
the answer encoded as JSON) in this one process, on the generated articles bench/serve.py
sends (about --bytes bytes each), as `newsaudit serve --isolated` is configured. Prints
the CPU per check at each minibatch size (the least of --repeats passes, the sizes taken in
turn), and a straight line through the CPU per minibatch against its size: the fixed cost
of a minibatch and the cost each check adds. With 8 clients on 2 workers nearly every
minibatch holds four checks, and this is most of a request's CPU (bench/serve.py prints the
rest: the HTTP process and the clients); on a shared machine it is the steadier figure to
compare between two trees. --profile K prints where the CPU goes in minibatches of K
(cProfile: its own overhead inflates every figure, the shares are what to read).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

import serve  # noqa: E402  (bench/serve.py, beside this file: the same request bodies)

from audit.cli.settings import settings_for  # noqa: E402
from audit.service.core import Service  # noqa: E402
from audit.service.workers import Task, perform  # noqa: E402


def minibatches(records: list[dict], size: int, checks: int) -> list[list[Task]]:
    """At least `checks` checks of the records in turn, in full minibatches of `size` (a short
    last one would cost more per check and bend the fit)."""
    count = -(-checks // size) * size
    tasks: list[Task] = [("check", records[i % len(records)]) for i in range(count)]
    return [tasks[start : start + size] for start in range(0, count, size)]


def cpu_per_check(service: Service, batches: list[list[Task]]) -> float:
    """Milliseconds of this process's CPU per check, every answer checked to be one."""
    started = time.process_time()
    answers = [answer for batch in batches for answer in perform(service, batch)]
    used = time.process_time() - started
    failed = [answer for answer in answers if isinstance(answer, Exception)]
    if failed:
        raise SystemExit(f"{len(failed)} checks failed, the first: {failed[0]!r}")
    return used * 1000 / len(answers)


def fitted(sizes: list[int], per_batch: list[float]) -> tuple[float, float]:
    """Least squares: CPU per minibatch = fixed + per_check x size."""
    n = len(sizes)
    mean_size, mean_cpu = sum(sizes) / n, sum(per_batch) / n
    spread = sum((s - mean_size) ** 2 for s in sizes)
    paired = zip(sizes, per_batch, strict=True)
    slope = sum((s - mean_size) * (c - mean_cpu) for s, c in paired) / spread
    return mean_cpu - slope * mean_size, slope


def profile(service: Service, batches: list[list[Task]], top: int) -> str:
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for batch in batches:
        perform(service, batch)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="minibatch sizes, comma-separated")
    parser.add_argument(
        "--checks",
        type=int,
        default=96,
        help="checks per pass at each size (rounded up to full minibatches)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="passes at each size (the least)")
    parser.add_argument("--bytes", type=int, default=5000, help="article size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", type=int, metavar="K", help="profile minibatches of K")
    parser.add_argument("--top", type=int, default=40, help="functions the profile lists")
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    if len(sizes) < 2 or sizes[0] < 1:
        parser.error("--sizes needs two sizes or more, each at least 1")
    if args.checks < 1 or args.repeats < 1:
        parser.error("--checks and --repeats must be at least 1")

    records = [json.loads(body) for body in serve.articles(args.bytes, 32, args.seed)]
    service = Service(settings_for((), None, True))
    service.warm()  # as the server does before it forks its workers
    for batch in minibatches(records, max(sizes), len(records)):  # every article read once
        perform(service, batch)
    least = {size: float("inf") for size in sizes}
    for _ in range(args.repeats):
        for size in sizes:
            batches = minibatches(records, size, args.checks)
            least[size] = min(least[size], cpu_per_check(service, batches))

    mean_bytes = sum(len(r["text"].encode("utf-8")) for r in records) / len(records)
    print("newsaudit serve's worker, POST /v1/check minibatches, in one process (no HTTP)")
    print(
        f"articles: {len(records)} distinct, {mean_bytes:,.0f} bytes of text on average; "
        f"{args.checks} checks or more per pass (full minibatches), least of {args.repeats} passes"
    )
    for size in sizes:
        print(
            f"  minibatch of {size}: {least[size]:.2f} ms of CPU per check, "
            f"{least[size] * size:.1f} per minibatch"
        )
    fixed, per_check = fitted(sizes, [least[size] * size for size in sizes])
    print(
        f"fit: {fixed:.2f} ms of CPU per minibatch + {per_check:.2f} per check "
        f"(a minibatch of four: {fixed / 4 + per_check:.2f} ms a check)"
    )
    if args.profile:
        print(profile(service, minibatches(records, args.profile, args.checks), args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
