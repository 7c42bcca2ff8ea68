"""Suggest new topics: cluster the papers the taxonomy fits poorly (spherical k-means over TF-IDF)
and name each cluster by its top terms."""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..identity.dedupe import paper_id
from ..model import FALLBACK_TOPIC, Paper
from .match import stem
from .score import decide, is_in_domain, score_topics, title_only
from .similar import _tfidf
from .taxonomy import Taxonomy


@dataclass(frozen=True)
class Suggestion:
    slug: str
    name: str
    terms: tuple[str, ...]  # top terms of the cluster
    paper_ids: tuple[str, ...]
    examples: tuple[str, ...]  # example titles


def _kmeans(vecs: list[dict[str, float]], k: int, restarts: int = 8) -> list[int]:
    """Spherical k-means (cosine) on sparse vectors: the best of a few seeded runs."""
    runs = [_kmeans_run(vecs, k, seed) for seed in range(restarts)]
    return max(runs, key=lambda r: (r[1], -r[2]))[0]


def _kmeans_run(vecs: list[dict[str, float]], k: int, seed: int, rounds: int = 20) -> tuple[list[int], float, int]:
    """One k-means++ seeded run: (assignment, total cosine to the centres, seed)."""
    rng = random.Random(seed)
    dot = lambda a, b: sum(x * b.get(w, 0.0) for w, x in a.items())  # noqa: E731
    centres = [vecs[rng.randrange(len(vecs))]]
    while len(centres) < k:
        d = [max(0.0, 1 - max(dot(v, c) for c in centres)) ** 2 for v in vecs]
        if not sum(d):
            break
        centres.append(vecs[rng.choices(range(len(vecs)), weights=d)[0]])
    assign = [-1] * len(vecs)
    for _ in range(rounds):
        new = [max(range(len(centres)), key=lambda c: dot(v, centres[c])) for v in vecs]
        if new == assign:
            break
        assign = new
        for c in range(len(centres)):
            acc: dict[str, float] = defaultdict(float)
            for v, a in zip(vecs, assign, strict=True):
                if a == c:
                    for w, x in v.items():
                        acc[w] += x
            norm = math.sqrt(sum(x * x for x in acc.values())) or 1.0
            centres[c] = {w: x / norm for w, x in acc.items()}
    return assign, sum(dot(v, centres[a]) for v, a in zip(vecs, assign, strict=True)), seed


def weak_papers(papers: list[Paper], taxonomy: Taxonomy) -> list[Paper]:
    """Papers in "other" or whose best topic score is below settings.weak_score."""
    out = []
    for p in papers:
        scores = score_topics(p, taxonomy)
        topic, _ = decide(scores, taxonomy, is_in_domain(p, taxonomy), title_only(p))
        if topic == FALLBACK_TOPIC or scores[0].score < taxonomy.settings.weak_score:
            out.append(p)
    return out


def suggest_topics(
    papers: list[Paper], taxonomy: Taxonomy, n: int = 5, min_size: int = 2, top_terms: int = 8
) -> list[Suggestion]:
    """Cluster the weakly classified papers and propose up to n new topics, biggest first."""
    weak = weak_papers(papers, taxonomy)
    if len(weak) < min_size:
        return []
    vecs = _tfidf([f"{p.title}. {p.abstract}" for p in weak], min_df=2)
    assign = _kmeans(vecs, min(n, max(1, len(weak) // max(1, min_size))))
    known = {stem(t.phrase.lower()) for tp in taxonomy.topics for t in tp.terms if t.weight >= 3}
    out = []
    for c in sorted(set(assign), key=lambda c: -assign.count(c)):
        members = [i for i, a in enumerate(assign) if a == c]
        if len(members) < min_size:
            continue
        weight: defaultdict[str, float] = defaultdict(float)
        for i in members:
            for w, x in vecs[i].items():
                weight[w] += x
        spread = Counter(w for i in members for w in vecs[i])
        terms = [
            w for w, _ in sorted(weight.items(), key=lambda e: (-(spread[e[0]] > 1), -e[1], e[0])) if w not in known
        ][:top_terms]
        if not terms:
            continue
        name = " ".join(terms[0].split()).title()
        slug = re.sub(r"[^a-z0-9]+", "-", terms[0].lower()).strip("-")
        out.append(
            Suggestion(
                slug,
                name,
                tuple(terms),
                tuple(paper_id(weak[i]) for i in members),
                tuple(weak[i].title for i in members[:5]),
            )
        )
    return out[:n]


def format_suggestions(suggestions: list[Suggestion]) -> str:
    """The suggestions as a YAML snippet to paste under `topics:` in topics.yml."""
    lines = ["# Suggested topics: review, rename, then paste under `topics:` in topics.yml"]
    for s in suggestions:
        desc = f"Suggested from {len(s.paper_ids)} papers, e.g. " + "; ".join(s.examples[:3])
        lines += [
            f"  {s.slug}:",
            f"    name: {json.dumps(s.name)}",
            f"    description: {json.dumps(desc)}",
            "    terms:",
        ]
        lines += [f"      {json.dumps(t)}: {3 if i < 3 else 2}" for i, t in enumerate(s.terms)]
    return "\n".join(lines) + "\n"
