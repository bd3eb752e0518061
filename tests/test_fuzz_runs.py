"""Property-based runs of the command line over hostile records, file names and configurations:
never an internal error (exit 3), always strict JSON, and every input accounted for (audited,
refused or skipped). A few seconds by default; `HYPOTHESIS_PROFILE=fuzz` runs many more, and
bench/fuzz.py runs 10,000 generated cases through whole scans."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.cli import main

EXAMPLES = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 12
runs = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PROSE = (
    "The council voted on Tuesday to approve the budget, Mayor Ana Ruiz said. Officials "
    "reportedly expect the plan to pass, although it is unclear whether the state agrees. "
) * 6
texts = st.one_of(
    st.text(max_size=300),
    st.text(max_size=60).map(lambda t: PROSE + t + PROSE),
    st.sampled_from(["\udfff", "\ud800x", "\x00\x1b[31m", "\u202e", "…" * 50, "\n" * 200]).map(
        lambda t: PROSE + t
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
records = st.fixed_dictionaries(
    {"text": st.one_of(texts, values)},
    optional={"id": values, "title": values, "source": values, "url": values, "extra": values},
)
lines = st.one_of(
    records.map(lambda r: json.dumps(r, ensure_ascii=True)),
    st.sampled_from(
        ['{"text": NaN}', '{"text": "a", "n": Infinity}', "{", "[]", '"x"', "1" * 5000]
    ),
    st.text(max_size=40).filter(lambda t: "\n" not in t and "\r" not in t),
)


def strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"{constant} in the output")

    text.encode("utf-8")  # no lone surrogates
    return json.loads(text, parse_constant=refuse)


def scan(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["scan", *map(str, args), "--isolated", "-j", "1"])
    assert result.exit_code != 3, result.output
    return result.exit_code, result.stdout


@runs
@given(st.lists(lines, min_size=1, max_size=8))
def test_any_feed_gives_strict_json_and_accounts_for_every_record(feed_lines):
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.jsonl"
        feed.write_text("\n".join(feed_lines) + "\n", encoding="utf-8", errors="surrogatepass")
        code, out = scan(feed, "--format", "json")
        report = strict_json(out)
        records = sum(1 for line in feed_lines if line.strip())
        if code == 0 or any(e["line"] for e in report["errors"]) or report["articles"]:
            assert len(report["articles"]) + len(report["errors"]) == records
        else:  # the whole file was refused (binary-looking bytes, say): one named error
            assert [e["path"] for e in report["errors"]] == ["feed.jsonl"]


names = st.binary(min_size=1, max_size=24).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
)


@runs
@given(st.lists(names, min_size=1, max_size=6, unique=True))
def test_any_file_names_give_strict_json_and_every_file_is_accounted_for(raw_names):
    with tempfile.TemporaryDirectory() as folder:
        for name in raw_names:
            with open(os.path.join(os.fsencode(folder), name + b".txt"), "w") as f:
                f.write(PROSE)
        _, out = scan(folder, "--format", "json")
        report = strict_json(out)
        visible = [n for n in raw_names if not n.startswith(b".")]
        counted = len(report["articles"]) + len(report["errors"]) + len(report["skipped"])
        assert counted == len(visible)
        for fmt in ("text", "github"):
            _, shown = scan(folder, "--format", fmt, "--no-color")
            assert "\x1b" not in shown and "\r" not in shown


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans(), st.text()
)


@runs
@given(
    st.sampled_from(["weights", "thresholds"]),
    st.sampled_from(["hedging", "clutter", "ai_style", "nonsense"]),
    numbers,
    st.one_of(st.none(), numbers),
)
def test_any_configured_number_is_refused_or_gives_a_finite_score(table, category, value, floor):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "a.txt").write_text(PROSE, encoding="utf-8")
        config = f"[{table}]\n{category} = {_toml(value)}\n"
        if floor is not None:
            config = f"min-score = {_toml(floor)}\n" + config
        (root / "newsaudit.toml").write_text(config, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(root / "a.txt"), "--format", "json"])
        assert result.exit_code in (0, 1, 2), result.output
        if result.exit_code in (0, 1):
            for article in strict_json(result.stdout)["articles"]:
                assert 0 <= article["score"] <= 100


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)
