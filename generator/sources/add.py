"""`paperlist add`: new listing files in abstracts/ from pasted text (stdin) or arXiv ids.

Nothing here builds pages: a paper is added by writing a listing file that the normal import
reads, so added papers go through the same parse, dedupe, classify, render and merge path as
pasted ones. The caller runs the import afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..formats import parse_listing
from . import arxiv
from .files import decode_listing


class AddError(Exception):
    """A reason to stop before anything is written; the message is shown as it is."""


def _create(path: Path, text: str) -> Path:
    """Write a new file, never over an existing one: name.txt, name-2.txt, name-3.txt ..."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stem, suffix, n = path.stem, path.suffix, 2
    while True:
        try:
            with path.open("x", encoding="utf-8", newline="\n") as f:
                f.write(text)
            return path
        except FileExistsError:
            path = path.with_name(f"{stem}-{n}{suffix}")
            n += 1


def add_text(abstracts: Path, data: bytes, now: datetime | None = None, shown: str = "stdin") -> Path:
    """Save pasted text (any layout the importer reads, BibTeX included) as a new listing file
    abstracts/added-YYYYMMDD-HHMMSS.txt (.bib for BibTeX). Text with no paper in it is refused."""
    listing_text = decode_listing(data, shown)
    text = listing_text.text
    if not text.strip():
        raise AddError(
            "nothing to add: the pasted text is empty. Paste a listing, e.g. "
            "'paperlist add < listing.txt', or give an arXiv id: 'paperlist add arXiv:1706.03762'"
        )
    listing = parse_listing(text, shown)
    if not listing.papers:
        reasons = "; ".join(p.message for p in listing.problems[:3])
        raise AddError(f"no paper found in the pasted text ({reasons}); nothing was written")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = {"bibtex": ".bib", "ris": ".ris", "csl-json": ".json", "table": ".csv", "markdown": ".md"}.get(
        listing.format, ".txt"
    )
    return _create(abstracts / f"added-{stamp}{suffix}", text if text.endswith("\n") else text + "\n")


def add_arxiv(
    abstracts: Path,
    refs: list[str],
    api: str | None = None,
    opener: Callable | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Fetch arXiv papers by id or URL in one API call and save each as abstracts/arxiv-<id>.bib.
    A paper whose file is already there is not fetched again."""
    ids = []
    bad = []
    for ref in refs:
        aid = arxiv.parse_id(ref)
        if aid:
            ids.append(aid)
        else:
            bad.append(ref)
    if bad:
        raise AddError(
            f"not an arXiv id or URL: {', '.join(bad)} (expected e.g. arXiv:1706.03762 or "
            "https://arxiv.org/abs/1706.03762; to add pasted text, run 'paperlist add < file')"
        )
    ids = list(dict.fromkeys(ids))
    paths = []
    wanted = []
    for aid in ids:
        existing = abstracts / arxiv.listing_name(arxiv.base_id(aid))
        if existing.exists():
            say(f"already added: {abstracts.name}/{existing.name} (delete it to fetch {aid} again)")
            paths.append(existing)
        else:
            wanted.append(aid)
    if wanted:
        try:
            papers = arxiv.lookup(wanted, api, **({"opener": opener} if opener else {}))
        except arxiv.ArxivError as err:
            raise AddError(str(err)) from None
        for paper in papers:
            paths.append(_create(abstracts / arxiv.listing_name(paper.id), arxiv.to_bibtex(paper)))
            say(f"wrote {abstracts.name}/{paths[-1].name}: {paper.title}")
    return paths


def is_arxiv_ref(ref: str) -> bool:
    return arxiv.parse_id(ref) is not None


def pages_of(content: Path, listing_names: list[str]) -> list[Path]:
    """The paper pages that list one of these listing files (as shown, e.g. abstracts/x.bib) among
    their sources: where the added papers ended up, new pages and merged duplicates alike."""
    wanted = {re.escape(name) for name in listing_names}
    if not wanted:
        return []
    pattern = re.compile(r"^\s*-?\s*file: ['\"]?(?:" + "|".join(wanted) + r")['\"]?\s*$", re.M)
    found = []
    for page in sorted((content / "papers").glob("*.md")):
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if pattern.search(text):
            found.append(page)
    return found
