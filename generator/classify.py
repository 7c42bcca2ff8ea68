"""Give each paper a primary topic, secondary topics, tags and related papers.

Pure functions over Paper values and a Taxonomy (see topics.yml): weighted term evidence per topic
(title evidence counts more), a controlled tag vocabulary plus fact tags, TF-IDF neighbours, and
clustering of weakly classified papers to suggest new topics."""

from __future__ import annotations

import dataclasses
import heapq
import json
import math
import multiprocessing
import os
import random
import re
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .dedupe import paper_id
from .paper import Paper
from .taxonomy import FALLBACK_TOPIC, WORD_RE, Matcher, Taxonomy, compile_term, stem


@dataclass(frozen=True)
class _Compiled:
    topics: Matcher
    tags: Matcher
    domain: Matcher


_CACHE: dict[int, tuple[Taxonomy, _Compiled]] = {}


def _compiled(taxonomy: Taxonomy) -> _Compiled:
    hit = _CACHE.get(id(taxonomy))
    if hit is None or hit[0] is not taxonomy:
        topics = [compile_term(t.phrase, tp.slug, t.weight) for tp in taxonomy.topics for t in tp.terms]
        tags = [compile_term(s, tag.name, 1.0) for tag in taxonomy.tags for s in tag.terms]
        domain = [compile_term(s, "", 1.0) for s in taxonomy.settings.domain_terms]
        hit = _CACHE[id(taxonomy)] = (taxonomy, _Compiled(Matcher(topics), Matcher(tags), Matcher(domain)))
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
    scores = [TopicScore(t.slug, round(sum(e.points for e in ev.get(t.slug, ())), 3),
                         tuple(sorted(ev.get(t.slug, ()), key=lambda e: -e.points)))
              for t in taxonomy.topics]
    order = {s: i for i, s in enumerate(taxonomy.slugs)}
    return sorted(scores, key=lambda s: (-s.score, order[s.topic]))


def _assign(scores: list[TopicScore], taxonomy: Taxonomy, in_domain: bool) -> tuple[str, tuple[str, ...]]:
    s = taxonomy.settings
    ranked = [x for x in scores if x.topic != FALLBACK_TOPIC]
    if not in_domain or not ranked or ranked[0].score < max(s.min_score, 1e-9):
        return FALLBACK_TOPIC, ()
    best = ranked[0].score
    secondary = tuple(x.topic for x in ranked[1:] if x.score >= s.secondary_ratio * best
                      and x.score >= s.min_score)[: s.max_secondary]
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
        for field_name, text, pats in (("title", paper.title, fact.title_patterns),
                                       ("abstract", paper.title + ". " + paper.abstract, fact.patterns)):
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


def _tags_with_reasons(paper: Paper, taxonomy: Taxonomy, topic: str,
                       secondary: tuple[str, ...]) -> list[tuple[str, str]]:
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
        chunks = [papers[i:i + size] for i in range(0, len(papers), size)]
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(taxonomy,)) as pool:
            futures = [pool.submit(_classify_chunk, chunk) for chunk in chunks]
            related = related_papers(papers, k)
            assigned = [row for future in futures for row in future.result()]
    return [dataclasses.replace(p, topic=topic, secondary_topics=secondary, tags=tags,
                                related=tuple(related.get(paper_id(p), ())))
            for p, (topic, secondary, tags) in zip(papers, assigned, strict=True)]


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


# ---------------------------------------------------------------- TF-IDF similarity

_STOP = set("""a about above across after again against all almost also although always among an and any
are around as at be because been before being below between both but by can cannot could did do does doing
done down during each either else enough especially even ever every few for from further furthermore given
had has have having he her here hers herself him himself his how however i if in into is it its itself just
less like made make makes making many may me might more moreover most much must my no nor not now of off
often on once one only onto or other others otherwise our ours out over own per rather same several she
should show shows shown since so some such than that the their theirs them themselves then there thereby
therefore these they this those though through thus to together too toward towards two under until up upon
us use used uses using via was we well were what when where whereas whether which while who whom whose why
will with within without would yet you your paper propose proposed proposes present presents approach
approaches method methods result results new novel work study based different various existing recent
recently first second three well-known able significantly significant state art achieve achieves achieved
demonstrate demonstrates experiments experimental performance improve improved improves improving task
tasks provide provides including include includes across large set however thus""".split())


