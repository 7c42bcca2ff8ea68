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
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && !/Initializing|Type to start/i.test(m.textContent); }""",
        timeout=timeout,
    )
    page.wait_for_timeout(300)  # results render in batches
    if not meta.count():
        return []
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
