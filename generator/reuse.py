"""What an import reuses from the last one: each paper's rule-based classification (its topic
scores, topic and tags before the neighbour vote depend only on the paper's own fields and the
taxonomy), kept in `.cache/paperlist/` under a hash of both.

A derived cache and nothing more: deleting it, or a cache from another taxonomy or generator
version, changes no output, only the time (tests/test_reuse.py). The neighbour vote and related
papers are computed afresh for the whole list every run (they depend on every paper). Adding a
listing of 20 papers to 10,000 then classifies 20 papers, not 10,020."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import __version__
from .classify import assign
from .classify.similar import nearest, related_ids
from .classify.taxonomy import Taxonomy
from .identity.dedupe import paper_id
from .model import Paper
from .store.files import write_atomic

CACHE_DIR = Path(".cache") / "paperlist"
CLASSIFIED = CACHE_DIR / "classified.json"
_CLASSIFY_CODE = Path(assign.__file__).parent  # a change to the classifier's code invalidates the cache

Row = assign.Row


def _code_fingerprint() -> str:
    h = hashlib.sha1(__version__.encode())
    for path in sorted(_CLASSIFY_CODE.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def paper_key(paper: Paper) -> str:
    """A hash of everything a paper's classification may read: all its fields but where it was
    listed and its identity, which the rules never look at."""
    bare = dataclasses.replace(paper, sources=(), id="", slug="")
    return hashlib.sha1(repr(bare).encode()).hexdigest()[:20]


@dataclasses.dataclass(frozen=True)
class Classified:
    """The classified papers and the rule rows to remember for the next run."""

    papers: list[Paper]
    rows: dict[str, Row]  # paper_key -> rule row, for every paper of this run
    fingerprint: str
    reused: int  # papers whose rule row came from the cache


def load_rows(root: Path, fingerprint: str) -> dict[str, Row]:
    try:
        data = json.loads((root / CLASSIFIED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint or not isinstance(data.get("rows"), dict):
        return {}
    rows: dict[str, Row] = {}
    for key, row in data["rows"].items():
        try:
            topic, secondary, tags, best, in_domain = row
            rows[key] = (str(topic), tuple(map(str, secondary)), tuple(map(str, tags)), float(best), bool(in_domain))
        except (TypeError, ValueError):
            return {}  # not written by this version: classify afresh
    return rows


def save_rows(root: Path, result: Classified) -> None:
    data = {"fingerprint": result.fingerprint, "rows": result.rows}
    with contextlib.suppress(OSError):  # a cache that cannot be written costs time next run, nothing else
        write_atomic(root / CLASSIFIED, json.dumps(data, separators=(",", ":")) + "\n")


def _rows_and_neighbours(
    todo: list[Paper], papers: list[Paper], taxonomy: Taxonomy, k: int
) -> tuple[list[Row], list[list[tuple[int, float]]]]:
    """The rule rows of `todo` (in worker processes when they are many, as assign.classify does)
    and, meanwhile in this process, the neighbours of every paper."""
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    if len(todo) < assign.PARALLEL_FROM or workers < 2:
        return [assign._topic_and_tags(p, taxonomy) for p in todo], nearest(papers, k)
    size = -(-len(todo) // (workers * 4))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=assign._init_worker, initargs=(taxonomy,)
    ) as pool:
        futures = [pool.submit(assign._classify_chunk, chunk) for chunk in chunks]
        near = nearest(papers, k)
        return [row for future in futures for row in future.result()], near


def classify_reusing(papers: list[Paper], taxonomy: Taxonomy, root: Path | None, k: int = 5) -> Classified:
    """`classify.classify(papers, taxonomy, k)`, with the rule rows of papers seen by the last run
    taken from the cache under `root` (none when root is None). The same result as classify."""
    fingerprint = hashlib.sha1(f"{_code_fingerprint()}\0{taxonomy!r}".encode()).hexdigest()
    keys = [paper_key(p) for p in papers]
    known = load_rows(root, fingerprint) if root is not None else {}
    todo = {key: p for key, p in zip(keys, papers, strict=True) if key not in known}
    fresh, near = _rows_and_neighbours(list(todo.values()), papers, taxonomy, k)
    by_key = {key: known[key] for key in keys if key in known} | dict(zip(todo, fresh, strict=True))
    rows = [by_key[key] for key in keys]
    rows = assign._second_stage(papers, rows, assign.neighbour_votes(rows, near, taxonomy, k), taxonomy)
    related = related_ids(papers, near, k)
    classified = [
        dataclasses.replace(
            p, topic=topic, secondary_topics=secondary, tags=tags, related=tuple(related.get(paper_id(p), ()))
        )
        for p, (topic, secondary, tags, _, _) in zip(papers, rows, strict=True)
    ]
    return Classified(classified, by_key, fingerprint, len(papers) - len(todo))
