"""The site without a browser: what the renderers write, and the built files (no CDN, math, search
boost, social meta, 404, sitemap). The browser tests are in tests/browser/."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sys
from pathlib import Path

import markdown
import pytest
import yaml

from generator.model import Paper, Source
from generator.site.index import (
    PageInfo,
    TopicInfo,
    chart_topics,
    chart_years,
    queue_order,
    render_index_pages,
    topic_neighbours,
    topic_order,
)
from generator.site.paper import escape_markdown, plain_summary, render_paper

ROOT = Path(__file__).resolve().parents[2]


def sitebuild():
    name = "paperlist_sitebuild"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "browser" / "sitebuild.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def to_html(text: str) -> str:
    """Markdown -> HTML with the extensions of mkdocs.yml."""
    return markdown.markdown(
        text,
        extensions=["attr_list", "md_in_html", "tables", "pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def paper(**changes) -> Paper:
    base = dict(
        title="Hopfield Networks is All You Need",
        abstract="We introduce a modern Hopfield network.",
        sources=(Source("abstracts/a.txt", 3),),
        topic="architectures",
        tags=("hopfield", "attention"),
        id="0123456789",
    )
    return Paper(**{**base, **changes})


def info(slug, topic="t", published=None, rating=None, status="to-read", title=None, added=0) -> PageInfo:
    return PageInfo(slug, title or slug.title(), topic, ("x",), status, rating, published, added)


# ---- pasted text stays text; math stays math -------------------------------------------------

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
    "`code` *em* R^{C times T} h_{c,t} 98.9\\% \\etc ~30% $\\approx$ 33% and $x<y$ & $ 5 and $6"
)


def test_abstract_text_is_escaped_and_math_is_kept_for_katex():
    html = to_html(escape_markdown(HOSTILE))
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<code" not in html
    assert "<em>" not in html
    assert "&lt;script&gt;" in html
    assert '<span class="arithmatex">\\(\\approx\\)</span>' in html
    assert '<span class="arithmatex">\\(x\\lt y\\)</span>' in html
    # No stray backslashes before characters Markdown does not escape, and TeX-ish text shown as written.
    assert "R^{C times T}" in html and "h_{c,t}" in html and "\\etc" in html and "~30%" in html
    assert "98.9\\%" in html


@pytest.mark.parametrize(
    "text", ["- not a list", "1. not a list", "# not a heading", "> not a quote", "=== not a rule"]
)
def test_abstract_start_never_becomes_structure(text):
    html = to_html(escape_markdown(text))
    assert not re.search(r"<(ul|ol|h1|blockquote|hr)", html)


def test_paper_front_matter_has_search_boost_and_a_safe_description():
    text = render_paper(paper(abstract='A "quoted" <b>bold</b> & ' + "word " * 80), [])
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["search"] == {"boost": 2}
    assert not re.search(r'[<>"&]', meta["description"]) and meta["description"].endswith("…")
    assert len(meta["description"]) <= 201
    assert plain_summary("short") == "short"


def test_topic_navigation_block_is_optional():
    plain = render_paper(paper(), [("Other", "other")])
    assert "generated:topic-nav" not in plain
    assert render_paper(paper(), [("Other", "other")], None) == plain
    nav = render_paper(paper(), [("Other", "other")], (("Prev *one*", "prev-one"), None))
    assert nav.startswith(plain)
    block = nav[len(plain) :]
    assert "<!-- generated:topic-nav" in block and "(prev-one.md)" in block and "Prev \\*one\\*" in block
    html = to_html(block)
    assert 'class="paper-nav__prev"' in html and 'class="paper-nav"' in html


# ---- index pages ----------------------------------------------------------------------------


def test_topic_order_and_neighbours():
    pages = [info("a", published="2023-01-01"), info("b", published="2024-05-01"), info("c"), info("d", topic="other")]
    assert [p.slug for p in topic_order(pages[:3])] == ["b", "a", "c"]
    nav = topic_neighbours(pages)
    assert nav["b"] == (None, ("A", "a")) and nav["a"] == (("B", "b"), ("C", "c")) and nav["c"] == (("A", "a"), None)
    assert nav["d"] == (None, None)


def test_queue_is_best_rated_then_newest():
    pages = [
        info("old", published="2020-01-01", rating=5),
        info("new", published="2024-01-01", rating=5),
        info("undated", rating=5),
        info("unrated", published="2025-01-01"),
    ]
    assert [p.slug for p in queue_order(pages)] == ["new", "old", "undated", "unrated"]


def test_index_pages_have_tables_progress_and_charts():
    topics = [TopicInfo("t", "T & <Co>", "About T."), TopicInfo("empty", "Empty", "")]
    pages = [
        info("a", published="2023-01-01", status="read", rating=4),
        info("b", published="2024-05-01"),
        info("c", status="reading"),
    ]
    out = render_index_pages(topics, pages)
    topic = out["topics/t.md"]
    assert (
        "1 of 3 read" in topic
        and '<div class="pl-papers" data-columns="paper date tags status rating" markdown>' in topic
    )
    assert 'class="pl-status pl-status--read"' in topic and "★★★★☆" in topic
    html = to_html(topic.split("---\n", 2)[2])
    assert html.count("<tr>") == 4 and "<table>" in html
    home = out["index.md"]
    assert "<svg" in home and "Papers per topic" in home and "Papers per publication year" in home
    assert "T &amp; &lt;Co&gt;" in chart_topics(topics, pages)
    assert chart_years([info("x")]) == ""
    assert "[To read (1)](reading/to-read.md)" in home
    assert out["reading/read.md"].count("papers/a.md") == 1 and "papers/b.md" not in out["reading/read.md"]


# ---- the built site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(seed_project, tmp_path_factory):
    return sitebuild().served_site(seed_project, tmp_path_factory.mktemp("site"))


# What a page loads by itself (links to canonical/prev/next pages and plain <a> links are not loads).
EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed)\b[^>]*?\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b(?=[^>]*\brel=["']?(?:stylesheet|preload|modulepreload|icon|manifest))"""
    r"""[^>]*?\bhref=["']?(?:https?:)?//""",
    re.I,
)


