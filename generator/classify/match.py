"""Term matching: taxonomy phrases compiled to token patterns (stemmed, acronyms case-sensitive) and
a Matcher that finds every pattern in a text in one pass over its tokens."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import compress

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
    """All patterns of a taxonomy; finds the longest non-overlapping matches of each kind in a text.

    Speed (issue 13 asks <= 0.3 ms per paper): everything that depends on one token alone - its stems,
    which one-word and wildcard patterns it is, whether a phrase may start with it - is worked out once
    per distinct token and remembered, so a text costs one regex split and one dictionary lookup per token."""

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
        self.pairs_by_first: dict[str, dict[str, list[Pattern]]] = defaultdict(dict)
        for (a, b), found in self.by_pair.items():
            self.pairs_by_first[a][b] = found
        self._memo: dict[str, _Token] = {}
        self._active: set[str] = set()  # tokens that start some pattern

    def _token(self, tok: str) -> _Token:
        """What one token is to the patterns (remembered: words recur across papers)."""
        low = tok.lower()
        ci = stem(low)
        cs = stem(tok) if not tok.islower() else ci
        starts = list(self.by_first.get(ci, ()))
        if cs != ci:
            starts += self.by_first.get(cs, ())
        starts += (p for n in self.wild_lengths if n <= len(low) for p in self.wild.get(low[:n], ()))
        single = tuple(p for p in starts if len(p.keys) == 1)
        longer = tuple(p for p in starts if len(p.keys) > 1)
        # Phrases this token starts, by their second key: only those whose first key this token
        # really is (an acronym's case-sensitive stem, or the folded stem).
        pairs: dict[str, list[Pattern]] = defaultdict(list)
        for first in dict.fromkeys((ci, cs)):
            for second, found in self.pairs_by_first.get(first, {}).items():
                pairs[second] += (p for p in found if (cs if p.sensitive[0] else ci) == p.keys[0])
        info = _Token(ci, cs, low, single, longer, {k: tuple(v) for k, v in pairs.items() if v})
        self._memo[tok] = info
        if single or longer or info.pairs:
            self._active.add(tok)
        return info

    # A paper's title and abstract are matched several times (topics, tags, explanations):
    # remember recent answers instead of re-tokenising.
    @functools.lru_cache(maxsize=1024)  # noqa: B019 (matchers live as long as their taxonomy)
    def find(self, text: str) -> tuple[tuple[Pattern, int], ...]:
        """(pattern, start token) of every accepted match; a longer match hides shorter ones of its kind inside it."""
        memo, active = self._memo, self._active
        toks = WORD_RE.findall(text)
        if len(memo) > 200_000:  # a bound for very long runs; forgetting only costs time
            memo.clear()
            active.clear()
        for tok in set(toks).difference(memo):
            self._token(tok)
        info = list(map(memo.__getitem__, toks))
        n_toks = len(info)
        hits: list[tuple[Pattern, int]] = []  # one-token matches
        longer: list[tuple[Pattern, int, int]] = []  # phrase matches: (pattern, first token, end)
        # Only tokens that start some pattern are visited (most words of an abstract start none).
        for i in compress(range(n_toks), map(active.__contains__, toks)):
            t = info[i]
            if t.single:
                hits += ((p, i) for p in t.single)
            if t.pairs and i + 1 < n_toks:
                nxt = info[i + 1]
                found = t.pairs.get(nxt.ci, ())
                if nxt.cs != nxt.ci:
                    found += t.pairs.get(nxt.cs, ())
                for p in found:
                    n = len(p.keys)
                    if (nxt.cs if p.sensitive[1] else nxt.ci) == p.keys[1] and (n == 2 or _rest_matches(p, info, i)):
                        longer.append((p, i, i + n))
            for p in t.longer:
                if _rest_matches(p, info, i):
                    longer.append((p, i, i + len(p.keys)))
        if not longer:
            return tuple(dict.fromkeys(hits))
        # Longest first: a phrase hides the shorter matches of its kind inside it.
        longer.sort(key=lambda h: (h[1] - h[2], h[1]))
        taken: dict[tuple[str, int], tuple[int, int]] = {}
        out = []
        for p, a, b in longer:
            kind = p.kind
            if all(taken.get((kind, k), (a, b)) == (a, b) for k in range(a, b)):
                taken.update(((kind, k), (a, b)) for k in range(a, b))
                out.append((p, a))
        out += ((p, a) for p, a in hits if (p.kind, a) not in taken)  # one-token matches not inside a phrase
        return tuple(dict.fromkeys(out))


def _rest_matches(p: Pattern, info: list[_Token], i: int) -> bool:
    """Whether pattern p, whose first token matched at i, matches the tokens after it."""
    if i + len(p.keys) > len(info):
        return False
    for j in range(1, len(p.keys)):
        k, t = p.keys[j], info[i + j]
        if k.endswith("*"):
            if not t.low.startswith(k[:-1]):
                return False
        elif (t.cs if p.sensitive[j] else t.ci) != k:
            return False
    return True


@dataclass(frozen=True, slots=True)
class _Token:
    ci: str  # stem, case-folded
    cs: str  # stem, case kept (acronyms are matched case-sensitively)
    low: str  # lowercased (wildcard prefixes)
    single: tuple[Pattern, ...]  # one-token patterns (and one-token wildcards) this token is
    longer: tuple[Pattern, ...]  # longer patterns indexed by this token alone (their second token is a wildcard)
    pairs: dict[str, tuple[Pattern, ...]]  # phrases starting with this token, by the key of their second token
