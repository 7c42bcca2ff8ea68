"""The pipeline: read -> parse -> dedupe -> classify -> render -> merge with what is on disk.

`plan()` gathers and computes everything without touching the disk; `apply()` writes. A check
run is a plan that is only reported."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import classify
from . import taxonomy as taxonomy_mod
from .blocks import edited_keys, merge_page, split_page
from .config_sync import sync_config
from .dedupe import dedupe, paper_id
from .export import render_exports, site_settings
from .formats import parse_listing
from .paper import Paper, Problem
from .read import find_listings, read_listing
from .render import NOTES_HEADING, NOTES_HINT, render_paper
from .render_index import STATUSES, PageInfo, TopicInfo, render_index_pages, topic_neighbours
from .slug import assign_slugs, slugify
from .store import State, remove_stale_temp_files, run_lock, sync_all, write_atomic  # noqa: F401 (run_lock re-exported)

PAPERS_DIR = "papers"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


@dataclass(frozen=True)
class Project:
    root: Path
    abstracts: Path
    content: Path
    topics: Path

    @classmethod
    def at(cls, root: Path, abstracts: str = "abstracts", content: str = "content",
           topics: str = "topics.yml") -> Project:
        return cls(root, root / abstracts, root / content, root / topics)

    def show(self, path: Path) -> str:
        """A path as the user should see it: relative to the project, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class Plan:
    files: int = 0
    entries: int = 0
    papers: list[Paper] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    writes: dict[str, str] = field(default_factory=dict)  # content-relative path -> new text
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: dict[str, tuple[str, ...]] = field(default_factory=dict)
    orphaned: list[str] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)
    old_texts: dict[str, str | None] = field(default_factory=dict)
    config_writes: dict[Path, str] = field(default_factory=dict)  # mkdocs.yml's tags_allowed
    state: State | None = None

    @property
    def changes(self) -> bool:
        return bool(self.writes or self.removals or self.config_writes)


@dataclass(frozen=True)
class ExistingPage:
    path: str
    text: str
    meta: dict | None  # None when its front matter is broken


def read_papers(project: Project, progress: Callable[[str], None] = lambda _: None) -> tuple[list[Paper], Plan]:
    plan = Plan()
    listings = find_listings(project.abstracts) if project.abstracts.is_dir() else []
    if not listings:
        plan.problems.append(Problem(project.show(project.abstracts), 0,
                                     "no listing files (*.txt) found; paste some abstracts there first"))
    found: list[Paper] = []
    for path in listings:
        progress(f"reading {project.show(path)}")
        text = read_listing(path, project.show(path))
        listing = parse_listing(text.text, text.name)
        plan.files += 1
        plan.formats[text.name] = listing.format
        plan.problems += list(text.problems) + list(listing.problems)
        found += listing.papers
    plan.entries = len(found)
    return found, plan


def load_existing(project: Project, problems: list[Problem]) -> dict[str, ExistingPage]:
    """Every Markdown page under content/, keyed by its content-relative path."""
    pages: dict[str, ExistingPage] = {}
    if not project.content.is_dir():
        return pages
    for path in sorted(project.content.rglob("*.md")):
        rel = path.relative_to(project.content).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            problems.append(Problem(project.show(path), 1, f"cannot read page ({err}); left as it is"))
            pages[rel] = ExistingPage(rel, "", None)
            continue
        meta = front_matter(text, project.show(path), problems)
        pages[rel] = ExistingPage(rel, text, meta)
    return pages


def front_matter(text: str, shown: str, problems: list[Problem]) -> dict | None:
    page = split_page(text)
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
        problems.append(Problem(shown, line, f"front matter is not valid YAML ({reason}). Fix that line "
                                             "(quote titles containing ': ' or '#'); this page is left untouched."))
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, "front matter must be 'key: value' lines; this page is left untouched."))
        return None
    return meta


