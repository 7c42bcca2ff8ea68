"""Related papers: TF-IDF vectors over title and abstract, nearest neighbours through an inverted
index of each paper's strongest terms (sub-quadratic).

The arithmetic runs on sparse matrices (numpy/scipy): tokenising stays in Python, but the weights,
the per-paper top terms, the capped posting lists and the scores of all candidate pairs are array
operations, about 10x faster than dicts at 10,000 papers (bench/scale.py)."""

from __future__ import annotations

import math
from collections import Counter

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


class _TermOf(dict):
    """lower-case word -> its term, "" when it is no term: one C-level lookup per word once seen."""

    def __missing__(self, word: str) -> str:
        t = stem(word)
        self[word] = t = t if len(t) > 2 and t not in _STOP and not t.isdigit() else ""
        return t


_TERM_OF = _TermOf()


def _terms(text: str, bigrams: bool = True) -> list[str]:
    words = list(filter(None, map(_TERM_OF.__getitem__, WORD_RE.findall(text.lower()))))
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] if bigrams else words


def _tfidf(texts: list[str], min_df: int = 1, bigrams: bool = True) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors as dicts (for topic suggestions), the weights of `_tfidf_arrays`."""
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


def _tfidf_arrays(texts: list[str], min_df: int = 1, bigrams: bool = True):  # -> rows, cols, weights, terms
    """Unit-length TF-IDF rows, (1 + log tf) x log((1 + n) / (1 + df)), terms seen in fewer than
    min_df texts left out; the non-zero entries row by row, each row's terms in the order they
    first occur in its text."""
    import numpy as np

    vocab: dict[str, int] = {}
    ids: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for text in texts:
        bag = Counter(_terms(text, bigrams))
        ids += [vocab.setdefault(w, len(vocab)) for w in bag]
        counts += bag.values()
        indptr.append(len(ids))
    n = len(texts)
    cols = np.asarray(ids, dtype=np.int64)
    rows = np.repeat(np.arange(n), np.diff(indptr))
    df = np.bincount(cols, minlength=len(vocab))
    keep = df[cols] >= min_df
    idf = np.log((1.0 + n) / (1.0 + df))
    w = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * idf[cols]
    rows, cols, w = rows[keep], cols[keep], w[keep]
    norm = np.sqrt(np.bincount(rows, weights=w * w, minlength=n))
    norm[norm == 0] = 1.0
    w = w / norm[rows]
    pos = w > 0
    return rows[pos], cols[pos], w[pos], len(vocab)


def _first_per_group(group, key, tie, limit: int):
    """Mask of the `limit` entries with the largest `key` in each `group` (ties: smaller `tie`
    first), and the order that sorts them group by group, best first."""
    import numpy as np

    order = np.lexsort((tie, -key, group))
    g = group[order]
    start = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    rank = np.arange(len(g)) - np.repeat(start, np.diff(np.r_[start, len(g)]))
    return order, rank < limit


def nearest(
    papers: list[Paper], k: int = 5, query_terms: int = 16, posting_cap: int = 48, bigrams: bool | None = None
) -> list[list[tuple[int, float]]]:
    """For each paper, up to k + 4 (index, cosine) of the most similar other papers, best first
    (TF-IDF cosine over title + abstract; equal scores: the earlier paper first).

    Each paper queries an inverted index with its `query_terms` heaviest terms; every posting list is
    cut to its `posting_cap` heaviest papers, so the cost grows linearly with the collection. Word pairs
    are used as terms too, unless the collection is large (over 3,000 papers), to keep it fast."""
    if not papers:
        return []
    import numpy as np
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

    bigrams = len(papers) <= 3000 if bigrams is None else bigrams
    rows, cols, w, terms = _tfidf_arrays(
        [f"{p.title}. {p.title}. {p.abstract}" for p in papers], min_df=2, bigrams=bigrams
    )
    n, shape = len(papers), (len(papers), terms)
    # Each paper's query: its heaviest terms (equal weights: the term that occurs first in the text).
    order, top = _first_per_group(rows, w, np.arange(len(rows)), query_terms)
    queries = csr_matrix((w[order][top], (rows[order][top], cols[order][top])), shape=shape)
    # Each term's posting list: its heaviest papers (equal weights: the earlier paper).
    order, top = _first_per_group(cols, w, rows, posting_cap)
    postings = csr_matrix((w[order][top], (cols[order][top], rows[order][top])), shape=(shape[1], n))
    out: list[list[tuple[int, float]]] = []
    keep = k + 4
    block = 2000  # rows scored at once: bounds the memory of the candidate pairs
    for a in range(0, n, block):
        out += _best_per_row((queries[a : a + block] @ postings).tocsr(), a, keep)
    return out


def _best_per_row(scores, first: int, keep: int) -> list[list[tuple[int, float]]]:
    """Each row's `keep` largest entries as (column, value), best first (equal values: the smaller
    column first), leaving out row r's own paper `first + r`. A row's keep-th largest value is found
    on a padded dense copy (one partition per row instead of sorting every candidate); only the
    entries at or above it are sorted."""
    import numpy as np

    lens = np.diff(scores.indptr)
    rows = np.repeat(np.arange(len(lens)), lens)
    j, s = scores.indices, scores.data
    other = j != rows + first
    if not other.all():
        rows, j, s = rows[other], j[other], s[other]
        lens = np.bincount(rows, minlength=len(lens))
    width = int(lens.max(initial=0))
    if width > keep:
        padded = np.full((len(lens), width), -np.inf)
        starts = np.r_[0, np.cumsum(lens)[:-1]]
        padded[rows, np.arange(len(j)) - starts[rows]] = s
        threshold = -np.partition(-padded, keep - 1, axis=1)[:, keep - 1]
        above = s >= threshold[rows]
        rows, j, s = rows[above], j[above], s[above]
    order, best = _first_per_group(rows, s, j, keep)
    rows, j, s = rows[order][best], j[order][best].tolist(), s[order][best].tolist()
    bounds = np.searchsorted(rows, np.arange(len(lens) + 1)).tolist()
    return [list(zip(j[x:y], s[x:y], strict=True)) for x, y in zip(bounds, bounds[1:], strict=False)]


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
