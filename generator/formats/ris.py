"""RIS (.ris), the tagged export of Zotero, Mendeley, EndNote, Scopus, IEEE Xplore, PubMed:

    TY  - JOUR
    TI  - Transcription factors: from enhancer binding to developmental control
    AU  - Spitz, François
    PY  - 2012
    AB  - Genetic studies during the past decades ...
    DO  - 10.1038/nrg3207
    ER  -

One tag per line; a line without a tag continues the previous tag (EndNote writes lists that way)."""

from __future__ import annotations

import re

from ..model import Paper, Problem
from . import fields
from .common import record

TAG = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])  -(?: (?P<value>.*))?$")
TITLE_TAGS = ("TI", "T1", "CT", "BT")
AUTHOR_TAGS = ("AU", "A1")
ABSTRACT_TAGS = ("AB", "N2")
VENUE_TAGS = ("T2", "JF", "JO", "JA", "J2", "BT")
DATE_TAGS = ("DA", "PY", "Y1")


def detect_ris(text: str) -> float:
    if "TY  - " not in text:
        return 0.0
    types = len(re.findall(r"^TY  - ", text, re.M))
    ends = len(re.findall(r"^ER  -", text, re.M))
    return 1.0 if types and ends else 0.0


def parse_ris(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    papers: list[Paper] = []
    problems: list[Problem] = []
    tags: dict[str, list[str]] | None = None
    last: str | None = None
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        m = TAG.match(line)
        if m and m["tag"] == "TY":
            tags, last, start = {}, None, number
        elif m and m["tag"] == "ER":
            if tags is not None:
                paper = _paper(tags, name, start)
                if paper is None:
                    problems.append(Problem(name, start, "RIS record without a title (TI/T1); skipped"))
                else:
                    papers.append(paper)
            tags = None
        elif tags is None:
            if line.strip() and not re.fullmatch(r"\s*\d+\.\s*", line):  # "1." numbering between records
                problems.append(Problem(name, number, f'line "{line.strip()[:60]}" is outside any RIS record; skipped'))
        elif m:
            last = m["tag"]
            tags.setdefault(last, []).append((m["value"] or "").strip())
        elif last and line.strip():
            tags[last][-1] += "\n" + line.strip()  # continuation of the previous tag
    if tags is not None:
        problems.append(Problem(name, start, "RIS record not closed with 'ER  -'; skipped"))
    return papers, problems


def _first(tags: dict[str, list[str]], names: tuple[str, ...]) -> str:
    return next((tags[t][0] for t in names if tags.get(t) and tags[t][0].strip()), "")


def _paper(tags: dict[str, list[str]], name: str, line: int) -> Paper | None:
    title = " ".join(_first(tags, TITLE_TAGS).split())
    if not title:
        return None
    authors: list[str] = []
    for tag in AUTHOR_TAGS:
        for value in tags.get(tag, []):
            # One author per tag ("Spitz, François"); some tools join several with " and ".
            for part in re.split(r"\s+and\s+|\n", value):
                last_first = [p.strip() for p in part.split(",")]
                authors.append(" ".join(reversed(last_first[:2])).strip() if len(last_first) >= 2 else part.strip())
    urls = [u for t in ("UR", "L1", "L2", "LK") for v in tags.get(t, []) for u in v.split()]
    doi = fields.clean_doi(_first(tags, ("DO",))) or next((fields.clean_doi(u) for u in urls if "doi.org" in u), None)
    arxiv_id = next((a for a in (fields.arxiv_id_in(u) for u in urls) if a), None) or fields.arxiv_id_in(
        " ".join(v for t in ("JO", "VL", "M1", "N1") for v in tags.get(t, []))
    )
    pdf = next((u for u in tags.get("L1", []) if u.startswith("http")), None)
    abstract = " ".join(_first(tags, ABSTRACT_TAGS).split())
    return record(
        name,
        line,
        title,
        abstract,
        authors=tuple(a for a in authors if a),
        arxiv_id=arxiv_id,
        doi=doi,
        venue=" ".join(_first(tags, VENUE_TAGS).split()) or None,
        published=fields.date_from_text(_first(tags, DATE_TAGS)),
        pdf_url=pdf,
        links=tuple(u for u in urls if u.startswith("http") and "arxiv.org" not in u and "doi.org" not in u),
    )
