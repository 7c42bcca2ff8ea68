"""BibTeX as an input format: reading entries, turning them into papers, and writing values back."""

from pathlib import Path

import yaml
from conftest import CASES, copy_project, run_cli
from hypothesis import given
from hypothesis import strategies as st

from generator.formats import detect_format, parse_listing
from generator.formats.bibtex import entry_date, latex_to_text, parse_bibtex, read_entries, split_authors
from generator.site.bibtex_out import escape_value, format_entry

DATA = Path(__file__).resolve().parents[1] / "data" / "bibtex"


def sample():
    return parse_bibtex((DATA / "sample.bib").read_text(encoding="utf-8"), "abstracts/refs.bib")


def test_reads_every_entry_with_a_title():
    papers, _ = sample()
    assert [p.title for p in papers] == [
        "Deep Residual Learning for Image Recognition",
        "Adam: A Method for Stochastic Optimization",
        "Schrödinger's Bridge for Naïve Genération & Beyond: 50% Faster",
        "Deep Learning",
        "Attention Is All You Need",
    ]
    assert papers[3].abstract == "" and papers[3].author_names == ("Ian Goodfellow", "Yoshua Bengio", "Aaron Courville")
    he = papers[0]
    assert he.abstract.startswith("Deeper neural networks are more difficult to train. We present")
    assert "\n" not in he.abstract and "  " not in he.abstract
    assert he.authors == 4 and he.published == "2016-06"
    assert he.links == (
        "https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
        "https://doi.org/10.1109/CVPR.2016.90",
    )
    assert list(he.author_names) == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    assert he.sources[0].file == "abstracts/refs.bib" and he.sources[0].line == 6


def test_quoted_values_math_and_arxiv_fields():
    adam = sample()[0][1]
    assert adam.abstract.endswith(r"$\mathcal{O}(\sqrt{T})$ is comparable to the best known results.")
    assert adam.links == ("https://arxiv.org/abs/1412.6980", "https://arxiv.org/pdf/1412.6980")
    assert adam.arxiv_id == "1412.6980" and list(adam.categories) == ["cs.LG"]


def test_accents_escapes_strings_and_biblatex_dates():
    paper = sample()[0][2]
    assert list(paper.author_names) == ["Erwin Schrödinger", "Jörg Müller", "The Paperlist Consortium"]
    assert paper.published == "2024-03-05"
    assert "snake_case, a percent sign 100% and a dash—like this one." in paper.abstract


def test_arxiv_url_is_canonical_and_others_means_unknown_count():
    paper = sample()[0][4]
    assert paper.links == ("https://arxiv.org/abs/1706.03762", "https://arxiv.org/pdf/1706.03762")
    assert paper.authors is None  # 'and others': the count is not known
    assert list(paper.author_names) == ["Ashish Vaswani", "Noam Shazeer"]


def test_problems_point_at_the_entry():
    _, problems = sample()
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [(53, "unbalanced braces in field 'title'")]


def test_detected_as_its_own_format_and_never_for_listings():
    assert detect_format((DATA / "sample.bib").read_text(encoding="utf-8")).name == "bibtex"
    for fixture in CASES.glob("*/*.txt"):
        fmt = detect_format(fixture.read_text(encoding="utf-8"))
        assert fmt is None or fmt.name != "bibtex", fixture.name
    listing = parse_listing((DATA / "sample.bib").read_text(encoding="utf-8"), "refs.bib")
    assert listing.format == "bibtex" and len(listing.papers) == 5


def test_reader_corner_cases():
    entries, problems = read_entries(
        '@misc{k, title = "a" # {b} # "c", year = 2020, note = {x {y} z}}\n'
        '@preamble{ "\\newcommand{\\x}{y}" }\n@misc(p, title={paren style})'
    )
    assert problems == []
    assert [(e.key, e.fields) for e in entries] == [
        ("k", {"title": "abc", "year": "2020", "note": "x {y} z"}),
        ("p", {"title": "paren style"}),
    ]
    assert entry_date({"year": "2019", "month": "Dec", "day": "3"}) == "2019-12-03"
    assert entry_date({"year": "{2019}", "month": "7"}) == "2019-07"
    assert entry_date({}) is None
    assert split_authors("Last, First and {Org and Co} and van der Berg, Jan") == [
        "First Last",
        "Org and Co",
        "Jan van der Berg",
    ]
    assert (
        latex_to_text(r"\textbf{Bold} \url{https://x.org/a_b} caf\'{e} na\"ive \ss{} \O{}")
        == "Bold https://x.org/a_b café naïve ß Ø"
    )


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x17F, exclude_characters="\x7f"), max_size=80))
def test_escape_round_trips(text):
    text = " ".join(text.split())
    assert latex_to_text(escape_value(text)) == text


def test_format_entry_reads_back():
    text = format_entry(
        "misc",
        "key-1",
        [
            ("title", "A {Braced} 100% title_x"),
            ("author", "A B and C D"),
            ("abstract", "Uses $x_i^2$ and \\ backslash, ~tilde, #hash."),
        ],
    )
    [entry], problems = read_entries(text)
    assert problems == [] and entry.key == "key-1"
    assert latex_to_text(entry.fields["title"]) == "A {Braced} 100% title_x"
    assert latex_to_text(entry.fields["abstract"]) == "Uses $x_i^2$ and \\ backslash, ~tilde, #hash."


def test_a_bib_file_in_abstracts_becomes_pages(tmp_path):
    root = copy_project(tmp_path, abstracts=False)
    (root / "abstracts/refs.bib").write_text((DATA / "sample.bib").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_cli(root, "import")
    assert "1 files, 5 entries, 5 unique papers" in proc.stdout
    assert "abstracts/refs.bib:53: unbalanced braces" in proc.stdout
    page = (root / "content/papers/deep-residual-learning-for-image-recognition.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["published"] == "2016-06" and meta["authors"] == 4
    assert meta["links"] == [
        "https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
        "https://doi.org/10.1109/CVPR.2016.90",
    ]
    assert meta["sources"] == [{"file": "abstracts/refs.bib"}]  # no line numbers: no churn when papers are added above
