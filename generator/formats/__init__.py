"""Input formats: a registry of listing layouts, each with `detect(text) -> score` and
`parse(text, name) -> (papers, problems)`. The caller never names the format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Paper, Problem
from .bibtex import detect_bibtex, parse_bibtex
from .hf import detect_hf_blank_lines, detect_hf_compact, detect_hf_metadata, parse_hf
from .ieee import detect_ieee, parse_ieee


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


FORMATS: list[Format] = [
    Format("bibtex", "BibTeX entries (.bib) with title and abstract fields", detect_bibtex, parse_bibtex),
    Format("ieee-abstracts", "IEEE-style dump: one 'Abstract:' line per paper, no titles", detect_ieee, parse_ieee),
    Format("hf-metadata", "Hugging Face listing with author counts, dates and upvotes", detect_hf_metadata, parse_hf),
    Format("hf-blank-lines", "Hugging Face listing, blank-line separated", detect_hf_blank_lines, parse_hf),
    Format(
        "hf-compact", "Hugging Face listing, title and abstract lines with no blank lines", detect_hf_compact, parse_hf
    ),
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
        return Listing(
            name,
            "unknown",
            (),
            (
                Problem(
                    name,
                    1,
                    "no paper found: expected a title line followed by an abstract paragraph, or 'Abstract: ...' lines",
                ),
            ),
        )
    papers, problems = fmt.parse(text, name)
    if not papers and not problems:
        problems = [Problem(name, 1, "only page chrome, no papers")]
    return Listing(name, fmt.name, tuple(papers), tuple(problems))
