"""Fact tags (code released, new dataset, benchmark, survey): regular expressions from topics.yml,
searched only when the text can match.

A regex such as `\\b(code|implementation|models?)\\b[^.]{0,60}(is|are) available` costs tens of
microseconds per abstract even when nothing matches. Every match of it starts with one of a few
literal words, so the text (lowercased once) is first checked for those words with plain substring
tests; only a text containing one is searched. The anchors are read off the pattern's start; a
pattern whose start is not plain words (`\\w+Bench`) is always searched. Same result, a fraction of
the time."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Zero-width assertions a pattern may start with; they do not consume text.
_PLAIN = re.compile(r"[A-Za-z0-9 ]")
_QUANTIFIER = "?*{"


def _literal_prefix(alternative: str) -> str:
    """The literal text every match of a regex alternative starts with ("models?" -> "model")."""
    out: list[str] = []
    for i, ch in enumerate(alternative):
        if not _PLAIN.match(ch):
            if ch in _QUANTIFIER and out:
                out.pop()  # the character before an optional quantifier may be absent
            break
        if i + 1 < len(alternative) and alternative[i + 1] in _QUANTIFIER:
            break
        out.append(ch)
    return "".join(out).lower()


def _split_top(body: str) -> list[str] | None:
    """The alternatives of a group body split at its top-level bars (None if brackets are unbalanced)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            end = body.find("]", i + 2)
            if end < 0:
                return None
            i = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    return parts + [body[start:]] if depth == 0 else None


def _elements(pattern: str) -> list[tuple[str, str, bool]] | None:
    """The top-level elements of a pattern: (kind, text, required) with kind "group", "literal" or "other"."""
    out: list[tuple[str, str, bool]] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "(":
            depth, j = 0, i
            while j < n:
                if pattern[j] == "\\":
                    j += 2
                    continue
                if pattern[j] == "[":
                    close = pattern.find("]", j + 2)
                    if close < 0:
                        return None
                    j = close + 1
                    continue
                depth += pattern[j] == "("
                depth -= pattern[j] == ")"
                if depth == 0:
                    break
                j += 1
            if j >= n:
                return None
            kind, text, i = "group", pattern[i + 1 : j], j + 1
        elif ch == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                return None
            kind, text, i = "other", pattern[i : close + 1], close + 1
        elif ch == "\\":
            kind, text, i = "other", pattern[i : i + 2], i + 2
        elif ch == "|":
            return None  # a top-level alternation: handled by the caller as one group
        else:
            kind, text, i = ("literal" if _PLAIN.match(ch) else "other"), ch, i + 1
        optional = i < n and (pattern[i] in "?*" or pattern[i : i + 3] == "{0,")
        if i < n and pattern[i] in _QUANTIFIER + "+":
            i = pattern.find("}", i) + 1 if pattern[i] == "{" else i + 1
            if pattern[i - 1 : i] == "?" and i < n and pattern[i] in "?+":
                i += 1
        out.append((kind, text, not optional))
    return out


def anchors(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Sets of lowercase literals such that every match of `pattern` contains one literal of each set: one
    set per required element of the pattern (a run of letters, or a group of alternatives that each start
    with letters). Empty when none can be read off the pattern (then it is always searched)."""
    elements = _elements(pattern) if _split_top(pattern) == [pattern] else [("group", pattern, True)]
    if not elements:
        return ()
    candidates: list[tuple[str, ...]] = []
    run = ""
    for kind, text, required in [*elements, ("other", "", True)]:
        if kind == "literal" and required:
            run += text
            continue
        if len(run.strip()) >= 2:
            candidates.append((run.strip().lower(),))
        run = ""
        if kind != "group" or not required or text.startswith(("?=", "?!", "?<")):
            continue
        alternatives = _split_top(text[2:] if text.startswith("?:") else text)
        if alternatives:
            prefixes = [_literal_prefix(a).strip() for a in alternatives]
            if all(len(x) >= 2 for x in prefixes):
                candidates.append(tuple(dict.fromkeys(prefixes)))
    return tuple(c for c in candidates if min(map(len, c)) >= 3)  # "we", "is": in every text, they rule out nothing


@dataclass(frozen=True)
class Guarded:
    """One fact pattern with the literals that must be in a text for it to match."""

    pattern: str
    rx: re.Pattern
    needs: tuple[tuple[str, ...], ...]  # a literal of each set is in every text the pattern matches

    def search(self, text: str, low: str) -> re.Match | None:
        """The first match in `text`; `low` is text.lower(). The literals are checked in ASCII texts only:
        case-insensitive matching pairs some non-ASCII letters with ASCII ones ("ſ" with "s") that
        lowercasing leaves apart, so any other text is always searched."""
        if low.isascii() and not all(any(a in low for a in group) for group in self.needs):
            return None
        return self.rx.search(text)


def guarded(patterns: tuple[str, ...]) -> tuple[Guarded, ...]:
    return tuple(Guarded(p, re.compile(p, re.IGNORECASE), anchors(p)) for p in patterns)


def first_match(rules: tuple[Guarded, ...], text: str, low: str) -> re.Match | None:
    for g in rules:
        m = g.search(text, low)
        if m:
            return m
    return None
