"""Markdown reading lists and paper notes: awesome lists (`- [Title](https://arxiv.org/abs/...)`),
numbered lists with authors and venue (`1. [**Title.**](url) *A. Author, B. Author.* ICLR 2024.`),
headings with links and a summary (`### 3. [Title](url)` + `**Summary**: ...`), bold bullets with
labelled sub-items (`- **标题**` / `  - 作者：...` / `  - 摘要：...`), daily-digest pages
(`#### Title` / `- **Authors:** ...` / `- **Abstract**`) and one-paper notes (`# Title`,
`- Authors: ...`, `## Abstract`).

An item is a paper when it links to a paper (arXiv, DOI, OpenReview, ACL Anthology, a PDF, ...)
or when it carries paper fields (abstract, authors). Items with only a title and a link become
pages marked as missing their abstract. Section headings, badges and tool links are not papers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..model import Paper, Problem
from . import fields
from .common import is_prose, join_lines, record

HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
LINK = re.compile(
    r"\[(?P<label>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)"
)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# A line that is only bold text, maybe ended by a line break ('**Title**<br/>', '**Title**  ', '**Title**\\').
BOLD_ONLY = re.compile(r"^\s*(\*\*|__)(?P<text>[^*_]+)(\*\*|__)\s*(?:<br\s*/?>|\\)?\s*$", re.I)
_BOLD_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)[^*_:：]{1,30}[:：]")
_TRAILING_MARKUP = re.compile(r"\s*(?:\*\*|__)\s*$")
# A counter before a title in digests and listings: '[new 001]', '[12]', '[cross 3]'.
_COUNTER = re.compile(r"^\[(?:[A-Za-z-]+\s*)?\d{1,4}\]\s*")
_MARKUP = re.compile(r"\*\*|__|`|\\+(?=\s|$)")
BOLD_LINK = re.compile(r"^\s*(?:\*\*|__)\[[^\]]+\]\([^)\s]+\)(?:\*\*|__)\s*$")
PAPER_URL = re.compile(
    r"arxiv\.org/|doi\.org/|openreview\.net/|aclanthology\.org/|aclweb\.org/anthology|semanticscholar\.org/|"
    r"papers\.nips\.cc|neurips\.cc/paper|proceedings\.|ieeexplore\.ieee\.org|dl\.acm\.org/doi|link\.springer\.com|"
    r"sciencedirect\.com/science/article|huggingface\.co/papers/|biorxiv\.org|medrxiv\.org|pubmed\.ncbi|"
    r"ncbi\.nlm\.nih\.gov/pmc|openaccess\.thecvf\.com|ojs\.aaai\.org|jmlr\.org/papers|ijcai\.org/proceedings|"
    r"nature\.com/articles|science\.org/doi|pnas\.org/doi|\.pdf(?:$|[?#])",
    re.I,
)
# Link labels that name the kind of link, not the paper.
GENERIC_LABELS = re.compile(
    r"^\W*(?:paper|pdf|arxiv|abs|html|link|url|code|github|project(?: page)?|website|homepage|blog|video|slides|"
    r"poster|doi|openreview|bib(?:tex)?|data(?:set)?|demo|论文|代码|链接|项目|主页|原文)\W*$",
    re.I,
)
FIELD_LABEL = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<label>[^*_:：\[\]()]{1,30}?)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(?P<value>.*)$"
)
LABEL_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)(?P<label>[^*_]{1,30}?)[:：]?(?:\*\*|__)\s*[:：]?\s*$")
LABELS = {
    "abstract": {
        "abstract",
        "摘要",
        "аннотация",
        "resumen",
        "résumé",
        "zusammenfassung",
        "要約",
    },
    # A summary stands in for the abstract when the entry has none ('简介' beside '摘要' is a digest's own blurb).
    "summary": {"summary", "简介", "概要", "tl;dr", "tldr"},
    "authors": {"authors", "author", "作者", "著者", "авторы", "autores", "autoren"},
    "date": {"date", "year", "published", "pub date", "publish date", "年份", "日期", "发表时间", "时间"},
    "venue": {"venue", "conference", "journal", "published in", "会议", "期刊", "发表"},
    "categories": {"subjects", "categories", "分类"},
    "link": {
        "link",
        "url",
        "paper",
        "pdf",
        "arxiv",
        "arxiv link",
        "pdf link",
        "source url",
        "pdf url",
        "链接",
        "论文",
        "code",
        "github",
        "project",
        "项目",
        "代码",
    },
    "doi": {"doi"},
}
_KIND = {label: kind for kind, labels in LABELS.items() for label in labels}
_ITALIC = re.compile(r"(?<![*\w])[*_](?P<text>[^*_]+?)[*_](?![*\w])")


@dataclass
class _Entry:
    line: int  # 0-based index of the entry line
    title: str
    urls: list[str]
    tail: str  # text after the title link on the entry line
    level: int  # heading level (1-6), or 10 + indent for list items
    linked: bool = False  # the entry line itself links to the paper
    end: int = 0  # index after the last line of its body
    fields: dict[str, list[str]] = field(default_factory=dict)
    prose: list[str] = field(default_factory=list)
    names: tuple[str, ...] = ()  # authors already split, from an italic line of names
    bold: bool = False  # the title is a bold line of its own ("**Title**"): a plain line of names may follow


def detect_markdown(text: str) -> float:
    entries = _entries_of(text)
    if not entries:
        return 0.0
    if len(entries) >= 2 or _has_text(entries[0]):
        return 0.8
    return 0.4


def parse_markdown(text: str, name: str) -> tuple[list[Paper], list[Problem]]:
    papers = [_paper(e, name) for e in _entries_of(text)]
    return papers, []


@functools.lru_cache(maxsize=2)
def _entries_of(text: str) -> tuple[_Entry, ...]:
    """Detection and parsing read the same structure: it is computed once per text."""
    return tuple(_entries(_join_wrapped_labels(text.split("\n"))))


def _join_wrapped_labels(lines: list[str]) -> list[str]:
    """A link label wrapped onto the next line ('**[OpenDevin: ... Generalist' / '  Agents](url)**')
    is joined back; the emptied line stays so that line numbers still point into the file."""
    for i in range(len(lines) - 1):
        line = lines[i]
        if "[" in line and line.rfind("[") > line.rfind("]") and "](" in lines[i + 1]:
            rest = lines[i + 1]
            if "[" not in rest[: rest.index("](")]:
                lines[i], lines[i + 1] = line.rstrip() + " " + rest.strip(), ""
    return lines


def _kind(label: str) -> str | None:
    return _KIND.get(label.strip().lower())


def _clean(text: str) -> str:
    if "![" in text:
        text = IMAGE.sub("", text)
    if "*" in text or "_" in text or "`" in text or "\\" in text:
        text = _MARKUP.sub("", text)  # emphasis, code, Markdown hard line breaks
    return " ".join(text.split())


def _level(line: str) -> tuple[int, str] | None:
    h = HEADING.match(line)
    if h:
        return len(h["marks"]), h["text"]
    i = ITEM.match(line)
    if i:
        return 10 + len(i["indent"].expandtabs(4)), i["text"]
    if line.startswith("|") and "](" in line:  # a table row: the cell that links to the paper names it
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        first = _title_cell(cells)
        if first is not None:
            return 30, " — ".join([cells[first], *cells[first + 1 :]])
    if BOLD_LINK.match(line) or BOLD_ONLY.match(line):  # "**[Title](url)**", "**Title**<br/>" paragraphs
        return 9, line.strip()
    return None


def _title_cell(cells: list[str]) -> int | None:
    """The first cell whose link goes to a paper under a label that is not 'pdf' or 'code'; else the
    first cell with a link ('|2022|CVPR|[Torch](github)|[Title](thecvf .pdf)|' names the paper in
    its fourth cell)."""
    linked = [(k, m) for k, m in ((k, LINK.search(c)) for k, c in enumerate(cells)) if m]
    for k, m in linked:
        if PAPER_URL.search(m["url"]) and not GENERIC_LABELS.match(_clean(m["label"]) or "pdf"):
            return k
    return linked[0][0] if linked else None


def _candidate(text: str) -> tuple[str, list[str], str] | None:
    """(title, urls, tail) when the text of a heading, item or row names a paper by a link, else None."""
    if "](" not in text:
        return None
    text = IMAGE.sub("", text)
    links = [m for m in LINK.finditer(text) if m["url"] and not m["url"].startswith("#")]
    if not links:
        return None
    first = links[0]
    label = _clean(first["label"])
    if GENERIC_LABELS.match(label) or not label or label.startswith(("http://", "https://", "www.")):
        title = _clean(LINK.sub("", text[: first.start()]))  # "Title [[paper](url)]" / "**Title** [pdf](url)"
        tail = text[first.end() :]
        if _sentence_not_title(title):
            return None  # "2026.06.18: Survey V4 released ... Read on [arXiv](...)": news, not a paper
    else:
        title = label
        tail = text[first.end() :]
    title = re.sub(r"^(?:\d{1,3}[.)]\s*|(?:paper|论文)\s*[:：]\s*)", "", _COUNTER.sub("", title), flags=re.I)
    title = title.strip(" -–—:|[]")
    urls = [m["url"] for m in links]
    if len(title) < 4 or re.fullmatch(r"[\d.\-/\s\[\]]+", title):
        return None
    return title, urls, tail


def _sentence_not_title(text: str) -> bool:
    """Text before a generic link that is a dated note or a sentence, not a paper's title."""
    return bool(
        re.match(r"^\W*\d{4}[.\-/]\d{1,2}", text)
        or re.search(r"[.!?]\s+\S", text)
        or re.search(r"\b(?:on|in|at|see|from|via|the|a|an|of|to|here|read)\W*$", text, re.I)
        or len(text.split()) > 30
    )


