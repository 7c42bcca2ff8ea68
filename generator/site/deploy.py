"""`paperlist deploy`: publish the built site/ to the gh-pages branch of a git remote.

ghp-import (installed with MkDocs) commits the site in a temporary repository on top of the
branch's current tip (so its history is kept and the push is a fast-forward), with a `.nojekyll`
file so GitHub Pages serves the files as they are. Nothing in the project's own checkout is touched."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
from pathlib import Path

from ghp_import import GhpError, ghp_import  # type: ignore[import-untyped]


class DeployError(Exception):
    """A reason the deploy could not happen; the message is shown as it is."""


def _git(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise DeployError("git is not installed; install it to deploy") from None
    if check and done.returncode != 0:
        raise DeployError(f"git {args[0]} failed: {(done.stderr or done.stdout).strip()}")
    return done


def remote_url(root: Path, remote: str) -> str:
    """A remote's URL when `remote` names one of the project's remotes; else `remote` itself
    (a URL or a path)."""
    done = _git("remote", "get-url", remote, cwd=root, check=False)
    if done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    if re.fullmatch(r"[\w.-]+", remote) and not Path(remote).exists():
        raise DeployError(
            f"no git remote named {remote!r} in {root}; add one with "
            f"'git remote add {remote} <url>' or pass --remote <url>"
        )
    return str(Path(remote).resolve()) if Path(remote).exists() else remote


def pages_url(url: str) -> str | None:
    """The GitHub Pages address of a GitHub remote: git@github.com:me/list.git -> https://me.github.io/list/."""
    m = re.match(
        r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
        r"(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$",
        url,
    )
    if not m:
        return None
    owner, repo = m["owner"], m["repo"]
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def deploy(
    site: Path, url: str, branch: str = "gh-pages", message: str = "Deploy the reading list", cname: str | None = None
) -> str:
    """Push the contents of `site` as the new tip of `branch` at `url`. Returns what happened."""
    if not (site / "index.html").is_file():
        raise DeployError(f"{site} has no index.html; build the site first ('paperlist build')")
    listed = _git("ls-remote", url, f"refs/heads/{branch}", check=False)
    if listed.returncode != 0:
        raise DeployError(f"cannot reach the remote {url}: {listed.stderr.strip()}")
    has_branch = bool(listed.stdout.strip())
    with tempfile.TemporaryDirectory(prefix="paperlist-deploy-") as tmp:
        work = Path(tmp)
        _git("init", "-q", cwd=work)
        if not _git("config", "user.email", cwd=work, check=False).stdout.strip():
            _git("config", "user.name", "paperlist", cwd=work)
            _git("config", "user.email", "paperlist@localhost", cwd=work)
        if has_branch:  # the new commit goes on top of the published one: history kept, a fast-forward push
            _git("fetch", "-q", "--depth", "1", url, f"+refs/heads/{branch}:refs/heads/{branch}", cwd=work)
        try:
            with _chdir(work):
                # ghp-import (what `mkdocs gh-deploy` uses) writes the commit with git fast-import:
                # the bytes as built, whatever the line-ending settings, plus .nojekyll and CNAME.
                ghp_import(
                    str(site.resolve()),
                    mesg=message,
                    remote=url,
                    branch=branch,
                    push=False,
                    nojekyll=True,
                    cname=(cname.strip() + "\n") if cname else None,
                )
        except GhpError as err:
            raise DeployError(f"could not commit the site: {err}") from None
        tip = _git("rev-parse", "--verify", "-q", f"refs/heads/{branch}", cwd=work, check=False).stdout.strip()
        if not tip:
            raise DeployError("could not commit the site (git fast-import failed)")
        if has_branch and _tree(work, f"{branch}") == _tree(work, f"{branch}~1"):
            return f"{branch} at {url} already has this site; nothing to deploy"
        files = len(_git("ls-tree", "-r", "--name-only", branch, cwd=work).stdout.splitlines())
        pushed = _git("push", "-q", url, f"refs/heads/{branch}:refs/heads/{branch}", cwd=work, check=False)
        if pushed.returncode != 0:
            raise DeployError(f"could not push to {branch} at {url}: {pushed.stderr.strip()}")
    return f"deployed {files} files to {branch} at {url}"


def _tree(work: Path, rev: str) -> str:
    return _git("rev-parse", "-q", "--verify", f"{rev}^{{tree}}", cwd=work, check=False).stdout.strip()


@contextlib.contextmanager
def _chdir(path: Path):  # ghp-import runs git in the current folder; contextlib.chdir is 3.11+
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def source_revision(root: Path) -> str | None:
    """The project's current commit, for the deploy message."""
    done = _git("rev-parse", "--short", "HEAD", cwd=root, check=False)
    return done.stdout.strip() or None if done.returncode == 0 else None
