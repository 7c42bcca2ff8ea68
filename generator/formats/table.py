"""CSV and TSV tables with a header row naming a title column: Zotero's CSV export ("Title",
"Author", "Abstract Note", "DOI", "Url", "Publication Year", "Publication Title"), spreadsheets
of reading lists, and this tool's own papers.csv. A table without a title column is not a listing."""

from __future__ import annotations

import csv
import io
import re

from ..model import Paper, Problem
from . import fields
from .common import record

COLUMNS = {
    "title": ("title", "paper", "paper title", "name"),
    "abstract": ("abstract", "abstract note", "summary", "abstractnote"),
    "authors": ("author_names", "authors", "author", "creators"),
    "doi": ("doi",),
    "arxiv": ("arxiv_id", "arxiv", "arxiv id", "eprint"),
    "url": ("url", "link", "pdf_url", "pdf"),
    "date": ("published", "date", "publication year", "year"),
    "venue": ("venue", "publication title", "journal", "conference", "booktitle"),
}


def _reader(text: str) -> tuple[list[str], list[list[str]]] | None:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    if first.count(delimiter) < 1:
        return None
    try:
        # newline="" as the csv module asks: a CR inside a quoted cell stays part of the cell.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return None  # not a table after all (e.g. a stray CR in an unquoted cell)
    if len(rows) < 2:
        return None
    return [c.strip().lower() for c in rows[0]], rows[1:]


def _index(header: list[str]) -> dict[str, int]:
    return {key: header.index(name) for key, names in COLUMNS.items() for name in names if name in header}


def detect_table(text: str) -> float:
    table = _reader(text)
    if not table:
        return 0.0
    columns = _index(table[0])
    return 0.9 if "title" in columns and len(columns) >= 2 else 0.0


def parse_table(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    table = _reader(text)
    assert table
    header, rows = table
    col = _index(header)
    papers: list[Paper] = []
    problems: list[Problem] = []
    line = 1
    for row in rows:
        line += 1
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            i = col.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        if not cell("title"):
            problems.append(Problem(name, line, "row without a title; skipped"))
            continue
        url = cell("url")
        papers.append(
            record(
                name,
                line,
                cell("title"),
                cell("abstract"),
                authors=fields.split_names(cell("authors")) if cell("authors") else (),
                arxiv_id=fields.arxiv_id_in("arXiv:" + cell("arxiv")) if cell("arxiv") else fields.arxiv_id_in(url),
                doi=fields.clean_doi(cell("doi")),
                venue=cell("venue") or None,
                published=fields.date_from_text(cell("date")),
                links=(url,) if url.startswith("http") and "arxiv.org" not in url else (),
            )
        )
        line += len(re.findall("\n", ",".join(row)))  # quoted cells may span lines
    return papers, problems
