"""Identity from the strongest key, in any script; evidence decides what is one paper (issue 11).
Fixtures are real listings (see data/SOURCES.md)."""

from pathlib import Path

import pytest

from generator.formats import parse_listing
from generator.identity.attach import PageCard, attach
from generator.identity.dedupe import assign_ids, dedupe, dedupe_report, judge
from generator.identity.keys import arxiv_key, doi_key, legacy_id, normalize, similarity, strong_id
from generator.identity.slug import slugify
from generator.model import Paper, Source

DATA = Path(__file__).parent / "data"


def listing(name: str) -> list[Paper]:
    parsed = parse_listing((DATA / name).read_text(encoding="utf-8"), f"abstracts/{name}")
    assert not parsed.problems
    return list(parsed.papers)


def paper(title, abstract, file="a.txt", line=1, **kw):
    return Paper(title=title, abstract=abstract, sources=(Source(file, line),), **kw)


# ---- row 1: non-Latin papers keep their identity -------------------------------------------------
def test_cyrillic_papers_stay_apart_and_one_abstract_under_two_titles_is_reported():
    papers = listing("cyrillic_four.txt")
    assert len({legacy_id(p) for p in papers}) == 1  # what the ASCII-only key saw: one paper
    found = dedupe_report(papers)
    assert [p.title[:20] for p in found.papers] == [p.title[:20] for p in papers]
    (problem,) = found.problems
    assert (problem.file, problem.line) == ("abstracts/cyrillic_four.txt", 10)
    assert "the same abstract under two different titles" in problem.message
    ids = assign_ids(found.papers)
    assert len(set(ids)) == 4


def test_chinese_papers_stay_apart_with_readable_page_names():
    papers = listing("zh_three.txt")
    assert len(dedupe(papers)) == 3
    assert [slugify(p.title) for p in papers] == [
        "rare-da-xing-yu-yan-mo-xing-de-jian-suo-zeng-qiang-tui-li",
        "jian-suo-zeng-qiang-sheng-cheng-zhong-de-yu-yi-biao-ji",
        "yong-yu-zhang-shi-pin-shi-jian-tui-li-de-shi-pin-da-xing-yu",
    ]


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Łukasz Kaiser on Attention", "lukasz-kaiser-on-attention"),
        ("СПОСОБЫ ХРАНЕНИЯ ВИНОГРАДА", "sposoby-khraneniya-vinograda"),
        ("Straße über Æther", "strasse-uber-aether"),
        ("Hopfield Networks is All You Need", "hopfield-networks-is-all-you-need"),
        ("KerasCV", "kerascv"),
        ("نماذج اللغة", "nmdhj-llghh"),
        ("???", "paper"),
        ("Index", "paper-index"),
    ],
)
def test_slugs_transliterate_any_script(title, slug):
    assert slugify(title) == slug


def test_normalize_keeps_every_script_and_drops_only_case_and_punctuation():
    assert normalize("Ünïcode — Text!") == "ünïcode text"
    assert normalize("Нейронные СЕТИ") == "нейронные сети"
    assert normalize("大型语言模型（LLMs）") == "大型语言模型 llms"
    assert normalize("हिन्दी भाषा") == "हिन्दी भाषा"  # vowel signs are marks, kept


# ---- row 2: a shared opening is not the same paper ------------------------------------------------
def test_two_papers_sharing_a_long_opening_stay_two():
    mofo, lag = listing("shared_opening.txt")
    assert legacy_id(mofo) == legacy_id(lag)  # the old key: one paper, LAG's title lost
    assert [p.title for p in dedupe([mofo, lag])] == [mofo.title, lag.title]
    assert similarity(mofo.abstract, lag.abstract) < 0.3


# ---- strongest key ---------------------------------------------------------------------------------
def test_strong_id_prefers_arxiv_then_doi_then_text():
    text = paper("T", "Some abstract words here.")
    assert strong_id(paper("T", "x", arxiv_id="2401.01234v3")) == "arxiv:2401.01234"
    assert strong_id(paper("T", "x", links=("https://arxiv.org/pdf/2401.01234v2",))) == "arxiv:2401.01234"
    assert strong_id(paper("T", "x", doi="10.1109/CVPR.2016.90")) == "doi:10.1109/cvpr.2016.90"
    assert strong_id(paper("T", "x", links=("https://doi.org/10.1109/CVPR.2016.90",))) == "doi:10.1109/cvpr.2016.90"
    assert strong_id(text) == strong_id(paper("Another title", "some abstract, words here"))
    assert arxiv_key(text) is None and doi_key(text) is None


