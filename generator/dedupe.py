"""Merge the same paper found in several listings into one record with all its sources."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata

from .paper import Paper


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def abstract_key(paper: Paper) -> str:
    return normalize(paper.abstract)[:200]


def title_key(paper: Paper) -> str | None:
    return None if paper.title_derived else normalize(paper.title) or None


def paper_id(paper: Paper) -> str:
    """Stable identity of a paper: a hash of the start of its abstract, which is the same in
    every listing that carries the paper (titles may be missing or fixed by hand)."""
    return hashlib.sha1(abstract_key(paper).encode()).hexdigest()[:10]


def dedupe(papers: list[Paper]) -> list[Paper]:
    """Same paper = same normalised title or same normalised abstract start. Keeps first-seen order."""
    merged: list[Paper] = []
    by_key: dict[str, int] = {}
    for paper in papers:
        keys = [k for k in (title_key(paper) and "t:" + title_key(paper), "a:" + abstract_key(paper)) if k]
        index = next((by_key[k] for k in keys if k in by_key), None)
        if index is None:
            index = len(merged)
            merged.append(paper)
        else:
            merged[index] = merge_papers(merged[index], paper)
        for k in keys:
            by_key.setdefault(k, index)
    return merged


def merge_papers(a: Paper, b: Paper) -> Paper:
    """Keep the richest metadata of two copies of one paper."""
    if a.title_derived and not b.title_derived:
        a, b = b, a
    return dataclasses.replace(
        a,
        abstract=max(a.abstract, b.abstract, key=len),
        sources=tuple(sorted(set(a.sources + b.sources), key=lambda s: (s.file, s.line))),
        authors=a.authors if a.authors is not None else b.authors,
        published=a.published or b.published,
        upvotes=max((u for u in (a.upvotes, b.upvotes) if u is not None), default=None),
        links=tuple(dict.fromkeys(a.links + b.links)),
        acronym=a.acronym or b.acronym,
    )
