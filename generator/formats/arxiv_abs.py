"""arXiv abstract pages (arxiv.org/abs/<id>) as copied from a browser or saved by a text browser,
one or several in a file:

    arXiv:2305.18290 (cs)
    [Submitted on 29 May 2023 (v1), last revised 29 Jul 2024 (this version, v3)]
    Title:Direct Preference Optimization: Your Language Model is Secretly a
    Reward Model
    Authors:Rafael Rafailov, Archit Sharma, ...
    View a PDF of the paper titled ...
    Abstract:While large-scale unsupervised language models ...
    Comments: ...
    Subjects: Machine Learning (cs.LG); Artificial Intelligence (cs.AI)
    Cite as: arXiv:2305.18290 [cs.LG]

A labelled value goes on over wrapped lines until a blank line or the next label; the page's
navigation, "View a PDF ..." links and submission history are not part of any field."""

from __future__ import annotations

import re

from ..model import ARXIV_NEW_ID, ARXIV_OLD_ID, Paper, Problem
from . import fields
from .common import join_lines, record

TITLE = re.compile(r"^\s*Title:\s*(?P<value>\S.*)$")
LABELLED = re.compile(
    r"^\s*(?P<label>Title|Authors?|Abstract|Comments|Subjects|Journal reference|Journal-ref|DOI|Cite as):\s*"
    r"(?P<value>.*)$"
)
CITE = re.compile(rf"arXiv:(?P<id>{ARXIV_NEW_ID}|{ARXIV_OLD_ID})")
STOP = re.compile(r"^\s*(?:View a PDF|View PDF|Download PDF|Submission history|Access Paper|\(or arXiv:|https?://)")


def detect_arxiv_abs(text: str) -> float:
    if "Title:" not in text or "Abstract:" not in text:
        return 0.0
    titles = sum(1 for line in text.split("\n") if TITLE.match(line))
    cited = len(re.findall(r"^\s*(?:Cite as:\s*arXiv:|arXiv:\S+ \([a-z-]+\)\s*$)", text, re.M))
    return 0.96 if titles and cited >= titles else 0.0


def parse_arxiv_abs(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if TITLE.match(line)]
    papers: list[Paper] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        head = lines[starts[k - 1] + 1 if k else 0 : start]  # the id and Submitted lines above the title
        papers.append(_page(head, lines[start:end], name, start + 1))
    return papers, []


def _page(head: list[str], body: list[str], name: str, line: int) -> Paper:
    found: dict[str, list[str]] = {}
    current: str | None = None
    for raw in body:
        m = LABELLED.match(raw)
        if m:
            current = m["label"].lower().rstrip("s") if m["label"].lower() == "authors" else m["label"].lower()
            found[current] = [m["value"]]
        elif not raw.strip() or STOP.match(raw):
            current = None
        elif current:
            found[current].append(raw)
    cite = CITE.search(join_lines(found.get("cite as", [])) + " " + " ".join(head))
    submitted = next((h for h in head if "Submitted on" in h), "")
    return record(
        name,
        line,
        join_lines(found.get("title", [])),
        join_lines(found.get("abstract", [])),
        authors=fields.split_names(join_lines(found.get("author", []))),
        arxiv_id=cite["id"] if cite else None,
        venue=join_lines(found.get("journal reference", found.get("journal-ref", []))) or None,
        categories=fields.categories_of(join_lines(found.get("subjects", []))),
        published=fields.date_from_text(submitted) if submitted else None,
        links=fields.extract_links(join_lines(found.get("comments", []))),
    )
