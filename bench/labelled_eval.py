"""Figures on the labelled sets in bench/labelled/ (public, human-labelled papers that are not in the seeds).

Each set is a YAML file with provenance and, per paper: title, abstract (may be empty: title-only lists),
topic (the gold topic, from the label -> topic mapping written down in <set>.mapping.yml before any
classifier output was looked at), also (acceptable alternates), keywords (the authors' or curators' own
keywords, when the source has them) and split ("tune": may be looked at while tuning, "check": only
measured). A set whose role says FINAL is a final test: it is measured only with `--final SET`, once.

Each set is classified as one list (as a user's reading list would be), so corpus-adaptive steps see it."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.classify import classify
from generator.classify.match import stem
from generator.model import FALLBACK_TOPIC, Paper, Source

LABELLED = Path(__file__).resolve().parent / "labelled"
# Topics the mapping files name for whole areas, and where they go when the taxonomy lacks them
# (written in the mapping files too).
FALLBACK_IF_ABSENT = {
    "reinforcement-learning": "applications",
    "graph-learning": "architectures",
    "fairness": "robustness-security",
}
PER_TOPIC_MIN = 20


@dataclass
class Figures:
    n: int = 0
    right: int = 0
    in_other: int = 0
    offdomain: int = 0  # gold "other": off-domain papers
    offdomain_kept: int = 0
    with_keywords: int = 0
    tag_hit: int = 0
    tags_total: int = 0
    tags_matching: int = 0
    per_topic: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()))


def tag_matches(tag: str, synonyms: tuple[str, ...], keyword: str) -> bool:
    """A tag agrees with an author keyword when the keyword names the tag or one of its synonyms
    ("GANs" ~ gans, "structured pruning" ~ pruning), or the tag contains the keyword."""
    kw = f" {_norm(keyword)} "
    if kw.strip() and f" {_norm(tag)} ".find(kw) >= 0:
        return True
    return any(len(s) > 1 and f" {_norm(s)} " in kw for s in (tag, *synonyms) if not s.endswith("*"))


def load_sets(final: str | None) -> list[tuple[str, dict]]:
    """The dev sets (final=None), or the final test set named `final` ("" names the only one there is).
    A set is a final test while its role says FINAL; an old final test becomes a dev set by changing its role."""
    out, finals = [], []
    for path in sorted(LABELLED.glob("*.yml")):
        if path.name.endswith(".mapping.yml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "FINAL" in str(data.get("role", "")):
            finals.append((path.stem, data))
        elif final is None:
            out.append((path.stem, data))
    if final is None:
        return out
    chosen = [(n, d) for n, d in finals if n == final or (not final and len(finals) == 1)]
    if not chosen:
        raise SystemExit(f"--final: no final test set {final!r}; final test sets: {[n for n, _ in finals]}")
    return chosen


def _resolve(topic: str, slugs: set[str]) -> str:
    return topic if topic in slugs else FALLBACK_IF_ABSENT.get(topic, topic)


def evaluate(data: dict, taxonomy) -> tuple[dict[str, Figures], float]:
    """Figures per split ("all", "tune", "check") and the CPU seconds classify() took."""
    slugs = set(taxonomy.slugs)
    synonyms = {t.name: t.terms for t in taxonomy.tags}
    entries = data["papers"]
    papers = [Paper(e["title"], e.get("abstract", "") or "", (Source("bench", i + 1),)) for i, e in enumerate(entries)]
    cpu = time.process_time()
    done = classify(papers, taxonomy)
    cpu = time.process_time() - cpu
    figs: dict[str, Figures] = defaultdict(Figures)
    for e, p in zip(entries, done, strict=True):
        gold = _resolve(e["topic"], slugs)
        ok_set = {gold, *(_resolve(a, slugs) for a in e.get("also", []))}
        good = p.topic in ok_set
        kws = e.get("keywords") or []
        for split in ("all", e.get("split", "all")) if e.get("split") else ("all",):
            f = figs[split]
            if gold == FALLBACK_TOPIC:
                f.offdomain += 1
                f.offdomain_kept += good
                if not good:
                    f.misses.append(f"  off-domain {e['title'][:70]!r} -> {p.topic}")
                continue
            f.n += 1
            f.right += good
            f.in_other += p.topic == FALLBACK_TOPIC
            f.per_topic[gold][0] += good
            f.per_topic[gold][1] += 1
            if not good and split != "check":
                f.misses.append(f"  miss [{e.get('label', '')[:30]}] {e['title'][:80]!r}: gold {gold}, got {p.topic}")
            if kws:
                f.with_keywords += 1
                hits = [t for t in p.tags if any(tag_matches(t, synonyms.get(t, ()), k) for k in kws)]
                f.tag_hit += bool(hits)
                f.tags_total += len(p.tags)
                f.tags_matching += len(hits)
    return dict(figs), cpu


def _pct(a: int, b: int) -> str:
    return f"{a / b:6.1%}" if b else "    - "


def report(name: str, data: dict, figs: dict[str, Figures], cpu: float, verbose: bool) -> None:
    n_papers = len(data["papers"])
    print(
        f"\n{name}: {n_papers} papers ({data.get('role', '')}); classify() {cpu / max(1, n_papers) * 1000:.2f} ms "
        f"CPU per paper (topics, tags and related papers)"
    )
    for split in ("all", "tune", "check"):
        f = figs.get(split)
        if f is None:
            continue
        line = f"  {split:<6} accepted {f.right:>4}/{f.n:<4} {_pct(f.right, f.n)}   in other {_pct(f.in_other, f.n)}"
        if f.offdomain:
            line += f"   off-domain kept in other/applications {f.offdomain_kept}/{f.offdomain}"
        if f.with_keywords:
            line += (
                f"   tag matches a keyword {_pct(f.tag_hit, f.with_keywords)} of {f.with_keywords} papers"
                f" ({_pct(f.tags_matching, f.tags_total).strip()} of tags)"
            )
        print(line)
    f = figs["all"]
    big = {t: v for t, v in sorted(f.per_topic.items()) if v[1] >= PER_TOPIC_MIN}
    if big:
        print("  per topic (>= 20 papers): " + ", ".join(f"{t} {a}/{b} {a / b:.0%}" for t, (a, b) in big.items()))
    small = {t: v for t, v in sorted(f.per_topic.items()) if v[1] < PER_TOPIC_MIN}
    if small and verbose:
        print("  smaller topics: " + ", ".join(f"{t} {a}/{b}" for t, (a, b) in small.items()))
    if verbose:
        print("\n".join(figs.get("tune", f).misses if "tune" in figs else f.misses))


def pooled(all_figs: list[dict[str, Figures]], split: str) -> Figures:
    """One split's figures summed over every set (off-domain papers apart)."""
    out = Figures()
    for figs in all_figs:
        f = figs.get(split)
        if f is None:
            continue
        for name in ("n", "right", "in_other", "offdomain", "offdomain_kept", "with_keywords", "tag_hit"):
            setattr(out, name, getattr(out, name) + getattr(f, name))
        for topic, (a, b) in f.per_topic.items():
            out.per_topic[topic][0] += a
            out.per_topic[topic][1] += b
    return out


