"""OpenReview forum pages (openreview.net/forum?id=...) copied from the browser or saved as Markdown:

    ODESteer: A Unified ODE-Based Steering Framework for LLM Alignment
    Hongjue Zhao, Haosen Sun, Jiangtao Kong, ...
    Published: 26 Jan 2026, Last Modified: 10 Apr 2026 ICLR 2026 Poster Everyone Revisions BibTeX CC BY 4.0
    Keywords: LLM alignment, ...
    TL;DR: We propose ...
    Abstract:
    Activation steering, or representation engineering, ...
    Primary Area: ...

The line with "Everyone Revisions BibTeX" (the paper's own header; reviews have no BibTeX link)
anchors each paper: the title and the authors are the two lines above it. Decisions, reviews and
comments below the paper are not read."""

from __future__ import annotations

import re

from ..model import Paper, Problem
from . import fields
from .common import join_lines, record

ANCHOR = re.compile(r"Everyone\s*Revisions\s*BibTeX|Readers:\s*Everyone")
FIELD = re.compile(
    r"^\s*(?P<label>Keywords|TL;DR|Abstract|Primary Area|Submission Number|Venue|Supplementary Material)"
    r"\s*:\s*(?P<value>.*)$"
)
STOP = re.compile(
    r"^\s*(?:Primary Area|Submission Number|Supplementary Material|Code Of Ethics|Filter by|"
    r"Paper Decision|Add: Public Comment|Official Review|Meta Review|Submission history|Loading)"
)
VENUE = re.compile(r"((?:Submitted to )?[A-Z][A-Za-z-]+ \d{4}(?: (?:[A-Z][a-z]+|[a-z]+|Conference))*)\s*Everyone")
FORUM = re.compile(r"openreview\.net/forum\?id=(?P<id>[\w-]+)")


def detect_openreview(text: str) -> float:
    if "Everyone" not in text or "Abstract" not in text:
        return 0.0
    return 0.96 if any(ANCHOR.search(line) for line in text.split("\n")) else 0.0


def parse_openreview(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    lines = text.split("\n")
    anchors = [i for i, line in enumerate(lines) if ANCHOR.search(line)]
    papers: list[Paper] = []
    problems: list[Problem] = []
    for k, anchor in enumerate(anchors):
        above = [i for i in range(anchor - 1, max(-1, anchor - 8), -1) if _text(lines[i])]
        if len(above) < 2:
            problems.append(Problem(name, anchor + 1, "OpenReview header without title and authors above it; skipped"))
            continue
        authors_at, title_at = above[0], above[1]
        end = anchors[k + 1] - 2 if k + 1 < len(anchors) else len(lines)
        # The forum URL nearest above the title (a saved page names its source first).
        forums = FORUM.findall("\n".join(lines[(anchors[k - 1] + 1 if k else 0) : title_at + 1]))
        papers.append(_paper(lines, title_at, authors_at, anchor, end, name, forums[-1] if forums else None))
    return papers, problems


def _text(line: str) -> str:
    """A line without Markdown heading marks ("## Title", "### Authors")."""
    return re.sub(r"^\s*#{1,6}\s*", "", line).strip()


def _paper(
    lines: list[str], title_at: int, authors_at: int, anchor: int, end: int, name: str, forum: str | None
) -> Paper:
    found: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines[anchor + 1 : end]:
        m = FIELD.match(raw)
        if m:
            current = m["label"].lower()
            found[current] = [m["value"]]
        elif STOP.match(raw):
            break
        elif current and raw.strip():
            found[current].append(raw)
        elif current and found[current] != [""]:
            current = None  # a blank line ends a field once it has text
    header = lines[anchor]
    venue = VENUE.search(header)
    published = re.search(r"Published:\s*([^,]+)", header)
    return record(
        name,
        title_at + 1,
        _text(lines[title_at]),
        join_lines(found.get("abstract", [])),
        authors=fields.split_names(_text(lines[authors_at])),
        venue=venue[1] if venue else None,
        published=fields.date_from_text(published[1]) if published else None,
        links=(f"https://openreview.net/forum?id={forum}",) if forum else (),
    )
