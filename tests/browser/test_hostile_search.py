"""Pasted titles and hand-typed front-matter values that try to run script (issue #12): in a real
browser, on every kind of page and in the search results, nothing runs, nothing is fetched from
another host, and the reader sees each value exactly as it was typed."""

from __future__ import annotations

from urllib.parse import urlsplit

import frontmatter
import pytest
import yaml

from tests.browser.searchbox import close_search, search
from tests.browser.serving import serve_built_site
from tests.conftest import FIXTURES, copy_project, run_cli

HOSTILE = FIXTURES / "hostile"
# Wraps the dialogs and the console before any page script runs; a call reports to the test.
HOOKS = """
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__report(name + "(" + args.join(", ") + ")"); return null; };
}
for (const name of ["log", "info", "warn", "error", "debug", "trace"]) {
  const original = console[name].bind(console);
  console[name] = (...args) => { window.__report("console." + name + ": " + args.join(" ")); original(...args); };
}
"""


SEARCH_SYNTAX_NOTES = ("Invalid query: ", "QueryParseError")


def _apply_edits(root) -> dict[str, dict]:
    """The front-matter edits of front-matter.yml, typed into the pages they name; returns
    {page file name: the values set}."""
    done = {}
    for edit in yaml.safe_load((HOSTILE / "front-matter.yml").read_text(encoding="utf-8")):
        path = next(
            p
            for p in sorted((root / "content/papers").glob("*.md"))
            if str(frontmatter.load(p)["title"]).startswith(edit["paper"])
        )
        page = frontmatter.load(path)
        page.metadata.update(edit["set"])
        path.write_text(frontmatter.dumps(page) + "\n", encoding="utf-8")
        done[path.name] = edit["set"]
    return done


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile-search"), abstracts=False)
    for name in ("script-titles.txt", "attacks.txt"):
        (root / "abstracts" / name).write_bytes((HOSTILE / name).read_bytes())
    run_cli(root, "import", "-q")
    edits = _apply_edits(root)
    run_cli(root, "import", "-q")  # keeps the edits; tags_allowed learns the typed tags
    out = root / "site"
    server, url = serve_built_site(root)
    from generator.site.search_index import build_search_index  # what `paperlist build` runs next

    build_search_index(out)
    pages = {p.stem: frontmatter.load(p).metadata for p in (root / "content/papers").glob("*.md")}
    yield root, url, pages, edits
    server.shutdown()


@pytest.fixture
def watched(browser, hostile):
    """A tab whose dialogs, console and requests to other hosts are all recorded."""
    context = browser.new_context()
    fired: list[str] = []

    def record(message: str) -> None:
        # lunr's own complaint about query syntax (`-->` reads as an operator), not the page's doing
        if not any(note in message for note in SEARCH_SYNTAX_NOTES):
            fired.append(message)

    foreign: list[str] = []
    context.expose_binding("__report", lambda source, message: record(str(message)))
    context.add_init_script(HOOKS)

    def route(r):
        if urlsplit(r.request.url).hostname not in (None, "", "127.0.0.1"):
            foreign.append(r.request.url)
            return r.abort()
        return r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda d: (fired.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
    page.on("console", lambda m: record(f"console.{m.type}: {m.text}"))
    page.on("pageerror", lambda e: fired.append(f"uncaught: {e}"))
    yield page, fired, foreign
    context.close()


def _values(pages: dict[str, dict], key: str) -> list[str]:
    out = []
    for meta in pages.values():
        value = meta.get(key)
        out += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    return out


def hostile_titles(pages: dict[str, dict]) -> list[str]:
    """Titles holding markup or spreadsheet characters (the math title aside: KaTeX renders it)."""
    return [
        str(m["title"])
        for m in pages.values()
        if "$" not in str(m["title"]) and any(c in str(m["title"]) for c in "<>&\"'=@+-")
    ]


def test_every_page_shows_hostile_values_as_text_and_runs_nothing(watched, hostile):
    page, fired, foreign = watched
    root, url, pages, edits = hostile
    site = root / "site"
    visits = ["", "tags/", "reading/to-read/"]
    visits += [f"topics/{p.stem}/" for p in sorted((root / "content/topics").glob("*.md"))]
    visits += [f"papers/{slug}/" for slug in sorted(pages)]
    visits += [f"tags/{p.stem}/" for p in sorted((root / "content/tags").glob("*.md"))]  # one page per tag
    assert len(visits) > 20 and (site / "tags/index.html").is_file()
    seen = {}
    for rel in visits:
        page.goto(url + rel, wait_until="load")
        assert page.locator("a[href^='javascript:' i], a[href^='data:' i]").count() == 0, rel
        seen[rel] = page.inner_text("body")
    # every title exactly as typed on its own page, and (but for inline math) on its topic page
    for slug, meta in pages.items():
        title = str(meta["title"])
        assert title == page_title(page, url, slug), slug
        assert "$" in title or any(title in seen[rel] for rel in visits if rel.startswith("topics/")), slug
    # every typed tag, author, acronym, source and topic shows as typed somewhere
    for meta in edits.values():
        for key in ("tags", "author_names"):
            for value in meta.get(key, []):
                assert any(value in text for text in seen.values()), (key, value)
        for key in ("acronym", "topic", "status", "published"):
            if key in meta:
                assert any(meta[key] in text for text in seen.values()), (key, meta[key])
    for tag in _values(edits, "tags"):
        assert tag in seen["tags/"]
    assert not fired, fired
    assert not foreign, foreign


def page_title(page, url: str, slug: str) -> str:
    page.goto(f"{url}papers/{slug}/", wait_until="load")
    return page.locator("h1.pl-paper__title").inner_text()


def test_typing_hostile_words_into_search_runs_nothing_and_shows_text(watched, hostile):
    page, fired, foreign = watched
    root, url, pages, edits = hostile
    page.goto(url, wait_until="load")
    titles = hostile_titles(pages)
    tags = [t for t in _values(edits, "tags")]
    assert len(titles) >= 7 and len(tags) >= 5
    for value in titles + tags:
        word = next((w for w in value.split() if w.isalpha() and len(w) >= 4), None)
        for query in dict.fromkeys([value.split()[0], *([word] if word else []), value]):
            hits = search(page, query)
            assert not fired, (query, fired)
            if query == word:  # a plain word finds the entry, shown as typed
                shown = [h.title for h in hits] + [t for h in hits for t in h.tags]
                assert value in shown, (query, shown[:10])
        close_search(page)
    # the search also finds a hostile title by its own words and opens the paper
    zebra = next(t for t in titles if t.startswith("Zebra"))
    hits = search(page, "zebra")
    hit = next(h for h in hits if h.title == zebra)
    page.locator(f".md-search-result__item > a[href='{hit.href}']").first.click()
    page.wait_for_url(lambda address: "/papers/zebra-" in address)
    assert page.locator("h1.pl-paper__title").inner_text() == zebra
    # and from every other kind of page: a topic page, the tags page, another paper's page
    wombat = next(t for t in titles if t.startswith("Wombat"))
    for rel in ("topics/other/", "tags/", "papers/etc-passwd/"):
        page.goto(url + rel, wait_until="load")
        assert zebra in [h.title for h in search(page, "zebra")], rel
        assert wombat in [h.title for h in search(page, "wombat")], rel
    assert not fired, fired
    assert not foreign, foreign
