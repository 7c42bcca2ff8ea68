"""arXiv listing pages as copied from a browser: /list/<category>/new, /recent, /pastweek and the
monthly lists. Each entry starts with its id line (`[3]  arXiv:2407.14741 [pdf, other]`), then
labelled lines (Title, Authors, Comments, Subjects, ...) and, on /new pages with abstracts shown,
the abstract paragraph. Entries without an abstract (the "authors and titles" lists) become pages
marked as missing their abstract."""

from __future__ import annotations

import re

from ..model import ARXIV_NEW_ID, ARXIV_OLD_ID, Paper, Problem
from . import fields
from .common import LABEL, join_lines, record

# `[12]  arXiv:2407.14741 [pdf, other]`, `arXiv:2610.01471 (cross-list from cs.CL) [pdf, html, other]`,
# `arXiv:2401.00001 (replaced) [pdf]`; the number and the format links are optional.
ENTRY = re.compile(
    rf"^\s*(?:\[\d+\]\s*)?arXiv:(?P<id>{ARXIV_NEW_ID}|{ARXIV_OLD_ID})(?:v\d+)?"
    r"(?P<note>\s*\((?:cross-list from [^)]*|replaced)\))?\s*(?P<formats>\[[^\]]*\])?\s*$"
)
# Section headings and paging chrome of a listing page.
CHROME = re.compile(
    r"^\s*(?:(?:New|Cross|Replacement) submissions\b.*|(?:Cross-lists|Replacements) for .*|"
    r"\[ ?(?:total of|showing) .*\]|Total of \d+ entries.*|Showing new listings for .*|"
    r"Authors and titles for .*|.* \(showing \d+ of \d+ entries ?\)|fewer \| more.*|"
    r"We gratefully acknowledge support from|the Simons Foundation and member institutions\.|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}.*)\s*$"
)
FIELDS = {"title", "authors", "comments", "subjects", "journal-ref", "report-no", "msc-class", "acm-class", "doi"}
# The flattened form: a whole listing on one line ("arXiv:2507.06085 [pdf, html, other] Title: ...").
_FLAT_ENTRY = re.compile(rf"(?=\barXiv:(?:{ARXIV_NEW_ID}|{ARXIV_OLD_ID})(?:v\d+)?\s*(?:\([^)]*\)\s*)?\[pdf)")
_FLAT_LABEL = re.compile(r"\s(?=(?:Title|Authors|Comments|Subjects|Journal-ref):\s)")


def detect_arxiv_listing(text: str) -> float:
    if "arXiv:" not in text:  # every entry line and the flattened form carry it
        return 0.0
    lines = text.split("\n")
    ids = [i for i, line in enumerate(lines) if ENTRY.match(line)]
    titled = sum(1 for i in ids if any(_label(x) == "title" for x in lines[i + 1 : i + 4]))
    if titled and titled * 2 >= len(ids):
        return 0.95
    flat = len(_FLAT_ENTRY.findall(text))
    return 0.9 if flat >= 2 and "Title:" in text else 0.0


