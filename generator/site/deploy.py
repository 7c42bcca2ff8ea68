"""`paperlist deploy`: publish the built site/ to the gh-pages branch of a git remote.

Plain git in a temporary directory: the site is committed on top of the branch's current tip
(so its history is kept and the push is a fast-forward), with a `.nojekyll` file so GitHub Pages
serves the files as they are. Nothing in the project's own checkout is touched."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

NOJEKYLL = ".nojekyll"


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
        work = Path(tmp) / "pages"
        shutil.copytree(site, work, ignore=shutil.ignore_patterns(".git"))
        (work / NOJEKYLL).write_text("")
        if cname:
            (work / "CNAME").write_text(cname.strip() + "\n")
        _git("init", "-q", cwd=work)
        _git("symbolic-ref", "HEAD", f"refs/heads/{branch}", cwd=work)
        for key, value in (("core.autocrlf", "false"), ("core.safecrlf", "false"), ("commit.gpgsign", "false")):
            _git("config", key, value, cwd=work)  # publish the bytes as built, whatever the global config says
        if has_branch:
            _git("fetch", "-q", "--depth", "1", url, f"refs/heads/{branch}", cwd=work)
            _git("reset", "-q", "--soft", "FETCH_HEAD", cwd=work)
        _git("add", "-A", ".", cwd=work)
        if has_branch and _git("diff", "--cached", "--quiet", "HEAD", cwd=work, check=False).returncode == 0:
            return f"{branch} at {url} already has this site; nothing to deploy"
        identity = []
        if not _git("config", "user.email", cwd=work, check=False).stdout.strip():
            identity = ["-c", "user.name=paperlist", "-c", "user.email=paperlist@localhost"]
        _git(*identity, "commit", "-q", "--no-verify", "-m", message, cwd=work)
        files = len(_git("ls-files", cwd=work).stdout.splitlines())
        pushed = _git("push", "-q", url, f"HEAD:refs/heads/{branch}", cwd=work, check=False)
        if pushed.returncode != 0:
            raise DeployError(f"could not push to {branch} at {url}: {pushed.stderr.strip()}")
    return f"deployed {files} files to {branch} at {url}"


def source_revision(root: Path) -> str | None:
    """The project's current commit, for the deploy message."""
    done = _git("rev-parse", "--short", "HEAD", cwd=root, check=False)
    return done.stdout.strip() or None if done.returncode == 0 else None
