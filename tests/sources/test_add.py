"""`paperlist add`: pasted text from stdin and papers by arXiv id become listing files that go
through the normal import (dedupe, classify, render, notes kept)."""

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from conftest import case, copy_project, run_cli
from test_arxiv import closed_port_url, fake_api

from generator.sources.add import AddError, add_arxiv, add_text, pages_of


def add(root: Path, *args: str, stdin: str | bytes = b"", api: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAPERLIST_ARXIV_API": api or closed_port_url()}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "add", *args, "--root", str(root)],
        input=data,
        capture_output=True,
        env=env,
        cwd=root,
    )
    proc.stdout, proc.stderr = proc.stdout.decode(), proc.stderr.decode()
    return proc


def front(page: Path) -> dict:
    return yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path, abstracts=False)


# ---------------------------------------------------------------- the pure parts
def test_pasted_text_becomes_a_dated_listing_file(tmp_path):
    data = (case("hf_metadata.txt")).read_bytes()
    path = add_text(tmp_path, data, now=datetime(2026, 11, 23, 9, 5, 7))
    assert path.name == "added-20261123-090507.txt"
    assert path.read_text(encoding="utf-8") == data.decode()
    again = add_text(tmp_path, data, now=datetime(2026, 11, 23, 9, 5, 7))
    assert again.name == "added-20261123-090507-2.txt"  # never overwrites


def test_pasted_bibtex_keeps_its_format(tmp_path):
    bib = (Path(__file__).parents[1] / "data/bibtex/sample.bib").read_bytes()
    assert add_text(tmp_path, bib, now=datetime(2026, 1, 2, 3, 4, 5)).name == "added-20260102-030405.bib"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "the pasted text is empty"),
        (b"  \n\n", "the pasted text is empty"),
        (b"hello\nworld\n", "no paper found in the pasted text"),
    ],
)
def test_nothing_to_add_writes_nothing(tmp_path, data, reason):
    with pytest.raises(AddError, match=reason):
        add_text(tmp_path, data)
    assert list(tmp_path.iterdir()) == []


def test_bad_ids_are_refused_before_any_request(tmp_path):
    with pytest.raises(AddError, match="not an arXiv id or URL: attention.pdf"):
        add_arxiv(tmp_path, ["1706.03762", "attention.pdf"], api=closed_port_url())


