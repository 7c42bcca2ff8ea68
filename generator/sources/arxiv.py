"""Add papers by arXiv id: ids and URLs -> the arXiv API (Atom) -> a BibTeX entry in abstracts/.

`parse_id` and `parse_feed` are pure; `fetch` is the only network call and turns every way of
failing to get an answer into an `ArxivError` whose message tells the user what to do."""

from __future__ import annotations

import http.client
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from .. import __version__
from ..model import ARXIV_ID, ARXIV_NEW_ID, ARXIV_OLD_ID, fold_ascii
from ..site.bibtex_out import format_authors, format_entry

API = "https://export.arxiv.org/api/query"
API_ENV = "PAPERLIST_ARXIV_API"  # point the client at another server (a mirror, or a test server)
TIMEOUT = 30
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"

_ID = ARXIV_ID
_URL = re.compile(
    rf"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>{ARXIV_NEW_ID}|{ARXIV_OLD_ID})"
    r"(?P<version>v\d+)?(?:\.pdf)?/?(?:[?#].*)?$",
    re.I,
)


class ArxivError(Exception):
    """Something the user can act on; the message is printed as it is."""


@dataclass(frozen=True)
class ArxivPaper:
    id: str  # without version: 1706.03762
    version: str | None  # v7
    title: str
    abstract: str
    authors: tuple[str, ...]
    published: str  # YYYY-MM-DD, first version
    updated: str | None
    categories: tuple[str, ...]  # primary first
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.id}"


def parse_id(text: str) -> str | None:
    """'arXiv:1706.03762', '1706.03762v5', 'https://arxiv.org/abs/1706.03762', '.../pdf/1706.03762v7.pdf',
    'hep-th/9901001' -> the id (with its version if one was given); None when it is not an arXiv id."""
    text = text.strip()
    text = re.sub(r"^arxiv:\s*", "", text, flags=re.I)
    m = _ID.match(text) or _URL.match(text)
    return (m["id"] + (m["version"] or "")) if m else None


def base_id(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id)


def api_base() -> str:
    return os.environ.get(API_ENV) or API


def query_url(ids: list[str], api: str | None = None) -> str:
    return (api or api_base()) + "?" + urllib.parse.urlencode({"id_list": ",".join(ids), "max_results": str(len(ids))})


