import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TOPICS = ROOT / "generator" / "defaults" / "topics.yml"  # the taxonomy paperlist ships; this list uses it
# Listing layouts: tests/formats/cases/<layout>/<file> with its golden <file>.golden.json beside it.
CASES = Path(__file__).resolve().parent / "formats" / "cases"


def case(name: str) -> Path:
    """The fixture file of a layout case, by file name (e.g. "hf_metadata.txt")."""
    found = sorted(CASES.glob(f"*/{name}"))
    assert found, f"no fixture {name} under tests/formats/cases"
    return found[0]


# The topics every new reading list starts with (topics.yml), in taxonomy order.
DEFAULT_TOPICS = [
    "interpretability", "llms", "multimodal", "generative", "robustness-security", "privacy",
    "continual-transfer", "representation", "efficiency", "architectures", "theory", "healthcare",
    "vision", "language-speech", "neuro", "applications", "reinforcement-learning", "graph-learning", "other",
]  # fmt: skip

# Tests that import the whole shipped list or build a real site: deselected by `make fast`
# (pytest -m "not slow and not browser"); the Quick start's `pytest` runs everything.
SLOW_FIXTURES = {"seed_project", "imported_copy", "built", "site", "served"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def golden(request):
    """Compare text with a golden file (a Path); `pytest --update-goldens` rewrites it."""
    update = request.config.getoption("--update-goldens")

    def check(path: Path, actual) -> None:
        text = actual if isinstance(actual, str) else json.dumps(actual, indent=1, ensure_ascii=False) + "\n"
        if update or not path.exists():
            if not update and os.environ.get("CI"):
                pytest.fail(f"golden file {path.name} is missing; run pytest --update-goldens and commit it")
            path.write_text(text, encoding="utf-8", newline="")
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path.relative_to(ROOT)}"

    return check


def copy_project(dest: Path, abstracts: bool = True) -> Path:
    """A throwaway copy of the project's inputs and configuration, to run the generator in."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")  # the theme comes from the installed plugin
    shutil.copy(TOPICS, dest / "topics.yml")
    if abstracts:
        shutil.copytree(ROOT / "abstracts", dest / "abstracts")
    else:
        (dest / "abstracts").mkdir()
    return dest


def run_cli(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args, "--root", str(root)], capture_output=True, text=True, cwd=root
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"generator {args} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory) -> Path:
    """The shipped reading list imported once, for read-only tests."""
    root = copy_project(tmp_path_factory.mktemp("seed"))
    run_cli(root, "import", "-q")
    return root


@pytest.fixture
def imported_copy(seed_project, tmp_path) -> Path:
    """A private copy of the shipped reading list, already imported: one full import per session
    instead of one per test."""
    root = tmp_path / "project"
    shutil.copytree(seed_project, root, ignore=shutil.ignore_patterns(".cache", "lock", "site"))
    return root
