"""Progress of long runs: on a terminal `build` shows the stage and a bar for the import and the
site build; in a pipe or in CI it prints none of that."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import case

from generator.progress import Bar, ImportBar

pty = pytest.importorskip("pty")


def run_in_terminal(argv: list[str], cwd, env: dict) -> str:
    """Run a command with stdin/stdout/stderr on a pseudo-terminal; return all it wrote."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the other end closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(leader)
    assert proc.returncode == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.fixture
def project(tmp_path):
    from generator.scaffold import create

    root = create(tmp_path / "list").root
    for name in ("hf_metadata.txt", "ieee_abstracts.txt"):
        shutil.copy(case(name), root / "abstracts" / name)
    return root


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PAPERLIST_PROGRESS") and not k.startswith("GITHUB")}
    return {**env, "NO_MKDOCS_2_WARNING": "1", **extra}


def test_build_on_a_terminal_shows_stages_and_bars(project):
    out = run_in_terminal([sys.executable, "-m", "generator", "build"], project, clean_env())
    assert "import: reading listings" in out and "2/2" in out
    assert "import: classifying" in out
    pages = len(list((project / "content").rglob("*.md")))
    assert re.search(rf"site: writing pages +\[#{{28}}\] {pages}/{pages}", out)
    assert "Documentation built" in out  # MkDocs' own lines still come through


def test_build_in_ci_or_a_pipe_draws_nothing(project):
    for env in (clean_env(CI="true"), clean_env()):
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "build"], cwd=project, env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        assert "\r" not in proc.stderr and "[#" not in proc.stderr and "reading listings" not in proc.stderr
    out = run_in_terminal([sys.executable, "-m", "generator", "build", "--force"], project, clean_env(CI="true"))
    assert "[#" not in out and "import: reading" not in out


def test_bar_redraws_in_place_and_clears():
    stream = io.StringIO()
    bar = Bar(stream, enabled=True)
    report = ImportBar(3, bar)
    for name in ("a", "b", "c"):
        report(f"reading abstracts/{name}.txt")
    report("classifying 9 papers")
    report.done()
    text = stream.getvalue()
    assert re.search(r"import: reading listings +\[#{28}\] 3/3", text)
    assert "import: classifying 9 papers" in text
    assert text.endswith("\r\x1b[2K") and "\n" not in text


def test_disabled_bar_writes_nothing():
    stream = io.StringIO()
    bar = Bar(stream)  # a StringIO is no terminal
    bar.update("x", 1, 2)
    bar.done()
    assert stream.getvalue() == ""
