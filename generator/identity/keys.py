"""What identifies a paper, in any script: its arXiv id, its DOI, and a fingerprint of its text.

Text is compared after Unicode normalisation (NFKC, case folded) keeping the letters, digits and
combining marks of every script: nothing is folded to ASCII, so a Chinese or Arabic abstract keeps
all of its evidence. Scripts written without spaces between words (CJK, kana, Hangul, Thai) are
compared by pairs of characters."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from ..model import ARXIV_ID, ARXIV_URL_ID, Paper, fold_ascii

# Anything that is neither a letter/digit (\w) nor a combining mark of the Indic and Southeast Asian
# scripts (vowel signs are marks, not \w) separates words; so does the underscore.
_SEPARATORS = re.compile(r"[^\w\u0300-\u036f\u0900-\u0e7f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+|_+")
# Scripts written without spaces between words: compared by character pairs.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f]")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
_DOI = re.compile(r"(?:doi\.org/|doi:\s*|^)(10\.\d{4,9}/\S+)$", re.I)
_DOI_IN_LINK = re.compile(r"doi\.org/(10\.\d{4,9}/[^\s?#]+)", re.I)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """'Ünïcode — Text!' -> 'ünïcode text'; every script kept, punctuation and case gone."""
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def tokens(text: str) -> list[str]:
    """Words of normalised text; a run of CJK/kana/Hangul/Thai becomes its character pairs."""
    out: list[str] = []
    for word in normalize(text).split():
        if _UNSPACED.search(word):
            out += [word[i : i + 2] for i in range(max(1, len(word) - 1))]
        else:
            out.append(word)
    return out


@lru_cache(maxsize=16384)
def shingles(text: str) -> frozenset[str]:
    """Pairs of consecutive tokens: two texts that share most of them say the same thing in the same
    words, which sharing a vocabulary alone does not show."""
    words = tokens(text)
    if len(words) < 2:
        return frozenset(words)
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' shingles, 0..1 (1: the same words in the same order)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def sentences(text: str) -> list[str]:
    """Normalised sentences of a text that are long enough to identify it (blocking keys): six
    words, or twelve characters of a script written without spaces."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        norm = _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", sentence).casefold()).strip()
        if norm.count(" ") >= 5 or (len(norm) >= 12 and _UNSPACED.search(norm)):
            out.append(norm)
    return out


def arxiv_key(paper: Paper) -> str | None:
    """The paper's arXiv id without its version ('2401.01234'), from its arXiv field or a link."""
    if paper.arxiv_id:
        value = re.sub(r"(?i)^(?:arxiv:\s*)", "", paper.arxiv_id.strip())
        m = ARXIV_ID.match(value) or ARXIV_URL_ID.search(value)
        if m:
            return m.group("id").lower()
    for link in paper.links:
        m = ARXIV_URL_ID.search(link)
        if m:
            return m.group("id").lower()
    return None


def doi_key(paper: Paper) -> str | None:
    """The DOI, lower-cased (DOIs are case-insensitive), from the DOI field or a doi.org link."""
    if paper.doi:
        m = _DOI.search(paper.doi.strip())
        if m:
            return m.group(1).rstrip(".,;").lower()
    for link in paper.links:
        m = _DOI_IN_LINK.search(link)
        if m:
            return m.group(1).rstrip(".,;").lower()
    return None


def fingerprint(paper: Paper) -> str:
    """10 hex digits from the whole normalised abstract (the title when there is no abstract): the
    same for every copy of the text, different as soon as one word differs."""
    text = normalize(paper.abstract) or normalize(paper.title)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def strong_id(paper: Paper) -> str:
    """The identity a paper would have on its own: arXiv id, else DOI, else the text fingerprint."""
    arxiv = arxiv_key(paper)
    if arxiv:
        return f"arxiv:{arxiv}"
    doi = doi_key(paper)
    if doi:
        return f"doi:{doi}"
    return fingerprint(paper)


def legacy_id(paper: Paper) -> str:
    """The id versions before 0.2 wrote (first 200 ASCII-folded characters of the abstract): pages made
    by them are found again by it once, then carry the new id."""
    key = re.sub(r"[^a-z0-9]+", " ", fold_ascii(paper.abstract).lower()).strip()[:200]
    return hashlib.sha1(key.encode()).hexdigest()[:10]
