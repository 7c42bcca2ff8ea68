"""Synthesise realistic paper listings at any size, in the real input layouts.

Sentences come from the seed abstracts in abstracts/ (parsed with the generator's own parsers),
recombined with a seeded RNG; titles are unique coined names plus a phrase from a seed title.
Every synthetic abstract is unique at its first 200 normalised characters (the dedupe key), and
every title is unique, so N requested papers give N pages. A small share of papers is listed a
second time in another file, as happens when the same paper shows up on two listing pages."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from generator.formats import parse_listing
from generator.identity.dedupe import normalize
from generator.sources.files import find_listings, read_listing

LAYOUTS = ("hf-blank-lines", "hf-metadata", "hf-compact", "ieee-abstracts")
PER_FILE = 60  # a listing page as pasted holds a few dozen papers
DUPLICATE_SHARE = 0.04  # share of papers that appear in a second listing
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "ve",
    "tor",
    "xi",
    "na",
    "po",
    "sen",
    "qua",
    "dri",
    "fu",
    "ze",
    "gan",
    "mo",
    "rix",
    "tel",
    "vo",
    "lu",
    "sta",
    "bri",
    "cor",
    "dex",
    "ny",
    "phi",
    "tra",
    "em",
    "os",
    "ul",
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


@dataclass(frozen=True)
class SynthPaper:
    title: str
    abstract: str
    authors: int
    date: tuple[int, int, int]  # year, month, day
    upvotes: int | None


@dataclass(frozen=True)
class Seed:
    sentences: tuple[str, ...]  # any sentence of any seed abstract
    openers: tuple[str, ...]  # first sentences, short enough that the dedupe key runs into sentence 2
    title_phrases: tuple[str, ...]


def load_seed(abstracts: Path) -> Seed:
    sentences: list[str] = []
    openers: list[str] = []
    phrases: list[str] = []
    for path in find_listings(abstracts):
        text = read_listing(path, path.name)
        for paper in parse_listing(text.text, text.name).papers:
            parts = [s.strip() for s in _SENTENCE.split(paper.abstract) if 30 <= len(s.strip()) <= 400]
            sentences += parts
            openers += [s for s in parts[:1] if len(s) <= 170]
            if not paper.title_derived:
                phrase = paper.title.split(": ", 1)[-1].strip()
                if 2 <= len(phrase.split()) <= 14:
                    phrases.append(phrase)
    if not sentences or not phrases:
        raise SystemExit(f"no seed abstracts found in {abstracts}")
    return Seed(tuple(dict.fromkeys(sentences)), tuple(dict.fromkeys(openers)), tuple(dict.fromkeys(phrases)))


def synth_papers(seed: Seed, n: int, rng_seed: int = 20240611) -> list[SynthPaper]:
    rng = random.Random(rng_seed)
    names: set[str] = set()
    keys: set[str] = set()
    titles: set[str] = set()
    papers: list[SynthPaper] = []
    while len(papers) < n:
        name = _coined(rng)
        if name in names:
            continue
        names.add(name)
        title = f"{name}: {rng.choice(seed.title_phrases)}"
        if normalize(title) in titles:
            continue
        body = [rng.choice(seed.openers)] + rng.sample(seed.sentences, rng.randint(4, 9))
        if rng.random() < 0.5:  # many abstracts name the method they introduce
            body.insert(rng.randint(1, 2), f"We introduce {name}, which builds on this observation.")
        abstract = " ".join(body)
        key = normalize(abstract)[:200]
        if key in keys or len(abstract) < 400:
            continue
        keys.add(key)
        titles.add(normalize(title))
        year = rng.choice((2019, 2020, 2021, 2022, 2023, 2024, 2025))
        papers.append(
            SynthPaper(
                title,
                abstract,
                rng.randint(1, 40),
                (year, rng.randint(1, 12), rng.randint(1, 28)),
                rng.choice((None, rng.randint(1, 300))),
            )
        )
    return papers


def _coined(rng: random.Random) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    style = rng.random()
    if style < 0.4:
        return word.capitalize() + rng.choice(("Net", "GPT", "Former", "Diff", "RL", "VLM", "Bench", "GAN"))
    if style < 0.7:
        return word.upper()[: rng.randint(3, 6)] + f"-{rng.randint(1, 99)}"
    return word.capitalize() + str(rng.randint(2, 999))


# ---------------------------------------------------------------- the four pasted layouts
def _date_line(p: SynthPaper, with_year: bool = True) -> str:
    year, month, day = p.date
    line = f"{MONTHS[month - 1]} {day}" + (f", {year}" if with_year else "")
    return line + (f" {p.upvotes}" if p.upvotes is not None else "")


def render_hf_blank(papers: list[SynthPaper], rng: random.Random) -> str:
    head = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
    head += f"{rng.choice(MONTHS)} {rng.randint(1, 28)}\n\n"
    return head + "".join(f"{p.title}\n\n{p.abstract}\n\n" for p in papers)


def render_hf_metadata(papers: list[SynthPaper], rng: random.Random) -> str:
    head = (
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
        "byAK and the research community\n\n"
    )
    head += f"{rng.choice(MONTHS)} {rng.randint(1, 28)}\n\n"
    out = [head]
    for p in papers:
        out.append(
            f"{p.title}\n\n{p.abstract}\n\n  • {p.authors} author{'s' if p.authors != 1 else ''}\n·\n"
            f"{_date_line(p, with_year=rng.random() < 0.8)}\n\n"
        )
    return "".join(out)


def render_hf_compact(papers: list[SynthPaper], rng: random.Random) -> str:
    head = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"
    return head + "".join(f"{p.title}\n{p.abstract}\n" for p in papers)  # first title glued to "Subscribe"


def render_ieee(papers: list[SynthPaper], rng: random.Random) -> str:
    out = []
    for p in papers:
        if rng.random() < 0.5:  # half the dumps carry no titles: the generator derives one
            out.append(f"{p.title}\n")
        out.append(f"Abstract:{p.abstract}\n")
    return "".join(out)


RENDER = {
    "hf-blank-lines": render_hf_blank,
    "hf-metadata": render_hf_metadata,
    "hf-compact": render_hf_compact,
    "ieee-abstracts": render_ieee,
}


def write_listings(papers: list[SynthPaper], folder: Path, rng_seed: int = 7) -> dict[str, int]:
    """Spread the papers over listing files of PER_FILE papers, cycling through the layouts; a few
    papers are listed again in a later file. Returns {layout: files}."""
    rng = random.Random(rng_seed)
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [papers[i : i + PER_FILE] for i in range(0, len(papers), PER_FILE)]
    counts: dict[str, int] = {}
    for index, chunk in enumerate(chunks):
        layout = LAYOUTS[index % len(LAYOUTS)]
        if index and layout.startswith("hf"):
            # Repeat papers only in titled layouts: an untitled IEEE copy would need its own title.
            extra = [p for p in chunks[index - 1] if rng.random() < DUPLICATE_SHARE]
            chunk = chunk + extra
        (folder / f"{index:05d}-{layout}.txt").write_text(RENDER[layout](chunk, rng), encoding="utf-8")
        counts[layout] = counts.get(layout, 0) + 1
    return counts


def abstract_bytes(papers: list[SynthPaper]) -> int:
    return sum(len(p.abstract.encode()) for p in papers)
