"""Readable, stable, unique, filesystem-safe page names, in any script.

Titles are transliterated to ASCII for the file name only ("Łukasz" -> lukasz, a Russian title ->
its Latin spelling, Chinese -> pinyin syllables); identity never uses the transliteration."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection

from anyascii import anyascii

MAX_SLUG = 60
RESERVED = {"index", "tags", "con", "prn", "aux", "nul", "com1", "lpt1"}
# Scripts without spaces between words: each transliterated character is a word of its own.
_SYLLABIC = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "YI ", "BOPOMOFO")


def transliterate(text: str) -> str:
    """ASCII spelling of a title, word boundaries kept: 'Łukasz' -> 'Lukasz', '大模型' -> ' Da  Mo  Xing '."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch < "\x80":
            out.append(ch)
            continue
        ascii_ = anyascii(ch)
        if unicodedata.name(ch, "").startswith(_SYLLABIC):
            ascii_ = f" {ascii_} "
        out.append(ascii_)
    return "".join(out)


def slugify(title: str) -> str:
    """'Hopfield Networks is All You Need' -> 'hopfield-networks-is-all-you-need'.
    ASCII only, no dots or slashes, so a title can never name a path outside content/."""
    words = re.findall(r"[a-z0-9]+", transliterate(title).lower())
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


def _suffix(pid: str) -> str:
    return hashlib.sha1(pid.encode("utf-8")).hexdigest()[:6]


def assign_slugs(
    ids_and_titles: list[tuple[str, str]], existing: dict[str, str], taken: Collection[str] = ()
) -> dict[str, str]:
    """Map paper id -> slug. A paper keeps the slug its page already has (notes stay where they
    are); a new paper gets its title's slug, or the slug plus a hash of its id when that is taken
    (by a page or by `taken`, the names of pages no paper owns)."""
    used = set(existing.values()) | set(taken)
    result: dict[str, str] = {}
    for pid, _ in ids_and_titles:
        if pid in existing:
            result[pid] = existing[pid]
    for pid, title in ids_and_titles:
        if pid in result:
            continue
        base = slugify(title)
        slug = base if base not in used else f"{base}-{_suffix(pid)}"
        n = 2
        while slug in used:
            slug = f"{base}-{_suffix(pid)}-{n}"
            n += 1
        used.add(slug)
        result[pid] = slug
    return result
