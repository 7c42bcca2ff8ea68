"""Two people, two clones, one reading list: real `git` in temporary folders (issue 11, teams)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, case, copy_project, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.store.gitmerge import align_generated

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args], cwd=cwd, capture_output=True, text=True
    )


def team(tmp: Path, attributes: bool = True) -> tuple[Path, Path]:
    """An origin with one imported listing, cloned twice."""
    origin = tmp / "origin"
    origin.mkdir()
    copy_project(origin, abstracts=False)
    if attributes:
        shutil.copy(ROOT / ".gitattributes", origin / ".gitattributes")
    shutil.copy(case("hf_blank_lines.txt"), origin / "abstracts")
    (origin / ".gitignore").write_text("/.cache/\ncontent/.generator/lock\n")
    git(origin, "init", "-q", "-b", "main")
    run_cli(origin, "import", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "start")
    clones = []
    for name in ("alice", "bob"):
        git(tmp, "clone", "-q", str(origin), name)
        clones.append(tmp / name)
    return clones[0], clones[1]


def work(clone: Path, listing: str, note: str, page_index: int) -> Path:
    """Import a new listing, write a note on one page, commit."""
    shutil.copy(case(listing), clone / "abstracts")
    run_cli(clone, "import", "-q")
    page = sorted((clone / "content/papers").glob("*.md"))[page_index]
    page.write_text(page.read_text(encoding="utf-8").replace("## Notes\n", f"## Notes\n\n{note}\n"), encoding="utf-8")
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", f"{listing} and a note")
    return page


def test_two_clones_merge_without_conflicts_and_the_next_import_keeps_both(tmp_path):
    alice, bob = team(tmp_path)
    mine = work(alice, "ieee_abstracts.txt", "ALICE: read for Friday", 0)
    theirs = work(bob, "hf_metadata.txt", "BOB: the baseline we beat", -1)
    merge = git(alice, "pull", "--no-rebase", "-q", str(bob), "main")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert "CONFLICT" not in merge.stdout + merge.stderr
    assert not [p for p in (alice / "content").rglob("*") if p.is_file() and "<<<<<<<" in p.read_text("utf-8")]
    out = run_cli(alice, "import").stdout
    assert "kept your edits" not in out  # merged generated text is still the generator's
    assert "ALICE: read for Friday" in mine.read_text(encoding="utf-8")
    assert "BOB: the baseline we beat" in (alice / "content/papers" / theirs.name).read_text(encoding="utf-8")
    queue = (alice / "content/reading/to-read.md").read_text(encoding="utf-8")
    assert queue.count("](../papers/") == len(list((alice / "content/papers").glob("*.md"))) == 9
    assert not (alice / "content/.generator/state.json").exists()
    git(alice, "add", "-A")
    git(alice, "commit", "-qm", "import after merge")
    assert "0 new, 0 updated" in run_cli(alice, "import", "--force").stdout


def test_without_the_merge_driver_git_stops_and_import_names_the_conflicts(tmp_path):
    alice, bob = team(tmp_path, attributes=False)
    work(alice, "ieee_abstracts.txt", "ALICE", 0)
    work(bob, "hf_metadata.txt", "BOB", -1)
    merge = git(alice, "pull", "--no-rebase", "-q", str(bob), "main")
    assert "CONFLICT" in merge.stdout + merge.stderr
    proc = run_cli(alice, "import", check=False)
    assert proc.returncode == 1 and "git conflict marker" in proc.stdout
    assert "kept your edits" not in proc.stdout


# ---- the driver's rule, on random pages ----------------------------------------------------------
def page(topic: str, related: list[str], notes: str) -> str:
    from generator.model import Paper, Source
    from generator.site.paper import render_paper
    from generator.store.blocks import stamp

    paper = Paper("A Paper", "An abstract.", (Source("abstracts/a.txt", 1),), topic=topic, tags=("x",), id="1")
    text = stamp(render_paper(paper, [(r.title(), r) for r in related]))
    return text.replace("## Notes\n", f"## Notes\n\n{notes}\n") if notes else text


slugs = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=3, unique=True)
words = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slugs, slugs, slugs, st.sampled_from(["theory", "llms"]), st.sampled_from(["theory", "vision"]), words, words)
def test_generated_parts_never_conflict_and_notes_from_both_sides_survive(base, ours, theirs, t1, t2, n1, n2):
    """Both sides regenerated a page differently (topic, related papers) and each wrote a note in a
    different place: after the driver's alignment, `git merge-file` meets no conflict."""
    o = page("theory", base, "")
    a = page(t1, ours, f"ALICE {n1}")
    b = page(t2, theirs, "") + f"\nBOB {n2}\n"  # a note at the end of the page, Alice's at the top of Notes
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, text in zip(
            ("ours", "base", "theirs"),
            align_generated(o, a, b)[1:2] + align_generated(o, a, b)[:1] + align_generated(o, a, b)[2:],
            strict=True,
        ):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        merged = subprocess.run(["git", "merge-file", "-p", *files], capture_output=True, text=True)
    assert merged.returncode == 0, merged.stdout
    assert f"ALICE {n1}" in merged.stdout and f"BOB {n2}" in merged.stdout