def _entries(lines: list[str]) -> list[_Entry]:
    marks: list[tuple[int, int, str]] = []  # (index, level, text) of every heading and list item
    for i, line in enumerate(lines):
        found = _level(line)
        if found:
            marks.append((i, found[0], found[1]))
    starts: dict[int, _Entry] = {}
    for i, level, text in marks:
        if level >= 10 and _is_field_item(text):
            continue  # '- **链接: [url](url)**', '- Authors: ...': a field of the entry above, not an entry
        cand = _candidate(text)
        if cand and (PAPER_URL.search(" ".join(cand[1])) or not any(u.startswith("http") for u in cand[1])):
            starts[i] = _Entry(i, cand[0], cand[1], cand[2], level, linked=True)
        elif "](" not in text or not LINK.search(text):
            bold = BOLD_ONLY.match(text)
            if (bold or level < 10) and (title := _COUNTER.sub("", _clean(bold["text"] if bold else text))):
                starts[i] = _Entry(i, title, [], "", level, bold=bool(bold))  # kept if its body has paper fields
    order = sorted(starts)
    position = {j: k for k, (j, _, _) in enumerate(marks)}
    probed: dict[int, bool] = {}
    probes: dict[int, tuple[int, _Entry]] = {}  # the body read by a probe is not read again
    linked_starts = {i for i, e in starts.items() if e.urls}
    for i in order:
        entry = starts[i]
        end = len(lines)
        for k in range(position[i] + 1, len(marks)):  # indices, not a slice: a copy per entry is quadratic
            j, level, _ = marks[k]
            if level <= entry.level and (level < 10 or entry.level >= 10):
                end = j  # a sibling or a heading above: no need to look inside it
                break
            if j in starts and (level <= entry.level or starts[j].urls or level >= 10 > entry.level):
                if j not in probed:
                    probed[j] = bool(starts[j].urls) or _has_fields(
                        lines, starts[j], marks, position[j], probes, linked_starts
                    )
                if probed[j]:
                    end = j
                    break
        entry.end = end
        read = probes.get(i)
        if read and read[0] == end:
            entry.fields, entry.prose, entry.urls = read[1].fields, read[1].prose, entry.urls + read[1].urls
            entry.names = read[1].names
        else:
            _read_body(entry, lines[i + 1 : end])
    sections = _sections([starts[i] for i in order])
    kept: list[_Entry] = []
    open_notes: list[_Entry] = []  # kept entries whose body may still hold this one
    for entry in (starts[i] for i in order):
        linked = entry.linked
        if entry.line in sections:
            continue
        open_notes = [k for k in open_notes if k.end > entry.line]
        if not linked and any(k.level < entry.level for k in open_notes):
            continue  # "## Metadata" inside the note of one paper
        if linked or _has_text(entry) or entry.fields.get("authors"):
            kept.append(entry)
            open_notes.append(entry)
    return kept