def labelled_figures(taxonomy, verbose: bool, final: str | None = None) -> None:
    sets = load_sets(final)
    kind = f"FINAL TEST {sets[0][0]}" if final is not None else "dev: tune / held-out: check"
    print(f"\n== Labelled sets ({kind}) from bench/labelled/")
    every = []
    for name, data in sets:
        figs, cpu = evaluate(data, taxonomy)
        report(name, data, figs, cpu, verbose and final is None)  # a final test's misses stay unread
        every.append(figs)
    print(f"\nAll {len(sets)} set(s) pooled (in-domain papers; off-domain ones counted apart):")
    for split in ("all", "tune", "check") if final is None else ("all",):
        f = pooled(every, split)
        big = ", ".join(f"{t} {a}/{b} {a / b:.0%}" for t, (a, b) in sorted(f.per_topic.items()) if b >= PER_TOPIC_MIN)
        print(
            f"  {split:<6} accepted {f.right:>4}/{f.n:<4} {_pct(f.right, f.n)}   in other {_pct(f.in_other, f.n)}"
            f"   off-domain kept {f.offdomain_kept}/{f.offdomain}"
            f"   tag matches a keyword {_pct(f.tag_hit, f.with_keywords)} of {f.with_keywords}"
        )
        print(f"         per topic (>= {PER_TOPIC_MIN} papers): {big or '-'}")
