"""BibTeX as an input format (a `.bib` file in abstracts/); the writer is `site/bibtex_out.py`.

A small, forgiving BibTeX reader -- `{...}` and `"..."` values with nested braces,
bare numbers and month macros, `#` concatenation, `@string` macros, `@comment` and `@preamble`
skipped. Each entry with a title or an abstract becomes a Paper; an entry without an abstract
becomes a page marked as missing it (`paperlist add` can fetch it later)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import ARXIV_NEW_ID, ARXIV_OLD_ID, MONTHS, Paper, Problem, Source
from . import fields
from .latex import latex_to_text

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_DETECT = re.compile(
    r"^\s*@\s*(article|misc|inproceedings|incollection|inbook|book|phdthesis|mastersthesis|"
    r"techreport|unpublished|online|preprint|conference|proceedings|report|thesis|software|"
    r"electronic|manual|dataset)\s*[{(]",
    re.I | re.M,
)
_ARXIV_EPRINT = re.compile(rf"^(?:{ARXIV_NEW_ID}|{ARXIV_OLD_ID})(v\d+)?$")


@dataclass(frozen=True)
class Entry:
    type: str  # lower case: article, misc, ...
    key: str
    fields: dict[str, str]  # lower-case field name -> value as written, braces kept
    line: int  # 1-based line of the '@'


class BibError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


# ---------------------------------------------------------------- reading
def read_entries(text: str) -> tuple[list[Entry], list[tuple[int, str]]]:
    """All entries of a .bib text, and (line, message) for what could not be read."""
    entries: list[Entry] = []
    problems: list[tuple[int, str]] = []
    macros = {m: m for m in MONTHS}  # month macros stand for themselves; normalised later
    pos = 0
    while True:
        m = _ENTRY_START.search(text, pos)
        if not m:
            break
        line = text.count("\n", 0, m.start()) + 1
        kind = m.group(1).lower()
        close = "}" if m.group(2) == "{" else ")"
        if kind == "comment":
            pos = _skip_balanced(text, m.end() - 1) if m.group(2) == "{" else m.end()
            continue
        try:
            end, key, values = _parse_body(text, m.end(), close, macros, line, kind in ("string", "preamble"))
        except BibError as err:
            problems.append((err.line, str(err)))
            nxt = _ENTRY_START.search(text, m.end())
            pos = nxt.start() if nxt else len(text)
            continue
        pos = end
        if kind == "string":
            macros.update(values)
        elif kind != "preamble":
            entries.append(Entry(kind, key, values, line))
    return entries, problems


def _skip_balanced(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _parse_body(
    text: str, pos: int, close: str, macros: dict[str, str], line: int, no_key: bool
) -> tuple[int, str, dict[str, str]]:
    def lineno(p: int) -> int:
        return text.count("\n", 0, p) + 1

    def skip_ws(p: int) -> int:
        while p < len(text) and text[p].isspace():
            p += 1
        return p

    key = ""
    if not no_key:
        k = re.compile(r"\s*([^,\s{}()=\"#]*)\s*,").match(text, pos)
        if k:
            key, pos = k.group(1), k.end()
        else:
            k = re.compile(r"\s*([^,\s{}()=\"#]*)\s*").match(text, pos)
            assert k is not None  # every part of the pattern may match nothing
            pos = k.end()
            if pos < len(text) and text[pos] == close:
                return pos + 1, k.group(1), {}
            raise BibError(lineno(pos), "expected ',' after the entry key")
    values: dict[str, str] = {}
    while True:
        pos = skip_ws(pos)
        if pos >= len(text):
            raise BibError(line, "entry is not closed; everything after it was skipped")
        if text[pos] == close:
            return pos + 1, key, values
        if text[pos] == ",":
            pos += 1
            continue
        f = re.compile(r"([A-Za-z][\w:.+-]*)\s*=\s*").match(text, pos)
        if not f:
            if no_key:  # @preamble{"..."}: just skip to the closing brace
                return _skip_balanced(text, pos - 1) if close == "}" else pos, key, values
            raise BibError(lineno(pos), f"expected 'field = value', found {text[pos : pos + 20]!r}")
        name, pos = f.group(1).lower(), f.end()
        parts: list[str] = []
        while True:
            pos = skip_ws(pos)
            if pos >= len(text):
                raise BibError(line, "entry is not closed; everything after it was skipped")
            ch = text[pos]
            if ch == "{":
                end = _skip_balanced(text, pos)
                if end >= len(text) and text[end - 1] != "}":
                    raise BibError(lineno(pos), f"unbalanced braces in field '{name}'")
                parts.append(text[pos + 1 : end - 1])
                pos = end
            elif ch == '"':
                end = pos + 1
                depth = 0
                while end < len(text) and not (text[end] == '"' and depth == 0):
                    depth += {"{": 1, "}": -1}.get(text[end], 0)
                    end += 1
                if end >= len(text):
                    raise BibError(lineno(pos), f"unterminated quoted value in field '{name}'")
                parts.append(text[pos + 1 : end])
                pos = end + 1
            else:
                w = re.compile(r"[^\s,#{}()\"=]+").match(text, pos)
                if not w:
                    raise BibError(lineno(pos), f"field '{name}' has no value")
                word = w.group(0)
                parts.append(word if word.isdigit() else macros.get(word.lower(), word))
                pos = w.end()
            pos = skip_ws(pos)
            if pos < len(text) and text[pos] == "#":
                pos += 1
                continue
            break
        values[name] = "".join(parts)


def split_authors(value: str) -> list[str]:
    """'Vaswani, Ashish and Shazeer, Noam and others' -> ['Ashish Vaswani', 'Noam Shazeer', 'others']."""
    names: list[str] = []
    depth = 0
    current = ""
    for token in re.split(r"(\s+and\s+|[{}])", value):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append(current)
            current = ""
        else:
            current += token or ""
    names.append(current)
    result = []
    for name in names:
        name = latex_to_text(name)
        if not name:
            continue
        if "," in name:
            parts = [p.strip() for p in name.split(",")]
            last, first = parts[0], parts[-1] if len(parts) > 1 else ""
            jr = parts[1] if len(parts) == 3 else ""
            name = " ".join(p for p in (first, last, jr) if p)
        result.append(name)
    return result


def entry_date(f: dict[str, str]) -> str | None:
    """ISO date from `date` (biblatex) or `year`/`month`/`day`: '2017-06-12', '2017-06' or '2017'."""
    date = latex_to_text(f.get("date", ""))
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    if m:
        return "-".join(p for p in m.groups() if p)
    year = re.search(r"\d{4}", latex_to_text(f.get("year", "")))
    if not year:
        return None
    out = year.group(0)
    month = _month_number(latex_to_text(f.get("month", "")))
    if month:
        out += f"-{month:02d}"
        day = latex_to_text(f.get("day", ""))
        if day.isdigit() and 1 <= int(day) <= 31:
            out += f"-{int(day):02d}"
    return out


def _month_number(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTHS.index(value[:3]) + 1 if value[:3] in MONTHS else None


def arxiv_id(f: dict[str, str]) -> str | None:
    """The arXiv id of an entry: `eprint` (with archivePrefix arXiv, or shaped like an arXiv id),
    else an arxiv.org URL."""
    eprint = latex_to_text(f.get("eprint", "")).removeprefix("arXiv:")
    prefix = latex_to_text(f.get("archiveprefix", f.get("eprinttype", ""))).lower()
    if eprint and (prefix == "arxiv" or _ARXIV_EPRINT.match(eprint)):
        return re.sub(r"v\d+$", "", eprint)
    for name in ("url", "pdf"):
        m = re.search(
            r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?(?:[?#].*)?$", latex_to_text(f.get(name, ""))
        )
        if m:
            return m.group(1)
    return None


def entry_links(f: dict[str, str]) -> tuple[str, ...]:
    """The paper's URLs: its page (url, or the arXiv abstract page), its PDF, its DOI."""
    links: list[str] = []
    aid = arxiv_id(f)
    for name in ("url", "pdf"):
        url = latex_to_text(f.get(name, "")).replace(" ", "")
        if url.startswith(("http://", "https://")) and not (aid and "arxiv.org/" in url):
            links.append(url)  # an arXiv URL is written below in its canonical, versionless form
    if aid:
        links += [f"https://arxiv.org/abs/{aid}", f"https://arxiv.org/pdf/{aid}"]
    doi = latex_to_text(f.get("doi", "")).replace(" ", "")
    if doi:
        links.append(doi if doi.startswith("http") else f"https://doi.org/{doi}")
    seen: list[str] = []
    for link in links:
        if link not in seen:
            seen.append(link)
    return tuple(seen)