def _has_fields(
    lines: list[str],
    start: _Entry,
    marks: list[tuple[int, int, str]],
    k: int,
    probes: dict[int, tuple[int, _Entry]],
    starts_with_links: set[int],
) -> bool:
    """Whether the few lines under a title without a link hold paper fields (authors, abstract); it
    reads up to the next heading or item at its level."""
    j = start.line
    linked = starts_with_links  # a linked entry ends the body of any entry above it
    end = next((i for i, lv, _ in marks[k + 1 : k + 12] if lv <= start.level or i in linked), j + 12)
    probe = _Entry(j, start.title, [], "", start.level, bold=start.bold)
    _read_body(probe, lines[j + 1 : min(j + 12, end)])
    probes[j] = (min(j + 12, end), probe)
    return bool(_has_text(probe) or probe.fields.get("authors"))


def _read_body(entry: _Entry, body: list[str]) -> None:
    current: str | None = None
    for raw in body:
        line = raw.strip()
        if line.startswith(">"):  # '> **作者:** ...': a quoted block holds fields too
            line = line.lstrip("> ").strip()
        heading = HEADING.match(line)
        if heading:
            current = _kind(_clean(heading["text"]))  # "## Abstract" opens a section
            continue
        if not line:
            if current in ("abstract",) and entry.fields.get("abstract"):
                current = "abstract-gap"
            continue
        only = LABEL_ONLY.match(line) if "**" in line or "__" in line else None
        has_colon = ":" in line or "：" in line
        labelled = FIELD_LABEL.match(line) if has_colon and not LINK.match(line.lstrip("-*+ ")) else None
        if only and _kind(only["label"]):
            current = _kind(only["label"])
            continue
        if labelled and not _kind(labelled["label"]) and _BOLD_LABEL.match(line):
            current = None  # '**备注:** ...', '**Comments:** ...': a field this layout does not keep ends the last one
            continue
        if labelled and _kind(labelled["label"]):
            current = _kind(labelled["label"])
            value = _TRAILING_MARKUP.sub("", labelled["value"])  # '- **分类: cs.CL**': the bold closes after it
            entry.fields.setdefault(current, []).append(value)  # type: ignore[arg-type]
            continue
        if current == "abstract-gap":
            current = "abstract" if is_prose(line) and not ITEM.match(raw) else None
        if current and current != "abstract-gap" and not ITEM.match(raw):
            entry.fields.setdefault(current, []).append(line)
        elif (
            current is None
            and not entry.fields
            and not entry.prose
            and (
                names := fields.italic_names(line, entry.title)
                or (fields.plain_names(line, entry.title) if entry.bold else ())
            )
        ):
            entry.fields["authors"], entry.names = [", ".join(names)], names  # "**Title**" / "_A. One, B. Two_"
        elif is_prose(cleaned := _clean(line)):
            entry.prose.append(cleaned)
        if "](" in line:
            entry.urls += [m["url"] for m in LINK.finditer(IMAGE.sub("", line)) if m["url"].startswith("http")]
        current = current if current != "link" else None


