"""BibTeX as an output (`papers.bib`, `paperlist add` files): `escape_value` / `format_entry` turn
plain text into BibTeX that `formats/bibtex.py` (and BibTeX itself) reads back unchanged."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\{}&%#_$~^])")
_ESCAPED = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_MATH = re.compile(r"\$[^$\n]+?\$")


def escape_value(text: str) -> str:
    """Plain text -> the inside of a `{...}` BibTeX value. Specials are escaped; inline `$...$` math
    is kept when its braces balance. `latex_to_text(escape_value(t)) == t` for collapsed text."""
    out = []
    pos = 0
    for m in _MATH.finditer(text):
        out.append(_escape_plain(text[pos : m.start()]))
        math = m.group(0)
        out.append(math if _balanced(math) else _escape_plain(math))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = _SPECIAL.sub(lambda m: _ESCAPED.get(m.group(1), "\\" + m.group(1)), text)
    return text.replace("--", "-{}-").replace("--", "-{}-")  # keep '--' from turning into a dash


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def format_entry(kind: str, key: str, values: list[tuple[str, str]], protect_title: bool = True) -> str:
    """One entry, fields in the given order, values already plain text (escaped here). The title is
    wrapped in an extra pair of braces so BibTeX styles keep its capitalisation."""
    lines = [f"@{kind}{{{key},"]
    width = max((len(k) for k, _ in values), default=0)
    for name, value in values:
        inner = escape_value(value)
        if name == "title" and protect_title:
            inner = "{" + inner + "}"
        lines.append(f"  {name.ljust(width)} = {{{inner}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def format_authors(names: list[str]) -> str:
    return " and ".join(names)
