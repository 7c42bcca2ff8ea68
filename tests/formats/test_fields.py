import pytest

from generator.formats.fields import derive_title, extract_acronym, extract_links, parse_author_count, parse_date_line


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Mar 24, 2024", (2024, 3, 24, None)),
        ("Nov 13, 2024 4", (2024, 11, 13, 4)),
        ("Sep 26", (None, 9, 26, None)),
        ("May 12 2", (None, 5, 12, 2)),
        ("Mar 11", (None, 3, 11, None)),
        ("March of progress", None),
        ("Feb 45, 2020", None),
    ],
)
def test_date_lines(line, expected):
    assert parse_date_line(line) == expected


def test_author_count():
    assert parse_author_count("  • 7 authors") == 7
    assert parse_author_count("1 author") == 1
    assert parse_author_count("7 authors of note") is None


def test_links_lose_trailing_punctuation():
    text = "Code is available at https://github.com/a/b. See (https://x.org/p_q) and https://github.com/a/b."
    assert extract_links(text) == ("https://github.com/a/b", "https://x.org/p_q")


@pytest.mark.parametrize(
    "title, acronym",
    [
        ("CoulGAT: An Experiment on Interpretability of Graph Attention Networks", "CoulGAT"),
        ("FOLD-SE: An Efficient Rule-based Machine Learning Algorithm", "FOLD-SE"),
        ("Gen4Gen: Generative Data Pipeline", "Gen4Gen"),
        ("Self-Training: A Survey", None),
        ("Deeply-Supervised Nets", None),
        ("Learning with Deeply-Supervised Nets (DSN)", "DSN"),
    ],
)
def test_acronyms(title, acronym):
    assert extract_acronym(title) == acronym


def test_derived_titles_name_the_method_or_the_contribution():
    assert derive_title("In this work, we introduce Gemma 2, a new addition to the Gemma family.") == "Gemma 2"
    assert derive_title("Text. To this end, we propose an attention-guided method, AttenCraft, for x.") == "AttenCraft"
    title = derive_title("Deep learning is everywhere in medicine. We demonstrate that explanations are volatile.")
    assert title == "Explanations are volatile"
    assert len(derive_title("word " * 300).split()) <= 11