def _paper(entry: _Entry, name: str) -> Paper:
    f = entry.fields
    text = f.get("abstract") or f.get("summary")
    abstract = _clean(join_lines(text)) if text else ""
    abstract = abstract or " ".join(entry.prose)
    tail = _clean(entry.tail) if entry.tail.strip() else ""  # most entries have nothing after the title
    italic = _ITALIC.search(entry.tail) if tail else None
    authors_text = join_lines(f.get("authors", [])) or (italic["text"] if italic else "")
    urls = [u for u in entry.urls if u]
    for v in f.get("link", []):
        urls += [m["url"] for m in LINK.finditer(v) if m["url"]] + re.findall(r"https?://\S+", LINK.sub("", v))
    venue_text = join_lines(f.get("venue", [])) or (re.sub(r"^\W+|\W+$", "", _ITALIC.sub("", tail)) if tail else "")
    venue = venue_text if venue_text and re.search(r"[A-Za-z]{2,}.*\b(?:19|20)\d\d\b", venue_text) else None
    arxiv_id = next((a for a in (fields.arxiv_id_in(u) for u in urls) if a), None)
    doi = fields.clean_doi(join_lines(f["doi"])) if "doi" in f else None
    doi = doi or next((fields.clean_doi(u) for u in urls if "doi.org/" in u or "/doi/" in u), None)  # dl.acm.org/doi/…
    pdf = next((u for u in urls if re.search(r"\.pdf(?:$|[?#])|arxiv\.org/pdf/", u)), None)
    return record(
        name,
        entry.line + 1,
        entry.title,
        abstract,
        authors=entry.names or (fields.split_names(_clean(authors_text)) if authors_text else ()),
        arxiv_id=arxiv_id,
        doi=doi,
        venue=venue,
        categories=fields.categories_of(join_lines(f["categories"])) if "categories" in f else (),
        published=fields.date_from_text(join_lines(f.get("date", [])) or (venue or "")),
        pdf_url=None if arxiv_id else pdf,
        links=tuple(u for u in dict.fromkeys(urls) if u.startswith("http") and "arxiv.org" not in u),
    )


