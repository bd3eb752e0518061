"""The Dask engine: a two-worker local cluster gives the local engine's report, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed")

from audit.formatters import json_report
from audit.runtime import dask_engine

CORPUS = str(Path(__file__).resolve().parents[1] / "corpus")


def test_two_worker_local_cluster_gives_byte_identical_json(auditor, monkeypatch):
    monkeypatch.setattr(dask_engine, "PARTITION", 3)  # five partitions: their order must hold
    local = auditor.run([CORPUS])
    on_dask = auditor.run([CORPUS], engine=dask_engine.DaskEngine(workers=2))
    assert [a.document.id for a in on_dask.articles] == [a.document.id for a in local.articles]
    assert json_report.render(on_dask) == json_report.render(local)
