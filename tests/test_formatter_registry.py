"""One formatter registry: every format renders a finished run through `render(run, options)`,
reads only the run, and is loaded only when it is asked for."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace

import pytest
from drafts import BACKGROUND

from audit.formatters import FORMATS, RenderOptions, render
from audit.results import RunResult
from audit.text.segment import make_document

HEDGED = BACKGROUND + " Critics say the plan could possibly fail, some observers suggest."


@pytest.fixture(scope="module")
def run(auditor) -> RunResult:
    documents = [
        (make_document(HEDGED, id="one", source="a.example"), None),
        (make_document(BACKGROUND, id="two", source="b.example"), None),
    ]
    return auditor.audit_documents(documents)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_a_run_through_the_registry(run, fmt):
    shown = render(run, fmt)
    assert isinstance(shown, str) and shown
    assert "one" in shown or "a.example" in shown


def test_the_options_reach_the_formats_that_use_them(run):
    everything = render(run, "text", RenderOptions(min_level="info"))
    errors_only = render(run, "text", RenderOptions(min_level="error"))
    assert len(errors_only) < len(everything)
    rows = list(csv.DictReader(io.StringIO(render(run, "csv", RenderOptions(per_source=True)))))
    assert {row["source"] for row in rows} == {"a.example", "b.example"}
    assert "\x1b[" in render(run, "text", RenderOptions(colour=True))
    assert "\x1b[" not in render(run, "text")


def test_a_format_without_options_ignores_them(run):
    plain = json.loads(render(run, "json"))
    assert json.loads(render(run, "json", RenderOptions(min_level="error", colour=True))) == plain


def test_the_html_report_draws_trends_carried_by_the_run(run):
    from audit.history.store import SourcePoint

    points = [SourcePoint(day, f"2026-01-0{day}T00:00:00Z", 40.0 + day, 1) for day in (1, 2, 3)]
    with_trends = replace(run, trends={"a.example": points})
    assert render(with_trends, "html") != render(run, "html")


def test_the_cli_and_a_text_check_load_no_html_templates_and_no_unused_command():
    probe = (
        "import sys; import audit.cli; from audit.cli import check; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('jinja2', 'fastapi', 'dask', 'distributed', 'sklearn', 'scipy', 'lxml') "
        "or m.startswith(('audit.formatters.html_report', 'audit.cli.serve', 'audit.cli.eval', "
        "'audit.cli.model', 'audit.service', 'audit.learn', 'audit.evaluation')))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_the_version_loads_no_analysis_code():
    probe = (
        "import sys; from audit.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print('loaded:', *sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'regex', "
        "'yaml', 'py3langid') or m.startswith(('audit.rules', 'audit.runtime.run', 'audit.text'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    version, loaded = done.stdout.splitlines()
    assert version.startswith("newsaudit, version ")
    assert loaded == "loaded:"
