"""What every listing layout shares: page chrome, abstract detection, the record builder and
problem messages."""

from __future__ import annotations

import re

from ..model import Paper, Problem, Source
from . import fields

# Page chrome copied along with a Hugging Face listing. Compared case-insensitively.
CHROME_LINES = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "trending papers",
    "·",
    "•",
    "upvote",
    "-",
}
# Chrome glued to the first title when a page is pasted without line breaks.
GLUED_CHROME = re.compile(r"^(?:Subscribe|Daily Papers|new)(?=[A-Z0-9])")
IEEE_ABSTRACT = re.compile(r"^\s*Abstract\s*:\s*", re.I)
MAX_TITLE_WORDS = 40


def looks_like_abstract(line: str) -> bool:
    """An abstract is prose: long, several sentences. A title is a short phrase.
    Seen titles reach 183 characters, abstracts start around 400."""
    words = line.split()
    if len(words) > MAX_TITLE_WORDS or len(line) >= 300:
        return True
    sentences = len(re.findall(r"[a-z0-9)\]%][.!?](?:\s+[A-Z(]|$)", line))
    return len(words) >= 20 and sentences >= 2


def strip_chrome(line: str) -> str:
    return GLUED_CHROME.sub("", line.strip())


def is_chrome(line: str) -> bool:
    return line.strip().lower() in CHROME_LINES or not line.strip()


def paper_from(entry: dict) -> Paper:
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


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def stray(name: str, number: int, line: str) -> Problem:
    return Problem(name, number, f'line "{short(line)}" is not part of any paper; skipped')
