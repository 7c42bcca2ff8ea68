"""Input formats: a registry of listing layouts, each with `detect(text) -> score` and
`parse(text, name) -> (papers, problems)`. The caller never names the format."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import fields
from .bibtex import detect_bibtex, parse_bibtex
from .paper import Paper, Problem, Source

# Page chrome copied along with a Hugging Face listing. Compared case-insensitively.
CHROME_LINES = {
    "new", "subscribe", "daily papers", "byak and the research community",
    "get trending papers in your email inbox!", "get trending papers in your email inbox once a day!",
    "trending papers", "·", "•", "upvote", "-",
}
# Chrome glued to the first title when a page is pasted without line breaks.
GLUED_CHROME = re.compile(r"^(?:Subscribe|Daily Papers|new)(?=[A-Z0-9])")
IEEE_ABSTRACT = re.compile(r"^\s*Abstract\s*:\s*", re.I)
MAX_TITLE_WORDS = 40


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    detect: Callable[[str], float]  # 0 = not this format; higher = more certain
    parse: Callable[[str, str], tuple[list[Paper], list[Problem]]]


@dataclass(frozen=True)
class Listing:
    name: str
    format: str
    papers: tuple[Paper, ...]
    problems: tuple[Problem, ...]


def looks_like_abstract(line: str) -> bool:
    """An abstract is prose: long, several sentences. A title is a short phrase.
    Seen titles reach 183 characters, abstracts start around 400."""
    words = line.split()
    if len(words) > MAX_TITLE_WORDS or len(line) >= 300:
        return True
    sentences = len(re.findall(r"[a-z0-9)\]%][.!?](?:\s+[A-Z(]|$)", line))
    return len(words) >= 20 and sentences >= 2


def _strip_chrome(line: str) -> str:
    return GLUED_CHROME.sub("", line.strip())


def _is_chrome(line: str) -> bool:
    return line.strip().lower() in CHROME_LINES or not line.strip()


# ---------------------------------------------------------------- Hugging Face listings
def parse_hf(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    """Title line, abstract line, optional metadata lines (authors, date, upvotes); blank lines
    and page chrome anywhere in between. One parser serves the three HF layouts."""
    lines = text.split("\n")
    listed: str | None = None  # listing date ("Mar 11"): printed before the first title
    years = [int(y) for y in re.findall(r"^[A-Z][a-z]{2} \d{1,2}, (\d{4})", text, re.M)]
    listing_year = max(years) + 1 if years else None  # undated entries are from the listing's year

    papers: list[Paper] = []
    problems: list[Problem] = []
    pending_title: tuple[int, str] | None = None
    current: dict | None = None  # last paper, still open for its metadata lines

    def close_title_without_abstract() -> None:
        nonlocal pending_title
        if pending_title:
            problems.append(Problem(name, pending_title[0],
                                    f'title "{_short(pending_title[1])}" has no abstract after it; skipped'))
            pending_title = None

    def flush() -> None:
        nonlocal current
        if current:
            papers.append(_paper_from(current))
            current = None

    for number, raw in enumerate(lines, start=1):
        line = _strip_chrome(raw)
        if _is_chrome(line):
            continue
        authors = fields.parse_author_count(line)
        date = fields.parse_date_line(line)
        if authors is not None or date is not None:
            if current is not None and pending_title is None:
                if authors is not None:
                    current["authors"] = authors
                elif date is not None:
                    year, month, day, upvotes = date
                    current["published"] = fields.iso_date(year or listing_year, month, day)
                    current["upvotes"] = upvotes
            elif date is not None and listed is None and not papers and current is None:
                listed = line
            else:
                problems.append(Problem(name, number,
                                        f'metadata line "{_short(line)}" does not follow a paper; skipped'))
            continue
        if looks_like_abstract(line):
            flush()
            if pending_title:
                title_line, title = pending_title
                current = {"title": title, "abstract": line, "line": title_line, "listed": listed,
                           "name": name}
                pending_title = None
            else:
                current = {"title": None, "abstract": line, "line": number, "listed": listed, "name": name}
        elif not re.search(r"\w", line):  # a separator or stray symbols, never a title
            problems.append(Problem(name, number, f'line "{_short(line)}" is not part of any paper; skipped'))
        else:
            flush()
            close_title_without_abstract()
            pending_title = (number, line)
    flush()
    close_title_without_abstract()
    return papers, problems


def _paper_from(entry: dict) -> Paper:
    abstract = entry["abstract"].strip()
    title = entry["title"]
    return Paper(
        title=title or fields.derive_title(abstract),
        title_derived=title is None,
        abstract=abstract,
        sources=(Source(entry["name"], entry["line"], entry.get("listed")),),
        authors=entry.get("authors"),
        published=entry.get("published"),
        upvotes=entry.get("upvotes"),
        links=fields.extract_links(abstract),
        acronym=fields.extract_acronym(title) if title else None,
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def detect_hf_metadata(text: str) -> float:
    return 0.9 if re.search(r"^\s*[•·]?\s*\d+ authors?\s*$", text, re.M) else 0.0


def detect_hf_blank_lines(text: str) -> float:
    lines = text.split("\n")
    content = _nonblank(text)
    if not content or any(IEEE_ABSTRACT.match(line) for line in content):
        return 0.0
    blank_share = sum(1 for line in lines if not line.strip()) / max(1, len(lines))
    return 0.6 if blank_share >= 0.3 else 0.0


def detect_hf_compact(text: str) -> float:
    content = _nonblank(text)
    if not content or any(IEEE_ABSTRACT.match(line) for line in content):
        return 0.0
    return 0.5 if any(looks_like_abstract(_strip_chrome(line)) for line in content) else 0.1


# ---------------------------------------------------------------- IEEE-style dumps
def detect_ieee(text: str) -> float:
    content = _nonblank(text)
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
        if _is_chrome(line):
            continue
        m = IEEE_ABSTRACT.match(line)
        if m:
            abstract = line[m.end():].strip()
            if not abstract:
                problems.append(Problem(name, number, '"Abstract:" with no text after it; skipped'))
                continue
            title = pending[1] if pending and _looks_like_title(pending[1]) else None
            if pending and title is None:
                problems.append(_stray(name, *pending))
            entry = {"title": title, "abstract": abstract, "line": pending[0] if title else number,
                     "name": name, "listed": None}
            papers.append(_paper_from(entry))
            pending = None
        else:
            if pending:
                problems.append(_stray(name, *pending))
            pending = (number, line)
    if pending:
        problems.append(_stray(name, *pending))
    return papers, problems


def _stray(name: str, number: int, line: str) -> Problem:
    return Problem(name, number, f'line "{_short(line)}" is not part of any paper; skipped')


_AFFILIATION = re.compile(
    r"\b(University|Institute|Department|Laboratory|Lab|College|School|Inc\.|Ltd)\b|, [A-Z]{2,3}$")


def _looks_like_title(line: str) -> bool:
    return not looks_like_abstract(line) and not _AFFILIATION.search(line) and len(line.split()) >= 2


FORMATS: list[Format] = [
    Format("bibtex", "BibTeX entries (.bib) with title and abstract fields", detect_bibtex, parse_bibtex),
    Format("ieee-abstracts", "IEEE-style dump: one 'Abstract:' line per paper, no titles", detect_ieee, parse_ieee),
    Format("hf-metadata", "Hugging Face listing with author counts, dates and upvotes", detect_hf_metadata, parse_hf),
    Format("hf-blank-lines", "Hugging Face listing, blank-line separated", detect_hf_blank_lines, parse_hf),
    Format("hf-compact", "Hugging Face listing, title and abstract lines with no blank lines", detect_hf_compact,
           parse_hf),
]


def register_format(fmt: Format) -> None:
    """Add a format (e.g. BibTeX). Later registrations win ties."""
    FORMATS.insert(0, fmt)


def detect_format(text: str) -> Format | None:
    scored = [(fmt.detect(text), -i, fmt) for i, fmt in enumerate(FORMATS)]
    best = max(scored, key=lambda s: (s[0], s[1]))
    return best[2] if best[0] > 0 else None


def parse_listing(text: str, name: str) -> Listing:
    """Parse one listing file's text. Unknown layouts and empty files are problems, not crashes."""
    if not text.strip():
        return Listing(name, "empty", (), (Problem(name, 1, "file is empty; nothing to import"),))
    fmt = detect_format(text)
    if fmt is None:
        return Listing(name, "unknown", (), (Problem(name, 1, "no paper found: expected a title line followed "
                                                       "by an abstract paragraph, or 'Abstract: ...' lines"),))
    papers, problems = fmt.parse(text, name)
    if not papers and not problems:
        problems = [Problem(name, 1, "only page chrome, no papers")]
    return Listing(name, fmt.name, tuple(papers), tuple(problems))
