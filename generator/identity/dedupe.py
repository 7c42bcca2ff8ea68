"""Merge the same paper found in several listings into one record with all its sources."""

from __future__ import annotations

import dataclasses
import hashlib
import re

from ..model import Paper, fold_ascii


def normalize(text: str) -> str:
    text = fold_ascii(text)
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def abstract_key(paper: Paper) -> str:
    return normalize(paper.abstract)[:200]


def title_key(paper: Paper) -> str | None:
    return None if paper.title_derived else normalize(paper.title) or None


def paper_id(paper: Paper) -> str:
    """Stable identity of a paper: a hash of the start of its abstract, which is the same in
    every listing that carries the paper (titles may be missing or fixed by hand)."""
    return hashlib.sha1(abstract_key(paper).encode()).hexdigest()[:10]


def same_text(a: str, b: str) -> bool:
    """Two copies of one abstract share most of their words; two papers with one title do not."""
    wa, wb = set(normalize(a).split()), set(normalize(b).split())
    return len(wa & wb) >= 0.6 * max(1, min(len(wa), len(wb)))


def dedupe(papers: list[Paper]) -> list[Paper]:
    """Same paper = same normalised abstract start, or same normalised title with an abstract
    that agrees (two different papers can share a title). Keeps first-seen order."""
    groups: list[list[Paper]] = []
    by_key: dict[str, int] = {}
    for paper in papers:
        keys = [k for k in ("a:" + abstract_key(paper), title_key(paper) and "t:" + title_key(paper)) if k]
        index = next(
            (
                by_key[k]
                for k in keys
                if k in by_key and (k.startswith("a:") or same_text(groups[by_key[k]][0].abstract, paper.abstract))
            ),
            None,
        )
        if index is None:
            index = len(groups)
            groups.append([paper])
        else:
            groups[index].append(paper)
        for k in keys:
            by_key.setdefault(k, index)
    return [merge_papers(group) for group in groups]


def merge_papers(copies: list[Paper]) -> Paper:
    """One record from every copy of a paper, keeping the richest metadata. Linear in the
    number of copies: a listing pasted fifty times is merged once, not fifty times."""
    if len(copies) == 1:
        return copies[0]
    titled = [p for p in copies if not p.title_derived]
    base = titled[0] if titled else copies[0]

    def first(attr):
        return next((getattr(p, attr) for p in copies if getattr(p, attr) is not None), None)

    return dataclasses.replace(
        base,
        abstract=max((p.abstract for p in copies), key=len),
        sources=tuple(sorted({s for p in copies for s in p.sources}, key=lambda s: (s.file, s.line))),
        authors=first("authors"),
        published=next((p.published for p in copies if p.published), None),
        upvotes=max((p.upvotes for p in copies if p.upvotes is not None), default=None),
        links=tuple(dict.fromkeys(link for p in copies for link in p.links)),
        acronym=next((p.acronym for p in copies if p.acronym), None),
        author_names=next((p.author_names for p in copies if p.author_names), ()),
        arxiv_id=first("arxiv_id"),
        doi=first("doi"),
        venue=first("venue"),
        categories=next((p.categories for p in copies if p.categories), ()),
        pdf_url=first("pdf_url"),
    )
