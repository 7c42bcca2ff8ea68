"""The site's search index: Pagefind run over the built HTML, after MkDocs.

Pagefind writes a static, chunked index (site/pagefind/): a query fetches only the chunks of its
words, so the first result costs the same few hundred KB whether the list holds 500 papers or
50,000, where Material's lunr index is one file the browser downloads and indexes on every load.
What a page contributes is declared in the theme (overrides/): `data-pagefind-body` on paper and
topic pages, `data-pagefind-filter` for the search page's facets, `data-pagefind-ignore` on related
papers and topic navigation. The selectors below drop the page furniture that would otherwise show
up in every excerpt."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

BUNDLE = "pagefind"  # folder in the site; overrides/assets/javascripts/search.js loads it from there

# Text on every paper page that is not the paper's: ratings, status, links to other search engines,
# where the listing came from, heading permalinks ("¶"), the section
# headings "Abstract" and "Notes", and on topic pages the paper tables and progress bars.
EXCLUDE_SELECTORS = (
    ".pl-rating",
    ".pl-status",
    ".pl-badge",
    ".pl-paper__links",
    ".pl-paper__sources",
    ".pl-derived",
    ".headerlink",
    "h2#abstract",
    "h2#notes",
    ".pl-papers",
    ".pl-progress",
)


def pagefind_text(value: str) -> Markup:
    """A filter value for the theme: Pagefind decodes the entities of a filter's text twice (its
    page text once), so the value is escaped twice to come out as typed."""
    return Markup(html.escape(html.escape(str(value), quote=False), quote=False))


class SearchIndexError(RuntimeError):
    pass


def pagefind_command(site: Path, output: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--silent"]
    for selector in EXCLUDE_SELECTORS:
        cmd += ["--exclude-selectors", selector]
    return cmd


SHARD_PAGES = 10_000  # paper pages per Pagefind run: it holds ~160 KB per page in memory (1.6 GB)
SHARDS_FILE = "shards.json"  # in the bundle: the other bundles search.js merges into a query


def _shards(site: Path, shard_pages: int) -> list[list[Path]]:
    """The site's HTML pages in groups of at most shard_pages paper pages; the first group also
    holds every other page. One group for up to shard_pages papers."""
    pages = sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith((".", BUNDLE)))
    papers = [p for p in pages if p.relative_to(site).parts[0] == "papers"]
    count = max(1, -(-len(papers) // shard_pages))
    if count == 1:
        return [pages]
    chosen = set(papers)
    return [[p for p in pages if p not in chosen] + papers[0::count]] + [papers[k::count] for k in range(1, count)]


def _view(site: Path, pages: list[Path], folder: Path) -> Path:
    """A folder with the same relative paths as the site but only `pages` (hard links, cheap)."""
    for page in pages:
        dest = folder / page.relative_to(site)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, dest)
        except OSError:  # no hard links here (another file system, FAT): copy
            shutil.copyfile(page, dest)
    return folder


def _pagefind(source: Path, output: Path) -> None:
    # cwd: Pagefind reads a pagefind.yml from its working directory; the site has none.
    proc = subprocess.run(
        pagefind_command(source.resolve(), output.resolve()), cwd=source, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-2000:]}")


def build_search_index(site: Path, shard_pages: int = SHARD_PAGES) -> Path:
    """Index the built site into site/pagefind/. Beyond shard_pages paper pages the index is made
    in several runs, each its own bundle (site/pagefind/shard-N/), so memory stays bounded at any
    size; the browser merges them into one search (listed in shards.json). The new bundle is
    written next to the old one and swapped in by renames, so a server (`paperlist serve`) never
    serves half an index."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise SearchIndexError(f"{site}: no built site to index (run the MkDocs build first)")
    final = site / BUNDLE
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site))
    fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    try:
        groups = _shards(site, shard_pages)
        names = [f"shard-{k}" for k in range(1, len(groups))]
        if len(groups) == 1:
            _pagefind(site, fresh)
        for k, pages in enumerate(groups if len(groups) > 1 else []):
            view = _view(site, pages, Path(tempfile.mkdtemp(prefix=".pagefind-view-", dir=site)))
            try:
                _pagefind(view, fresh / names[k - 1] if k else fresh)
            finally:
                shutil.rmtree(view, ignore_errors=True)
        (fresh / SHARDS_FILE).write_text(json.dumps(names), encoding="utf-8")
        old = site / f".{BUNDLE}-old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return final


BUILT_LINE = "Documentation built in"  # what `mkdocs serve` logs when a (re)build is complete


def keep_indexed(
    tmp: Path, built: threading.Event, stop: threading.Event, say: Callable[[str], None], settle: float = 0.3
) -> None:
    """For `paperlist serve`: `mkdocs serve` builds into tmp/mkdocs_*/ (its TMPDIR is tmp) and logs
    BUILT_LINE after each build, which sets `built`; index that site then. The index of a live
    preview lags its pages by the time Pagefind takes (a second at 2,000 papers)."""
    first = True
    while not stop.is_set():
        if not built.wait(timeout=1.0):
            continue
        time.sleep(settle)  # a burst of edits makes a burst of builds: index after the last
        built.clear()
        for site in tmp.glob("mkdocs_*"):
            try:
                build_search_index(site)
            except (SearchIndexError, OSError) as err:
                say(f"search index failed: {err}")
                continue
            if first:
                say("search index ready")
                first = False
