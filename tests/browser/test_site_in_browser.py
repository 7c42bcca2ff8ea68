"""End-to-end: the built reading list in Chromium (see conftest.py for the site and the browser)."""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml


def sitebuild():
    """tests/browser/sitebuild.py, loaded by the `site` fixture (conftest.py)."""
    return sys.modules["paperlist_sitebuild"]


DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"


def meta(site, slug: str) -> dict:
    text = (site.root / "content" / "papers" / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def busiest_dated_topic(site) -> str:
    """The topic with the most dated papers: sorting by date has something to show there."""
    counts = Counter()
    for path in (site.root / "content" / "papers").glob("*.md"):
        m = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        if m.get("published"):
            counts[m["topic"]] += 1
    return counts.most_common(1)[0][0]


def search(page, query: str):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material reads the query on key events; fill() alone may not trigger one
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return results


def test_search_finds_a_paper_by_an_abstract_word_and_opens_it(tab, site):
    page = tab.go()
    results = search(page, sitebuild().MATH_WORD)
    link = page.locator(f".md-search-result__item a[href*='papers/{site.math_slug}/']").first
    link.wait_for(timeout=10000)
    assert results.count() >= 1
    link.click()
    page.wait_for_url(f"**/papers/{site.math_slug}/**")
    assert page.locator("h1.pl-paper__title").inner_text().strip() == meta(site, site.math_slug)["title"]
    tab.assert_clean()


def test_search_finds_notes_and_ranks_title_matches_first(tab, site):
    page = tab.go()
    search(page, sitebuild().NOTE_WORD)
    page.locator(f".md-search-result__item a[href*='papers/{site.math_slug}/']").first.wait_for(timeout=10000)

    # A word of a paper's title: that paper's own page comes first, above the listings (topic page,
    # queue) whose tables mention it too.
    slug = "segface-face-segmentation-of-long-tail-classes"
    if (site.root / "content" / "papers" / f"{slug}.md").exists():
        search(page, "SegFace")
        page.locator(f".md-search-result__item > a[href*='papers/{slug}/']").wait_for(timeout=10000)
        first = page.locator(".md-search-result__item > a").first.get_attribute("href")
        assert f"/papers/{slug}/" in first
    tab.assert_clean()


def test_topic_page_filters_by_tag_and_sorts_by_date(tab, site):
    topic = busiest_dated_topic(site)
    page = tab.go(f"topics/{topic}/")
    box = page.locator(".pl-papers[data-pl-ready]")
    box.wait_for()
    rows = box.locator("tbody tr")
    total = rows.count()
    assert total >= 2
    assert page.locator(".pl-filter-count").inner_text() == f"{total} papers"
    assert f"of {total} read" in page.locator("article").inner_text()

    # Filter by the tag of the first row that the fewest rows share.
    tags = Counter(t.strip() for t in box.locator("tbody .pl-tag").all_inner_texts())
    tag = min(tags, key=lambda t: (tags[t], t))
    page.select_option(".pl-filter--tag", tag)
    visible = box.locator("tbody tr:not([hidden])")
    assert visible.count() == tags[tag] < total
    for i in range(visible.count()):
        assert tag in [t.strip() for t in visible.nth(i).locator(".pl-tag").all_inner_texts()]
    page.select_option(".pl-filter--tag", "")
    assert box.locator("tbody tr:not([hidden])").count() == total

    # Text filter.
    first_title = rows.first.locator("td").first.inner_text().strip()
    page.fill(".pl-filter--text", first_title.split(":")[0][:30])
    assert 1 <= box.locator("tbody tr:not([hidden])").count() < total or total == 1
    page.fill(".pl-filter--text", "")

    # Sort by date: newest first, then oldest first; undated rows stay last.
    date_button = box.locator("th button.pl-sort", has_text="Date")

    def dates():
        return [d.strip() for d in box.locator("tbody tr td:nth-child(2)").all_inner_texts()]

    date_button.click()
    assert box.locator("th[aria-sort=descending]").count() == 1
    got = [d for d in dates() if d]
    assert got == sorted(got, reverse=True) and len(got) >= 2
    assert dates()[: len(got)] == got
    date_button.click()
    got = [d for d in dates() if d]
    assert got == sorted(got) and dates()[: len(got)] == got
    tab.assert_clean()


def test_dark_mode_toggle(tab):
    page = tab.go()
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.reload()  # the choice is remembered
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    tab.assert_clean()


def test_math_is_rendered_by_local_katex(tab, site):
    page = tab.go(f"papers/{site.math_slug}/")
    page.locator(".arithmatex .katex").first.wait_for()
    assert page.locator(".arithmatex .katex-html").count() >= 1
    assert page.locator(".arithmatex math annotation").first.text_content() == r"\approx"
    text = page.locator("article").inner_text()
    assert "$" not in text and r"\approx" not in text and r"\(" not in text
    assert page.evaluate("() => typeof katex !== 'undefined' && typeof renderMathInElement === 'function'")
    tab.assert_clean()


def test_paper_page_header_links_hint_and_meta(tab, site):
    m = meta(site, site.math_slug)
    page = tab.go(f"papers/{site.math_slug}/")
    assert page.locator("meta[property='og:title']").get_attribute("content") == m["title"]
    assert page.locator("meta[property='og:description']").get_attribute("content").startswith("Deep Learning")
    if m.get("title_derived"):
        assert page.locator("[data-pl-derived]").is_visible()
        assert "title_derived: true" in page.locator("[data-pl-derived]").inner_text()
    assert page.locator(".pl-status").first.inner_text().strip() == "To read"
    for name in ("arXiv", "Semantic Scholar", "Google Scholar"):
        assert page.locator(".pl-search-links a", has_text=name).count() == 1
    assert page.locator("#notes").is_visible() and sitebuild().NOTE_WORD in page.locator("article").inner_text()
    assert page.locator("#related-papers + ul li").count() >= 1
    assert page.locator(".md-tags .md-tag").count() == len(m["tags"])

    # The topic badge leads to the topic page. (A plain page load: Material's instant navigation is
    # off, it downloads the whole sitemap.xml on every visit, 1.6 MB at 10,000 papers.)
    page.locator("a.pl-badge--topic").click()
    page.wait_for_url(f"**/topics/{m['topic']}/")
    page.locator(".pl-papers[data-pl-ready]").wait_for()
    assert page.locator(f".pl-papers a[href*='{site.math_slug}']").count() == 1
    tab.assert_clean()


@pytest.mark.parametrize("rel", ["", "reading/to-read/", "reading/read/", "tags/", "search/", "404.html"])
def test_other_pages_load_cleanly(tab, rel):
    page = tab.go(rel)
    assert page.locator("article h1").count() >= 1
    if rel == "":
        assert page.locator("svg.pl-chart").count() >= 1
        assert page.locator(".pl-progress").count() >= 1
    if rel == "reading/to-read/":
        assert page.locator(".pl-papers[data-pl-ready] tbody tr").count() >= 1
    if rel == "404.html":
        assert "not found" in page.locator("article h1").inner_text().lower()
    tab.assert_clean()


def test_mobile_layout(make_tab, site):
    tab = make_tab(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    for rel in ("", f"papers/{site.math_slug}/", f"topics/{meta(site, site.math_slug)['topic']}/"):
        page = tab.go(rel)
        assert page.locator("label.md-header__button[for=__drawer]").is_visible()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{rel or 'home'} is {overflow}px wider than the phone screen"
    tab.assert_clean()


def test_screenshots(make_tab, site, screenshots):
    """Home, a topic page and a paper page, light and dark, into tests/screenshots/ (git-ignored).
    PAPERLIST_UPDATE_SCREENSHOT=1 also refreshes docs/screenshot.png (the README's picture)."""
    topic = meta(site, site.math_slug)["topic"]
    pages = {"home": "", "topic": f"topics/{topic}/", "paper": f"papers/{site.math_slug}/"}
    for scheme in ("light", "dark"):
        # 960 px shows the whole sidebar: at 860 Material scrolls it to the active topic under its title
        tab = make_tab(color_scheme=scheme, viewport={"width": 1280, "height": 960})
        for name, rel in pages.items():
            page = tab.go(rel)
            page.evaluate("() => document.fonts.ready.then(() => true)")
            if name == "paper":
                page.locator(".arithmatex .katex").first.wait_for()
            expected = "slate" if scheme == "dark" else "default"
            assert page.locator("body").get_attribute("data-md-color-scheme") == expected
            page.screenshot(path=str(screenshots / f"{name}-{scheme}.png"))
        tab.assert_clean()
    if os.environ.get("PAPERLIST_UPDATE_SCREENSHOT"):
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(screenshots / "topic-light.png", DOCS_SCREENSHOT)
