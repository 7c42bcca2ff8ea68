"""The one record that flows through the pipeline: read -> parse -> dedupe -> classify -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Paper:
    title: str
    abstract: str
    sources: tuple[Source, ...]
    title_derived: bool = False
    authors: int | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    upvotes: int | None = None
    links: tuple[str, ...] = ()
    acronym: str | None = None
    # Filled by classify:
    topic: str = "other"
    secondary_topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # slugs of similar papers
    # Filled by slugging:
    slug: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)
