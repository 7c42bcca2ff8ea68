"""Give each paper a primary topic, secondary topics, tags and related papers.

Pure functions over Paper values and a Taxonomy (see topics.yml). Two stages:
1. rules (score.py): each topic scored from the taxonomy terms in the paper's own text;
2. neighbours: a paper whose rule evidence is weak takes the topic most of its similar papers in the
   same list were confidently given (TF-IDF neighbours, computed anyway for "related papers"), so a
   list teaches the classifier its own vocabulary. Offline, deterministic, and `explain` shows both.
Tags come from a controlled vocabulary plus fact tags."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

from ..identity.dedupe import paper_id
from ..model import FALLBACK_TOPIC, Paper
from .score import (
    TAG,
    Evidence,
    TopicScore,
    assign_topic,
    compiled,
    decide,
    domain_evidence,
    evidence,
    is_in_domain,
    score_topics,
    title_only,
)
from .similar import nearest, related_ids
from .taxonomy import Taxonomy

# Topic scoring lives in score.py; re-exported here for callers of the old names.
__all__ = ["Evidence", "TopicScore", "assign_topic", "is_in_domain", "score_topics"]


# ---------------------------------------------------------------- tags


def tag_vocabulary(taxonomy: Taxonomy) -> list[str]:
    """Every tag the classifier can emit, sorted (for mkdocs tags_allowed)."""
    return sorted({t.name for t in taxonomy.tags} | {f.name for f in taxonomy.facts})


def _fact_tags(paper: Paper, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(fact tag, reason) for each fact that holds."""
    out = []
    for name, title_rx, text_rx, links in compiled(taxonomy).facts:
        why = next((f"link {link}" for link in paper.links for s in links if s in link.lower()), None)
        for field_name, text, rx in (
            ("title", paper.title, title_rx),
            ("abstract", paper.title + ". " + paper.abstract, text_rx),
        ):
            if why is None and rx is not None and not (field_name == "title" and paper.title_derived):
                m = rx.search(text)
                why = f"{field_name} says {m.group(0)[:60]!r}" if m else None
        if why:
            out.append((name, why))
    return out


def _tag_scores(paper: Paper, taxonomy: Taxonomy) -> list[tuple[str, float, list[Evidence]]]:
    ev = evidence(paper, taxonomy, TAG)
    ranked = [(name, sum(e.points for e in es), es) for name, es in ev.items()]
    order = {t.name: i for i, t in enumerate(taxonomy.tags)}
    return sorted(ranked, key=lambda x: (-x[1], order[x[0]]))


def _tags_with_reasons(
    paper: Paper, taxonomy: Taxonomy, topic: str, secondary: tuple[str, ...], scores: list[TopicScore] | None = None
) -> list[tuple[str, str]]:
    s = taxonomy.settings
    chosen = _fact_tags(paper, taxonomy)[: max(0, s.max_tags - 2)]
    ranked = _tag_scores(paper, taxonomy)
    floor = max(s.tag_min_score, s.tag_relative * (ranked[0][1] if ranked else 0))
    for name, score, es in ranked:
        if len(chosen) >= s.max_tags or score < floor:
            break
        if name not in {c for c, _ in chosen}:
            chosen.append((name, ", ".join(f"{e.term!r} x{e.count} in {e.where}" for e in es)))

    # Too few: the primary topic's fallback tags, weaker evidence, then the other topics' fallbacks.
    def fallback(slug: str) -> list[tuple[str, str]]:
        t = taxonomy.topic(slug)
        return [(n, f"fallback tag of topic {slug!r}") for n in (t.tags if t else ())]

    if len(chosen) >= s.min_tags:
        return chosen[: s.max_tags]
    # Tags with some evidence in the text come before the topic's generic fallback tags.
    fill = [(n, f"weak evidence (score {sc:g})") for n, sc, _ in ranked] + fallback(topic)
    scores = score_topics(paper, taxonomy) if scores is None else scores
    for slug in dict.fromkeys((*secondary, *(x.topic for x in scores), FALLBACK_TOPIC)):
        fill += fallback(slug)
    for name, why in fill:
        if len(chosen) < s.min_tags and name not in {c for c, _ in chosen}:
            chosen.append((name, why))
    return chosen[: s.max_tags]


