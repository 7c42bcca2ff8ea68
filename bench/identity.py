"""Identity figures on papers the identity rules were not tuned on: tests/data/heldout.yml (89
well-known papers, not in the shipped listings) next to the 476 shipped ones. Prints a table; not a
unit test.

    .venv/bin/python bench/identity.py

- false merges: distinct papers that dedupe would merge (shipped + held-out, all pairs that share a
  blocking key are judged);
- edits that must keep the page (judge says "same paper"): one word fixed in the first sentence, a
  revised title, a v2 whose first sentence and title were both rewritten;
- look-alikes that must stay apart: two papers sharing the first two sentences of one of them."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.formats import parse_listing  # noqa: E402
from generator.identity.dedupe import dedupe, judge  # noqa: E402
from generator.model import Paper, Source  # noqa: E402
from generator.sources.files import find_listings, read_listing  # noqa: E402

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def shipped() -> list[Paper]:
    papers: list[Paper] = []
    for path in find_listings(ROOT / "abstracts"):
        listing = read_listing(path, path.name)
        papers += parse_listing(listing.text, listing.name).papers
    return dedupe(papers)


def heldout() -> list[Paper]:
    data = yaml.safe_load((ROOT / "tests" / "data" / "heldout.yml").read_text(encoding="utf-8"))["papers"]
    return [Paper(e["title"], e["abstract"], (Source("heldout.yml", i + 1),)) for i, e in enumerate(data)]


def fix_a_word(p: Paper, rng: random.Random) -> Paper:
    first, *rest = SENTENCE.split(p.abstract)
    words = first.split(" ")
    i = rng.randrange(len(words))
    words[i] = words[i] + "s" if not words[i].endswith("s") else words[i][:-1]
    return Paper(p.title, " ".join([" ".join(words), *rest]), p.sources)


def revise_title(p: Paper, rng: random.Random) -> Paper:
    words = p.title.split(" ")
    words.insert(rng.randrange(len(words) + 1), "Improved")
    return Paper(" ".join(words), p.abstract, p.sources)


def v2(p: Paper, donor: Paper, rng: random.Random) -> Paper:
    """Title revised and the first sentence replaced by another paper's first sentence."""
    _, *rest = SENTENCE.split(p.abstract)
    first = SENTENCE.split(donor.abstract)[0]
    return Paper(revise_title(p, rng).title, " ".join([first, *rest]), p.sources)


def look_alike(p: Paper, other: Paper) -> Paper:
    """Another paper whose abstract opens with the first two sentences of `p`."""
    opening = SENTENCE.split(p.abstract)[:2]
    return Paper(other.title, " ".join([*opening, *SENTENCE.split(other.abstract)]), other.sources)


def main() -> None:
    rng = random.Random(11)
    seeds, held = shipped(), heldout()
    everything = seeds + held
    merged = len(everything) - len(dedupe(everything))
    rows = [("false merges among shipped + held-out papers", f"{merged} of {len(everything)} papers")]
    checks = {
        "one word fixed in the first sentence": [fix_a_word(p, rng) for p in held],
        "title revised (a word inserted)": [revise_title(p, rng) for p in held],
        "v2: title and first sentence rewritten": [v2(p, held[(i + 7) % len(held)], rng) for i, p in enumerate(held)],
    }
    for name, variants in checks.items():
        same = sum(judge(p, q).same for p, q in zip(held, variants, strict=True))
        rows.append((f"kept as the same paper: {name}", f"{same}/{len(held)} ({same / len(held):.0%})"))
    with_two = [p for p in held if len(SENTENCE.split(p.abstract)) >= 4]
    apart = sum(not judge(p, look_alike(p, with_two[(i + 3) % len(with_two)])).same for i, p in enumerate(with_two))
    rows.append(("kept apart: another paper opening with the same 2 sentences", f"{apart}/{len(with_two)}"))
    print("| held-out check | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
