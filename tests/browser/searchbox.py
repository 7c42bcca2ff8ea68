"""Typing into the site's search box and reading the results, in one place: when the search UI
changes (another engine, other markup), only this file changes."""

from __future__ import annotations

from dataclasses import dataclass

RESULT = ".md-search-result__item"


@dataclass(frozen=True)
class Hit:
    href: str
    title: str  # the result's heading: its characters, highlighting aside
    tags: tuple[str, ...]
    text: str  # everything the result shows


def search(page, query: str, timeout: float = 15000) -> list[Hit]:
    """Open the search box, type `query` key by key (as a reader would) and return the results
    once the list settles; an empty list if nothing matched."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=5)
    # The header search (generator/theme/assets/javascripts/search.js, over the Pagefind index)
    # marks its box with the query once every shown result is on the page.
    page.locator("[data-pl-search]").filter(has=page.locator("input")).first.wait_for(timeout=timeout)
    page.wait_for_function(
        "q => document.querySelector('[data-pl-search]').getAttribute('data-pl-search-done') === q",
        arg=query.strip(),
        timeout=timeout,
    )
    hits = []
    for item in page.locator(f"{RESULT} > a").all():
        heading = item.locator("h1, h2").first
        hits.append(
            Hit(
                href=item.get_attribute("href") or "",
                title=(heading.text_content() or "").strip() if heading.count() else "",
                tags=tuple(t.strip() for t in item.locator(".md-tag").all_text_contents()),
                text=item.inner_text(),
            )
        )
    return hits


def close_search(page) -> None:
    page.keyboard.press("Escape")
