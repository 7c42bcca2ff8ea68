"""Give each paper a primary topic, secondary topics, tags and related papers.

Pure functions over Paper values and a Taxonomy (see topics.yml): weighted term evidence per topic
(title evidence counts more), a controlled tag vocabulary plus fact tags, TF-IDF neighbours, and
clustering of weakly classified papers to suggest new topics."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import re
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..identity.dedupe import paper_id
from ..model import FALLBACK_TOPIC, Paper
from .match import Matcher, compile_term
from .similar import related_papers
from .taxonomy import Taxonomy


@dataclass(frozen=True)
class _Compiled:
    topics: Matcher
    tags: Matcher
    domain: Matcher


# The last taxonomy compiled, only: `serve` loads a new Taxonomy on every re-import, and a cache
# keyed by id() kept every one of them alive.
_LAST: list[tuple[Taxonomy, _Compiled]] = []


def _compiled(taxonomy: Taxonomy) -> _Compiled:
    hit = _LAST[0] if _LAST else None
    if hit is None or hit[0] is not taxonomy:
        topics = [compile_term(t.phrase, tp.slug, t.weight) for tp in taxonomy.topics for t in tp.terms]
        tags = [compile_term(s, tag.name, 1.0) for tag in taxonomy.tags for s in tag.terms]
        domain = [compile_term(s, "", 1.0) for s in taxonomy.settings.domain_terms]
        hit = (taxonomy, _Compiled(Matcher(topics), Matcher(tags), Matcher(domain)))
        _LAST[:] = [hit]
    return hit[1]


# ---------------------------------------------------------------- topics


@dataclass(frozen=True)
class Evidence:
    term: str
    where: str  # "title" or "abstract"
    count: int
    weight: float  # the term's weight in topics.yml
    points: float  # what it added to the score


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float
    evidence: tuple[Evidence, ...]


def _fields(paper: Paper, taxonomy: Taxonomy) -> list[tuple[str, str, float]]:
    s = taxonomy.settings
    tw = s.derived_title_weight if paper.title_derived else s.title_weight
    return [("title", paper.title, tw), ("abstract", paper.abstract, 1.0)]


def _evidence(paper: Paper, taxonomy: Taxonomy, matcher: Matcher) -> dict[str, list[Evidence]]:
    cap = max(1, taxonomy.settings.count_cap)
    out: dict[str, list[Evidence]] = defaultdict(list)
    for where, text, factor in _fields(paper, taxonomy):
        counts = Counter(p for p, _ in matcher.find(text))
        for p, n in counts.items():
            out[p.owner].append(Evidence(p.phrase, where, n, p.weight, p.weight * factor * min(n, cap)))
    return out


def is_in_domain(paper: Paper, taxonomy: Taxonomy) -> bool:
    """Whether the text looks like machine learning at all (any settings.domain_terms match)."""
    domain = _compiled(taxonomy).domain
    return not taxonomy.settings.domain_terms or bool(domain.find(paper.title + " \n " + paper.abstract))


def score_topics(paper: Paper, taxonomy: Taxonomy) -> list[TopicScore]:
    """Every topic with its score and evidence, best first (taxonomy order breaks ties)."""
    ev = _evidence(paper, taxonomy, _compiled(taxonomy).topics)
    scores = [
        TopicScore(
            t.slug,
            round(sum(e.points for e in ev.get(t.slug, ())), 3),
            tuple(sorted(ev.get(t.slug, ()), key=lambda e: -e.points)),
        )
        for t in taxonomy.topics
    ]
    order = {s: i for i, s in enumerate(taxonomy.slugs)}
    return sorted(scores, key=lambda s: (-s.score, order[s.topic]))


def _assign(scores: list[TopicScore], taxonomy: Taxonomy, in_domain: bool) -> tuple[str, tuple[str, ...]]:
    s = taxonomy.settings
    ranked = [x for x in scores if x.topic != FALLBACK_TOPIC]
    if not in_domain or not ranked or ranked[0].score < max(s.min_score, 1e-9):
        return FALLBACK_TOPIC, ()
    best = ranked[0].score
    secondary = tuple(x.topic for x in ranked[1:] if x.score >= s.secondary_ratio * best and x.score >= s.min_score)[
        : s.max_secondary
    ]
    return ranked[0].topic, secondary


def assign_topic(paper: Paper, taxonomy: Taxonomy) -> tuple[str, tuple[str, ...]]:
    """(primary topic, secondary topics): the best-scoring topic, plus close runners-up."""
    return _assign(score_topics(paper, taxonomy), taxonomy, is_in_domain(paper, taxonomy))


# ---------------------------------------------------------------- tags


def tag_vocabulary(taxonomy: Taxonomy) -> list[str]:
    """Every tag the classifier can emit, sorted (for mkdocs tags_allowed)."""
    return sorted({t.name for t in taxonomy.tags} | {f.name for f in taxonomy.facts})


def _fact_tags(paper: Paper, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(fact tag, reason) for each fact that holds."""
    out = []
    for fact in taxonomy.facts:
        why = next((f"link {link}" for link in paper.links for s in fact.links if s in link.lower()), None)
        for field_name, text, pats in (
            ("title", paper.title, fact.title_patterns),
            ("abstract", paper.title + ". " + paper.abstract, fact.patterns),
        ):
            if why is None and not (field_name == "title" and paper.title_derived):
                m = next((m for p in pats if (m := re.search(p, text, re.IGNORECASE))), None)
                why = f"{field_name} says {m.group(0)[:60]!r}" if m else None
        if why:
            out.append((fact.name, why))
    return out


