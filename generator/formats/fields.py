"""Field cleaners, kept apart from the format parsers: dates, author counts, upvotes, URLs,
acronyms and derived titles. Pure functions, text in, values out."""

from __future__ import annotations

import re

MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}

# "Mar 24, 2024", "Nov 13, 2024 4" (upvotes), "Sep 26" (year of the listing), "May 12 2"
DATE_LINE = re.compile(
    r"^(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (?P<day>\d{1,2})"
    r"(?:, (?P<year>\d{4}))?(?: (?P<upvotes>\d{1,6}))?$"
)
AUTHORS_LINE = re.compile(r"^[•·*\-]?\s*(?P<n>\d{1,4}) authors?$")
URL = re.compile(r"https?://[^\s<>\"'`{}|\\^\[\]]+")
_TRAILING_PUNCT = ".,;:)]}'\""


def parse_date_line(line: str) -> tuple[int | None, int, int, int | None] | None:
    """'Nov 13, 2024 4' -> (2024, 11, 13, 4); 'Sep 26' -> (None, 9, 26, None); else None."""
    m = DATE_LINE.match(line.strip())
    if not m:
        return None
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    year = int(m["year"]) if m["year"] else None
    upvotes = int(m["upvotes"]) if m["upvotes"] else None
    return year, MONTHS[m["mon"].lower()[:3]], day, upvotes


def iso_date(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_author_count(line: str) -> int | None:
    m = AUTHORS_LINE.match(line.strip())
    return int(m["n"]) if m else None


def extract_links(abstract: str) -> tuple[str, ...]:
    """Code and project URLs mentioned in the abstract, in order, without trailing punctuation."""
    links: list[str] = []
    for m in URL.finditer(abstract):
        url = m.group(0)
        while url and url[-1] in _TRAILING_PUNCT:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > len("https://x.y") and url not in links:
            links.append(url)
    return tuple(links)


_ACRONYM_HEAD = re.compile(r"^\s*(?P<name>[A-Za-z0-9][\w'.+-]{0,30}?)\s*:\s+\S")
_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,15})\)")


def extract_acronym(title: str) -> str | None:
    """'CoulGAT: An Experiment on ...' -> 'CoulGAT'; 'Deeply-Supervised Nets' -> None.
    A name before a colon counts when it looks like a coined name (capitals inside or digits)."""
    m = _ACRONYM_HEAD.match(title)
    if m:
        name = m["name"]
        if " " not in name and _looks_coined(name):
            return name
    m = _PAREN_ACRONYM.search(title)
    if m and _looks_coined(m.group(1)):
        return m.group(1)
    return None


def _looks_coined(word: str) -> bool:
    # Capitals right after a hyphen are ordinary title case ("Self-Training"), not a coined name.
    caps = sum(ch.isupper() and (i == 0 or word[i - 1] != "-") for i, ch in enumerate(word))
    return caps >= 2 or any(ch.isdigit() for ch in word) or (caps == 1 and not word[0].isupper())


# "we introduce Gemma 2, a new ..." / "we propose an attention-guided method, AttenCraft, for"
_NAMED_METHOD = re.compile(
    r"\b[Ww]e (?:introduce|present|propose|release|develop)\s+(?:[\w-]+,?\s+){0,5}?"
    r"(?P<name>[A-Z][\w-]*[A-Z0-9][\w-]*(?: \d+(?:\.\d+)?)?|[A-Z][a-z]+ \d+(?:\.\d+)?)\b"
)
_CONTRIBUTION = re.compile(
    r"\b[Ww]e (?:introduce|present|propose|develop|study|investigate|demonstrate that)\s+(?P<rest>.+)"
)
_STOP_NAMES = {"We", "In", "The", "This", "Our", "Transformer", "However", "To", "A", "An"}


def derive_title(abstract: str) -> str:
    """A readable title for an abstract that came without one: the method it introduces
    ("Gemma 2"), else the contribution phrase ("we propose ..."), else its first sentence."""
    sentences = re.split(r"(?<=[.!?])\s+", abstract.strip())
    m = _NAMED_METHOD.search(" ".join(sentences[:4]))
    if m and m["name"] not in _STOP_NAMES and len(m["name"]) >= 3:
        return m["name"]
    for sentence in sentences[:6]:
        c = _CONTRIBUTION.search(sentence)
        if c:
            return _phrase(c["rest"])
    return _phrase(sentences[0])


def _phrase(sentence: str, max_words: int = 10) -> str:
    sentence = re.sub(r"\s*\([^)]*\)", "", sentence)  # drop citations and acronym expansions
    words = sentence.rstrip(".!? ").split()
    phrase = " ".join(words[:max_words])
    if len(words) > max_words:
        phrase = phrase.rstrip(",;:") + "…"
    return phrase[:1].upper() + phrase[1:] if phrase else "Untitled abstract"
