"""Held-out evaluation of the listing layouts: on real pasted pages and exports that were kept aside
while the parsers were written (bench/heldout/layouts/, titles by hand in truth.yml), per layout:

- right titles: share of the papers in the files that are found with exactly the title a reader
  sees (case, spacing and a final full stop aside);
- garbage: share of the pages made whose title is not one of those papers;
- layout: whether each file was recognised as the layout it is filed under.

Targets (issue #10): right titles >= 95 %, garbage <= 2 % for every layout.

    python bench/layouts.py            # table per layout, then the misses
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.formats import parse_listing  # noqa: E402

HELDOUT = ROOT / "bench" / "heldout" / "layouts"


def norm(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().rstrip(".").casefold()


def main() -> int:
    truth = yaml.safe_load((HELDOUT / "truth.yml").read_text(encoding="utf-8"))
    per_layout: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    for rel, titles in truth.items():
        path = HELDOUT / rel
        layout = rel.split("/")[0]
        listing = parse_listing(path.read_text(encoding="utf-8"), rel)
        wanted = [norm(t) for t in titles]
        got = [norm(p.title) for p in listing.papers]
        stats = per_layout[layout]
        stats["files"] += 1
        stats["detected"] += listing.format == layout
        stats["papers"] += len(wanted)
        stats["right"] += sum(1 for t in wanted if t in got)
        stats["pages"] += len(got)
        stats["garbage"] += sum(1 for t in got if t not in wanted)
        if listing.format != layout:
            misses.append(f"{rel}: recognised as {listing.format} ({listing.failed or ''})")
        misses += [f"{rel}: missed {t!r}" for t in wanted if t not in got]
        misses += [f"{rel}: garbage page {t!r}" for t in got if t not in wanted]
    print(f"{'layout':15} {'files':>5} {'detected':>8} {'papers':>6} {'right titles':>13} {'pages':>5} {'garbage':>8}")
    ok = True
    for layout, s in sorted(per_layout.items()):
        right = 100 * s["right"] / s["papers"] if s["papers"] else 100.0
        garbage = 100 * s["garbage"] / s["pages"] if s["pages"] else 0.0
        ok &= right >= 95 and garbage <= 2 and s["detected"] == s["files"]
        counts = f"{s['files']:5} {s['detected']:8} {s['papers']:6}"
        print(f"{layout:15} {counts} {right:12.1f}% {s['pages']:5} {garbage:7.1f}%")
    for miss in misses:
        print("  " + miss)
    print("targets met" if ok else "targets NOT met (right titles >= 95%, garbage <= 2%, every file recognised)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
