"""Term matching: taxonomy phrases compiled to token patterns (stemmed, acronyms case-sensitive) and
a Matcher that finds every pattern in a text in one pass over its tokens."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

WORD_RE = re.compile(r"[A-Za-z0-9]+")


@functools.lru_cache(maxsize=1 << 17)
def stem(tok: str) -> str:
    """Fold plurals so 'models'/'model', 'LLMs'/'LLM', 'classes'/'class' match."""
    low = tok.lower()
    if len(tok) <= 3 and not (len(tok) >= 3 and tok[-1] == "s" and tok[:-1].isupper()):
        return tok
    if low.endswith("ies") and len(tok) > 4:
        return tok[:-3] + "y"
    if low.endswith(("sses", "xes", "ches", "shes")):
        return tok[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return tok[:-1]
    return tok


def _case_sensitive(tok: str) -> bool:
    return sum(c.isupper() for c in tok) >= 2


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: hashing tuples per hit was costly
class Pattern:
    keys: tuple[str, ...]  # per token: stem (case-folded unless acronym) or 'prefix*'
    sensitive: tuple[bool, ...]
    owner: str  # topic slug, tag name or "" for domain terms
    phrase: str
    weight: float
    kind: str = ""  # patterns of different kinds (topic terms, tags...) never hide one another


def compile_term(phrase: str, owner: str, weight: float, kind: str = "") -> Pattern:
    toks = WORD_RE.findall(phrase)
    if phrase.rstrip().endswith("*"):
        toks[-1] += "*"
    keys, sens = [], []
    for t in toks:
        cs = _case_sensitive(t) and not t.endswith("*")
        keys.append(t.lower() if t.endswith("*") else (stem(t) if cs else stem(t.lower())))
        sens.append(cs)
    return Pattern(tuple(keys), tuple(sens), owner, phrase, weight, kind)


class Matcher:
    """All patterns of one kind; finds longest non-overlapping matches in a text."""

    def __init__(self, patterns: list[Pattern]):
        self.by_first: dict[str, list[Pattern]] = defaultdict(list)
        # 'interpretab*' patterns, indexed by their prefix: each token looks up its own prefixes
        # instead of every token being tested against every wildcard.
        self.wild: dict[str, list[Pattern]] = defaultdict(list)
        unique: dict[tuple, Pattern] = {}  # "model"/"models" fold to one pattern: keep the heavier
        for p in patterns:
            key = (p.kind, p.owner, p.keys, p.sensitive)
            if key not in unique or abs(p.weight) > abs(unique[key].weight):
                unique[key] = p
        # Phrases are indexed by their first two tokens, so a common first word ("neural", "graph")
        # does not make every phrase that starts with it a candidate.
        self.by_pair: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        for p in unique.values():
            if p.keys[0].endswith("*"):
                self.wild[p.keys[0][:-1]].append(p)
            elif len(p.keys) > 1 and not p.keys[1].endswith("*"):
                self.by_pair[p.keys[0], p.keys[1]].append(p)
            else:
                self.by_first[p.keys[0]].append(p)
        self.wild_lengths = sorted({len(prefix) for prefix in self.wild})
        self.pair_firsts = {a for a, _ in self.by_pair}
        self.first_keys = set(self.by_first) | self.pair_firsts
        self._candidates: dict[tuple[str, str, str], tuple[Pattern, ...]] = {}
        self._wild_memo: dict[str, tuple[Pattern, ...]] = {}

    def candidates(self, ci: str, cs: str, low: str) -> tuple[Pattern, ...]:
        """Patterns that may start at a token. Words recur across papers, so this is memoised:
        one dict lookup per token instead of a scan of every wildcard."""
        key = (ci, cs, low)
        found = self._candidates.get(key)
        if found is None:
            cands = list(self.by_first.get(ci, ()))
            if cs != ci:
                cands += self.by_first.get(cs, ())
            for n in self.wild_lengths:
                if n <= len(low):
                    cands += self.wild.get(low[:n], ())
            found = self._candidates[key] = tuple(cands)
        return found

    def _wild_for(self, low: str) -> tuple[Pattern, ...]:
        found = self._wild_memo.get(low)
        if found is None:
            found = self._wild_memo[low] = tuple(
                p for n in self.wild_lengths if n <= len(low) for p in self.wild.get(low[:n], ())
            )
        return found

    # A paper's title and abstract are matched several times (topics, tags, explanations):
    # remember recent answers instead of re-tokenising.
    @functools.lru_cache(maxsize=512)  # noqa: B019 (matchers live as long as their taxonomy)
    def find(self, text: str) -> tuple[tuple[Pattern, int], ...]:
        """(pattern, start token) of every accepted match; a longer match hides shorter ones inside it.

        Only the tokens that can start a pattern are visited: the text's distinct tokens are intersected
        with the index keys (a set operation), instead of looking every token up."""
        toks, cs, ci, low, where = _tokens(text)
        n_toks = len(toks)
        starts: dict[int, list[Pattern]] = defaultdict(list)
        by_first, by_pair, pair_firsts = self.by_first, self.by_pair, self.pair_firsts
        for key in where.keys() & self.first_keys:
            single = by_first.get(key, ())
            paired = key in pair_firsts
            for i in where[key]:
                if single:
                    starts[i] += single
                if paired and i + 1 < n_toks:
                    found = by_pair.get((key, ci[i + 1]), ())
                    if cs[i + 1] != ci[i + 1]:
                        found = (*found, *by_pair.get((key, cs[i + 1]), ()))
                    if found:
                        starts[i] += found
        if self.wild:
            for key in where.keys():
                if key.islower() or key.isdigit():
                    for i in where[key]:
                        wild = self._wild_for(low[i])
                        if wild:
                            starts[i] += wild
        hits = []
        longer = False
        for i, cands in starts.items():
            for p in cands:
                keys = p.keys
                n = len(keys)
                if n == 1 and not keys[0].endswith("*"):
                    hits.append((p, i, i + 1))
                elif i + n <= n_toks and all(
                    low[i + j].startswith(k[:-1]) if k.endswith("*") else (cs if s else ci)[i + j] == k
                    for j, (k, s) in enumerate(zip(keys, p.sensitive, strict=True))
                ):
                    hits.append((p, i, i + n))
                    longer = longer or n > 1
        hits.sort(key=lambda h: (h[1] - h[2], h[1]) if longer else h[1])
        if not longer:
            return tuple(dict.fromkeys((p, a) for p, a, _ in hits))
        taken: dict[tuple[str, int], tuple[int, int]] = {}
        out = []
        for p, a, b in hits:
            kind = p.kind
            if all(taken.get((kind, k), (a, b)) == (a, b) for k in range(a, b)):
                taken.update(((kind, k), (a, b)) for k in range(a, b))
                out.append((p, a))
        return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[list[str], list[str], list[str], list[str], dict[str, list[int]]]:
    """Tokens; their stems case-sensitive and case-folded; lowercased; and positions by stem (both forms)."""
    toks = WORD_RE.findall(text)
    low = list(map(str.lower, toks))
    cs = list(map(stem, toks))
    ci = list(map(stem, low))
    where: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(ci):
        where[a].append(i)
    for i, t in enumerate(toks):
        if not t.islower() and cs[i] != ci[i]:
            where[cs[i]].append(i)
    return toks, cs, ci, low, where
