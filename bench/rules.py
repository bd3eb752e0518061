"""CPU of the rules engine's own work per article: its matchers, without the Python checks.

    python bench/rules.py [--articles 32] [--bytes 5000] [--batch 4] [--passes 10]

Reads generated articles (the bodies bench/serve.py sends, about --bytes bytes each) as the
service does, segments them and runs the model stages once, then times an engine that holds
every rule of the service's run except the Python checks (kind "python": their work is the
feature modules', bench/minibatch.py --profile shows it) over the documents in batches of
--batch: `prepare` on each batch, then `run` on each of its articles, as audit_batch does.
Prints the least CPU per article of --passes passes, then each matcher's CPU per article
(its hits on a fresh scan of each article, in the engine's order, the aggregates reading no
evidence; the branch sets' scans counted apart; what matchers share, such as the phrase
table, is charged to the first that reads it, so the figures split the run's cost, they
do not time a matcher alone)
and a digest of every finding: a change meant to keep the output must keep the digest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

import serve  # noqa: E402  (bench/serve.py, beside this file: the same request bodies)

from audit.cli.settings import settings_for  # noqa: E402
from audit.features import CHECKS, COUNTERS  # noqa: E402
from audit.ingest import record_documents  # noqa: E402
from audit.models.stage import analyse  # noqa: E402
from audit.rules.engine import Engine  # noqa: E402
from audit.rules.kinds import RuleKind, Scan  # noqa: E402
from audit.runtime.pipeline import build_auditor  # noqa: E402
from audit.text.document import Document  # noqa: E402


def documents(auditor, records: list[dict]) -> list[Document]:
    """The records read as a request's are, segmented, with the model stages' analysis."""
    docs = [
        auditor.with_models(item.build())
        for item in record_documents(records, "request")
        if hasattr(item, "build")
    ]
    analyse(docs, auditor.models, auditor.gates)
    return docs


def audited(engine: Engine, docs: list[Document], batch: int) -> list[list]:
    findings = []
    for start in range(0, len(docs), batch):
        chunk = docs[start : start + batch]
        engine.prepare(chunk)
        findings.extend(engine.run(doc) for doc in chunk)
    return findings


_SETS = "branch sets (one scan of the text, one of its lines)"


def label(matcher: RuleKind) -> str:
    ids = [rule.id for rule in matcher.rules]
    shown = ", ".join(ids[:3]) + (f" +{len(ids) - 3}" if len(ids) > 3 else "")
    return f"{matcher.name} ({shown})"


def matcher_costs(engine: Engine, docs: list[Document], passes: int) -> list[tuple[str, float]]:
    """Milliseconds of CPU per article of each matcher's hits, and of the branch sets' scans
    (the least of `passes` passes)."""
    context = engine._context
    least: dict[str, float] = {}
    for _ in range(passes):
        costs: dict[str, float] = {}
        for doc in docs:
            scan = Scan(doc)
            started = time.process_time()
            scan.matching(context.texts)
            scan.line_matching(context.lines)
            costs[_SETS] = costs.get(_SETS, 0.0) + time.process_time() - started
            for matcher in engine._evidence + engine._aggregates:
                started = time.process_time()
                list(matcher.hits(scan))
                name = label(matcher)
                costs[name] = costs.get(name, 0.0) + time.process_time() - started
        for name, cost in costs.items():
            least[name] = min(least.get(name, cost), cost)
    return sorted(((k, v * 1000 / len(docs)) for k, v in least.items()), key=lambda kv: -kv[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=32)
    parser.add_argument("--bytes", type=int, default=5000, help="article size")
    parser.add_argument("--batch", type=int, default=4, help="articles prepared together")
    parser.add_argument("--passes", type=int, default=10, help="passes timed (the least)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.articles < 1 or args.batch < 1 or args.passes < 1:
        parser.error("--articles, --batch and --passes must be at least 1")

    records = [json.loads(body) for body in serve.articles(args.bytes, args.articles, args.seed)]
    auditor, _ = build_auditor(settings_for((), None, True))
    docs = documents(auditor, records)
    rules = [rule for rule in auditor.registry.rules if rule.kind != "python"]
    engine = Engine(rules, CHECKS, COUNTERS)
    findings = audited(engine, docs, args.batch)  # compiles what the articles need
    least = float("inf")
    for _ in range(args.passes):
        started = time.process_time()
        audited(engine, docs, args.batch)
        least = min(least, time.process_time() - started)
    rows = [[finding.to_dict() for finding in found] for found in findings]
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:16]

    print("the rules engine without the Python checks (prepare + run)")
    print(
        f"{len(docs)} articles, {len(rules)} rules, batches of {args.batch}, "
        f"{sum(map(len, findings)) / len(docs):.1f} findings an article; digest {digest}"
    )
    print(f"  {least * 1000 / len(docs):.3f} ms of CPU per article (least of {args.passes} passes)")
    print(f"each matcher, in order, ms of CPU per article (least of {args.passes} passes):")
    for name, cost in matcher_costs(engine, docs, args.passes):
        print(f"  {cost:7.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
