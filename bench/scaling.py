"""How audit time grows with input shape and size: giant lines, millions of tiny lines.

Run on demand (`python bench/scaling.py`); prints seconds per size and the growth
ratio for each fourfold step. Linear growth keeps the ratio near 4; quadratic
would approach 16.
"""

from __future__ import annotations

import argparse
import time

from audit.rules.registry import load_registry
from audit.runtime.run import Auditor
from audit.text.segment import make_document

SHAPES = {
    "tiny lines": lambda n: "".join(f"Line {i} ok.\n" for i in range(n // 12)),
    "one giant line": lambda n: "The council met, the clerk said. " * (n // 33),
    "long paragraphs": lambda n: (
        ("Officials said the plan might work. " * 40 + "\n\n") * (n // 1442)
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--start", type=int, default=60_000, help="smallest size in characters")
    parser.add_argument("--steps", type=int, default=3, help="fourfold steps after the smallest")
    args = parser.parse_args()
    auditor = Auditor(load_registry())
    auditor.audit(make_document("Warm-up.\n\nThe council met on Monday, the clerk said."))
    for shape, make in SHAPES.items():
        previous = None
        for step in range(args.steps + 1):
            size = args.start * 4**step
            doc = make_document(make(size))
            started = time.perf_counter()
            auditor.audit(doc)
            seconds = time.perf_counter() - started
            growth = f"x{seconds / previous:4.1f}" if previous else "     "
            print(f"{shape:<16} {size:>10,} chars  {seconds:8.2f} s  {growth}")
            previous = seconds


if __name__ == "__main__":
    main()
