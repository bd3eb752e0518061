"""Shared fixtures: the rule registry, an auditor, the seed articles and the shared data beside
the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.rules.registry import load_registry
from audit.runtime.run import Auditor
from audit.text.admission import Admission
from audit.text.segment import make_document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_data(relative: str, root: Path = SHARED) -> Path:
    """A file or folder of the shared data beside the repository. Without it a developer's
    clone skips the test; under CI (CI=true) the data must be there, so the test fails."""
    path = root / relative
    if path.exists():
        return path
    message = f"shared/{relative} (the shared data beside the repository) is not available"
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{message}; under CI=true the tests that need it must run", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared():
    """`shared("seeds")`: the path, else a skip (a developer's clone) or a failure (CI)."""
    return shared_data


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def auditor(registry):
    """An auditor that scores texts of any length: unit tests audit a few inline sentences
    (the CLI tests and the seeds run with the default minimum)."""
    return Auditor(registry, admission=Admission(min_words=0))


@pytest.fixture(scope="session")
def seeds_dir(shared) -> Path:
    return shared("seeds")


@pytest.fixture
def audit_text(auditor):
    """Audit one inline text and return its ArticleResult."""

    def run(text: str, **fields):
        return auditor.audit(make_document(text, **fields))

    return run