def plan(project: Project, progress: Callable[[str], None] = lambda _: None) -> Plan:
    found, result = read_papers(project, progress)
    taxonomy = taxonomy_mod.load_taxonomy(project.topics)
    progress(f"deduplicating {len(found)} entries")
    papers = dedupe(found)
    progress(f"classifying {len(papers)} papers")
    papers = classify.classify(papers, taxonomy)
    existing = load_existing(project, result.problems)
    state = State.load(project.content)
    result.state = state

    ids = [paper_id(p) for p in papers]
    known_ids = {str(page.meta["id"]): rel[len(PAPERS_DIR) + 1:-3] for rel, page in existing.items()
                 if rel.startswith(PAPERS_DIR + "/") and page.meta and page.meta.get("id")}
    slugs = assign_slugs([(pid, p.title) for pid, p in zip(ids, papers, strict=True)], known_ids)
    papers = [dataclasses.replace(p, slug=slugs[pid], extra={**p.extra, "id": pid})
              for pid, p in zip(ids, papers, strict=True)]
    by_id = {pid: p for pid, p in zip(ids, papers, strict=True)}
    result.papers = papers

    progress(f"rendering {len(papers)} pages")
    related = {p.slug: [(by_id[r].title, by_id[r].slug) for r in p.related if r in by_id] for p in papers}
    rels = [f"{PAPERS_DIR}/{p.slug}.md" for p in papers]
    # What each page will say, user edits included, decides the topic pages and the links to a
    # paper's neighbours in its topic. Known before rendering: the generator's values, except
    # for keys the user edited, which are as on disk.
    infos = [_effective_info(paper, existing.get(rel), state.written(rel), order)
             for order, (paper, rel) in enumerate(zip(papers, rels, strict=True))]
    _sort_leftovers(result, existing, set(rels), state)
    infos += [_page_info(rel[len(PAPERS_DIR) + 1:-3], existing[rel].text, None, -1, [], project, rel)
              for rel in result.orphaned]  # pages of vanished papers that keep the user's notes
    neighbours = topic_neighbours(infos)
    for paper, rel in zip(papers, rels, strict=True):
        fresh = render_paper(paper, related[paper.slug], neighbours.get(paper.slug))
        _merge_into(result, existing.get(rel), rel, fresh, state)

    topics = [TopicInfo(t.slug, t.name, t.description) for t in taxonomy.topics]
    for rel, text in render_index_pages(topics, infos).items():
        _merge_into(result, existing.get(rel), rel, text, state)
    for rel, text in render_exports(papers, infos, **site_settings(project.root)).items():
        _put_generated_file(result, project, rel, text)  # papers.json/.csv/.bib, feed.xml
    known = {t.slug for t in topics}
    nav = [(t.slug, t.name) for t in topics] + [(s, s.replace("-", " ").title())
                                              for s in sorted({i.topic for i in infos} - known)]
    _sync_config(result, project, classify.tag_vocabulary(taxonomy) + [t for i in infos for t in i.tags], nav)
    return result


def _sync_config(result: Plan, project: Project, tags: list[str], topics: list[tuple[str, str]]) -> None:
    config = project.root / "mkdocs.yml"
    old = _current(config)
    new = sync_config(old, tags, topics) if old else None
    if new is not None and new != old:
        result.config_writes[config] = new


def _put_generated_file(result: Plan, project: Project, rel: str, text: str) -> None:
    """A file that is generator output through and through (a feed, a catalog, a chart), never
    edited by hand: written whenever its content differs, not merged like a page."""
    old = _current(project.content / rel)
    if old == text:
        result.unchanged.append(rel)
        return
    (result.new if old is None else result.updated).append(rel)
    result.writes[rel] = text
    result.old_texts[rel] = old


INFO_KEYS = {"fm:title", "fm:topic", "fm:tags", "fm:status", "fm:rating", "fm:published"}


