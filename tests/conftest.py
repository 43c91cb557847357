"""Fixtures shared by test modules."""

import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "data"


@pytest.fixture(scope="session")
def fixtures_output(tmp_path_factory):
    """`dedupe merge` of the bundled fixtures, run once for every module that only reads its output."""
    d = tmp_path_factory.mktemp("fixtures") / "clean"
    proc = subprocess.run([sys.executable, "-m", "dedupe.cli", "merge", str(FIXTURES), "--out", str(d), "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return d
