"""The one record that flows through the pipeline (read -> parse -> dedupe -> classify -> render ->
write) and the rules every stage shares: statuses, where pages live, the notes heading, the shapes
of ids and dates. Change a rule here and every stage follows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# ---------------------------------------------------------------- shared rules
PAPERS_DIR = "papers"  # content/papers/<slug>.md; the site serves papers/<slug>/
STATUSES = ("to-read", "reading", "read", "skipped")  # the first is a new paper's status
STATUS_LABELS = {"to-read": "to read", "reading": "reading", "read": "read", "skipped": "skipped"}
NOTES_HEADING = "## Notes"
NOTES_HINT = "<!-- Your notes go here. The generator never changes anything outside its generated blocks. -->"
FALLBACK_TOPIC = "other"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# arXiv ids: new style 2401.01234 (4 or 5 digits after the dot), old style hep-th/9901001.
ARXIV_NEW_ID = r"\d{4}\.\d{4,5}"
ARXIV_OLD_ID = r"[a-z][a-z-]*(?:\.[A-Za-z]{2})?/\d{7}"
ARXIV_ID = re.compile(rf"^(?P<id>{ARXIV_NEW_ID}|{ARXIV_OLD_ID})(?P<version>v\d+)?$")
ARXIV_URL_ID = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/(?P<id>{ARXIV_NEW_ID}|{ARXIV_OLD_ID})(?:v\d+)?", re.I)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A link from pasted text (or typed into front matter) is kept only when it is a web address: no
# javascript:, data:, file: or other scheme reaches a page, the feed or an export.
WEB_URL = re.compile(r"^https?://[^\s\"'<>`]+$")


def web_links(urls) -> list[str]:
    """The http(s) URLs among `urls`, in order."""
    return [u for u in urls if isinstance(u, str) and WEB_URL.match(u)]


def paper_path(slug: str) -> str:
    """A paper's page, relative to content/."""
    return f"{PAPERS_DIR}/{slug}.md"


def paper_slug(rel: str) -> str | None:
    """The slug of a content-relative path when it is a paper's page, else None."""
    prefix = PAPERS_DIR + "/"
    if rel.startswith(prefix) and rel.endswith(".md") and "/" not in rel[len(prefix) :]:
        return rel[len(prefix) : -3]
    return None


def fold_ascii(text: str) -> str:
    """Drop accents (é -> e). Letters with no ASCII decomposition disappear: use only where
    that is intended (citation keys, legacy ids), never for identity of non-Latin text."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class Source:
    """Where a paper was found: a listing file (path relative to the project) and a line."""

    file: str
    line: int
    listed: str | None = None  # the listing's own date, as printed ("Mar 11")


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, pointing at the file and line to fix."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        # Line 0: the whole file (cannot be read, refused); no line to point at.
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True)
class Paper:
    title: str
    abstract: str
    sources: tuple[Source, ...]
    title_derived: bool = False
    authors: int | None = None  # how many; author_names when the listing names them
    published: str | None = None  # ISO date, YYYY-MM-DD
    upvotes: int | None = None
    links: tuple[str, ...] = ()
    acronym: str | None = None
    # Carried by richer layouts (arXiv, BibTeX, reference managers):
    author_names: tuple[str, ...] = ()
    arxiv_id: str | None = None  # without version
    doi: str | None = None
    venue: str | None = None
    categories: tuple[str, ...] = ()
    pdf_url: str | None = None
    # Filled by classify:
    topic: str = FALLBACK_TOPIC
    secondary_topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # ids of similar papers
    # Filled by identity:
    id: str = ""
    slug: str = ""


@dataclass(frozen=True)
class PageInfo:
    """What the index pages and exports know of one paper page: its front matter as it is on disk
    (the user's edits win), else the generator's values."""

    slug: str
    title: str
    topic: str
    tags: tuple[str, ...]
    status: str
    rating: int | float | None
    published: str | None
    added: int  # order of first appearance: larger = added later
