"""Pages already on disk: read and split once per run, their front matter parsed once, and what
the index pages should say about each (the user's edits win over the generator's values)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..identity.attach import PageCard
from ..identity.slug import slugify
from ..model import NOTES_HEADING, NOTES_HINT, STATUSES, PageInfo, Paper, Problem, paper_slug
from .blocks import Legacy, SplitPage, conflict_line, edited_keys, has_provenance, split_page

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
# Front-matter keys that decide what index pages say about a paper.
INFO_KEYS = {"fm:title", "fm:topic", "fm:tags", "fm:status", "fm:rating", "fm:published"}
UNREADABLE = "\0unreadable"  # stands for a file that exists but cannot be read as UTF-8


@dataclass(frozen=True)
class ExistingPage:
    path: str  # relative to content/
    text: str
    split: SplitPage
    meta: dict | None  # None when its front matter is broken: such a page is never rewritten
    conflict: int | None = None  # line of a git conflict marker: never rewritten, never read as edits


def read_text(path: Path) -> str | None:
    """A file's text as it is now: None when missing, UNREADABLE when it cannot be decoded."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return UNREADABLE


def page_paths(content: Path) -> list[str]:
    """The content-relative path of every Markdown page under content/, in a stable order."""
    if not content.is_dir():
        return []
    rels = (path.relative_to(content).as_posix() for path in sorted(content.rglob("*.md")))
    return [rel for rel in rels if not any(part.startswith(".") for part in rel.split("/"))]


def load_page(content: Path, rel: str, show, problems: list[Problem]) -> ExistingPage:
    path = content / rel
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        problems.append(Problem(show(path), 1, f"cannot read page ({err}); left as it is"))
        return ExistingPage(rel, "", split_page(""), None)
    split = split_page(text)
    return ExistingPage(rel, text, split, front_matter(split, show(path), problems), conflict_line(text))


def load_existing(
    content: Path, show, problems: list[Problem], skip: Container[str] = frozenset()
) -> dict[str, ExistingPage]:
    """Every Markdown page under content/ but those in `skip`, keyed by its content-relative path.
    `show` turns a path into the form the user sees in messages."""
    return {rel: load_page(content, rel, show, problems) for rel in page_paths(content) if rel not in skip}


def front_matter(page: SplitPage, shown: str, problems: list[Problem]) -> dict | None:
    """The page's front matter as a dict; {} when it has none; None (and a problem naming the
    line) when it is not valid YAML."""
    if not page.head:
        return {}
    source = "".join(s.text for s in page.front)
    try:
        try:
            meta = yaml.load(source, Loader=_YAML_LOADER) or {}
        except yaml.YAMLError:
            meta = yaml.safe_load(source) or {}  # the pure-Python parser points at a better line
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = (mark.line + 2) if mark else 2  # +1 for the opening '---', +1 for 1-based lines
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        problems.append(
            Problem(
                shown,
                line,
                f"front matter is not valid YAML ({reason}). Fix that line "
                "(quote titles containing ': ' or '#'); this page is left untouched.",
            )
        )
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, "front matter must be 'key: value' lines; this page is left untouched."))
        return None
    return meta


def generated_info(paper: Paper, order: int) -> PageInfo:
    return PageInfo(
        slug=paper.slug,
        title=paper.title,
        topic=paper.topic,
        tags=paper.tags,
        status=STATUSES[0],
        rating=None,
        published=paper.published,
        added=order,
    )


def effective_info(paper: Paper, page: ExistingPage | None, legacy: Legacy | None, order: int) -> PageInfo:
    """What the index pages say about a listed paper: the generator's values, except for the keys
    the user edited, which are as on disk."""
    generated = generated_info(paper, order)
    if page is None or not page.meta or page.conflict:
        return generated
    edited = {key[3:] for key in edited_keys(page.split, legacy) & INFO_KEYS}
    if not edited:
        return generated
    # Only what the user edited: the other keys are refreshed by this very run.
    return info_from_meta(paper.slug, {k: v for k, v in page.meta.items() if k in edited}, generated)


def orphan_info(slug: str, page: ExistingPage) -> PageInfo:
    """What the index pages say about a page whose paper is in no listing any more."""
    fallback = PageInfo(
        slug=slug, title=slug, topic="other", tags=(), status=STATUSES[0], rating=None, published=None, added=-1
    )
    return info_from_meta(slug, page.meta or {}, fallback)


