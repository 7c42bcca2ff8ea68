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
    Seen titles reach 183 characters, abstracts start around 400. Text mostly in a script written
    without spaces (Chinese, Japanese) is measured in characters, not words."""
    if not line.isascii():  # most lines are ASCII: the script checks only run for the others
        if unspaced_share(line) > 0.3:
            return _looks_like_unspaced_abstract(line)
        if script_letters(line) == "other":  # Cyrillic, Greek, Arabic, Devanagari, ...: no capital-letter rule
            return len(line.split()) > MAX_TITLE_WORDS or len(line) >= 300 or is_prose(line)
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


# ---------------------------------------------------------------- any script
# Scripts written without spaces between words: CJK ideographs, kana, Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Sentence ends in any script: Latin/Cyrillic/Greek, CJK full stops, Devanagari danda, Arabic, Armenian.
_SENTENCE_END = re.compile(r"[。！？]|[.!?।॥؟۔։](?=\s|$|[^\w])")


_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def unspaced_share(text: str) -> float:
    """Share of the letters that belong to scripts written without spaces between words."""
    letters = len(_LETTER.findall(text))
    return len(_UNSPACED.findall(text)) / letters if letters else 0.0


def _looks_like_unspaced_abstract(line: str) -> bool:
    # One ideograph carries about one word: 150 characters is a long title, an abstract has sentences.
    chars = len(line.strip())
    sentences = len(_SENTENCE_END.findall(line.strip()))
    return chars >= 150 or (chars >= 40 and sentences >= 2)


def is_prose(text: str) -> bool:
    """Prose in any script: an abstract-like line, or sentences in a script the Latin rule of
    `looks_like_abstract` does not see (Cyrillic, Arabic, Devanagari)."""
    if len(text) < 29:  # fewer characters than 15 one-letter words: no rule below can hold
        return False
    if (text.isascii() or script_letters(text) != "other") and looks_like_abstract(text):
        return True  # ASCII text is Latin or has no letters: the script count is skipped
    words = text.split()
    return len(words) >= 15 and len(_SENTENCE_END.findall(text)) >= 2


# Words every research abstract uses and meeting notes or chat rarely do, in a few languages.
_RESEARCH = re.compile(
    r"\b(?:we|our|this (?:paper|work|study|article|report)|propos\w*|present\w*|introduc\w*|show\w*|demonstrat\w*|"
    r"result\w*|method\w*|approach\w*|model\w*|experiment\w*|evaluat\w*|performance|dataset\w*|framework\w*|"
    r"algorithm\w*|analy[sz]\w*|novel|state-of-the-art|benchmark\w*|nous|wir|мы|метод\w*|результат\w*|"
    r"предлага\w*|эксперимент\w*|модел\w*|данн\w*|подход\w*|показ\w*)\b|"
    r"本文|我们|提出|方法|实验|模型|结果|研究|本研究|提案|手法|본 논문|제안",
    re.I,
)


def scholarly(text: str) -> bool:
    """Research prose: three different research words (we, propose, results, method, ...). Text in a
    script without such a list here is given the benefit of the doubt."""
    if script_letters(text) == "other" and not re.search(r"[А-Яа-я]", text):
        return True
    return len({m.lower()[:5] for m in _RESEARCH.findall(text)}) >= 3


def script_letters(text: str) -> str:
    """The script family of most letters: 'latin', 'unspaced' (CJK, Thai, ...), 'other' or 'none'."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return "none"
    if len(_UNSPACED.findall(text)) > letters / 3:
        return "unspaced"
    return "latin" if len(_LATIN.findall(text)) > letters / 2 else "other"


# ---------------------------------------------------------------- text clean-up shared by layouts
# Toggles, truncation marks and e-mail digest footers that come along with copied text.
_ABSTRACT_CHROME = re.compile(
    r"\s*(?:△\s*Less|▽\s*More|\\\\\s*\(\s*https?://arxiv\.org/abs/\S+\s*,\s*\d+kb\))\s*", re.I
)
LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z .-]{1,24}?)\s*:\s*(?P<value>.*)$")
# Metadata labels that must never start a title or be part of an abstract.
METADATA_LABELS = {
    "title",
    "authors",
    "author",
    "comments",
    "subjects",
    "categories",
    "journal-ref",
    "journal ref",
    "doi",
    "acm-class",
    "acm class",
    "msc-class",
    "msc class",
    "report-no",
    "report number",
    "license",
    "date",
    "submitted",
    "abstract",
    "keywords",
    "tl;dr",
    "primary area",
    "cite as",
    "published",
    "venue",
    "pdf",
}


def join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines of one paragraph as one line. No space is put between two characters of
    a script written without spaces."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not (_UNSPACED.match(out[-1]) and _UNSPACED.match(line[0])):
            out += " "
        out += line
    return out


def reflow(text: str) -> str:
    """Paragraphs of a hard-wrapped text as one line each, joined by a space."""
    paragraphs = [join_lines(p.split("\n")) for p in re.split(r"\n\s*\n", text)]
    return " ".join(p for p in paragraphs if p)


def clean_abstract(text: str) -> str:
    """An abstract without 'Abstract:' label, '▽ More'/'△ Less' toggles, digest footers and doubled
    spaces. When a search page was copied with the abstract expanded, the full text follows
    '▽ More': the truncated snippet before it is dropped."""
    text = text.strip()
    if text[:9].lower().startswith("abstract"):
        text = re.sub(r"^Abstract\s*[:：]\s*", "", text, flags=re.I)
    if "▽" in text or "△" in text or "\\\\" in text:  # a quick test: most abstracts have no chrome
        more = re.search(r"▽\s*More", text)
        if more and len(text) - more.end() > more.start():  # snippet ... ▽ More full text △ Less
            text = text[more.end() :]
        text = _ABSTRACT_CHROME.sub(" ", text)
    return " ".join(text.split())


def is_metadata_line(line: str) -> bool:
    """'Authors: ...', 'Subjects: ...': a labelled metadata line, never a title."""
    m = LABEL.match(line)
    return bool(m and m["label"].strip().lower() in METADATA_LABELS)


def record(
    name: str,
    line: int,
    title: str,
    abstract: str = "",
    *,
    authors: tuple[str, ...] = (),
    arxiv_id: str | None = None,
    doi: str | None = None,
    venue: str | None = None,
    categories: tuple[str, ...] = (),
    published: str | None = None,
    pdf_url: str | None = None,
    links: tuple[str, ...] = (),
    listed: str | None = None,
) -> Paper:
    """A paper of a richer layout. An empty abstract means the listing had none: the page says so
    and `paperlist add` can fetch it later."""
    title = " ".join(title.split())
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # DBLP and many reading lists end every title with a full stop
    abstract = clean_abstract(abstract) if abstract else ""
    if arxiv_id:
        links = (f"https://arxiv.org/abs/{arxiv_id}", *links)
        pdf_url = pdf_url or f"https://arxiv.org/pdf/{arxiv_id}"
    if doi:
        links = (*links, f"https://doi.org/{doi}")
    return Paper(
        title=title or fields.derive_title(abstract),
        title_derived=not title,
        abstract=abstract,
        sources=(Source(name, line, listed),),
        authors=len(authors) or None,
        published=published,
        links=tuple(dict.fromkeys((*links, *fields.extract_links(abstract)))),
        acronym=fields.extract_acronym(title) if title else None,
        author_names=authors,
        arxiv_id=arxiv_id,
        doi=doi,
        venue=venue or None,
        categories=categories,
        pdf_url=pdf_url,
    )