def test_a_shared_arxiv_id_is_believed_unless_the_papers_have_nothing_in_common():
    a = paper("Attention Is All You Need", "The dominant sequence transduction models ...", arxiv_id="1706.03762")
    v2 = paper("Attention is all you need (v2)", "Dominant sequence transduction models ...", arxiv_id="1706.03762v7")
    other = paper(
        "Deep Residual Learning", "Deeper neural networks are more difficult to train.", arxiv_id="1706.03762"
    )
    assert judge(a, v2).same and "arXiv id" in judge(a, v2).reason
    verdict = judge(a, other)
    assert not verdict.same and verdict.collision
    found = dedupe_report([a, other])
    assert len(found.papers) == 2 and "shared by two different titles" in found.problems[0].message
    assert sorted(assign_ids(found.papers))[0] == "arxiv:1706.03762"  # one keeps it, one gets a suffix
    assert len(set(assign_ids(found.papers))) == 2
    assert not judge(a, paper(a.title, a.abstract, arxiv_id="1512.03385")).same  # two ids: two papers


def test_a_revised_version_is_the_same_paper():
    mofo, _ = listing("shared_opening.txt")
    v2 = paper(
        "MoFO: Momentum-Filtered Optimizer for Mitigating Forgetting in Large Language Model Fine-Tuning",
        mofo.abstract.replace(
            "Large language models (LLMs) have demonstrated remarkable capabilities across a wide range of tasks.",
            "Large language models (LLMs) show remarkable capabilities on many tasks.",
        ),
    )
    verdict = judge(mofo, v2)
    assert verdict.same and "abstract" in verdict.reason


def test_ids_do_not_depend_on_listing_order():
    papers = listing("cyrillic_four.txt")
    forward = dict(zip([p.title for p in dedupe(papers)], assign_ids(dedupe(papers)), strict=True))
    backward = dict(zip([p.title for p in dedupe(papers[::-1])], assign_ids(dedupe(papers[::-1])), strict=True))
    assert forward == backward


# ---- attachment ------------------------------------------------------------------------------------
def card(slug, pid, title, abstract, line=3):
    return PageCard(f"papers/{slug}.md", f"content/papers/{slug}.md", slug, pid, line, paper(title, abstract))


def test_pages_are_found_by_id_then_old_id_then_evidence():
    mofo, lag = listing("shared_opening.txt")
    zh = listing("zh_three.txt")
    papers = [mofo, lag, zh[0]]
    ids = assign_ids(papers)
    edited = zh[0].abstract.replace("多用途拓展", "通用拓展")
    cards = [
        card("mofo", ids[0], mofo.title, mofo.abstract),
        card("lag-old", legacy_id(lag), lag.title, lag.abstract),  # written by an older version
        card("rare", "0123456789", zh[0].title, edited),  # its listing text was corrected since
    ]
    found = attach(papers, ids, cards)
    assert found.slugs == {ids[0]: "mofo", ids[1]: "lag-old", ids[2]: "rare"}
    assert found.migrated == 1
    assert found.matched == [
        f'matched content/papers/rare.md to "{zh[0].title}" by near-identical abstract (97% shared)'
    ]


def test_a_copied_page_is_reported_and_the_original_stays_attached():
    (mofo,) = listing("shared_opening.txt")[:1]
    (pid,) = assign_ids([mofo])
    slug = slugify(mofo.title)
    cards = [card("aaa-my-copy", pid, mofo.title, mofo.abstract, 3), card(slug, pid, mofo.title, mofo.abstract)]
    found = attach([mofo], [pid], cards)
    assert found.slugs == {pid: slug}
    assert found.copies == {"papers/aaa-my-copy.md"}
    (problem,) = found.problems
    assert (problem.file, problem.line) == ("content/papers/aaa-my-copy.md", 3)
    assert f"content/papers/{slug}.md" in problem.message


def test_new_papers_never_take_the_name_of_a_page_they_do_not_own():
    mofo, lag = listing("shared_opening.txt")
    orphan = card(slugify(lag.title), "ffffffffff", "Some other paper", "Nothing in common with either abstract.")
    found = attach([lag], assign_ids([lag]), [orphan])
    assert found.slugs[assign_ids([lag])[0]].startswith(slugify(lag.title) + "-")
