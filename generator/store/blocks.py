"""Pages as generated blocks plus user text, and the merge that keeps user edits byte for byte.

A page is split into segments. Generated segments are front-matter keys (a key line plus its
indented continuation) and body blocks between `<!-- generated:NAME -->` markers. Everything
else (notes, comments, blank lines, keys the user added) belongs to the user and is copied
through untouched. A generated segment is replaced only when its text still hashes to something
the generator wrote earlier: then nobody edited it. Otherwise the user's version wins.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
BODY_BEGIN = re.compile(r"^<!-- generated:([\w-]+) ")
BODY_END = "<!-- /generated -->"


@dataclass(frozen=True)
class Segment:
    key: str | None  # "fm:title", "body:abstract", or None for user text
    text: str


@dataclass(frozen=True)
class SplitPage:
    bom: str
    newline: str
    head: str  # opening '---' line, or '' when the page has no front matter
    front: tuple[Segment, ...]
    close: str  # closing '---' line
    body: tuple[Segment, ...]


def block_hash(text: str) -> str:
    norm = text.replace("\r\n", "\n").rstrip("\n")
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:12]


def split_page(text: str) -> SplitPage:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom) :]
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    head = close = ""
    front_lines: list[str] = []
    body_lines = lines
    if lines and lines[0].rstrip("\r\n") == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip("\r\n") in ("---", "..."):
                head, close = lines[0], lines[i]
                front_lines, body_lines = lines[1:i], lines[i + 1 :]
                break
    return SplitPage(bom, newline, head, tuple(_split_front(front_lines)), close, tuple(_split_body(body_lines)))


def _split_front(lines: list[str]) -> list[Segment]:
    segments: list[Segment] = []
    key: str | None = None
    buf: list[str] = []

    def flush() -> None:
        if buf:
            segments.append(Segment(key, "".join(buf)))

    for line in lines:
        m = FRONT_KEY.match(line)
        continues = key is not None and (line[:1] in (" ", "\t") or line.startswith("- ")) and line.strip()
        if m:
            flush()
            key, buf = "fm:" + m.group(1), [line]
        elif continues:
            buf.append(line)
        else:  # comment, blank line or anything else: the user's
            flush()
            key, buf = None, [line]
            flush()
            buf = []
    flush()
    return segments


def _split_body(lines: list[str]) -> list[Segment]:
    segments: list[Segment] = []
    user: list[str] = []
    i = 0
    while i < len(lines):
        m = BODY_BEGIN.match(lines[i])
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == BODY_END), None) if m else None
        if m and end is not None:
            if user:
                segments.append(Segment(None, "".join(user)))
                user = []
            segments.append(Segment("body:" + m.group(1), "".join(lines[i : end + 1])))
            i = end + 1
        else:
            user.append(lines[i])
            i += 1
    if user:
        segments.append(Segment(None, "".join(user)))
    return segments


def edited_keys(page: str | SplitPage, written_before: dict[str, list[str]]) -> set[str]:
    """Generated keys whose text on the page is not something the generator wrote: the user's."""
    page = split_page(page) if isinstance(page, str) else page
    return {s.key for s in page.front + page.body if s.key and block_hash(s.text) not in written_before.get(s.key, ())}


def join_page(page: SplitPage) -> str:
    return page.bom + page.head + "".join(s.text for s in page.front) + page.close + "".join(s.text for s in page.body)


@dataclass(frozen=True)
class MergeResult:
    text: str
    kept: tuple[str, ...]  # generated keys the user edited (their version kept)
    hashes: dict[str, str]  # hashes of the generated text now on the page, per key


def _with_newline(text: str, newline: str) -> str:
    text = text if text.endswith("\n") else text + "\n"
    return text.replace("\n", newline) if newline != "\n" else text


def merge_page(existing: str | None, fresh: str, written_before: dict[str, list[str]]) -> MergeResult:
    """Bring `existing` up to date with the freshly rendered page `fresh`.

    `written_before` maps a segment key to the hashes of every version the generator wrote
    for it. A segment whose current text is among them is still the generator's and is
    refreshed; any other text is the user's and stays byte for byte. A key the generator wrote
    before and that is now gone was deleted by the user and stays deleted.
    """
    new = split_page(fresh)
    new_segments = {s.key: s.text for s in new.front + new.body if s.key}
    if existing is None:
        return MergeResult(fresh, (), {k: block_hash(v) for k, v in new_segments.items()})
    old = split_page(existing)
    nl = old.newline
    kept: list[str] = []
    hashes: dict[str, str] = {}

    def refresh(segments: tuple[Segment, ...]) -> list[Segment]:
        out = []
        for seg in segments:
            if seg.key in new_segments:
                current = block_hash(seg.text)
                if current == block_hash(new_segments[seg.key]):
                    out.append(seg)
                    hashes[seg.key] = current
                elif current in written_before.get(seg.key, ()):
                    out.append(Segment(seg.key, _with_newline(new_segments[seg.key], nl)))
                    hashes[seg.key] = block_hash(new_segments[seg.key])
                else:
                    out.append(seg)
                    kept.append(seg.key)
            else:
                out.append(seg)
        return out

    front = refresh(old.front)
    body = refresh(old.body)
    present = {s.key for s in old.front + old.body if s.key}
    added_front = [
        Segment(k, _with_newline(v, nl))
        for k, v in new_segments.items()
        if k.startswith("fm:") and k not in present and k not in written_before
    ]
    added_body = [k for k in new_segments if k.startswith("body:") and k not in present and k not in written_before]
    for key in added_front + [Segment(k, "") for k in added_body]:
        hashes[key.key] = block_hash(new_segments[key.key])
    head, close = old.head, old.close
    if not head and added_front:  # page lost its front matter entirely: do not invent one around user text
        added_front = []
    front += added_front
    for key in added_body:
        body = _insert_body_block(body, key, _with_newline(new_segments[key], nl), new, nl)
    text = join_page(SplitPage(old.bom, nl, head, tuple(front), close, tuple(body)))
    return MergeResult(text, tuple(kept), hashes)


def _insert_body_block(body: list[Segment], key: str, text: str, fresh: SplitPage, nl: str) -> list[Segment]:
    """Place a new generated block after the generated block that precedes it in a fresh page."""
    order = [s.key for s in fresh.body if s.key]
    before = order[: order.index(key)]
    position = len(body)
    for i, seg in enumerate(body):
        if seg.key in before:
            position = i + 1
    block = Segment(key, (nl if position and not body[position - 1].text.endswith(nl * 2) else "") + text)
    return body[:position] + [block] + body[position:]
