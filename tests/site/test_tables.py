"""Paper tables converted row by row, each distinct row once (generator/site/tables.py), make the
site MkDocs makes when it converts every table itself (`table_rows: false`), byte for byte: on the
shipped list, and with rows a person typed into a generated table (markup, escaped pipes, a raw
tag, an unclosed emphasis, a repeated row)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

# Rows typed into a tag page's table (a generated block, edited: the user's from then on). Made up
# for this test: what a Markdown table cell can hold that a generated row does not.
TYPED_ROWS = (
    "| [A \\| B: pipes *and* `code | spans`](../papers/{slug}.md) | x | y | z | w | v |",
    '| <img src=x onerror="alert(1)"> raw & <b>bold</b> &amp; 3 < 4 | *unclosed | ** | [] | ` | |',
    "| [repeated](../papers/{slug}.md) | {{: .klass }} | $x^2$ | a | b |",
    "| [repeated](../papers/{slug}.md) | {{: .klass }} | $x^2$ | a | b |",
    "| only one cell |",
)


def _build(root: Path, out: Path, table_rows: bool) -> dict[str, bytes]:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - paperlist", f"  - paperlist:\n      table_rows: {str(table_rows).lower()}", 1)
    (root / "mkdocs-test.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs-test.yml"), "-d", str(out)]
    subprocess.run(cmd, cwd=root, env=env, check=True, capture_output=True)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("tables"))
    run_cli(root, "import", "-q")
    return root


def _biggest_tag_page(root: Path) -> Path:
    return max((root / "content" / "tags").glob("*.md"), key=lambda p: p.stat().st_size)


def test_row_by_row_tables_make_the_same_site(project, tmp_path):
    tag_page = _biggest_tag_page(project)
    rows = tag_page.read_text(encoding="utf-8").count("\n| [")
    assert rows >= 40  # big enough to take the row-by-row path (and to share rows with other pages)
    fast, slow = _build(project, tmp_path / "fast", True), _build(project, tmp_path / "slow", False)
    assert sorted(fast) == sorted(slow)
    assert [rel for rel in fast if fast[rel] != slow[rel]] == []


def test_typed_rows_are_converted_as_mkdocs_converts_them(project, tmp_path):
    tag_page = _biggest_tag_page(project)
    slug = sorted((project / "content" / "papers").glob("*.md"))[0].stem
    text = tag_page.read_text(encoding="utf-8")
    cut = text.index("\n| [", text.index("|---")) + 1  # before the first paper row
    typed = "".join(row.format(slug=slug) + "\n" for row in TYPED_ROWS)
    tag_page.write_text(text[:cut] + typed + text[cut:], encoding="utf-8")
    try:
        fast, slow = _build(project, tmp_path / "fast", True), _build(project, tmp_path / "slow", False)
    finally:
        tag_page.write_text(text, encoding="utf-8")
    rel = f"tags/{tag_page.stem}/index.html"
    assert b"onerror" in slow[rel] and b"klass" in slow[rel]  # the rows are there, converted
    assert [r for r in fast if fast[r] != slow[r]] == []


def test_the_row_by_row_path_is_taken(project, monkeypatch):
    """Not a test that cannot fail: the comparison above means something only if tables went the
    row-by-row way. Counted in-process, on MkDocs' own one-core build."""
    from generator.site import tables
    from generator.site.build import build_site

    used = []
    original = tables.TableRows._table

    def counting(self, *args, **kwargs):
        html = original(self, *args, **kwargs)
        used.append(html is not None)
        return html

    monkeypatch.setattr(tables.TableRows, "_table", counting)
    build_site(project, incremental=False, workers=1, quiet=True, say=lambda _: None)
    assert sum(used) >= 5 and all(used)
