"""Related papers: TF-IDF vectors over title and abstract, nearest neighbours through an inverted
index of each paper's strongest terms (sub-quadratic)."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict

from ..identity.dedupe import paper_id
from ..model import Paper
from .match import WORD_RE, stem

_STOP = set(
    """a about above across after again against all almost also although always among an and any
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
tasks provide provides including include includes across large set however thus""".split()
)


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


def nearest(
    papers: list[Paper], k: int = 5, query_terms: int = 16, posting_cap: int = 48, bigrams: bool | None = None
) -> list[list[tuple[int, float]]]:
    """For each paper, up to k + 4 (index, cosine) of the most similar other papers, best first
    (TF-IDF cosine over title + abstract).

    Each paper queries an inverted index with its `query_terms` heaviest terms; every posting list is
    cut to its `posting_cap` heaviest papers, so the cost grows linearly with the collection. Word pairs
    are used as terms too, unless the collection is large (over 3,000 papers), to keep it fast."""
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
    out: list[list[tuple[int, float]]] = []
    for i, top in enumerate(tops):
        acc: dict[int, float] = {}
        get = acc.get
        for w, x in top:
            for j, y in index[w]:
                acc[j] = get(j, 0.0) + x * y
        acc.pop(i, None)
        out.append([(j, acc[j]) for j in heapq.nlargest(k + 4, acc, key=acc.__getitem__)])
    return out


def related_ids(papers: list[Paper], near: list[list[tuple[int, float]]], k: int = 5) -> dict[str, list[str]]:
    """paper id -> ids of its k most similar other papers, from `nearest`."""
    ids = [paper_id(p) for p in papers]
    return {
        ids[i]: [d for d in dict.fromkeys(ids[j] for j, _ in near_i) if d != ids[i]][:k]
        for i, near_i in enumerate(near)
    }


def related_papers(
    papers: list[Paper], k: int = 5, query_terms: int = 16, posting_cap: int = 48, bigrams: bool | None = None
) -> dict[str, list[str]]:
    """paper id -> ids of the k most similar other papers (TF-IDF cosine over title + abstract)."""
    return related_ids(papers, nearest(papers, k, query_terms, posting_cap, bigrams), k)
