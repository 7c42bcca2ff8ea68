"""IEEE-style dumps: one 'Abstract:' line per paper, sometimes preceded by a title line."""

from __future__ import annotations

import re

from ..model import Paper, Problem
from .common import IEEE_ABSTRACT, is_chrome, looks_like_abstract, nonblank, paper_from, stray


def detect_ieee(text: str) -> float:
    if "bstract" not in text and "BSTRACT" not in text:  # no 'Abstract:' line can be there
        return 0.0
    content = nonblank(text)
    hits = sum(1 for line in content if IEEE_ABSTRACT.match(line))
    return 1.0 if hits and hits * 2 >= len(content) - 2 else (0.3 if hits else 0.0)


def parse_ieee(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    """One abstract per line after 'Abstract:', no titles. A title-like line just before an
    abstract is used as its title; other lines (affiliations, headers) are reported."""
    papers: list[Paper] = []
    problems: list[Problem] = []
    pending: tuple[int, str] | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if is_chrome(line):
            continue
        m = IEEE_ABSTRACT.match(line)
        if m:
            abstract = line[m.end() :].strip()
            if not abstract:
                problems.append(Problem(name, number, '"Abstract:" with no text after it; skipped'))
                continue
            title = pending[1] if pending and _looks_like_title(pending[1]) else None
            if pending and title is None:
                problems.append(stray(name, *pending))
            entry = {
                "title": title,
                "abstract": abstract,
                "line": pending[0] if title and pending else number,
                "name": name,
                "listed": None,
            }
            papers.append(paper_from(entry))
            pending = None
        else:
            if pending:
                problems.append(stray(name, *pending))
            pending = (number, line)
    if pending:
        problems.append(stray(name, *pending))
    return papers, problems


_AFFILIATION = re.compile(
    r"\b(University|Institute|Department|Laboratory|Lab|College|School|Inc\.|Ltd)\b|, [A-Z]{2,3}$"
)


def _looks_like_title(line: str) -> bool:
    return not looks_like_abstract(line) and not _AFFILIATION.search(line) and len(line.split()) >= 2