def _terms(text: str, bigrams: bool = True) -> list[str]:
    words = [stem(w) for w in WORD_RE.findall(text.lower())]
    words = [w for w in words if len(w) > 2 and w not in _STOP and not w.isdigit()]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] if bigrams else words


def _tfidf(texts: list[str], min_df: int = 1, bigrams: bool = True) -> list[dict[str, float]]:
    bags = [Counter(_terms(t, bigrams)) for t in texts]
    df = Counter(w for bag in bags for w in bag)
    n = len(texts)
    idf = {w: math.log((1 + n) / (1 + d)) for w, d in df.items() if d >= min_df}
    vecs = []
    for bag in bags:
        v = {w: (1 + math.log(c)) * idf[w] for w, c in bag.items() if w in idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items() if x > 0})
    return vecs


def related_papers(papers: list[Paper], k: int = 5, query_terms: int = 16, posting_cap: int = 48,
                   bigrams: bool | None = None) -> dict[str, list[str]]:
    """paper id -> ids of the k most similar other papers (TF-IDF cosine over title + abstract).

    Each paper queries an inverted index with its `query_terms` heaviest terms; every posting list is
    cut to its `posting_cap` heaviest papers, so the cost grows linearly with the collection. Word pairs
    are used as terms too, unless the collection is large (over 3,000 papers), to keep it fast."""
    ids = [paper_id(p) for p in papers]
    bigrams = len(papers) <= 3000 if bigrams is None else bigrams
    vecs = _tfidf([f"{p.title}. {p.title}. {p.abstract}" for p in papers], min_df=2, bigrams=bigrams)
    tops = [heapq.nlargest(query_terms, v.items(), key=lambda e: e[1]) for v in vecs]
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, v in enumerate(vecs):
        for w, x in v.items():
            index[w].append((i, x))
    for w, post in index.items():
        if len(post) > posting_cap:
            index[w] = heapq.nlargest(posting_cap, post, key=lambda e: e[1])
    out: dict[str, list[str]] = {}
    for i, top in enumerate(tops):
        acc: dict[int, float] = {}
        get = acc.get
        for w, x in top:
            for j, y in index[w]:
                acc[j] = get(j, 0.0) + x * y
        acc.pop(i, None)
        best = heapq.nlargest(k + 4, acc, key=get)
        out[ids[i]] = [d for d in dict.fromkeys(ids[j] for j in best) if d != ids[i]][:k]
    return out


# ---------------------------------------------------------------- topic suggestions


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
        topic, _ = _assign(scores, taxonomy, is_in_domain(p, taxonomy))
        if topic == FALLBACK_TOPIC or scores[0].score < taxonomy.settings.weak_score:
            out.append(p)
    return out


def suggest_topics(papers: list[Paper], taxonomy: Taxonomy, n: int = 5, min_size: int = 2,
                   top_terms: int = 8) -> list[Suggestion]:
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
        weight: Counter = Counter()
        for i in members:
            for w, x in vecs[i].items():
                weight[w] += x
        spread = Counter(w for i in members for w in vecs[i])
        terms = [w for w, _ in sorted(weight.items(), key=lambda e: (-(spread[e[0]] > 1), -e[1], e[0]))
                 if w not in known][:top_terms]
        if not terms:
            continue
        name = " ".join(terms[0].split()).title()
        slug = re.sub(r"[^a-z0-9]+", "-", terms[0].lower()).strip("-")
        out.append(Suggestion(slug, name, tuple(terms), tuple(paper_id(weak[i]) for i in members),
                              tuple(weak[i].title for i in members[:5])))
    return out[:n]


def format_suggestions(suggestions: list[Suggestion]) -> str:
    """The suggestions as a YAML snippet to paste under `topics:` in topics.yml."""
    lines = ["# Suggested topics: review, rename, then paste under `topics:` in topics.yml"]
    for s in suggestions:
        desc = f"Suggested from {len(s.paper_ids)} papers, e.g. " + "; ".join(s.examples[:3])
        lines += [f"  {s.slug}:", f"    name: {json.dumps(s.name)}", f"    description: {json.dumps(desc)}",
                  "    terms:"]
        lines += [f"      {json.dumps(t)}: {3 if i < 3 else 2}" for i, t in enumerate(s.terms)]
    return "\n".join(lines) + "\n"
