"""A no-op fast path: when no listing, page, setting or generator file changed since the last
import, there is nothing to do. Like make, this compares sizes and mtimes instead of reading
10,000 files, plus ctimes and permission bits: a listing that was unreadable and became readable
again (chmod changes neither size nor mtime) must make the next run a full one. The record is kept
only when the run saw a still world: a file that someone changed while the import ran makes the
next run a full one."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from .. import __version__
from .files import write_atomic

CACHE_FILE = Path(".cache") / "paperlist" / "last-run.json"
_PACKAGE = Path(__file__).resolve().parents[1]  # the generator package: a new version means a full run

Stats = dict[str, tuple[int, ...]]


def file_stats(paths: list[Path]) -> Stats:
    """(size, mtime, ctime in ns, mode) of every file under the given files and folders, and the
    mode of every folder (its times change whenever a run writes a page into it)."""
    out: Stats = {}
    for top in paths:
        walk: Iterable[tuple[str, list[str], list[str]]]
        if top.is_file():
            walk = [(str(top.parent), [], [top.name])]
        elif top.is_dir():
            walk = os.walk(top)
        else:
            continue
        for dirpath, dirnames, filenames in walk:
            dirnames[:] = [d for d in dirnames if d not in ("__pycache__", ".cache")]
            try:
                out[dirpath + os.sep] = (os.stat(dirpath).st_mode,)
            except OSError:
                pass
            for name in filenames:
                if name == "lock" or name.endswith((".tmp", ".pyc")):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out[path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)
    return out


def digest(stats: Stats, options: str) -> str:
    h = hashlib.sha1(f"{__version__}\0{options}\0".encode())
    for path in sorted(stats):
        h.update(f"{path}\0{stats[path]}\0".encode())
    return h.hexdigest()


def watched(inputs: list[Path]) -> list[Path]:
    return [_PACKAGE, *inputs]


def last_run(root: Path) -> dict | None:
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def still_world(before: Stats, after: Stats, written: set[str], folders: bool = True) -> bool:
    """True when only the files this run wrote changed between its start and its end (and, unless
    `folders` is False, no folder appeared or changed its mode). A folder that appeared to hold
    files the run wrote (content/papers/ on a list's first import) is the run's own doing."""
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    folders_written = {os.path.dirname(path) for path in written}
    made = {str(f) + os.sep for d in folders_written for f in (Path(d), *Path(d).parents)} - before.keys()
    return {p for p in changed if (folders or not p.endswith(os.sep)) and p not in made} <= written


def remember(root: Path, fingerprint: str, summary: dict) -> None:
    write_atomic(root / CACHE_FILE, json.dumps({"fingerprint": fingerprint, **summary}, indent=1) + "\n")


def forget(root: Path) -> None:
    (root / CACHE_FILE).unlink(missing_ok=True)
