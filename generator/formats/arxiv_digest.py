"""The arXiv e-mail digest (the daily "cs new submissions" mail), pasted as text:

    \\\\
    arXiv:2306.07353
    Date: Mon, 12 Jun 2023 18:21:23 GMT   (27kb)

    Title: HDDL 2.1: Towards Defining a Formalism and a Semantics for Temporal HTN
     Planning
    Authors: Damien Pellier, Alexandre Albore, ...
    Categories: cs.AI
    Comments: 5 pages, ...
    \\\\
     Real world applications as in industry and robotics need modelling rich and
    diverse automated planning problems. ...
    \\\\ ( https://arxiv.org/abs/2306.07353 ,  27kb)

Header values wrap onto lines that start with a space; the abstract is hard-wrapped at about 80
columns. Replaced papers carry no abstract: they become pages marked as missing it."""

from __future__ import annotations

import re

from ..model import ARXIV_NEW_ID, ARXIV_OLD_ID, Paper, Problem
from . import fields
from .common import LABEL, join_lines, record
from .latex import decode_accents

ID_LINE = re.compile(rf"^arXiv:(?P<id>{ARXIV_NEW_ID}|{ARXIV_OLD_ID})(?:v\d+)?\b")
SEPARATOR = re.compile(r"^\\\\\s*$")
FOOTER = re.compile(r"^\\\\\s*\(\s*https?://arxiv\.org/abs/\S+\s*,")


def detect_arxiv_digest(text: str) -> float:
    if "\\\\" not in text or "\nTitle: " not in text:
        return 0.0
    lines = text.split("\n")
    ids = sum(1 for line in lines if ID_LINE.match(line))
    titled = sum(1 for line in lines if line.startswith("Title: "))
    markers = sum(1 for line in lines if SEPARATOR.match(line) or FOOTER.match(line))
    return 0.97 if ids and titled and markers >= ids else 0.0


def parse_arxiv_digest(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if ID_LINE.match(line)]
    papers: list[Paper] = []
    problems: list[Problem] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        paper = _block(lines, start, end, name)
        if paper is None:
            problems.append(Problem(name, start + 1, f"{lines[start].strip()} has no Title: line; skipped"))
        else:
            papers.append(paper)
    return papers, problems


def _block(lines: list[str], start: int, end: int, name: str) -> Paper | None:
    m = ID_LINE.match(lines[start])
    assert m
    header: dict[str, list[str]] = {}
    current: str | None = None
    abstract: list[str] = []
    part = "header"
    for raw in lines[start + 1 : end]:
        if FOOTER.match(raw) or raw.startswith("-----") or raw.startswith("%%--"):
            part = "done"
        elif SEPARATOR.match(raw):
            part = "abstract" if part == "header" and "title" in header else "done"
        elif part == "header":
            label = LABEL.match(raw)
            if raw[:1].isspace() and current and raw.strip():
                header[current].append(raw.strip())
            elif label and not raw[:1].isspace():
                current = label["label"].strip().lower()
                header[current] = [label["value"]]
            else:
                current = None
        elif part == "abstract":
            abstract.append(raw)
    title = join_lines(header.get("title", []))
    if not title:
        return None
    date = header.get("date") or [line for line in lines[start + 1 : start + 3] if "replaced with" in line]
    return record(
        name,
        start + 1,
        decode_accents(title),
        join_lines(abstract),
        authors=fields.split_names(decode_accents(join_lines(header.get("authors", [])))),
        arxiv_id=m["id"],
        doi=fields.clean_doi(join_lines(header.get("doi", []))),
        venue=join_lines(header.get("journal-ref", [])) or None,
        categories=fields.categories_of(join_lines(header.get("categories", []))),
        published=fields.date_from_text(join_lines(date)) if date else None,
        links=fields.extract_links(join_lines(header.get("comments", []))),
    )
