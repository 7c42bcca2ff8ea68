"""Which files a run reads: only regular files from inside the project. A symlink that leads out
of it (to a secret, to /proc/self/environ) is refused by name, and a FIFO or device is never read
(issue #12: a symlink to /proc/self/environ once published the environment as a paper)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, run_cli, snapshot

from generator.sources.files import find_listings, read_listing

ABSTRACT = (
    "We study a problem that matters. Our method improves the state of the art on four benchmarks by "
    "a wide margin. We release code and data so that others can build on this work and reproduce it."
)
needs_symlinks = pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")


def listing(title: str) -> bytes:
    """A one-paper listing; the abstract names the title, so that papers never merge as duplicates."""
    return f"Subscribe\n\n{title}\n\nThe paper {title} is new. {ABSTRACT}\n".encode()


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    copy_project(root, abstracts=False)
    (root / "abstracts" / "good.txt").write_bytes(listing("A Good Paper Inside"))
    return root


def refused(root: Path) -> str:
    """The output of an import that refuses a file: exit status 1, the file named, the rest imported."""
    proc = run_cli(root, "import", check=False)
    assert proc.returncode == 1 and "not imported properly" in proc.stdout, proc.stdout + proc.stderr
    return proc.stdout


def everything(root: Path) -> str:
    """All text a run wrote (pages, exports, state), to search for what must never get there."""
    return "\n".join(data.decode("utf-8", "replace") for data in snapshot(root / "content").values())


@needs_symlinks
def test_a_symlink_to_a_file_outside_the_project_is_refused_by_name(tmp_path):
    root = project(tmp_path)
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(listing("Private Paper From Another Folder"))
    (root / "abstracts" / "notes.txt").symlink_to(secret)

    out = refused(root)
    assert "abstracts/notes.txt: symlink to outside the project; skipped" in out
    text = everything(root)
    assert "A Good Paper Inside" in text and "Private Paper" not in text


@needs_symlinks
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc on this system")
def test_a_symlink_to_proc_environ_publishes_nothing(tmp_path):
    root = project(tmp_path)
    (root / "abstracts" / "env.txt").symlink_to("/proc/self/environ")
    token = "PAPERLIST_TEST_SECRET_5f1c0e"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "import", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
        env=dict(os.environ, SECRET_TOKEN=token),
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # a file was not imported: named, the rest imported
    assert "abstracts/env.txt: symlink to outside the project; skipped" in proc.stdout
    assert token not in proc.stdout + proc.stderr and token not in everything(root)


@needs_symlinks
def test_folders_linked_from_outside_are_refused_and_links_within_the_project_followed(tmp_path):
    root = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "list.txt").write_bytes(listing("Paper Behind An Outside Folder Link"))
    (root / "abstracts" / "shared").symlink_to(outside, target_is_directory=True)
    kept = root / "more-listings"
    kept.mkdir()
    (kept / "list.txt").write_bytes(listing("Paper Behind An Inside Folder Link"))
    (root / "abstracts" / "more").symlink_to(kept, target_is_directory=True)
    (root / "abstracts" / "loop").symlink_to(root / "abstracts", target_is_directory=True)
    (root / "abstracts" / "again.txt").symlink_to(root / "abstracts" / "good.txt")

    found = [p.relative_to(root).as_posix() for p in find_listings(root / "abstracts", (root,))]
    # each file once (the loop and the second name of good.txt add nothing); the outside link named
    assert found == ["abstracts/again.txt", "abstracts/more/list.txt", "abstracts/shared"]
    out = refused(root)
    assert "abstracts/shared: symlink to outside the project; skipped" in out
    text = everything(root)
    assert "Paper Behind An Inside Folder Link" in text and "A Good Paper Inside" in text
    assert "Outside Folder Link" not in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_never_read_and_the_run_does_not_hang(tmp_path):
    root = project(tmp_path)
    os.mkfifo(root / "abstracts" / "pipe.txt")  # reading it would wait for a writer forever
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "import", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "abstracts/pipe.txt: not a regular file (a folder, pipe or device); skipped" in proc.stdout
    assert "A Good Paper Inside" in everything(root)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_devices_and_proc_files_are_refused_even_when_asked_for_directly(tmp_path):
    zero = read_listing(Path("/dev/zero"), "zero.txt")  # endless: a read would never finish
    assert zero.text == "" and "not a regular file" in zero.problems[0].message
    if Path("/proc/self/environ").exists():
        environ = read_listing(Path("/proc/self/environ"), "environ.txt")
        assert environ.text == "" and "system file" in environ.problems[0].message
    # a plain file inside the project reads as before
    (tmp_path / "ok.txt").write_bytes(listing("Plain"))
    plain = read_listing(tmp_path / "ok.txt", "ok.txt", (tmp_path,))
    assert "Plain" in plain.text and not plain.problems


def test_a_problem_about_a_whole_file_names_no_line():
    problem = read_listing(Path("/nonexistent/paperlist/none.txt"), "abstracts/none.txt").problems[0]
    assert str(problem) == "abstracts/none.txt: cannot read file: No such file or directory"
