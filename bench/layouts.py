"""Held-out evaluation of the listing layouts: on real pasted pages and exports that were kept aside
while the parsers were written (bench/heldout/layouts/, titles by hand in truth.yml), per layout:

- right titles: share of the papers in the files that are found with exactly the title a reader
  sees (case, spacing and a final full stop aside);
- garbage: share of the pages made whose title is not one of those papers;
- layout: whether each file was recognised as the layout it is filed under.

Targets (issue #10): right titles >= 95 %, garbage <= 2 % for every layout.

    python bench/layouts.py                              # every held-out file
    python bench/layouts.py --section fresh-2026-11-25   # one section of truth.yml only

truth.yml is split into sections by banner lines `# == NAME: ... ==`; a section is a set of files
collected at one time (the first-run figure of each is recorded in the README next to truth.yml).
"""

from __future__ import annotations

import argparse
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


def load_truth(section: str | None) -> dict[str, list[str]]:
    text = (HELDOUT / "truth.yml").read_text(encoding="utf-8")
    if section is None:
        return yaml.safe_load(text)
    chunks = re.split(r"^# == ", text, flags=re.MULTILINE)
    for chunk in chunks[1:]:
        if chunk.split(":", 1)[0].strip() == section:
            return yaml.safe_load(chunk.split("\n", 1)[1])
    names = [c.split(":", 1)[0].strip() for c in chunks[1:]]
    raise SystemExit(f"no section {section!r} in truth.yml (sections: {', '.join(names)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--section", help="measure only the files of this truth.yml section")
    truth = load_truth(parser.parse_args().section)
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
