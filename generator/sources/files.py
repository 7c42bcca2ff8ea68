"""Read listing files from disk into clean text. The only stage that touches input bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem

# Every file of the folder is read: a layout explains it or it is reported, never silently ignored.
# These are the suffixes the layouts are written for (see `paperlist formats`).
LISTING_SUFFIXES = (".txt", ".md", ".bib", ".ris", ".json", ".csv", ".tsv")


@dataclass(frozen=True)
class ListingText:
    name: str  # path as shown to the user (relative, posix)
    text: str
    problems: tuple[Problem, ...] = ()


def decode_listing(data: bytes, name: str) -> ListingText:
    """Decode pasted text whatever the editor saved it as: UTF-8 (with or without BOM),
    else cp1252 / Latin-1. NUL bytes and other control characters are dropped and reported."""
    problems: list[Problem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(
            Problem(
                name, line, "not valid UTF-8; read the file as Windows-1252 (cp1252). Save it as UTF-8 to silence this."
            )
        )
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = JUNK.search(text)
    if first:
        count = len(JUNK.findall(text))
        if count > max(16, len(text) // 10):
            # One message for a binary file, not a decoding complaint on top of it.
            return ListingText(
                name,
                "",
                (Problem(name, 1, f"looks like binary data ({count} control bytes), not pasted text; file skipped"),),
            )
        problems.append(
            Problem(name, text.count("\n", 0, first.start()) + 1, f"removed {count} control character(s) such as NUL")
        )
        text = JUNK.sub("", text)
    return ListingText(name, text, tuple(problems))


# Control characters (tabs and newlines aside), DEL, and what undecodable bytes became.
JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufff0-\uffff]")


def find_listings(folder: Path) -> list[Path]:
    """All files of a folder (hidden ones and READMEs aside), in a stable order."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.name.split(".")[0].lower() != "readme"  # a README that explains the folder is not a listing
    )


def read_listing(path: Path, name: str) -> ListingText:
    try:
        data = path.read_bytes()
    except OSError as err:
        return ListingText(name, "", (Problem(name, 0, f"cannot read file: {err.strerror}"),))
    return decode_listing(data, name)
