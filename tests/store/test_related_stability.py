"""Which related papers a page keeps when the list grows (store/links.py stable_related). The slugs
are paper pages of the shipped list (content/papers/)."""

from generator.store.links import RELATED_RANKED, RELATED_SHOWN, stable_related

A, B, C, D, E, F, G = (
    "going-beyond-nouns-with-vision-language-models-using",
    "gold-nas-gradual-one-level-differentiable",
    "grad-cam-improved-visual-explanations-for-deep-convolutional",
    "grad-cam-visual-explanations-from-deep-networks-via-gradient",
    "grade-quantifying-sample-diversity-in-text-to-image-models",
    "graph-neural-networks-can-recover-the-hidden-features-solely",
    "gemma-2",
)


def test_a_first_list_is_the_ranking():
    assert stable_related([A, B, C, D, E, F], None, set()) == [A, B, C, D, E]


def test_weights_shifting_keeps_the_list():
    # Same papers, reordered, one slipped to seventh: the page keeps what it shows.
    old = [A, B, C, D, E]
    assert stable_related([C, A, F, B, D, G, E], old, set()) == old


def test_a_new_paper_among_the_closest_enters():
    old = [A, B, C, D, E]
    assert stable_related([G, A, B, C, D, E], old, {G}) == [G, A, B, C, D]
    # A new paper further down changes nothing.
    ranked = [A, B, C, D, E, F, G]
    assert stable_related(ranked, old, {G}) == old


def test_a_paper_no_longer_close_or_gone_refreshes_the_list():
    old = [A, B, C, D, E]
    far = [A, B, C, D] + [f"p{i}" for i in range(RELATED_RANKED)] + [E]
    assert stable_related(far, old, set()) == far[:RELATED_SHOWN]
    assert stable_related([A, B, C, D, F, G], old, set()) == [A, B, C, D, F]
