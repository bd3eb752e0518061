"""Fuzz whole scans with generated hostile records and file names: no crash, strict JSON,
every input accounted for. Prints the figures; exits 1 on any failure.

    python bench/fuzz.py                      # 10,000 cases, seed 1
    python bench/fuzz.py --cases 2000 --seed 5
    python bench/fuzz.py --by-kind            # peak memory of a json scan per kind of record

Cases go into JSON-lines batches (and one folder of files with odd names and bytes); each
batch is scanned with `--format json` and `--format stream`, each in its own process, and
its peak resident memory is read from wait4. A case is a crash when the scan exits 3 (or is
killed), invalid when an output is not strict JSON (NaN, lone surrogates) and lost when the
report's articles and refusals do not add up to its records.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BATCH = 500
TIME = "/usr/bin/time"  # GNU time, for a scan's own peak memory
PROSE = (
    "The council voted on Tuesday to approve the budget, Mayor Ana Ruiz said. Officials "
    "reportedly expect the plan to pass, although it is unclear whether the state agrees. "
)
EDGES = ["\udfff", "\ud800", "\x00", "\x1b[2J", "\u202e", "\ufeff", "\u2028", "\r", "\t",
         "…", "“", "”", "\"", "'", "<p>", "&amp;", "---\n", "```", "# ", "- ", "1. ", "Mr.",
         "U.S.", "👍🏽", "ﬁ", "İ", "\u0301", "中文", "عربي", "\xa0", "!!!", "???", "..."]  # fmt: skip


def random_unicode(rng: random.Random, size: int) -> str:
    """Code points from every plane, surrogates included (written as JSON escapes)."""
    out = []
    for _ in range(size):
        plane = rng.random()
        if plane < 0.5:
            out.append(chr(rng.randrange(0x20, 0x7F)))
        elif plane < 0.8:
            out.append(chr(rng.randrange(0x80, 0x3000)))
        elif plane < 0.9:
            out.append(rng.choice(EDGES))
        else:
            out.append(chr(rng.randrange(0x3000, 0x110000)))
    return "".join(out)


def soup(rng: random.Random, size: int) -> str:
    words = PROSE.split() + EDGES
    return " ".join(rng.choice(words) for _ in range(size // 5))


def lines_only(rng: random.Random, size: int) -> str:
    return "\n".join(rng.choice(["a", "", ".", "Share", "—"]) for _ in range(size // 2))


def one_long_line(rng: random.Random, size: int) -> str:
    return PROSE.replace(". ", ", ") * (size // len(PROSE) + 1)


def punctuation(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(".!?…“”\"' ") for _ in range(size))


def quotes(rng: random.Random, size: int) -> str:
    return "".join(
        rng.choice(["“", "he said ", "” ", '"', "Ruiz: ", ". "]) for _ in range(size // 4)
    )


def repeated(rng: random.Random, size: int) -> str:
    return (rng.choice(["the ", "Share. ", "reportedly ", PROSE]) * size)[:size]


TEXTS: dict[str, Callable[[random.Random, int], str]] = {
    "unicode": random_unicode,
    "soup": soup,
    "lines": lines_only,
    "long-line": one_long_line,
    "punctuation": punctuation,
    "quotes": quotes,
    "repeated": repeated,
}


def odd_value(rng: random.Random, depth: int = 0):
    choice = rng.randrange(8)
    if choice == 0 and depth < 4:
        return [odd_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if choice == 1 and depth < 4:
        return {random_unicode(rng, 5): odd_value(rng, depth + 1) for _ in range(rng.randrange(4))}
    return rng.choice([None, True, 0, -1, 2**70, 1e308, "", "\udfff", random_unicode(rng, 12)])


def record(rng: random.Random, kind: str, size: int) -> str:
    """One JSON line (or a line that is not JSON at all)."""
    if kind == "broken":
        return rng.choice(['{"text": NaN}', '{"text": "x", "n": -Infinity}', "{", "[1]", "1" * 5000,
                           '{"text": ' + "[" * 3000 + "]" * 3000 + "}", random_unicode(rng, 40)])  # fmt: skip
    fields = {"text": TEXTS[kind](rng, size)}
    for name in ("id", "title", "source", "url", "extra"):
        if rng.random() < 0.3:
            fields[name] = odd_value(rng)
    if rng.random() < 0.05:
        fields["text"] = odd_value(rng)
    return json.dumps(fields, ensure_ascii=True)


def write_batches(folder: Path, cases: int, rng: random.Random, kinds: list[str]) -> list[Path]:
    batches = []
    for start in range(0, cases, BATCH):
        path = folder / f"batch-{start // BATCH:04}.jsonl"
        with path.open("w", encoding="utf-8", errors="surrogatepass") as out:
            for _ in range(min(BATCH, cases - start)):
                kind = rng.choice(kinds)
                out.write(record(rng, kind, int(rng.lognormvariate(7, 1.2))) + "\n")
        batches.append(path)
    return batches


def write_files(folder: Path, count: int, rng: random.Random) -> Path:
    """Files with odd names (not UTF-8, control characters) and odd bytes."""
    root = folder / "files"
    root.mkdir()
    made = 0
    while made < count:
        name = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 12)))
        stem = name.replace(b"/", b"_").lstrip(b".") or b"x"  # hidden files are passed over
        name = stem + rng.choice([b".txt", b".md", b".html", b".bin"])
        path = os.path.join(os.fsencode(root), name)
        if os.path.exists(path):
            continue
        body = rng.choice([
            PROSE.encode() * rng.randrange(1, 8),
            bytes(rng.randrange(0, 256) for _ in range(rng.randrange(0, 4000))),
            random_unicode(rng, 800).encode("utf-8", "surrogatepass"),
            soup(rng, 3000).encode("cp1252", "replace"),
        ])  # fmt: skip
        with open(path, "wb") as f:
            f.write(body)
        made += 1
    return root


def scan(target: Path, fmt: str) -> tuple[int, str, float, float]:
    """Exit code, output text, seconds and peak RSS (MB) of one scan process."""
    out = target.parent / f"{target.name}.{fmt}.out"
    argv = [sys.executable, "-m", "audit", "scan", str(target), "--format", fmt, "-o", str(out),
            "-q", "-j", "1", "--isolated"]  # fmt: skip
    # Linux keeps a process's peak across exec: a child forked from this harness, grown by
    # the reports it has read, would inherit that. GNU time, a small process, measures cleanly.
    timed = os.path.exists(TIME)
    started = time.perf_counter()
    child = subprocess.Popen(
        [TIME, "-f", "%M", *argv] if timed else argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, errors = child.communicate()
    seconds = time.perf_counter() - started
    lines = errors.decode(errors="replace").strip().splitlines()
    peak = int(lines[-1]) / 1024 if timed and lines and lines[-1].isdigit() else float("nan")
    text = out.read_bytes().decode("utf-8", "replace") if out.exists() else ""
    if out.exists() and not _utf8(out.read_bytes()):
        text = "\x00not utf-8"
    return child.returncode, text, seconds, peak


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(text: str):
    def refuse(constant):
        raise ValueError(constant)

    return json.loads(text, parse_constant=refuse)


def check(target: Path, expected: int | None, fmt: str) -> dict:
    code, text, seconds, peak = scan(target, fmt)
    result = {"crash": code not in (0, 2), "invalid": False, "lost": False,
              "seconds": seconds, "peak": peak, "code": code}  # fmt: skip
    try:
        if fmt == "json":
            report = _strict(text)
            counted = len(report["articles"]) + len(report["errors"]) + len(report["skipped"])
        else:
            lines = [_strict(line) for line in text.split("\n") if line]
            summary = lines[-1]
            assert summary["kind"] == "summary"
            counted = sum(1 for line in lines if line["kind"] in ("article", "error", "unscored"))
            counted += len(summary["skipped"])
    except (ValueError, KeyError, IndexError, AssertionError):
        result["invalid"] = True
        return result
    result["lost"] = expected is not None and counted < expected
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=300, help="odd files, part of --cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--by-kind", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    kinds = [*TEXTS, "broken"]
    with tempfile.TemporaryDirectory(prefix="newsaudit-fuzz-") as tmp:
        folder = Path(tmp)
        if args.by_kind:
            print(f"{'kind':<12} {'records':>7} {'MB':>6} {'seconds':>8} {'peak MB':>8}")
            for kind in kinds:
                (folder / kind).mkdir()
                (batch,) = write_batches(folder / kind, BATCH, rng, [kind])
                size = batch.stat().st_size / 1e6
                outcome = check(batch, BATCH, "json")
                print(f"{kind:<12} {BATCH:>7} {size:>6.1f} {outcome['seconds']:>8.1f} "
                      f"{outcome['peak']:>8.0f}")  # fmt: skip
            return 0
        records = args.cases - args.files
        batches = write_batches(folder, records, rng, kinds)
        targets: list[tuple[Path, int | None]] = [(b, _lines(b)) for b in batches]
        targets.append((write_files(folder, args.files, rng), args.files))
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
        totals = {"crash": 0, "invalid": 0, "lost": 0}
        peaks = {"json": 0.0, "stream": 0.0}
        started = time.perf_counter()
        for target, expected in targets:
            for fmt in ("json", "stream"):
                outcome = check(target, expected, fmt)
                for key in totals:
                    if outcome[key]:
                        totals[key] += 1
                        print(f"  {key}: {target.name} --format {fmt} (exit {outcome['code']})")
                peaks[fmt] = max(peaks[fmt], outcome["peak"])
        seconds = time.perf_counter() - started
    print(f"{args.cases:,} cases ({records:,} records in {len(batches)} feeds, {args.files} files; "
          f"{size:.1f} MB), seed {args.seed}, {seconds:.0f} s")  # fmt: skip
    print(f"scans with a crash: {totals['crash']}, invalid output: {totals['invalid']}, "
          f"inputs lost: {totals['lost']}")  # fmt: skip
    print(f"peak memory of one scan: json {peaks['json']:.0f} MB, stream {peaks['stream']:.0f} MB")
    return 1 if any(totals.values()) else 0


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


if __name__ == "__main__":
    sys.exit(main())
