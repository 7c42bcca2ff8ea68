"""`paperlist build` after adding a listing renders only the pages that changed, and the site it
leaves is the one a clean build makes, byte for byte (generator/site/build.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

LISTING = "002_f46ed182d8afab3f.txt"  # a pasted Hugging Face listing: title, blank line, abstract
HELD_BACK = 20  # papers of that listing added in the second build


def _split_listing(text: str, papers: int) -> tuple[str, str]:
    """The listing without its last `papers` papers (blocks of title + abstract), and the whole."""
    blocks = text.rstrip("\n").split("\n\n")
    return "\n\n".join(blocks[: -2 * papers]) + "\n", text


def _tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.startswith(".paperlist-build")  # build_site's and the index's records
    }


def _mtimes(folder: Path, pattern: str) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob(pattern)}


def _html_of(markdown: str) -> str:
    """content/topics/vision.md -> topics/vision/index.html (MkDocs' directory URLs)."""
    stem = markdown.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem}/index.html"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # sitemap dates: same day in both builds
    root = copy_project(tmp_path_factory.mktemp("incremental"))
    listing = root / "abstracts" / LISTING
    shorter, whole = _split_listing(listing.read_text(encoding="utf-8"), HELD_BACK)
    listing.write_text(shorter, encoding="utf-8")
    run_cli(root, "build", "-q")
    before = _mtimes(root / "site", "index.html")
    sources = _mtimes(root / "content", "*.md")
    papers_before = {p.name for p in (root / "site" / "papers").iterdir()}

    listing.write_text(whole, encoding="utf-8")  # the listing grows by 20 papers
    proc = run_cli(root, "build")
    incremental = _tree(root / "site")
    after = _mtimes(root / "site", "index.html")
    changed = {rel for rel, mtime in _mtimes(root / "content", "*.md").items() if sources.get(rel) != mtime}

    shutil.copytree(root / "site", root / "site-incremental")
    run_cli(root, "build", "--clean", "-q")
    return {
        "root": root,
        "log": proc.stderr,
        "before": before,
        "after": after,
        "papers_before": papers_before,
        "changed_sources": changed,
        "incremental": incremental,
        "clean": _tree(root / "site"),
    }


def test_the_second_build_is_incremental_and_adds_the_new_papers(rebuilt):
    assert "(incremental)" in rebuilt["log"]
    new = {p.name for p in (rebuilt["root"] / "site" / "papers").iterdir()} - rebuilt["papers_before"]
    assert HELD_BACK - 3 <= len(new) <= HELD_BACK  # one held-back paper is also listed in another file


def test_only_changed_pages_are_rendered_again(rebuilt):
    """The pages rendered again are exactly those whose Markdown the import rewrote (new papers,
    their neighbours, papers whose related list changed, topic pages, home, queues, tags)."""
    before, after = rebuilt["before"], rebuilt["after"]
    redone = {rel for rel in before if rel in after and after[rel] != before[rel]}
    expected = {_html_of(rel) for rel in rebuilt["changed_sources"]} & set(before)
    assert redone == expected
    assert len(redone) < len(before)  # and not everything


def _unordered(rel: str) -> bool:
    """Pagefind writes its filter chunks and page list in a different order on every run, even over
    the same HTML; their names are hashes of their bytes. They are compared by count only."""
    name = rel.rsplit("/", 1)[-1]
    return rel.startswith("pagefind/") and (
        "/filter/" in rel or name.endswith(".pf_meta") or name == "pagefind-entry.json"
    )


def test_incremental_site_equals_a_clean_build(rebuilt):
    incremental, clean = rebuilt["incremental"], rebuilt["clean"]
    ordered = sorted(rel for rel in clean if not _unordered(rel))
    assert sorted(rel for rel in incremental if not _unordered(rel)) == ordered
    differing = [rel for rel in ordered if incremental[rel] != clean[rel]]
    assert not differing, differing[:20]
    assert len([r for r in incremental if _unordered(r)]) == len([r for r in clean if _unordered(r)])


def test_a_changed_theme_makes_a_clean_build(tmp_path):
    root = copy_project(tmp_path)
    (root / "mine").mkdir()
    override = root / "mine" / "main.html"
    override.write_text('{% extends "base.html" %}', encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  name: material", "  name: material\n  custom_dir: mine", 1))
    run_cli(root, "build", "-q")
    override.write_text('{% extends "base.html" %}{# changed #}', encoding="utf-8")
    assert "(clean)" in run_cli(root, "build").stderr
    assert "(incremental)" in run_cli(root, "build").stderr


def test_parallel_build_equals_mkdocs_own_build(tmp_path):
    """generator/site/parallel.py renders paper pages in forked workers; the site is the one MkDocs'
    own one-core build makes."""
    from generator.site.build import build_site

    if not hasattr(os, "fork"):
        pytest.skip("no os.fork: the parallel build falls back to MkDocs' own")
    root = copy_project(tmp_path)
    run_cli(root, "import", "-q")
    build_site(root, incremental=False, workers=1, quiet=True, say=lambda _: None)
    serial = _tree(root / "site")
    build_site(root, incremental=False, workers=3, quiet=True, say=lambda _: None)
    parallel = _tree(root / "site")
    ordered = sorted(rel for rel in serial if not _unordered(rel))
    assert sorted(rel for rel in parallel if not _unordered(rel)) == ordered
    assert [rel for rel in ordered if serial[rel] != parallel[rel]] == []


def test_a_warning_in_a_build_worker_fails_the_strict_build(tmp_path):
    root = copy_project(tmp_path)
    run_cli(root, "import", "-q")
    for page in sorted((root / "content" / "papers").glob("*.md"))[:6]:  # some land in each worker
        page.write_text(page.read_text(encoding="utf-8") + "\n[missing](no-such-paper.md)\n", encoding="utf-8")
    proc = run_cli(root, "build", check=False)
    assert proc.returncode != 0 and "no-such-paper.md" in proc.stderr
