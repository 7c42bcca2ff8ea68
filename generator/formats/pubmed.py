"""PubMed "Abstract (text)" export (Send to > File > Abstract), pasted or saved as .txt:

    1. Future Healthc J. 2019 Jun;6(2):94-98. doi: 10.7861/futurehosp.6-2-94.

    The potential for artificial intelligence in healthcare.

    Davenport T(1), Kalakota R(2).

    Author information:
    (1)Babson College, Wellesley, USA.

    The complexity and rise of data in healthcare means that ... (wrapped at 80 columns)

    DOI: 10.7861/futurehosp.6-2-94
    PMID: 31363513

Blocks are separated by blank lines: citation, title, authors, affiliations, then the abstract
(one or more blocks, possibly with BACKGROUND:/METHODS: labels), then the identifiers. Erratum,
comment and copyright blocks are not abstract text."""

from __future__ import annotations

import re

from ..model import Paper, Problem
from . import fields
from .common import join_lines, record

# "1. Nature. 2020 Jan;577(7792):706-710. doi: ..." -- a number, a journal, a year.
CITATION = re.compile(r"^\s*(?P<n>\d{1,5})\.\s+(?P<cite>\S.*\b(?:1[89]|20)\d\d\b.*)$")
ID_LINE = re.compile(r"^\s*(?:DOI|PMID|PMCID|PMCID:|ISBN|NIHMSID)\s*:", re.I)
NOT_ABSTRACT = re.compile(
    r"^\s*(?:Author information:|Erratum (?:in|for)|Comment (?:in|on)|Update (?:of|in)|Retraction (?:in|of)|"
    r"Collaborators:|Copyright|©|Conflict of interest|Publisher:|Expression of concern|Republished|"
    r"Trial registration|Supplementary information|Free PMC article|Similar articles|Cited by)",
    re.I,
)


def detect_pubmed(text: str) -> float:
    if "PMID:" not in text and "Author information:" not in text:
        return 0.0
    records = sum(1 for line in text.split("\n") if CITATION.match(line))
    ids = len(re.findall(r"^\s*PMID:\s*\d+", text, re.M))
    info = len(re.findall(r"^Author information:", text, re.M))
    return 0.95 if records and (ids or info) else 0.0


def parse_pubmed(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if CITATION.match(line) and (i == 0 or not lines[i - 1].strip())]
    papers: list[Paper] = []
    problems: list[Problem] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        paper = _record(lines, start, end, name)
        if paper is None:
            problems.append(Problem(name, start + 1, "PubMed record without a title; skipped"))
        else:
            papers.append(paper)
    return papers, problems


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _record(lines: list[str], start: int, end: int, name: str) -> Paper | None:
    blocks = _blocks(lines[start:end])
    citation = join_lines(blocks[0])
    cite = CITATION.match(citation)
    assert cite
    ids = {
        m[1].upper(): m[2] for m in re.finditer(r"^\s*(DOI|PMID|PMCID)\s*:\s*(\S+)", "\n".join(lines[start:end]), re.M)
    }
    rest = [b for b in blocks[1:] if not ID_LINE.match(b[0])]
    if not rest:
        return None
    title = join_lines(rest[0])
    authors: tuple[str, ...] = ()
    body = rest[1:]
    if body and not NOT_ABSTRACT.match(body[0][0]) and _is_author_block(join_lines(body[0])):
        authors = fields.split_names(join_lines(body[0]))
        body = body[1:]
    abstract = " ".join(join_lines(b) for b in body if not NOT_ABSTRACT.match(b[0]) and not b[0].startswith("    "))
    journal = cite["cite"].split(". ")[0].strip()
    return record(
        name,
        start + 1,
        title.rstrip("."),
        abstract,
        authors=authors,
        doi=fields.clean_doi(ids.get("DOI", "")) or fields.clean_doi(citation),
        venue=journal or None,
        published=fields.date_from_text(cite["cite"]),
        links=(f"https://pubmed.ncbi.nlm.nih.gov/{ids['PMID']}/",) if "PMID" in ids else (),
    )


def _is_author_block(text: str) -> bool:
    """'Davenport T(1), Kalakota R(2).': names with initials, no sentence."""
    names = fields.split_names(text)
    return bool(names) and all(len(n.split()) <= 6 for n in names) and text.count(". ") <= len(names)
