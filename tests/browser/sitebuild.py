"""Build the real site once per test session and serve it on 127.0.0.1.

Shared by tests/browser/ (Playwright) and tests/test_site.py (checks on the built files); both load
it under the one module name `paperlist_sitebuild`, so the session builds the site once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.browser.serving import serve_folder

# A note written into the math paper before the build: the search must find notes too.
NOTE_WORD = "zanzibarite"
MATH_MARKER = r"$\approx$"  # in abstracts/000_3c15f9821ebcf2ee.txt, a paper with inline LaTeX
MATH_WORD = "perpendicular"  # a word only that paper's abstract has (not its title)


@dataclass(frozen=True)
class Site:
    root: Path  # the project copy (content/ holds the generated pages)
    dir: Path  # the built site
    url: str  # where it is served, ending in "/"
    math_slug: str  # the paper with $\approx$ in its abstract

    def page(self, rel: str) -> str:
        return (self.dir / rel).read_text(encoding="utf-8")


_site: Site | None = None
_lock = threading.Lock()


def served_site(seed_root: Path, work: Path) -> Site:
    """The seed project (already imported) copied to `work`, a note added to one paper, built with
    `mkdocs build --strict` plus the Pagefind index, and served by a threaded http.server on a random 127.0.0.1 port."""
    global _site
    with _lock:
        if _site is None:
            _site = _build_and_serve(seed_root, work)
        return _site


def _build_and_serve(seed_root: Path, work: Path) -> Site:
    root = work / "project"
    shutil.copytree(seed_root, root, ignore=shutil.ignore_patterns("site", "lock"))
    math = next(
        p for p in sorted((root / "content" / "papers").glob("*.md")) if MATH_MARKER in p.read_text(encoding="utf-8")
    )
    text = math.read_text(encoding="utf-8")
    math.write_text(
        text.replace("## Notes\n", f"## Notes\n\nDiscussed with the {NOTE_WORD} reading group.\n", 1), encoding="utf-8"
    )

    out = work / "site"
    out.mkdir()
    server, url = serve_folder(out)

    env = dict(os.environ, SITE_URL=url, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        server.shutdown()
        raise AssertionError(f"mkdocs build --strict failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    warnings = [line for line in proc.stderr.splitlines() if re.match(r"\s*(WARNING|ERROR)\b", line)]
    assert not warnings, "mkdocs build warnings:\n" + "\n".join(warnings)
    from generator.site.search_index import build_search_index  # what `paperlist build` runs next

    build_search_index(out)
    return Site(root, out, url, math.stem)
