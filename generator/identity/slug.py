"""Readable, stable, unique, filesystem-safe page names."""

from __future__ import annotations

import re

from ..model import fold_ascii

MAX_SLUG = 60
RESERVED = {"index", "tags", "con", "prn", "aux", "nul", "com1", "lpt1"}


def slugify(title: str) -> str:
    """'Hopfield Networks is All You Need' -> 'hopfield-networks-is-all-you-need'.
    ASCII only, no dots or slashes, so a title can never name a path outside content/."""
    text = fold_ascii(title).lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:MAX_SLUG]
    if not slug or slug in RESERVED:
        slug = f"paper-{slug}" if slug else "paper"
    return slug


def assign_slugs(ids_and_titles: list[tuple[str, str]], existing: dict[str, str]) -> dict[str, str]:
    """Map paper id -> slug. A paper keeps the slug its page already has (notes stay where they
    are); a new paper gets its title's slug, or the slug plus its id when that is taken."""
    taken = set(existing.values())
    result: dict[str, str] = {}
    for pid, _ in ids_and_titles:
        if pid in existing:
            result[pid] = existing[pid]
    for pid, title in ids_and_titles:
        if pid in result:
            continue
        slug = slugify(title)
        if slug in taken:
            slug = f"{slug}-{pid[:6]}"
        n = 2
        while slug in taken:
            slug = f"{slugify(title)}-{pid[:6]}-{n}"
            n += 1
        taken.add(slug)
        result[pid] = slug
    return result
