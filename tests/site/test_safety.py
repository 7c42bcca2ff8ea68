"""generator/site/safety.py through the paperlist plugin: front-matter titles and tags reach
Material's search index, the tags page's table of contents and the navigation as text (escaped
once, never twice), and every page gets a Content-Security-Policy that allows the theme's own
inline scripts and nothing injected."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import material
import pytest

from generator.site import safety
from generator.site.index import render_tag_page
from generator.site.plugin import THEME_DIR

MATERIAL = Path(material.__file__).parent / "templates"


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def script_src(page: str) -> str:
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


def test_the_policy_allows_materials_inline_scripts_and_nothing_injected():
    allowed_scripts = safety.theme_inline_scripts([str(THEME_DIR), str(MATERIAL)])
    template = (MATERIAL / "partials/javascripts/base.html").read_text(encoding="utf-8")
    scope = re.search(r"<script>(.*?)</script>", template, re.S).group(1)
    scope = re.sub(r"\{\{.*?\}\}", "../..", scope)  # as rendered two folders down
    injected = [
        "alert(1)",
        scope + ";alert(2)",
        'var palette=__md_get("__palette");alert(3)',
        scope.replace("../..", '..",alert(4),"'),  # code smuggled where the template prints a URL
    ]
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><meta name="description" content="x">'
        + "".join(f"<script>{s}</script>" for s in [scope, *injected])
        + "</head><body></body></html>"
    )
    out = safety.with_policy(page, allowed_scripts)
    assert out.startswith('<!doctype html><html><head>\n    <meta http-equiv="Content-Security-Policy"')
    allowed = script_src(out)
    assert sha(scope) in allowed and "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed
    for script in injected:
        assert sha(script) not in allowed, script


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small site built with the paperlist plugin: one page whose front matter holds markup, one
    whose heading holds an ampersand, the tags listing; all pages in the navigation."""
    root = tmp_path_factory.mktemp("hooked")
    docs = root / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "index.md").write_text("# Q & A `<code>`\n\nWords.\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    front = {
        "title": "Zebra <img src=x onerror=alert(1)> &amp; more",
        "tags": ["<img src=x onerror=alert(2)>", "kiwi & co"],
        "description": '"><script>alert(3)</script>',
        "author": '"><script>alert(4)</script>',
    }
    (docs / "papers" / "zebra.md").write_text(
        "---\n" + json.dumps(front) + "\n---\n\n## Abstract\n\nStripes.\n", encoding="utf-8"
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Hooked\nsite_url: http://127.0.0.1/\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - paperlist\n  - search\n  - tags\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n",
        encoding="utf-8",
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return root / "site", front


def test_search_index_holds_front_matter_as_escaped_text_and_headings_escaped_once(built):
    site, front = built
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    zebra = [d for d in docs if d["location"].startswith("papers/zebra/")]
    assert zebra[0]["title"] == "Zebra &lt;img src=x onerror=alert(1)&gt; &amp;amp; more"
    for doc in zebra:
        assert doc["tags"] == ["&lt;img src=x onerror=alert(2)&gt;", "kiwi &amp; co"]
    home = next(d for d in docs if d["location"] == "")
    assert home["title"] == "Q &amp; A <code>&lt;code&gt;</code>"  # a heading: escaped once, as before
    for doc in docs:
        assert not re.search(r"<(?!/?(code|p|li|ol|ul|pre|sub|sup)>)", doc["title"] + doc["text"]), doc


def test_pages_show_tags_and_meta_as_text(built):
    site, front = built
    paper = (site / "papers/zebra/index.html").read_text(encoding="utf-8")
    tags = (site / "tags/index.html").read_text(encoding="utf-8")
    for page in (paper, tags):
        assert "<img src=x" not in page and "<script>alert" not in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert '<meta name="description" content="&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;">' in paper
    # the navigation shows a front-matter title as text, a heading's as it was
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Zebra &lt;img src=x onerror=alert(1)&gt; &amp;amp; more" in home and "<img src=x" not in home
    assert "Q &amp; A &lt;code&gt;" in home and "&amp;amp;" not in home.replace("&amp;amp; more", "")
    # the tags page's table of contents names each tag as text
    toc = tags[tags.index('class="md-nav md-nav--secondary"') :]
    assert "&lt;img src=x onerror=alert(2)&gt;" in toc and "kiwi &amp; co" in toc
    # every page has a policy, first in its head
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert text.index('http-equiv="Content-Security-Policy"') < text.index("<script"), path


def test_a_tag_page_shows_a_typed_comment_end_and_markup_as_text():
    from generator.model import PageInfo

    tag = "numbat --> <img src=x onerror=alert(1)> <!-- end"
    paper = PageInfo("p", "A paper", "other", (tag,), "to-read", None, None, 0)
    page = render_tag_page(tag, [paper], {"other": "Other"})
    body = page[page.index("<!-- generated:tag") :]
    body = body[body.index("-->") + 3 : body.index("<!-- /generated -->")]
    assert "<img" not in body and "-->" not in body and "<!--" not in body  # escaped: &lt;img, --&gt;
    assert "numbat --&gt; &lt;img src=x onerror=alert(1)&gt; &lt;!-- end" in body
    assert "search.md?tag=numbat%20--%3E%20%3Cimg" in body
