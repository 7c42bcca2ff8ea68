"""`paperlist new DIR`: start a reading list someone can push to GitHub and publish.

The files come from generator/defaults (shipped in the wheel). Nothing that exists is overwritten:
if any file the scaffold would write is already there, nothing is written at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import __version__

DEFAULTS = Path(__file__).resolve().parent / "defaults"

# file in the new list -> template in generator/defaults
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "topics.yml": "topics.yml",
    ".gitignore": "gitignore",
    ".gitattributes": "gitattributes",  # pages merge through paperlist's git merge driver (README, Teams)
    "README.md": "README.md",
    "requirements.txt": "requirements.txt",
    "abstracts/README.markdown": "abstracts-README.markdown",
    ".github/workflows/pages.yml": "pages.yml",
}
FOLDERS = ("abstracts", "content")
REPO_RE = re.compile(r"^(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<name>[A-Za-z0-9._-]{1,100})$")


class ScaffoldError(Exception):
    """Why the list could not be created; the message is shown as it is."""


@dataclass(frozen=True)
class Scaffold:
    root: Path
    written: tuple[str, ...]  # relative paths, in the order written


def repo_url(repo: str) -> str:
    """`owner/name` or a github.com URL -> https://github.com/owner/name."""
    text = repo.strip().removesuffix("/").removesuffix(".git")
    m = re.match(r"^(?:https?://github\.com/|git@github\.com:)?(?P<slug>[^/\s]+/[^/\s]+)$", text)
    if not m or not REPO_RE.match(m["slug"]):
        raise ScaffoldError(f"--repo {repo!r}: expected owner/name, e.g. --repo alice/reading-list")
    return f"https://github.com/{m['slug']}"


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_name_for(root: Path) -> str:
    """A readable default title from the folder name: my-papers -> My papers."""
    words = re.sub(r"[-_.]+", " ", root.resolve().name).strip()
    return (words[:1].upper() + words[1:]) if words else "Reading list"


def render(template: str, site_name: str, repo: str | None) -> str:
    repo_line = f"repo_url: {repo}\n" if repo else ""
    return (
        template.replace("__REPO_URL__", repo_line)
        .replace("site_name: __SITE_NAME__", f"site_name: {_yaml_string(site_name)}")
        .replace("__SITE_NAME__", site_name)
        .replace("__VERSION__", __version__)
    )


def create(root: Path, repo: str | None = None, site_name: str | None = None) -> Scaffold:
    """Write a new reading list into `root` (created if needed). Refuses, writing nothing, when
    any of its files already exists."""
    url = repo_url(repo) if repo else None
    existing = sorted(rel for rel in FILES if (root / rel).exists() or (root / rel).is_symlink())
    if existing:
        raise ScaffoldError(
            f"{root} already has {', '.join(existing)}; nothing was written (paperlist new never overwrites a file)"
        )
    name = site_name or site_name_for(root)
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    written = []
    for rel, template in FILES.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = render((DEFAULTS / template).read_text(encoding="utf-8"), name, url)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never replace a file
            handle.write(text)
        written.append(rel)
    return Scaffold(root, tuple(written))
