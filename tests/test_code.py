"""The code stays formatted, lint-clean and type-checked: the same checks as `make lint` and the
pre-commit hooks, so the Quick start's test command catches them too."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["generator", "tests", "bench"]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint():
    proc = _run(_tool("ruff"), "check", *PATHS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format():
    proc = _run(_tool("ruff"), "format", "--check", *PATHS)
    assert proc.returncode == 0, "run `make format`:\n" + proc.stdout + proc.stderr


def test_mypy():
    proc = _run(_tool("mypy"), "generator")
    assert proc.returncode == 0, proc.stdout + proc.stderr