def entry_to_paper(entry: Entry, name: str) -> tuple[Paper | None, Problem | None]:
    f = entry.fields
    title = latex_to_text(f.get("title", ""))
    abstract = latex_to_text(f.get("abstract", ""))
    label = f"@{entry.type}{{{entry.key}" + "}"
    if not abstract and not title:
        return None, Problem(name, entry.line, f"{label} has neither title nor abstract; skipped")
    authors = split_authors(f.get("author", "")) if f.get("author") else []
    complete = not authors or authors[-1].lower() != "others"  # 'A and B and others': count unknown
    authors = [a for a in authors if a.lower() != "others"]
    categories = [
        c.strip()
        for c in re.split(
            r"[,;]", latex_to_text(f.get("primaryclass", "")) + "," + latex_to_text(f.get("categories", ""))
        )
        if c.strip()
    ]
    links = entry_links(f) + tuple(link for link in fields.extract_links(abstract))
    paper = Paper(
        title=title or fields.derive_title(abstract),
        title_derived=not title,
        abstract=abstract,
        sources=(Source(name, entry.line),),
        authors=len(authors) if authors and complete else None,
        published=entry_date(f),
        links=tuple(dict.fromkeys(links)),
        acronym=fields.extract_acronym(title) if title else None,
        author_names=tuple(authors),
        arxiv_id=arxiv_id(f),
        doi=latex_to_text(f.get("doi", "")) or None,
        venue=latex_to_text(f.get("journal", f.get("booktitle", ""))) or None,
        categories=tuple(dict.fromkeys(categories)),
    )
    return paper, None


def detect_bibtex(text: str) -> float:
    """Certain when the text has BibTeX entries: no pasted listing starts a line with '@article{'."""
    if "@" not in text or not _DETECT.search(text):
        return 0.0
    # A citation block at the end of a README is not a .bib file: most lines must be BibTeX.
    lines = [line for line in text.split("\n") if line.strip()]
    bib = sum(1 for line in lines if re.match(r"^\s*(?:@\w+\s*[{(]|[\w:.+-]+\s*=|[})]\s*,?\s*$|%)", line))
    return 1.0 if bib * 2 >= len(lines) else 0.35


def parse_bibtex(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    entries, bad = read_entries(text)
    papers: list[Paper] = []
    problems = [Problem(name, line, message) for line, message in bad]
    for entry in entries:
        paper, problem = entry_to_paper(entry, name)
        if paper:
            papers.append(paper)
        if problem:
            problems.append(problem)
    problems.sort(key=lambda p: p.line)
    return papers, problems
