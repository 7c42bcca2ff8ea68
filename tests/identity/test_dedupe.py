from generator.identity.dedupe import dedupe, paper_id
from generator.model import Paper, Source


def paper(title, abstract, file="a.txt", line=1, **kw):
    return Paper(title=title, abstract=abstract, sources=(Source(file, line),), **kw)


def test_same_title_merges_sources_and_keeps_richest_metadata():
    a = paper("On the Foundations of Shortcut Learning", "Deep-learning models can extract ...", "b.txt", 9)
    b = paper(
        "On the foundations of shortcut learning.",
        "Deep-learning models can extract ...",
        "a.txt",
        3,
        authors=4,
        published="2023-01-02",
        links=("https://github.com/x/y",),
    )
    (merged,) = dedupe([a, b])
    assert merged.sources == (Source("a.txt", 3), Source("b.txt", 9))
    assert (merged.authors, merged.published, merged.links) == (4, "2023-01-02", ("https://github.com/x/y",))


def test_untitled_copy_merges_into_titled_one_by_abstract():
    titled = paper("Gemma 2: Improving Open Language Models", "In this work, we introduce Gemma 2, ...")
    untitled = paper("Gemma 2", "In this work, we introduce Gemma 2, ...", "ieee.txt", 2, title_derived=True)
    (merged,) = dedupe([untitled, titled])
    assert merged.title == "Gemma 2: Improving Open Language Models" and not merged.title_derived
    assert paper_id(merged) == paper_id(untitled)


def test_different_papers_stay_apart():
    assert len(dedupe([paper("A", "first abstract"), paper("B", "second abstract")])) == 2


def test_one_title_two_different_abstracts_are_two_papers():
    a = paper("Same Title, Different Paper", "It studies sparse autoencoders on language model activations.")
    b = paper("Same Title: Different Paper!", "It studies diffusion models for protein design and wet-lab work.")
    assert len(dedupe([a, b])) == 2