def _effective_info(paper: Paper, page: ExistingPage | None, written: dict[str, list[str]], order: int) -> PageInfo:
    generated = PageInfo(slug=paper.slug, title=paper.title, topic=paper.topic, tags=paper.tags,
                         status=STATUSES[0], rating=None, published=paper.published, added=order)
    if page is None or not page.meta or not (edited_keys(page.text, written) & INFO_KEYS):
        return generated
    return _info_from_meta(paper.slug, page.meta, generated)


def _sort_leftovers(result: Plan, existing: dict[str, ExistingPage], wanted: set[str], state: State) -> None:
    """Pages of papers no longer in any listing: removed when nobody touched them, else kept
    and reported as orphaned (never delete notes)."""
    for rel, page in existing.items():
        if rel.startswith(PAPERS_DIR + "/") and rel not in wanted:
            if page.meta is not None and _untouched(page.text, state.written(rel)):
                result.removals.append(rel)
            else:
                result.orphaned.append(rel)


def _untouched(text: str, written: dict[str, list[str]]) -> bool:
    """True when every generated block of a page is still as the generator wrote it and the
    page has no text of the user's beyond the empty notes section."""
    page = split_page(text)
    if edited_keys(page, written):
        return False
    empty_notes = ("", NOTES_HEADING, NOTES_HINT, f"{NOTES_HEADING}\n\n{NOTES_HINT}")
    return bool(written) and all(seg.text.strip() in empty_notes for seg in page.front + page.body if seg.key is None)


def _merge_into(result: Plan, page: ExistingPage | None, rel: str, fresh: str, state: State) -> str:
    if page is not None and page.meta is None:
        result.unchanged.append(rel)  # broken front matter: reported already, never overwritten
        return page.text
    old = page.text if page else None
    merged = merge_page(old, fresh, state.written(rel))
    state.record(rel, merged.hashes)
    if merged.kept:
        result.kept_edits[rel] = tuple(k.split(":", 1)[1] for k in merged.kept)
    if old is None:
        result.new.append(rel)
    elif merged.text != old:
        result.updated.append(rel)
    else:
        result.unchanged.append(rel)
    if merged.text != old:
        result.writes[rel] = merged.text
        result.old_texts[rel] = old
    return merged.text


def _page_info(slug: str, text: str, paper: Paper | None, order: int, problems: list[Problem],
               project: Project, rel: str) -> PageInfo:
    meta = front_matter(text, project.show(project.content / rel), problems if paper else []) or {}
    fallback = PageInfo(slug=slug, title=paper.title if paper else slug, topic=paper.topic if paper else "other",
                        tags=paper.tags if paper else (), status=STATUSES[0], rating=None,
                        published=paper.published if paper else None, added=order)
    return _info_from_meta(slug, meta, fallback)


def _info_from_meta(slug: str, meta: dict, fallback: PageInfo) -> PageInfo:
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


def apply(project: Project, result: Plan) -> list[str]:
    """Write the plan; returns the pages skipped because they changed on disk meanwhile.

    The record of generated blocks is saved first: it remembers old and new versions, so a run
    killed between two page writes leaves pages that the next run still recognises as its own.
    Run it under `run_lock(project.content)` together with the `plan()` it applies."""
    remove_stale_temp_files(project.content)
    for rel in result.removals:
        result.state.forget(rel)
    result.state.save(project.content)
    skipped = []
    for rel, text in sorted(result.writes.items()):
        path = project.content / rel
        if _current(path) != result.old_texts.get(rel):
            skipped.append(rel)  # someone saved the page after we read it: their version stays
            continue
        write_atomic(path, text)
    for rel in result.removals:
        (project.content / rel).unlink(missing_ok=True)
    for path, text in result.config_writes.items():
        write_atomic(path, text)
    if result.writes or result.removals:
        sync_all()
    return skipped


def _current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return "\0unreadable"


__all__ = ["Plan", "Project", "apply", "plan", "read_papers", "run_lock", "front_matter"]
