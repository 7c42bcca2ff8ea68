"""Properties every layout keeps, on generated input: no crash on any text, a text that is not
understood gives no papers, and papers written in a layout's own shape come back with their titles."""

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formats import parse_listing

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
