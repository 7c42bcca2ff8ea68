"""Figures for the topic/tag classifier.

    python -m bench.classifier            # dev set accuracy, seed distribution, held-out and off-domain checks
    python -m bench.classifier --speed    # also time related_papers on 10,000 synthetic papers
    python -m bench.classifier --show vision,other   # list the seed papers that land in these topics

Dev set: bench/devset.yml, seed papers labelled by hand (topic, acceptable alternates, expert tags).
Held-out / off-domain: tests/data/heldout.yml (papers not in the seeds)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.labelled_eval import labelled_figures  # noqa: E402
from generator.classify import tag_vocabulary  # noqa: E402
from generator.classify.assign import assign_tags, assign_topic  # noqa: E402
from generator.classify.similar import related_papers  # noqa: E402
from generator.classify.taxonomy import load_taxonomy  # noqa: E402
from generator.formats import parse_listing  # noqa: E402
from generator.identity.dedupe import dedupe  # noqa: E402
from generator.identity.keys import legacy_id  # noqa: E402
from generator.model import Paper  # noqa: E402
from generator.sources.files import find_listings, read_listing  # noqa: E402

MAX_SHARE = 0.25


def seed_papers(folder: Path = ROOT / "abstracts") -> list[Paper]:
    papers: list[Paper] = []
    for path in find_listings(folder):
        listing = read_listing(path, path.relative_to(ROOT).as_posix())
        papers += parse_listing(listing.text, listing.name).papers
    return dedupe(papers)


def dev_figures(papers: list[Paper], labels: list[dict], taxonomy, verbose: bool) -> None:
    by_id = {legacy_id(p): p for p in papers}  # devset.yml names papers by the id versions before 0.2 gave them
    vocab = set(tag_vocabulary(taxonomy))
    per_topic: dict[str, list[int]] = {}
    tag_recall, tag_ok, misses = [], 0, []
    for e in labels:
        p = by_id.get(e["id"])
        if p is None:
            print(f"  ! dev set id {e['id']} ({e['title'][:50]}) not among the seeds")
            continue
        for t in e.get("tags", []):
            if t not in vocab:
                print(f"  ! dev set tag {t!r} of {e['id']} is not in the vocabulary")
        topic, secondary = assign_topic(p, taxonomy)
        good = topic == e["topic"] or topic in e.get("also", [])
        per_topic.setdefault(e["topic"], []).append(good)
        if not good:
            misses.append(f"  miss  {e['title'][:70]:<70} expert {e['topic']}, got {topic} {secondary}")
        tags = set(assign_tags(p, taxonomy, topic, secondary))
        want = set(e.get("tags", []))
        if want:
            hit = len(tags & want)
            tag_recall.append(hit / len(want))
            tag_ok += hit >= min(2, len(want))
    total = sum(len(v) for v in per_topic.values())
    right = sum(sum(v) for v in per_topic.values())
    print(f"\nDev set ({total} seed papers labelled by hand): primary topic accepted by the expert")
    for t, v in sorted(per_topic.items()):
        print(f"  {t:<22}{sum(v):>3}/{len(v):<3} {sum(v) / len(v):6.0%}")
    print(f"  {'OVERALL':<22}{right:>3}/{total:<3} {right / total:6.0%}")
    if tag_recall:
        print(
            f"  tags: mean recall of the expert's tags {sum(tag_recall) / len(tag_recall):.0%}; "
            f"papers with >= 2 expert tags matched (or all, if fewer) {tag_ok}/{len(tag_recall)} "
            f"({tag_ok / len(tag_recall):.0%})"
        )
    if verbose:
        print("\n".join(misses))


def seed_figures(papers: list[Paper], taxonomy, show: list[str]) -> None:
    assigned = [(p, *assign_topic(p, taxonomy)) for p in papers]
    counts = Counter(t for _, t, _ in assigned)
    n = len(papers)
    print(f"\nSeed papers: {n}")
    for t in taxonomy.slugs:
        print(f"  {t:<22}{counts[t]:>4} {counts[t] / n:6.1%}")
    top, top_n = counts.most_common(1)[0]
    empty = [t for t in taxonomy.slugs if t != "other" and not counts[t]]
    tag_counts = [len(assign_tags(p, taxonomy, t, s)) for p, t, s in assigned]
    print(
        f"  share of 'other': {counts['other'] / n:.1%}  |  largest topic: {top} {top_n / n:.1%} "
        f"(limit {MAX_SHARE:.0%}: {'ok' if top_n / n <= MAX_SHARE else 'TOO BIG'})  |  empty topics: "
        f"{', '.join(empty) or 'none'}"
    )
    print(
        f"  tags per paper: min {min(tag_counts)}, max {max(tag_counts)}, "
        f"mean {sum(tag_counts) / n:.1f}; secondary topics on {sum(1 for *_, s in assigned if s) / n:.0%}"
    )
    for t in show:
        print(f"\n  == {t}")
        for p, topic, secondary in assigned:
            if topic == t:
                print(f"     {p.title[:90]}  {'(' + ', '.join(secondary) + ')' if secondary else ''}")


def heldout_figures(taxonomy, verbose: bool) -> None:
    data = yaml.safe_load((ROOT / "tests" / "data" / "heldout.yml").read_text(encoding="utf-8"))
    right = 0
    for e in data["papers"]:
        topic, _ = assign_topic(Paper(e["title"], e["abstract"], ()), taxonomy)
        good = topic == e["topic"] or topic in e.get("also", [])
        right += good
        if verbose and not good:
            print(f"  miss  {e['title'][:70]:<70} expert {e['topic']}, got {topic}")
    n = len(data["papers"])
    print(f"\nHeld-out papers (not in the seeds): {right}/{n} accepted ({right / n:.0%})")
    off = [assign_topic(Paper(e["title"], e["abstract"], ()), taxonomy)[0] for e in data["offdomain"]]
    ok = sum(t in ("other", "applications") for t in off)
    print(
        f"Off-domain (physics/biology) papers in other/applications: {ok}/{len(off)} ({ok / len(off):.0%}); "
        f"{dict(Counter(off))}"
    )


def classification_speed(papers: list[Paper], taxonomy, copies: int = 4) -> None:
    """CPU per paper of the rule stage (topic, secondary topics, tags) and of the neighbour search, on
    the seeds repeated with a distinct word appended (so no cache answers for a text seen before)."""
    from generator.classify.assign import _rule_row
    from generator.classify.similar import nearest

    many = [dataclasses.replace(p, abstract=f"{p.abstract} w{i}") for i, p in enumerate(papers * copies)]
    cpu = time.process_time()
    for p in many:
        _rule_row(p, taxonomy)
    rules = (time.process_time() - cpu) / len(many) * 1000
    cpu = time.process_time()
    nearest(many)
    near = (time.process_time() - cpu) / len(many) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nClassification speed on {len(many)} papers: {rules:.3f} ms CPU per paper for topics and tags, "
        f"{near:.3f} ms for the neighbour search (load average {load:.1f} on {os.cpu_count()} cores)"
    )


def speed(papers: list[Paper], n: int = 10_000) -> None:
    rng = random.Random(0)
    synth = []  # each made of sentences of two seed abstracts, half the words dropped
    for i in range(n):
        a, b = rng.sample(papers, 2)
        words = (a.abstract + " " + b.abstract).split()
        synth.append(Paper(f"Paper {i}", " ".join(w for w in words if rng.random() > 0.5), ()))
    start, cpu = time.perf_counter(), time.process_time()
    related = related_papers(synth, k=5)
    print(
        f"\nrelated_papers on {n} synthetic papers: {time.perf_counter() - start:.1f}s wall, "
        f"{time.process_time() - cpu:.1f}s CPU "
        f"({sum(map(len, related.values())) / n:.1f} neighbours each)"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--taxonomy", default=str(ROOT / "generator" / "defaults" / "topics.yml"))
    ap.add_argument("--speed", action="store_true", help="time related_papers on 10,000 synthetic papers")
    ap.add_argument("--show", default="", help="comma-separated topics whose seed papers to list")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses (of the tune halves only)")
    ap.add_argument(
        "--final",
        nargs="?",
        const="",
        default=None,
        metavar="SET",
        help="measure the named final test set instead of the dev sets (once, at the very end)",
    )
    args = ap.parse_args(argv)
    taxonomy = load_taxonomy(args.taxonomy)
    papers = seed_papers()
    labels = yaml.safe_load((ROOT / "bench" / "devset.yml").read_text(encoding="utf-8"))["papers"]
    dev_figures(papers, labels, taxonomy, args.verbose)
    seed_figures(papers, taxonomy, [t for t in args.show.split(",") if t])
    heldout_figures(taxonomy, args.verbose)
    labelled_figures(taxonomy, args.verbose, final=args.final)
    classification_speed(papers, taxonomy)
    start = time.perf_counter()
    related_papers(papers)
    print(f"related_papers on the {len(papers)} seeds: {time.perf_counter() - start:.2f}s")
    if args.speed:
        speed(papers)


if __name__ == "__main__":
    main()