def _has_text(entry: _Entry) -> bool:
    return bool(entry.fields.get("abstract") or entry.fields.get("summary"))


def _is_field_item(text: str) -> bool:
    """A list item that is a labelled field ('**Authors:** ...', '链接: [pdf](url)'), not a paper."""
    if ":" not in text and "：" not in text:
        return False
    m = FIELD_LABEL.match(text)
    if not m or not _kind(m["label"]):
        return False
    link = LINK.search(m["value"]) if _kind(m["label"]) == "link" else None
    label = _clean(link["label"]) if link else ""
    # '- Paper: [Title](url)' names a paper; '- 链接: [https://…](https://…)' and '- Code: [GitHub](…)' do not.
    return not label or bool(GENERIC_LABELS.match(label)) or label.startswith(("http://", "https://", "www."))


def _sections(entries: list[_Entry]) -> set[int]:
    """Lines of headings that hold two or more headed entries with fields of their own: the
    '# cs.CL' and '## New submissions' of a digest are sections, not papers whose body is the
    digest (a one-paper note has at most one such part, its '## Metadata')."""
    found: set[int] = set()
    for k, entry in enumerate(entries):
        if entry.linked or entry.level >= 10 or not (_has_text(entry) or entry.fields.get("authors")):
            continue
        parts = 0
        for inner in entries[k + 1 :]:
            if inner.line >= entry.end:
                break
            if inner.level < 10 and inner.level > entry.level and (_has_text(inner) or inner.fields.get("authors")):
                parts += 1
                if parts == 2:
                    found.add(entry.line)
                    break
    return found