def info_from_meta(slug: str, meta: dict, fallback: PageInfo) -> PageInfo:
    """A page's index entry from its front matter as the user left it; missing or unusable
    values fall back to the generator's (a topic typed by hand is slugged, never a path)."""

    def pick(key, default):
        value = meta.get(key)
        return default if value is None or value == "" else value

    tags = meta.get("tags", list(fallback.tags))
    tags = tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),) if tags else ()
    status = str(pick("status", fallback.status)).strip().lower()
    published = pick("published", fallback.published)
    rating = meta.get("rating")
    return PageInfo(
        slug=slug,
        title=str(pick("title", fallback.title)),
        topic=slugify(str(pick("topic", fallback.topic))),
        tags=tags,
        status=status if re.fullmatch(r"[a-z-]{1,20}", status) else STATUSES[0],
        rating=rating if isinstance(rating, (int, float)) and not isinstance(rating, bool) else None,
        published=str(published) if published else None,
        added=fallback.added,
    )


def untouched(page: ExistingPage, legacy: Legacy | None) -> bool:
    """True when every generated block of a page is still as the generator wrote it and the
    page has no text of the user's beyond the empty notes section."""
    segments = page.split.front + page.split.body
    if page.conflict or not any(s.key for s in segments) or edited_keys(page.split, legacy):
        return False
    empty_notes = ("", NOTES_HEADING, NOTES_HINT, f"{NOTES_HEADING}\n\n{NOTES_HINT}")
    return all(seg.text.strip() in empty_notes for seg in segments if seg.key is None)


_ESCAPED = re.compile(r"\\([\\`*_\[\]{}#|~^.)+=>!-])")
_ABSTRACT = re.compile(r"\A<!-- generated:abstract [^\n]*\n(?:## Abstract\n\n)?(.*?)\n?<!-- /generated", re.S)


def card_of(page: ExistingPage, shown: str) -> PageCard:
    """What a paper page says about its paper, for identity: its id, and its title, abstract (read
    back from the abstract block, escapes undone), links, arXiv id and DOI."""
    meta = page.meta or {}
    abstract = ""
    for seg in page.split.body:
        if seg.key == "body:abstract" and (m := _ABSTRACT.match(seg.text.replace("\r\n", "\n"))):
            abstract = html.unescape(_ESCAPED.sub(r"\1", m.group(1)))
    links = meta.get("links")
    # A title the user typed over says nothing about which listing entry the page shows. Read as
    # evidence it would outvote the abstract ("one abstract under two titles"), and the page would
    # lose its paper as soon as the listing's abstract was corrected too.
    retitled = has_provenance(page.split) and "fm:title" in edited_keys(page.split)
    paper = Paper(
        title=str(meta.get("title") or ""),
        abstract=abstract,
        sources=(),
        title_derived=bool(meta.get("title_derived")) or retitled,
        links=tuple(str(u) for u in links) if isinstance(links, list) else (),
        arxiv_id=str(meta["arxiv_id"]) if meta.get("arxiv_id") else None,
        doi=str(meta["doi"]) if meta.get("doi") else None,
    )
    id_line = next((i + 1 for i, line in enumerate(page.text.split("\n")) if line.startswith("id:")), 1)
    pid = meta.get("id")
    return PageCard(
        page.path,
        shown,
        paper_slug(page.path) or page.path,
        str(pid) if pid not in (None, "") else None,
        id_line,
        paper,
    )


class Pages(Mapping[str, ExistingPage]):
    """The pages under content/ by content-relative path: every page is read now except those in
    `unread` (the ones a record says are as the last run left them), which are read when asked for."""

    def __init__(self, content: Path, show, problems: list[Problem], unread: Container[str] = frozenset()):
        self._content, self._show, self._problems = content, show, problems
        self._paths = page_paths(content)
        self._read = {rel: load_page(content, rel, show, problems) for rel in self._paths if rel not in unread}

    def __getitem__(self, rel: str) -> ExistingPage:
        page = self._read.get(rel)
        if page is None:
            if rel not in self._paths_set:
                raise KeyError(rel)
            page = self._read[rel] = load_page(self._content, rel, self._show, self._problems)
        return page

    @functools.cached_property
    def _paths_set(self) -> set[str]:
        return set(self._paths)

    def __contains__(self, rel: object) -> bool:
        return rel in self._read or rel in self._paths_set

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def read(self) -> dict[str, ExistingPage]:
        """The pages read so far."""
        return self._read
