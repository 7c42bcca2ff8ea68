"""TeX in plain-text metadata: BibTeX values (`latex_to_text`) and the titles and author names of
arXiv digests, which keep TeX accents (`decode_accents`: 'Bo\\"otes' -> 'Boötes')."""

from __future__ import annotations

import re
import unicodedata

ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    '"': "\u0308",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "u": "\u0306",
    "v": "\u030c",
}
SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textendash": "–",
    "textemdash": "—",
    "textquotesingle": "'",
    "ldots": "…",
    "dots": "…",
}


def latex_to_text(value: str) -> str:
    """'{BERT}: Pre-training of {D}eep ...' -> 'BERT: Pre-training of Deep ...'; accents and
    escaped specials become Unicode; `$...$` math is kept as written. Whitespace is collapsed."""
    out: list[str] = []
    i = 0
    in_math = False
    while i < len(value):
        ch = value[i]
        if ch == "$":
            in_math = not in_math
            out.append(ch)
            i += 1
        elif in_math:
            out.append(ch)
            i += 1
        elif ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            if nxt in "&%$#_{} ":
                out.append(nxt)
                i += 2
            else:
                word = re.compile(r"[A-Za-z]+").match(value, i + 1)
                command = word.group(0) if word else nxt
                after = word.end() if word else i + 2
                if command in ACCENTS:
                    m = re.compile(r"\s*\{?\s*(\\[ij]|[A-Za-z])\s*\}?").match(value, after)
                    if m:
                        base = {"\\i": "i", "\\j": "j"}.get(m.group(1), m.group(1))
                        out.append(unicodedata.normalize("NFC", base + ACCENTS[command]))
                        after = m.end()
                    i = after
                elif command in SYMBOLS:
                    out.append(SYMBOLS[command])
                    i = after + (2 if value.startswith("{}", after) else 0)
                elif command in ("emph", "textit", "textbf", "textsc", "texttt", "mathrm", "url", "text"):
                    i = after  # keep the argument, drop the command
                else:
                    out.append(ch)
                    i += 1
        elif ch in "{}":
            i += 1
        elif ch == "~":
            out.append(" ")
            i += 1
        elif value.startswith("---", i):
            out.append("—")
            i += 3
        elif value.startswith("--", i):
            out.append("–")
            i += 2
        else:
            out.append(ch)
            i += 1
    return re.sub(r"\s+", " ", "".join(out)).strip()


_ACCENT = re.compile(
    r"(?P<open>\{)?\\(?:(?P<sign>[`'^~=.\"])\s*|(?P<letter>[Hckuv])(?=[{\s]))"
    r"(?:\{\s*(?P<braced>\\[ij]|[A-Za-z])\s*\}|\s*(?P<bare>\\[ij]|[A-Za-z]))(?(open)\})"
)


def decode_accents(text: str) -> str:
    """TeX accents become Unicode ('Sol\\`a' -> 'Solà', 'Sa\\v{s}a' -> 'Saša'); `$...$` math and all
    other TeX are left as written."""

    def repl(m: re.Match) -> str:
        base = m["braced"] or m["bare"]
        base = {"\\i": "i", "\\j": "j"}.get(base, base)
        return unicodedata.normalize("NFC", base + ACCENTS[m["sign"] or m["letter"]])

    parts = text.split("$")
    return "$".join(_ACCENT.sub(repl, part) if k % 2 == 0 else part for k, part in enumerate(parts))