def fetch(
    ids: list[str], api: str | None = None, timeout: float = TIMEOUT, opener: Callable = urllib.request.urlopen
) -> bytes:
    """The API's Atom answer for these ids. Every network failure becomes an ArxivError."""
    url = query_url(ids, api)
    host = urllib.parse.urlsplit(url).hostname or url
    request = urllib.request.Request(url, headers={"User-Agent": f"paperlist/{__version__} (reading list generator)"})
    hint = "check your connection or paste the abstract with 'paperlist add < file'"
    try:
        with opener(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        raise ArxivError(
            f"{host} answered HTTP {err.code} {err.reason}; try again in a minute, or paste the "
            "abstract with 'paperlist add < file'"
        ) from None
    except urllib.error.URLError as err:
        raise ArxivError(f"cannot reach {host} ({_reason(err.reason)}); {hint}") from None
    except TimeoutError as err:
        raise ArxivError(f"cannot reach {host} (no answer in {timeout:g} s: {err}); {hint}") from None
    except (OSError, http.client.HTTPException) as err:
        raise ArxivError(f"cannot reach {host} ({_reason(err)}); {hint}") from None


def _reason(reason) -> str:
    if isinstance(reason, BaseException):
        text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    else:
        text = str(reason)
    return text.rstrip(".")


def _text(element: ET.Element | None) -> str:
    return re.sub(r"\s+", " ", element.text or "").strip() if element is not None else ""


def parse_feed(data: bytes | str) -> list[ArxivPaper]:
    """Papers of an arXiv API Atom answer. An API error entry raises ArxivError with its message."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise ArxivError(f"the arXiv API sent something that is not an Atom feed ({err})") from None
    papers = []
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = _text(entry.find(f"{_ATOM}id"))
        if "/api/errors" in entry_id:
            raise ArxivError(f"the arXiv API refused the query: {_text(entry.find(f'{_ATOM}summary'))}")
        m = re.search(rf"arxiv\.org/abs/({ARXIV_NEW_ID}|{ARXIV_OLD_ID})(v\d+)?", entry_id)
        title = _text(entry.find(f"{_ATOM}title"))
        abstract = _text(entry.find(f"{_ATOM}summary"))
        if not m or not title or not abstract:
            continue  # the API's placeholder for an id it does not know
        primary = entry.find(f"{_ARXIV}primary_category")
        terms = [primary] if primary is not None else []
        terms += entry.findall(f"{_ATOM}category")
        categories = [term for c in terms if (term := c.get("term"))]
        papers.append(
            ArxivPaper(
                id=m.group(1),
                version=m.group(2),
                title=title,
                abstract=abstract,
                authors=tuple(_text(a.find(f"{_ATOM}name")) for a in entry.findall(f"{_ATOM}author")),
                published=_text(entry.find(f"{_ATOM}published"))[:10],
                updated=_text(entry.find(f"{_ATOM}updated"))[:10] or None,
                categories=tuple(dict.fromkeys(categories)),
                doi=_text(entry.find(f"{_ARXIV}doi")) or None,
                journal_ref=_text(entry.find(f"{_ARXIV}journal_ref")) or None,
                comment=_text(entry.find(f"{_ARXIV}comment")) or None,
            )
        )
    return papers


def lookup(ids: list[str], api: str | None = None, opener: Callable = urllib.request.urlopen) -> list[ArxivPaper]:
    """Fetch these ids in one API call; every id must come back."""
    papers = parse_feed(fetch(ids, api, opener=opener))
    found = {p.id for p in papers}
    missing = [i for i in ids if base_id(i) not in found]
    if missing:
        raise ArxivError(f"arXiv has no paper {', '.join(missing)}; check the id")
    by_id = {p.id: p for p in papers}
    return [by_id[base_id(i)] for i in ids]


def citation_key(paper: ArxivPaper) -> str:
    """vaswani2017attention: first author's last name, year, first long word of the title."""

    def ascii_word(text: str) -> str:
        text = fold_ascii(text).lower()
        return re.sub(r"[^a-z0-9]", "", text)

    last = ascii_word(paper.authors[0].split()[-1]) if paper.authors else "anonymous"
    words = [ascii_word(w) for w in paper.title.split()]
    word = next(
        (w for w in words if len(w) > 3 and w not in {"with", "from", "that", "this", "into", "towards"}),
        words[0] if words else "",
    )
    return f"{last}{paper.published[:4]}{word}"


def to_bibtex(paper: ArxivPaper) -> str:
    """The paper as a BibTeX entry our BibTeX input format reads back: title, authors, date,
    abstract, categories, arXiv id, abstract page and PDF links."""
    year, month, _ = (paper.published + "--").split("-", 2)
    values = [
        ("title", paper.title),
        ("author", format_authors(list(paper.authors))),
        ("year", year),
        ("month", month.lstrip("0")),
        ("date", paper.published),
        ("eprint", paper.id),
        ("archiveprefix", "arXiv"),
        ("primaryclass", paper.categories[0] if paper.categories else ""),
        ("categories", ", ".join(paper.categories)),
        ("url", paper.abs_url),
        ("pdf", paper.pdf_url),
        ("doi", paper.doi or ""),
        ("journal", paper.journal_ref or ""),
        ("abstract", paper.abstract),
    ]
    return format_entry("misc", citation_key(paper), [(k, v) for k, v in values if v])


def listing_name(arxiv_id: str) -> str:
    """File name of the listing that holds one arXiv paper: arxiv-1706.03762.bib."""
    return "arxiv-" + base_id(arxiv_id).replace("/", "_") + ".bib"
