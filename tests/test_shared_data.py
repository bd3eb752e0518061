"""Tests that need the shared data beside the repository skip on a developer's clone without it,
and fail under CI (CI=true), where a silent skip would hide a green run that tested nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("ci", "outcome", "status"), [("", "1 skipped", 0), ("true", "1 error", 1)]
)
def test_missing_shared_data_skips_on_a_clone_and_fails_under_ci(tmp_path, ci, outcome, status):
    tests = tmp_path / "clone" / "tests"  # no shared/ beside this clone
    tests.mkdir(parents=True)
    shutil.copy(Path(__file__).with_name("conftest.py"), tests)
    (tests / "test_needs_seeds.py").write_text(
        "def test_the_seeds_are_read(seeds_dir):\n    assert seeds_dir.is_dir()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rsf", str(tests)],
        cwd=tests.parent,
        env={**os.environ, "CI": ci},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome in done.stdout and done.returncode == status, done.stdout + done.stderr
    assert "shared/seeds (the shared data beside the repository) is not available" in done.stdout
