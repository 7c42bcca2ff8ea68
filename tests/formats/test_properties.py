"""Properties every layout keeps, on generated input: no crash on any text, a text that is not
understood gives no papers, and papers written in a layout's own shape come back with their titles."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formats import parse_listing
from generator.formats.latex import decode_accents

WORDS = st.sampled_from(
    "learning model graph neural sparse attention robust federated diffusion language vision policy "
    "transformer benchmark data scaling causal memory agent retrieval".split()
)
TITLE = st.lists(WORDS, min_size=3, max_size=9).map(lambda ws: " ".join(ws).capitalize() + f" {len(ws)}")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_parses_without_crashing_and_unknown_text_gives_no_papers(text):
    listing = parse_listing(text, "x.txt")
    if listing.format in ("unknown", "empty"):
        assert listing.papers == ()
    for paper in listing.papers:
        assert paper.title and "\n" not in paper.title


@settings(max_examples=40, deadline=None)
@given(st.lists(TITLE, min_size=1, max_size=8, unique=True))
def test_titles_written_as_an_arxiv_listing_come_back(titles):
    text = "".join(
        f"[{i}]  arXiv:2401.{10000 + i:05d} [pdf, other]\nTitle: {t}\nAuthors: A. Author, B. Author\n"
        f"Subjects: Machine Learning (cs.LG)\n\n"
        for i, t in enumerate(titles, start=1)
    )
    listing = parse_listing(text, "new.txt")
    assert listing.format == "arxiv-listing"
    assert [p.title for p in listing.papers] == titles
    assert [p.arxiv_id for p in listing.papers] == [f"2401.{10000 + i:05d}" for i in range(1, len(titles) + 1)]


@settings(max_examples=40, deadline=None)
@given(st.lists(TITLE, min_size=1, max_size=8, unique=True))
def test_titles_written_as_ris_and_markdown_come_back(titles):
    ris = "".join(f"TY  - JOUR\nTI  - {t}\nAU  - Author, A.\nER  - \n\n" for t in titles)
    assert [p.title for p in parse_listing(ris, "x.ris").papers] == titles
    md = "".join(f"- [{t}](https://arxiv.org/abs/2401.{10000 + i:05d})\n" for i, t in enumerate(titles))
    assert [p.title for p in parse_listing(md, "x.md").papers] == titles


NAME = st.sampled_from("Ada Lovelace|Alan Turing|Grace Hopper|Kurt Gödel|Emmy Noether|Ян Ли|Zhang Wei".split("|"))


@settings(max_examples=30, deadline=None)
@given(st.lists(TITLE, min_size=2, max_size=8, unique=True))
def test_titles_of_a_markdown_table_come_back_whatever_column_links_the_code(titles):
    """A row is named by the cell that links to the paper, not by a code link before it."""
    rows = "".join(
        f"|2022|CVPR|[Torch](https://github.com/lab/repo{i})|[{t}](https://openaccess.thecvf.com/p{i}.pdf)|\n"
        for i, t in enumerate(titles)
    )
    listing = parse_listing("|Year|Conf|Code|Title|\n|:-:|:-:|:-:|:-:|\n" + rows, "awesome.md")
    assert listing.format == "markdown"
    assert [p.title for p in listing.papers] == titles


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(TITLE, st.lists(NAME, min_size=2, max_size=5)), min_size=2, max_size=8, unique_by=lambda x: x[0])
)
def test_bold_titles_with_italic_authors_come_back_with_their_authors(items):
    text = "".join(f"*   **{t}**  \n    _{', '.join(names)}_\n" for t, names in items)
    listing = parse_listing(text, "accepted.md")
    assert [p.title for p in listing.papers] == [t for t, _ in items]
    assert [p.author_names for p in listing.papers] == [tuple(names) for _, names in items]


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet="abc xyz:()-", max_size=30),
    st.sampled_from(list("`'^~\"=.")),
    st.sampled_from(list("aeiouncsAEIOUNCS")),
    st.booleans(),
)
def test_tex_accents_become_one_letter_and_the_text_around_them_is_kept(before, sign, letter, braced):
    """'Bo\\"otes' -> 'Boötes': the accent and its letter become one composed letter; nothing else moves."""
    tex = f"\\{sign}{{{letter}}}" if braced else f"\\{sign}{letter}"
    decoded = decode_accents(before + tex + " end")
    assert decoded.startswith(before) and decoded.endswith(" end")
    accented = decoded[len(before) : -len(" end")]
    assert unicodedata.normalize("NFD", accented)[0] == letter and len(unicodedata.normalize("NFD", accented)) == 2


@settings(max_examples=30, deadline=None)
@given(st.lists(TITLE, min_size=2, max_size=8, unique=True))
def test_paper_labelled_items_under_date_bullets_come_back(titles):
    """'- Paper: [Title](url) VENUE' items are papers even though 'Paper:' is also a field label."""
    text = "- **[2025.01.29]**\n" + "".join(
        f"    - Paper: [{t}](https://arxiv.org/abs/2501.{17000 + i:05d}) ICLR 2025\n" for i, t in enumerate(titles)
    )
    listing = parse_listing(text, "awesome.md")
    assert [p.title for p in listing.papers] == titles


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(TITLE, st.lists(NAME, min_size=1, max_size=4)), min_size=2, max_size=6, unique_by=lambda x: x[0])
)
def test_a_markdown_digest_gives_one_paper_per_entry_and_no_section_pages(items):
    """'# cs.CL' / '#### [new 001] Title' / '- **链接: [url](url)**' / '> **作者:** ...': the headings above
    the entries and the link lines are not papers; the counter is not part of the title."""
    text = "# 自然语言处理 cs.CL\n\n## 最新发布\n\n" + "".join(
        f"#### [new {i:03d}] {t}\n- **分类: cs.CL**\n\n- **简介: 该论文提出一种方法。**\n\n"
        f"- **链接: [https://arxiv.org/pdf/2511.{16000 + i}v1](https://arxiv.org/pdf/2511.{16000 + i}v1)**\n\n"
        f"> **作者:** {'; '.join(names)}\n>\n> **备注:** 10 pages\n>\n"
        f"> **摘要:** We study {t.lower()} and show results.\n>\n---\n"
        for i, (t, names) in enumerate(items, start=1)
    )
    listing = parse_listing(text, "digest.md")
    assert [p.title for p in listing.papers] == [t for t, _ in items]
    assert [p.author_names for p in listing.papers] == [tuple(names) for _, names in items]
    assert [p.arxiv_id for p in listing.papers] == [f"2511.{16000 + i}" for i in range(1, len(items) + 1)]
