"""Search over the Pagefind index in a real browser: the search page's facets combine (checked
against the pages' front matter), and results show pasted titles as text, from a sub-path too."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.classify import load_taxonomy
from tests.browser.serving import serve_folder
from tests.conftest import copy_project, run_cli


def sitebuild():
    """tests/browser/sitebuild.py, loaded by the `site` fixture (tests/browser/conftest.py)."""
    return sys.modules["paperlist_sitebuild"]


def _papers(root) -> list[dict]:
    out = []
    for page in sorted((root / "content" / "papers").glob("*.md")):
        out.append(yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1]))
    return out


def _run(page, change) -> str:
    """Do `change` on the search page and wait for the search it starts to show its results."""
    before = page.locator("[data-pl-facets]").get_attribute("data-pl-done")
    change()
    page.wait_for_function(
        "b => document.querySelector('[data-pl-facets]').getAttribute('data-pl-done') !== b", arg=before
    )
    return page.locator(".pl-facets__count").inner_text()


def _check(page, facet: str, value: str):
    return lambda: page.locator(f".pl-facets__group--{facet} input[value='{value}']").click()


def test_facets_combine_over_the_whole_list(tab, site):
    papers = _papers(site.root)
    names = {t.slug: t.name for t in load_taxonomy(site.root / "topics.yml").topics}
    dated = [p for p in papers if p.get("published")]  # so that a year can be chosen below
    topic = Counter(p["topic"] for p in dated).most_common(1)[0][0]
    in_topic = [p for p in papers if p["topic"] == topic]
    tag = Counter(t for p in in_topic if p.get("published") for t in p["tags"]).most_common(1)[0][0]
    with_tag = [p for p in in_topic if tag in p["tags"]]
    year = Counter(str(p["published"])[:4] for p in with_tag if p.get("published")).most_common(1)[0][0]
    with_year = [p for p in with_tag if str(p.get("published", ""))[:4] == year]

    page = tab.go("search/")
    page.locator("[data-pl-facets][data-pl-done]").wait_for()
    assert page.locator(".pl-facets__count").inner_text() == f"{len(papers)} papers"
    assert _run(page, _check(page, "topic", names[topic])) == f"{len(in_topic)} papers"
    assert _run(page, _check(page, "tag", tag)) == f"{len(with_tag)} papers"
    assert _run(page, _check(page, "year", year)) == f"{len(with_year)} paper" + ("s" if len(with_year) != 1 else "")
    shown = page.locator(".pl-facets__result")
    assert shown.count() == min(len(with_year), 20)
    titles = {p["title"] for p in with_year}
    for i in range(shown.count()):
        row = shown.nth(i)
        assert row.locator(".pl-facets__title").inner_text() in titles
        assert row.locator(".pl-badge--topic").inner_text() == names[topic]

    # The choice is in the address: a reload (or a shared link) shows the same selection.
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"topic": [names[topic]], "tag": [tag], "year": [year]}
    page.reload(wait_until="load")
    page.locator("[data-pl-facets][data-pl-done]").wait_for()
    assert page.locator(f".pl-facets__group--tag input[value='{tag}']").is_checked()
    assert page.locator(".pl-facets__count").inner_text().startswith(f"{len(with_year)} paper")

    # Unchecking the topic widens to every paper with the tag and the year.
    wider = [p for p in papers if tag in p["tags"] and str(p.get("published", ""))[:4] == year]
    assert _run(page, _check(page, "topic", names[topic])).startswith(f"{len(wider)} paper")
    tab.assert_clean()


def test_words_and_facets_together(tab, site):
    page = tab.go("search/?status=To+read")
    page.locator("[data-pl-facets][data-pl-done]").wait_for()
    text = _run(page, lambda: page.locator(".pl-facets__query").fill(sitebuild().NOTE_WORD))
    assert text == "1 paper match"
    link = page.locator(".pl-facets__title").first
    assert f"papers/{site.math_slug}/" in link.get_attribute("href")
    assert sitebuild().NOTE_WORD in page.locator(".pl-facets__excerpt").first.inner_text()
    tab.assert_clean()


def test_tag_chip_leads_to_the_tag_page_and_on_to_the_search_page(tab, site):
    page = tab.go(f"papers/{site.math_slug}/")
    chip = page.locator(".pl-paper .md-tags a.md-tag").first
    tag = chip.inner_text()
    chip.click()
    page.wait_for_url("**/tags/**")
    assert page.locator(f".pl-papers a[href*='papers/{site.math_slug}/']").count() == 1
    page.locator("a[href*='search/?tag=']").first.click()
    page.locator("[data-pl-facets][data-pl-done]").wait_for()
    assert page.locator(f".pl-facets__group--tag input[value='{tag}']").is_checked()
    tab.assert_clean()


# ---- hostile titles, served from a sub-path ---------------------------------------------------------
# A constructed attack (not a real listing): a title and an abstract that are HTML, in the pasted
# Hugging Face layout. The unusual word lets the test find exactly this paper.
WORD = "quokkafish"
TITLE = '<img src=x onerror="window.__pwned=4"> Quokkafish & <b>bold</b> &amp; 3 < 4'
ABSTRACT = (
    f"We study the {WORD} and show that <script>window.__pwned = 5</script> text stays text, whatever "
    "markup a listing holds. Our method reaches state of the art results on three benchmarks while using "
    "half the compute, and we release the code and data to support further work on this question."
)
LISTING = f"Subscribe\n\nbyAK and the research community\n\nMar 11\n\n{TITLE}\n\n{ABSTRACT}\n"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """A one-paper list built by `paperlist build` for https://host/repo/, served under /repo/."""
    work = tmp_path_factory.mktemp("subpath")
    (work / "project").mkdir()
    root = copy_project(work / "project", abstracts=False)
    (root / "abstracts" / "hostile.txt").write_text(LISTING, encoding="utf-8")
    served = work / "served"
    served.mkdir()
    server, url = serve_folder(served)
    url += "repo/"
    os.environ["SITE_URL"] = url
    try:
        run_cli(root, "build", "-q")
    finally:
        del os.environ["SITE_URL"]
    (served / "repo").symlink_to(root / "site", target_is_directory=True)
    yield url
    server.shutdown()


