"""Small diffs: how many files change in git when the shipped reading list grows by one listing of
five papers, when one paper is pasted at the top of a listing, and when a listing is renamed.
Not a unit test: run it by hand and read the table.

    .venv/bin/python bench/diffsize.py [--work /tmp/bench-diffsize]

Each scenario starts from a fresh import of the shipped abstracts in a throwaway git repository,
commits it, changes the input, imports again and counts `git status` entries by kind."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIVE = Path(__file__).resolve().parent / "data" / "five_papers.txt"  # real papers, not in the shipped list


def run(cwd: Path, *args: str) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout


def fresh(work: Path, name: str) -> Path:
    root = work / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")  # the theme comes from the installed plugin
    shutil.copy(ROOT / "generator" / "defaults" / "topics.yml", root / "topics.yml")
    shutil.copytree(ROOT / "abstracts", root / "abstracts")
    (root / ".gitignore").write_text("/.cache/\ncontent/.generator/lock\n")
    run(root, "git", "init", "-q")
    run(root, sys.executable, "-m", "generator", "import", "-q", "--root", str(root))
    run(root, "git", "add", "-A")
    run(root, "git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "base")
    return root


def kind(path: str, added: bool) -> str:
    if path.startswith("content/papers/"):
        return "new paper pages" if added else "other paper pages"
    if path.startswith("content/topics/"):
        return "topic pages"
    if path.startswith("content/tags/") or path == "content/tags.md":
        return "tag pages"
    if path.startswith("content/reading/") or path == "content/index.md":
        return "home and queues"
    if path.startswith("content/"):
        return "exports"
    return "outside content/"


def changed(root: Path) -> Counter:
    run(root, sys.executable, "-m", "generator", "import", "-q", "--root", str(root))
    counts: Counter = Counter()
    for line in run(root, "git", "status", "--porcelain", "--untracked-files=all").splitlines():
        status, path = line[:2], line[3:]
        if path.startswith("abstracts/"):
            continue
        counts[kind(path, "?" in status)] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-diffsize"))
    args = parser.parse_args()
    results = {}

    root = fresh(args.work, "add-listing")
    shutil.copy(FIVE, root / "abstracts" / "five_papers.txt")
    results["add one listing of 5 papers"] = changed(root)

    root = fresh(args.work, "paste-at-top")
    listing = sorted((root / "abstracts").glob("*.txt"))[-1]
    first = FIVE.read_text(encoding="utf-8").split("\n\n")[0]
    listing.write_text(first + "\n\n" + listing.read_text(encoding="utf-8"), encoding="utf-8")
    results[f"paste 1 paper at the top of {listing.name}"] = changed(root)

    root = fresh(args.work, "rename")
    listing = sorted((root / "abstracts").glob("*.txt"))[1]
    listing.rename(listing.with_name("renamed.txt"))
    results[f"rename {listing.name}"] = changed(root)

    kinds = ["new paper pages", "other paper pages", "topic pages", "tag pages", "home and queues", "exports"]
    kinds.append("outside content/")
    print("| scenario | files changed | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    for name, counts in results.items():
        print(f"| {name} | {sum(counts.values())} | " + " | ".join(str(counts[k]) for k in kinds) + " |")


if __name__ == "__main__":
    main()