def _tag_scores(paper: Paper, taxonomy: Taxonomy) -> list[tuple[str, float, list[Evidence]]]:
    ev = _evidence(paper, taxonomy, _compiled(taxonomy).tags)
    ranked = [(name, sum(e.points for e in es), es) for name, es in ev.items()]
    order = {t.name: i for i, t in enumerate(taxonomy.tags)}
    return sorted(ranked, key=lambda x: (-x[1], order[x[0]]))


def _tags_with_reasons(
    paper: Paper, taxonomy: Taxonomy, topic: str, secondary: tuple[str, ...]
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
    fill = fallback(topic) + [(n, f"weak evidence (score {sc:g})") for n, sc, _ in ranked]
    for slug in dict.fromkeys((*secondary, *(x.topic for x in score_topics(paper, taxonomy)), FALLBACK_TOPIC)):
        fill += fallback(slug)
    for name, why in fill:
        if len(chosen) < s.min_tags and name not in {c for c, _ in chosen}:
            chosen.append((name, why))
    return chosen[: s.max_tags]


def assign_tags(paper: Paper, taxonomy: Taxonomy, topic: str, secondary: tuple[str, ...] = ()) -> tuple[str, ...]:
    """min_tags..max_tags tags: facts first, then vocabulary tags by evidence, then the topics' fallbacks."""
    return tuple(name for name, _ in _tags_with_reasons(paper, taxonomy, topic, secondary))


# ---------------------------------------------------------------- whole collection


PARALLEL_FROM = 1500  # below this, starting worker processes costs more than it saves


def _topic_and_tags(paper: Paper, taxonomy: Taxonomy) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    topic, secondary = assign_topic(paper, taxonomy)
    return topic, secondary, assign_tags(paper, taxonomy, topic, secondary)


_WORKER_TAXONOMY: Taxonomy | None = None


def _init_worker(taxonomy: Taxonomy) -> None:
    global _WORKER_TAXONOMY
    _WORKER_TAXONOMY = taxonomy


def _classify_chunk(chunk: list[Paper]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [_topic_and_tags(p, _WORKER_TAXONOMY) for p in chunk]


def classify(papers: list[Paper], taxonomy: Taxonomy, k: int = 5) -> list[Paper]:
    """Each paper with topic, secondary_topics, tags and related (paper ids) filled in.

    Papers are independent, so a large list is classified in worker processes (one per core)
    while this process finds related papers; the result is the same as one by one."""
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    if len(papers) < PARALLEL_FROM or workers < 2:
        assigned = [_topic_and_tags(p, taxonomy) for p in papers]
        related = related_papers(papers, k)
    else:
        size = -(-len(papers) // (workers * 4))
        chunks = [papers[i : i + size] for i in range(0, len(papers), size)]
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(taxonomy,)) as pool:
            futures = [pool.submit(_classify_chunk, chunk) for chunk in chunks]
            related = related_papers(papers, k)
            assigned = [row for future in futures for row in future.result()]
    return [
        dataclasses.replace(
            p, topic=topic, secondary_topics=secondary, tags=tags, related=tuple(related.get(paper_id(p), ()))
        )
        for p, (topic, secondary, tags) in zip(papers, assigned, strict=True)
    ]


def explain(paper: Paper, taxonomy: Taxonomy) -> str:
    """A readable account of the topic scores, their evidence and the tags chosen."""
    scores = score_topics(paper, taxonomy)
    topic, secondary = _assign(scores, taxonomy, in_domain := is_in_domain(paper, taxonomy))
    also = f"  (secondary: {', '.join(secondary)})" if secondary else ""
    lines = [f"Paper: {paper.title}", f"Topic: {topic}{also}"]
    if not in_domain:
        lines.append("  no machine-learning vocabulary (settings.domain_terms) found -> other")
    lines += ["", f"{'topic':<22}{'score':>8}  evidence (term: where x count, weight)"]
    for s in scores:
        if s.score or s.topic == topic:
            ev = "; ".join(f"{e.term}: {e.where} x{e.count}, w{e.weight:g}" for e in s.evidence[:8])
            more = f" (+{len(s.evidence) - 8} more)" if len(s.evidence) > 8 else ""
            lines.append(f"{s.topic:<22}{s.score:>8.1f}  {ev or '-'}{more}")
    lines += ["", "Tags:"]
    lines += [f"  {name:<28} {why}" for name, why in _tags_with_reasons(paper, taxonomy, topic, secondary)]
    return "\n".join(lines)