def test_header_search_shows_a_hostile_title_as_text_from_a_sub_path(browser, subpath_site):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(subpath_site, wait_until="load")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill(WORD)
    item = page.locator(".md-search-result__item").first
    item.wait_for(timeout=15000)
    assert item.locator("h1").inner_text() == TITLE
    assert "<script>window.__pwned = 5</script>" in item.locator(".md-search-result__teaser").inner_text()
    assert item.locator("img, script, b").count() == 0
    href = item.locator("a").get_attribute("href")
    assert urlsplit(href).path.startswith("/repo/papers/")
    item.locator("a").click()
    page.wait_for_url("**/repo/papers/**")
    assert page.locator("h1.pl-paper__title").inner_text() == TITLE

    page.goto(subpath_site + "search/?q=" + WORD, wait_until="load")
    page.locator("[data-pl-facets][data-pl-done]").wait_for()
    assert page.locator(".pl-facets__title").first.inner_text() == TITLE
    assert page.evaluate("window.__pwned") is None and not dialogs
    context.close()


# ---- a list indexed in several bundles (past 10,000 papers) -----------------------------------------
def test_a_sharded_index_answers_like_one_index(browser, site, tmp_path_factory):
    """Beyond SHARD_PAGES papers the index is built in several Pagefind runs (bounded memory) and
    merged in the browser; here with 100 papers per run, the same site must answer the same."""
    from generator.site.search_index import build_search_index

    copy = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(site.dir, copy, ignore=shutil.ignore_patterns("pagefind"))
    build_search_index(copy, shard_pages=100)
    assert len(json.loads((copy / "pagefind" / "shards.json").read_text())) >= 4

    def answers(root) -> dict:
        server, url = serve_folder(root)
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(url + "search/", wait_until="load")
            page.locator("[data-pl-facets][data-pl-done]").wait_for()
            out = {"all": page.locator(".pl-facets__count").inner_text()}
            for group in ("topic", "status", "year"):
                labels = page.locator(f".pl-facets__group--{group} .pl-facets__option")
                out[group] = sorted(labels.nth(i).inner_text() for i in range(labels.count()))
            out["word"] = _run(page, lambda: page.locator(".pl-facets__query").fill(sitebuild().NOTE_WORD))
            out["link"] = page.locator(".pl-facets__title").first.get_attribute("href")
            return out
        finally:
            context.close()
            server.shutdown()

    assert answers(copy) == answers(site.dir)
