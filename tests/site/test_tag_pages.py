"""One page per tag (content/tags/<tag>.md), made and removed with the tags the papers carry."""

from __future__ import annotations

import shutil

from conftest import TOPICS, case, run_cli

from generator.model import PageInfo
from generator.site.index import render_tag_page, render_tags_page, tag_page


def test_tag_page_paths_stay_apart_and_inside_tags():
    assert tag_page("3d vision") == "tags/3d-vision.md"
    assert tag_page("c++") != tag_page("c")
    assert tag_page("r&d") == "tags/r-and-d.md"
    assert tag_page("../../etc") == "tags/etc.md"


def test_tag_page_lists_its_papers():
    """The generator writes the list (not the tags plugin), so the page changes on disk exactly when
    its papers do, which the incremental build relies on."""
    pages = [
        PageInfo("b-paper", "B <paper>", "vision", ('say "hi": yes',), "read", None, "2024-01-02", 1),
        PageInfo("a-paper", "A paper", "other", ('say "hi": yes', "x"), "to-read", 4, None, 0),
    ]
    text = render_tag_page('say "hi": yes', pages, {"vision": "Computer Vision"})
    assert "2 papers." in text and "material/tags" not in text
    assert text.index("(../papers/b-paper.md)") < text.index("(../papers/a-paper.md)")  # newest first
    assert "B &lt;paper&gt;" in text and "[Computer Vision](../topics/vision.md)" in text
    assert "../search.md?tag=say%20%22hi%22%3A%20yes" in text


def test_tags_index_has_one_row_per_tag():
    from collections import Counter

    text = render_tags_page(Counter({"b tag": 3, "a": 1}))
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert rows == ["| [a](tags/a.md) | 1 |", "| [b tag](tags/b-tag.md) | 3 |"]


def test_a_tag_nobody_carries_loses_its_page(tmp_path):
    shutil.copy(TOPICS, tmp_path / "topics.yml")
    (tmp_path / "abstracts").mkdir()
    shutil.copy(case("hf_metadata.txt"), tmp_path / "abstracts" / "a.txt")
    run_cli(tmp_path, "import", "-q")
    paper = sorted((tmp_path / "content" / "papers").glob("*.md"))[0]
    text = paper.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index("tags:")
    end = at + 1
    while lines[end].startswith("- "):
        end += 1
    paper.write_text("\n".join(lines[:at] + ["tags: [zzz only mine]"] + lines[end:]), encoding="utf-8")
    run_cli(tmp_path, "import", "-q")
    mine = tmp_path / "content" / "tags" / "zzz-only-mine.md"
    assert mine.exists() and "zzz only mine" in mine.read_text(encoding="utf-8")

    paper.write_text(text, encoding="utf-8")  # the tag is gone again
    run_cli(tmp_path, "import", "-q")
    assert not mine.exists()
    assert (tmp_path / "content" / "tags.md").exists()