def parse_arxiv_listing(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    lines = text.split("\n")
    origin = list(range(1, len(lines) + 1))  # the file's line number of each line
    if re.search(r"\[pdf[^\]\n]*\][^\n]*Title:", text):  # a listing flattened onto one line
        lines, origin = _unflatten(lines)
    papers: list[Paper] = []
    problems: list[Problem] = []
    starts = [i for i, line in enumerate(lines) if ENTRY.match(line)]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        paper, problem = _entry(lines, start, end, name, origin[start])
        if paper:
            papers.append(paper)
        if problem:
            problems.append(problem)
    return papers, problems


def _entry(lines: list[str], start: int, end: int, name: str, number: int) -> tuple[Paper | None, Problem | None]:
    m = ENTRY.match(lines[start])
    assert m
    found: dict[str, list[str]] = {}
    current: str | None = None
    abstract: list[str] = []
    for raw in lines[start + 1 : end]:
        line = raw.strip()
        if line[:1] == ":":
            line = line[1:].strip()  # ":   Title: ..." in Markdown renderings
        label = _label(line) if ":" in line[:40] else None
        if not line or (label not in FIELDS and (CHROME.match(line) or _is_page_chrome(line))):
            current = None
        elif label in FIELDS:
            current = label
            found[label] = [LABEL.match(line)["value"]]  # type: ignore[index]
        elif current and raw[:1].isspace() and not abstract:
            found[current].append(line)  # a wrapped Title/Authors/Subjects line
        elif "title" in found and "authors" not in found and not abstract and _name_list(line):
            found["authors"] = [line]  # the author line of a Markdown rendering has no label
        elif "title" in found:
            abstract.append(line)
            current = None
    title = join_lines(found.get("title", []))
    if not title:
        return None, Problem(name, number, f"arXiv:{m['id']} has no Title: line; skipped")
    title, authors_text = _split_flat_title(title) if "authors" not in found else (title, "")
    authors = fields.split_names(join_lines(found.get("authors", [])) or authors_text)
    comments = join_lines(found.get("comments", []))
    return (
        record(
            name,
            number,
            title,
            join_lines(abstract),
            authors=authors,
            arxiv_id=m["id"],
            doi=fields.clean_doi(join_lines(found.get("doi", []))),
            venue=join_lines(found.get("journal-ref", [])) or None,
            categories=fields.categories_of(join_lines(found.get("subjects", []))),
            links=fields.extract_links(comments),
        ),
        None,
    )


def _label(line: str) -> str | None:
    m = LABEL.match(line.strip().lstrip(":").strip())  # ":   Title: ..." in Markdown renderings
    return m["label"].strip().lower() if m else None


def _name_list(line: str) -> bool:
    """'Tae-Eun Song' / 'A. Smith, B. Jones': short, capitalised, no sentence."""
    parts = [p.strip() for p in re.split(r",| and ", line) if p.strip()]
    return (
        0 < len(line) < 400
        and not line.rstrip().endswith(".")
        and all(1 <= len(p.split()) <= 5 and p[:1].isupper() for p in parts)
    )


def _is_page_chrome(line: str) -> bool:
    return bool(re.match(r"^(?:来源|Source)\s*[:：]", line))


def _unflatten(lines: list[str]) -> tuple[list[str], list[int]]:
    """A listing pasted as one line: one entry, and each label of it, on a line of its own. Returns
    the lines and, for each, the line of the file it came from."""
    out: list[str] = []
    origin: list[int] = []
    for number, line in enumerate(lines, start=1):
        if len(_FLAT_ENTRY.findall(line)) >= 2 or (ENTRY.match(line) is None and _FLAT_ENTRY.search(line)):
            pieces: list[str] = []
            for chunk in _FLAT_ENTRY.split(line):
                head = re.match(r"^(arXiv:\S+\s*(?:\([^)]*\)\s*)?\[[^\]]*\])\s*(.*)$", chunk.strip())
                if head:
                    pieces += [head[1], *_FLAT_LABEL.split(head[2])]
                elif chunk.strip():
                    pieces.append(chunk)
            out += pieces
            origin += [number] * len(pieces)
        else:
            out.append(line)
            origin.append(number)
    return out, origin


def _split_flat_title(title: str) -> tuple[str, str]:
    """'A Survey on Prompt Tuning Zongqian Li, Yixuan Su, Nigel Collier' (a flattened listing, the
    author names follow the title without a label) -> title and the author list. The first name
    gets as many words as the others have on average; a title without a comma list is kept whole."""
    if "," not in title:
        return title, ""
    head, *rest = [p.strip() for p in title.split(",")]
    if not rest or not all(1 <= len(p.split()) <= 4 and p[:1].isupper() for p in rest):
        return title, ""
    size = max(2, round(sum(len(p.split()) for p in rest) / len(rest)))
    words = head.split()
    if len(words) <= size:
        return title, ""
    return " ".join(words[:-size]), ", ".join([" ".join(words[-size:]), *rest])