def test_pages_of_finds_pages_by_source(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers/a.md").write_text("---\nsources:\n- file: abstracts/added-1.txt\n  line: 3\n---\n")
    (tmp_path / "papers/b.md").write_text("---\nsources:\n- file: abstracts/added-1.txt.old\n  line: 3\n---\n")
    assert pages_of(tmp_path, ["abstracts/added-1.txt"]) == [tmp_path / "papers/a.md"]


# ---------------------------------------------------------------- through the command line
def test_add_from_stdin_imports_the_papers(project):
    proc = add(project, stdin=(case("hf_metadata.txt")).read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr
    [listing] = list((project / "abstracts").iterdir())
    assert listing.name.startswith("added-") and listing.suffix == ".txt"
    assert f"wrote abstracts/{listing.name}" in proc.stderr
    added = [line.removeprefix("added: ") for line in proc.stdout.splitlines() if line.startswith("added: ")]
    assert added and all((project / rel).is_file() for rel in added)
    assert "unique papers" in proc.stdout  # the import's own summary
    meta = front(project / added[0])
    assert meta["sources"][0]["file"] == f"abstracts/{listing.name}" and meta["topic"] and meta["tags"]


def test_add_from_stdin_with_nothing_usable_is_an_error(project):
    proc = add(project, stdin="just a line\n")
    assert proc.returncode == 2 and proc.stderr.startswith("error: no paper found in the pasted text")
    assert "Traceback" not in proc.stderr and list((project / "abstracts").iterdir()) == []


def test_add_by_arxiv_id(project):
    with fake_api({"1706.03762": "1706.03762.xml"}) as (api, asked):
        proc = add(project, "arXiv:1706.03762", api=api)
        assert proc.returncode == 0, proc.stderr
        assert asked == ["1706.03762"]
        listing = project / "abstracts/arxiv-1706.03762.bib"
        assert listing.read_text(encoding="utf-8").startswith("@misc{vaswani2017attention,")
        assert "added: content/papers/attention-is-all-you-need.md" in proc.stdout
        meta = front(project / "content/papers/attention-is-all-you-need.md")
        assert meta["title"] == "Attention Is All You Need"
        assert meta["published"] == "2017-06-12" and meta["authors"] == 8
        assert meta["links"][:2] == ["https://arxiv.org/abs/1706.03762", "https://arxiv.org/pdf/1706.03762"]
        page = (project / "content/papers/attention-is-all-you-need.md").read_text(encoding="utf-8")
        assert "We propose a new simple network architecture, the Transformer" in page

        # The same paper again, by URL: nothing is fetched, the page stays where it is.
        again = add(project, "https://arxiv.org/abs/1706.03762v7", api=api)
        assert again.returncode == 0 and asked == ["1706.03762"]
        assert "already added: abstracts/arxiv-1706.03762.bib" in again.stderr
        assert "added: content/papers/attention-is-all-you-need.md" in again.stdout


def test_add_several_ids_in_one_request(project):
    with fake_api({"1810.04805,hep-th/9711200": "two-papers.xml"}) as (api, asked):
        proc = add(project, "https://arxiv.org/abs/1810.04805", "hep-th/9711200", api=api)
    assert proc.returncode == 0, proc.stderr
    assert asked == ["1810.04805,hep-th/9711200"]
    assert sorted(p.name for p in (project / "abstracts").iterdir()) == [
        "arxiv-1810.04805.bib",
        "arxiv-hep-th_9711200.bib",
    ]
    assert proc.stdout.count("added: content/papers/") == 2


def test_offline_add_is_a_clear_error_not_a_traceback(project):
    proc = add(project, "arXiv:1706.03762", api=closed_port_url())
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: cannot reach 127.0.0.1 (")
    assert proc.stderr.rstrip().endswith("check your connection or paste the abstract with 'paperlist add < file'")
    assert "Traceback" not in proc.stderr and list((project / "abstracts").iterdir()) == []


def test_unknown_id_and_bad_input(project):
    with fake_api({}) as (api, _):
        proc = add(project, "1706.99999", api=api)
    assert proc.returncode == 2 and proc.stderr == "error: arXiv has no paper 1706.99999; check the id\n"
    proc = add(project, "not-an-id")
    assert proc.returncode == 2 and proc.stderr.startswith("error: not an arXiv id or URL: not-an-id")


def test_added_papers_merge_with_pasted_ones_and_keep_notes(project):
    """A paper already in a listing, added again as BibTeX, is the same page: one more source,
    the user's notes and status untouched."""
    (project / "abstracts/hf.txt").write_text((case("hf_metadata.txt")).read_text(encoding="utf-8"))
    run_cli(project, "import", "-q")
    pages = sorted((project / "content/papers").glob("*.md"))
    target = pages[0]
    meta = front(target)
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("status: to-read", "status: read").replace(
            "## Notes\n", "## Notes\n\nMy own notes on this paper.\n"
        ),
        encoding="utf-8",
    )
    abstract = target.read_text(encoding="utf-8").split("## Abstract\n\n")[1].split("\n<!-- /generated")[0]
    bib = (
        "@article{same,\n  title = {" + meta["title"] + "},\n  author = {Doe, Jane and Roe, Richard},\n"
        "  year = {2024},\n  abstract = {" + abstract.replace("\\", "") + "},\n}\n"
    )
    proc = add(project, stdin=bib)
    assert proc.returncode == 0, proc.stderr
    assert sorted((project / "content/papers").glob("*.md")) == pages  # no new page
    assert f"added: content/papers/{target.name}" in proc.stdout
    after = target.read_text(encoding="utf-8")
    assert "status: read" in after and "My own notes on this paper." in after
    assert len(front(target)["sources"]) == 2


def test_arxiv_metadata_reaches_the_catalog(project):
    """Author names, categories and the PDF link travel in Paper's fields through dedupe and slugging
    into papers.json and papers.bib."""
    with fake_api({"1706.03762": "1706.03762.xml"}) as (api, _):
        assert add(project, "arXiv:1706.03762", api=api).returncode == 0
    [record] = json.loads((project / "content/papers.json").read_text(encoding="utf-8"))["papers"]
    assert record["arxiv_id"] == "1706.03762" and record["pdf_url"] == "https://arxiv.org/pdf/1706.03762"
    assert record["categories"] == ["cs.CL", "cs.LG"]
    assert record["author_names"][:2] == ["Ashish Vaswani", "Noam Shazeer"]
    bib = (project / "content/papers.bib").read_text(encoding="utf-8")
    assert "{Ashish Vaswani and Noam Shazeer and Niki Parmar" in bib and "{1706.03762}" in bib
    page = next((project / "content/papers").glob("attention-is-all-you-need*.md"))
    meta = front(page)
    assert meta["author_names"][:2] == ["Ashish Vaswani", "Noam Shazeer"] and meta["arxiv_id"] == "1706.03762"
