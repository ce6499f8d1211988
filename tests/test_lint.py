"""Pyflakes-class errors (undefined names, unused imports) fail the build, like any other test."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_no_undefined_names_or_unused_imports():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.fail("ruff is a test dependency: pip install -e '.[test]'")
    result = subprocess.run([ruff, "check", "--select", "F,E9", "--output-format", "concise",
                             "crawler", "pipelines", "archive", "govarchive", "scripts", "benchmarks", "tests"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