def assign_tags(
    paper: Paper,
    taxonomy: Taxonomy,
    topic: str,
    secondary: tuple[str, ...] = (),
    scores: list[TopicScore] | None = None,
) -> tuple[str, ...]:
    """min_tags..max_tags tags: facts first, then vocabulary tags by evidence, then the topics' fallbacks."""
    return tuple(name for name, _ in _tags_with_reasons(paper, taxonomy, topic, secondary, scores))


# ---------------------------------------------------------------- whole collection


PARALLEL_FROM = 1500  # below this, starting worker processes costs more than it saves

Row = tuple[str, tuple[str, ...], tuple[str, ...], float, bool]  # topic, secondary, tags, best score, in domain


def _topic_and_tags(paper: Paper, taxonomy: Taxonomy) -> Row:
    scores = score_topics(paper, taxonomy)
    in_domain = is_in_domain(paper, taxonomy)
    topic, secondary = decide(scores, taxonomy, in_domain, title_only(paper))
    best = next((x.score for x in scores if x.topic != FALLBACK_TOPIC), 0.0)
    return topic, secondary, assign_tags(paper, taxonomy, topic, secondary, scores), best, in_domain


_WORKER_TAXONOMY: Taxonomy | None = None


def _init_worker(taxonomy: Taxonomy) -> None:
    global _WORKER_TAXONOMY
    _WORKER_TAXONOMY = taxonomy


def _classify_chunk(chunk: list[Paper]) -> list[Row]:
    taxonomy = _WORKER_TAXONOMY
    assert taxonomy is not None, "worker started without a taxonomy"
    return [_topic_and_tags(p, taxonomy) for p in chunk]


MIN_SIMILARITY = 0.1  # neighbours less similar than this do not vote


def _is_weak(row: Row, taxonomy: Taxonomy) -> bool:
    topic, _, _, best, in_domain = row
    s = taxonomy.settings
    return (in_domain or best >= s.min_score) and (topic == FALLBACK_TOPIC or best < s.weak_score)


def neighbour_votes(
    rows: list[Row], near: list[list[tuple[int, float]]], taxonomy: Taxonomy, k: int = 5
) -> list[tuple[str, int, int] | None]:
    """Per paper: (topic, voters, neighbours) when its rule evidence is weak and at least
    settings.neighbour_votes of its similar papers' similarity (two papers or more) goes to papers
    confidently filed under one topic; else None."""
    share = taxonomy.settings.neighbour_votes
    confident = [row[0] != FALLBACK_TOPIC and not _is_weak(row, taxonomy) for row in rows]
    out: list[tuple[str, int, int] | None] = []
    for row, near_i in zip(rows, near, strict=True):
        close = [(j, sim) for j, sim in near_i[:k] if sim >= MIN_SIMILARITY]
        votes: dict[str, list[float]] = defaultdict(list)
        for j, sim in close:
            if confident[j]:
                votes[rows[j][0]].append(sim)
        best = max(votes.items(), key=lambda kv: (sum(kv[1]), kv[0]), default=None)
        total = sum(sim for _, sim in close)
        if best is not None and _is_weak(row, taxonomy) and len(best[1]) >= 2 and sum(best[1]) >= share * total:
            out.append((best[0], len(best[1]), len(close)))
        else:
            out.append(None)
    return out


def _second_stage(papers: list[Paper], rows: list[Row], votes: list, taxonomy: Taxonomy) -> list[Row]:
    """Weak papers take the topic their similar, confidently classified papers share."""
    out = []
    for p, row, vote in zip(papers, rows, votes, strict=True):
        if vote and vote[0] != row[0]:
            secondary = tuple(t for t in (row[0], *row[1]) if t not in (vote[0], FALLBACK_TOPIC))
            secondary = secondary[: taxonomy.settings.max_secondary]
            row = (vote[0], secondary, assign_tags(p, taxonomy, vote[0], secondary), row[3], row[4])
        out.append(row)
    return out


