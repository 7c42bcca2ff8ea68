"""All layout fixtures imported together, as a user would paste them into one abstracts/ folder:
every paper is found once, no page is titled with a metadata line, no abstract carries page chrome."""

import re
import shutil

import pytest
from conftest import CASES, copy_project

from generator.formats import parse_listing
from generator.pipeline import Project, plan

FIXTURES = sorted(p for p in CASES.glob("*/*") if not p.name.endswith(".golden.json"))
METADATA_TITLE = re.compile(
    r"^(?:\[\d+\]\s*)?(?:arXiv:\d|Title:|Authors?:|Subjects:|Comments:|Categories:|Date:|Abstract:|Submitted |"
    r"DOI:|PMID:|Author information|\[pdf|\* |#|\d+ authors?$|[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?$)",
)
CHROME = re.compile(
    r"△ Less|▽ More|\\\\ \( https?://arxiv|Get trending papers|huggingface\.co/login|\]\[\d+\]|Subjects:|"
    r"Comments:|Authors:|Author information:|PMID:|Copyright ©|^\s*Abstract:",
)


@pytest.fixture(scope="module")
def parsed():
    return {p: parse_listing(p.read_text(encoding="utf-8"), p.name) for p in FIXTURES}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("corpus"), abstracts=False)
    for fixture in FIXTURES:
        if fixture.parent.name != "unknown":
            shutil.copy(fixture, root / "abstracts" / f"{fixture.parent.name}-{fixture.name}")
    return plan(Project.at(root))


def test_no_title_is_a_metadata_line_and_no_abstract_carries_chrome(parsed):
    for fixture, listing in parsed.items():
        for paper in listing.papers:
            assert not METADATA_TITLE.match(paper.title), (fixture.name, paper.title)
            assert not CHROME.search(paper.abstract), (fixture.name, paper.title, CHROME.search(paper.abstract))
            assert paper.title.strip() and "\n" not in paper.title and len(paper.title) < 300


def test_no_layout_reads_a_paper_twice(parsed):
    for fixture, listing in parsed.items():
        titles = [p.title for p in listing.papers]
        assert len(titles) == len(set(titles)), fixture.name


def test_every_fixture_file_is_understood_except_the_unknown_ones(imported):
    for read in imported.formats:
        expected = read.file.split("/")[-1].split("-", 1)[0]
        assert read.failed is None, read
        assert read.papers > 0, read
        assert read.layout.startswith(expected.split("-")[0]), read


def _keyed_today(paper):
    """Papers the ASCII-only identity before issue 11 told apart: a Latin-script abstract."""
    return sum(ch.isascii() and ch.isalpha() for ch in paper.abstract) > 100


def test_every_paper_is_one_page(parsed, imported):
    wanted = [p.title for listing in parsed.values() for p in listing.papers if _keyed_today(p)]
    pages = [p.title for p in imported.papers]
    assert len(wanted) > 30
    for title in wanted:
        assert pages.count(title) == 1, title


def test_every_paper_without_a_latin_abstract_is_one_page_too(parsed, imported):
    wanted = [p.title for listing in parsed.values() for p in listing.papers if not _keyed_today(p)]
    pages = [p.title for p in imported.papers]
    assert wanted and all(pages.count(title) == 1 for title in wanted)
