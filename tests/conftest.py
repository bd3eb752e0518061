"""Shared fixtures: the rule registry, an auditor, and the seed articles beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.rules.registry import load_registry
from audit.run import Auditor
from audit.segment import make_document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def auditor(registry):
    return Auditor(registry)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the seed articles (shared/seeds beside the repository) are not available")
    return SEEDS


@pytest.fixture
def audit_text(auditor):
    """Audit one inline text and return its ArticleResult."""

    def run(text: str, **fields):
        return auditor.audit(make_document(text, **fields))

    return run