def classify(papers: list[Paper], taxonomy: Taxonomy, k: int = 5) -> list[Paper]:
    """Each paper with topic, secondary_topics, tags and related (paper ids) filled in.

    Papers are scored independently, so a large list is scored in worker processes (one per core)
    while this process finds related papers; the neighbour stage then runs on the whole list. The
    result is the same as one by one."""
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    if len(papers) < PARALLEL_FROM or workers < 2:
        rows = [_topic_and_tags(p, taxonomy) for p in papers]
        near = nearest(papers, k)
    else:
        size = -(-len(papers) // (workers * 4))
        chunks = [papers[i : i + size] for i in range(0, len(papers), size)]
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(taxonomy,)) as pool:
            futures = [pool.submit(_classify_chunk, chunk) for chunk in chunks]
            near = nearest(papers, k)
            rows = [row for future in futures for row in future.result()]
    rows = _second_stage(papers, rows, neighbour_votes(rows, near, taxonomy, k), taxonomy)
    related = related_ids(papers, near, k)
    return [
        dataclasses.replace(
            p, topic=topic, secondary_topics=secondary, tags=tags, related=tuple(related.get(paper_id(p), ()))
        )
        for p, (topic, secondary, tags, _, _) in zip(papers, rows, strict=True)
    ]


def explain(paper: Paper, taxonomy: Taxonomy, collection: list[Paper] | None = None) -> str:
    """A readable account of the topic scores, their evidence and the tags chosen. With the classified
    `collection` the paper belongs to, also the neighbour vote that may have decided its topic."""
    scores = score_topics(paper, taxonomy)
    in_domain = is_in_domain(paper, taxonomy)
    topic, secondary = decide(scores, taxonomy, in_domain, title_only(paper))
    lines = [f"Paper: {paper.title}"]
    s = taxonomy.settings
    here = next((i for i, q in enumerate(collection or ()) if q is paper), None)
    if here is None and collection:
        here = next(
            (i for i, q in enumerate(collection) if (q.title, q.abstract) == (paper.title, paper.abstract)), None
        )
    if collection and here is not None:
        vote = neighbour_votes([_topic_and_tags(q, taxonomy) for q in collection], nearest(collection), taxonomy)[here]
        if vote and vote[0] != topic:
            lines.append(
                f"Topic: {vote[0]}  (the rules alone say {topic}: its evidence is weak, and {vote[1]} of its "
                f"{vote[2]} most similar papers in the list were confidently filed under {vote[0]})"
            )
            topic, secondary = vote[0], tuple(t for t in (topic, *secondary) if t not in (vote[0], FALLBACK_TOPIC))
    if len(lines) == 1:
        also = f"  (secondary: {', '.join(secondary)})" if secondary else ""
        lines.append(f"Topic: {topic}{also}")
    terms, hints = domain_evidence(paper, taxonomy)
    if not in_domain:
        found = f" (only: {', '.join(hints)})" if hints else ""
        lines.append(
            f"  no machine-learning vocabulary{found}: a topic needs a score of {s.strong_score:g}"
            " (settings.strong_score)"
        )
    lines += ["", f"{'topic':<22}{'score':>8}  evidence (term: where x count, weight x specificity)"]
    for sc in scores:
        if sc.score or sc.topic == topic:
            ev = "; ".join(
                f"{e.term}: {e.where} x{e.count}, w{e.weight:g}" + (f" x{e.specificity:g}" if e.specificity < 1 else "")
                for e in sc.evidence[:8]
            )
            more = f" (+{len(sc.evidence) - 8} more)" if len(sc.evidence) > 8 else ""
            lines.append(f"{sc.topic:<22}{sc.score:>8.1f}  {ev or '-'}{more}")
    lines += ["", "Tags:"]
    lines += [f"  {name:<28} {why}" for name, why in _tags_with_reasons(paper, taxonomy, topic, secondary)]
    return "\n".join(lines)