def test_built_site_loads_nothing_from_elsewhere(site):
    pages = sorted(site.dir.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), f"{path}: loads something from another host"
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text and "unpkg.com" not in text
    for css in site.dir.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text(encoding="utf-8")), css
    katex = site.dir / "assets" / "katex"
    assert (katex / "katex.min.js").is_file() and (katex / "contrib" / "auto-render.min.js").is_file()
    for font in re.findall(r"url\((fonts/[^)]+)\)", (katex / "katex.min.css").read_text(encoding="utf-8")):
        assert (katex / font).is_file(), font


def test_built_paper_page_has_meta_math_and_escaped_title(site):
    html = site.page(f"papers/{site.math_slug}/index.html")
    assert '<meta property="og:title"' in html and '<meta property="og:description" content="Deep Learning' in html
    assert '<span class="arithmatex">\\(\\approx\\)</span>' in html
    # KaTeX is fetched by paperlist.js on pages with math, never linked from the page itself.
    assert "assets/katex/" not in html and "assets/javascripts/paperlist.js" in html
    assert 'class="pl-badge pl-badge--topic" href="../../topics/' in html


def _fragments(site) -> dict[str, dict]:
    """Pagefind's page records (one gzip'd JSON per page, after a signature), in every bundle the
    index is made of (pagefind/<bundle>/fragment/): {url: record}."""
    out = {}
    for path in (site.dir / "pagefind").glob("*/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        out[record["url"]] = record
    return out


def test_search_index_holds_papers_and_notes_not_related_papers_or_queues(site):
    records = _fragments(site)
    urls = set(records)
    papers = {u for u in urls if u.startswith("/papers/")}
    assert len(papers) == len(list((site.root / "content" / "papers").glob("*.md")))
    assert any(u.startswith("/topics/") for u in urls)
    assert not urls & {"/", "/reading/to-read/", "/reading/read/", "/tags/", "/search/", "/404.html"}
    mine = records[f"/papers/{site.math_slug}/"]
    assert sitebuild().NOTE_WORD in mine["content"]  # notes are searchable
    assert sitebuild().MATH_WORD in mine["content"]
    page = (site.root / "content" / "papers" / f"{site.math_slug}.md").read_text(encoding="utf-8")
    related = re.findall(r"^- \[(.+?)\]\(", page.split("## Related papers", 1)[1], re.M)
    assert related and not any(title.replace("\\", "") in mine["content"] for title in related)
    assert "Find this title on" not in mine["content"] and "Related papers" not in mine["content"]


def test_search_index_facets(site):
    records = _fragments(site)
    mine = records[f"/papers/{site.math_slug}/"]
    meta = yaml.safe_load((site.root / "content" / "papers" / f"{site.math_slug}.md").read_text().split("---")[1])
    assert mine["filters"]["type"] == ["paper"]
    assert sorted(mine["filters"]["tag"]) == sorted(meta["tags"])
    assert mine["filters"]["status"] == ["To read"]
    assert len(mine["filters"]["topic"]) == 1
    if meta.get("published"):
        assert mine["filters"]["year"] == [str(meta["published"])[:4]]
    assert mine["meta"]["title"] == meta["title"]


def test_404_sitemap_and_site_url(site):
    assert "Page not found" in site.page("404.html")
    sitemap = site.page("sitemap.xml")
    assert f"<loc>{site.url}papers/{site.math_slug}/</loc>" in sitemap
    assert f'<link rel="canonical" href="{site.url}">' in site.page("index.html")
