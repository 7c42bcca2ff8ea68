"""Page data stays text in the built site, and every page carries a Content-Security-Policy as a
second line of defence. Used by the `paperlist` MkDocs plugin (plugin.py); see SECURITY.md.

Front-matter values (title, tags, ...) are plain text typed or pasted by someone. The templates
(generator/theme) print them escaped, but two places in Material for MkDocs treat them as HTML
where no template reaches:

- the search index: a section without a heading takes the page's front-matter `title` as its
  title, and every entry gets the page's `tags`, both copied raw; the search UI inserts titles and
  tags as HTML, so `<img src=x onerror=...>` in a title ran as soon as someone searched for it;
- the tags page: its table of contents gets one entry per tag whose title is the raw tag name (a
  TOC entry's title is HTML everywhere else).

For the search index this wraps one method of Material's (9.x) search index; should a Material
release rename it, the build fails loudly instead of shipping an index that carries script."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# Scripts run only from the site itself; the theme's few inline scripts are allowed by hash (below),
# so an injected inline event handler (`onerror=`), `javascript:` link or inline <script> never
# runs. 'wasm-unsafe-eval' lets a WebAssembly search engine (Pagefind) compile its module; it
# allows no JavaScript eval. Inline style attributes are allowed: KaTeX and Material size things
# with them, and a style attribute cannot run script in a current browser.
POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'none'"
)

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_JINJA_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
# What a Jinja expression inside a theme's inline script may print: a URL (base_url, a scope),
# never a quote, parenthesis, semicolon or space that could turn it into more code.
_URL_CHARS = r"[\w.:/%~-]*"


# ---- text, not HTML ------------------------------------------------------------------------------
def text_only_search_index(index) -> None:
    """Make Material's search index (`plugins["material/search"].search_index`) escape the
    front-matter title it falls back to and every tag, once per index."""
    create = getattr(index, "create_entry_for_section", None)
    if not callable(create) or not isinstance(getattr(index, "entries", None), list):
        raise PluginError(
            "paperlist: this version of Material's search plugin is not known; "
            "refusing to build a search index that could carry script"
        )
    if getattr(create, "text_only", False):
        return

    def create_entry_for_section(section, toc, url, page):
        if not section.title:  # Material would take the raw front-matter title here
            title = page.meta.get("title", page.title)
            section.title = [html.escape(str(title if title is not None else ""), quote=False)]
        before = len(index.entries)
        create(section, toc, url, page)
        for entry in index.entries[before:]:
            if isinstance(entry.get("tags"), list):
                entry["tags"] = [html.escape(str(tag), quote=False) for tag in entry["tags"]]

    create_entry_for_section.text_only = True  # type: ignore[attr-defined]
    index.create_entry_for_section = create_entry_for_section


def title_as_text(page) -> None:
    """The templates print page.title escaped, as text: right for a title from the front matter or
    from mkdocs.yml's nav. A title MkDocs took from the page's first heading is HTML (entities and
    all); turned back into text it is escaped once, not twice ("Q & A", not "Q &amp; A")."""
    rendered = getattr(page, "_title_from_render", None)
    if rendered and "title" not in page.meta and "title" not in vars(page):
        page.title = html.unescape(rendered)


def escape_tag_anchors(toc, prefix: str) -> None:
    """Tag names in a table of contents as text: the tags plugin's entries (ids starting with its
    slug `prefix`), and any title with a raw `<` or `>`, which a heading's TOC title never has."""
    stack = list(toc or [])
    while stack:
        anchor = stack.pop()
        stack.extend(anchor.children)
        if (prefix and anchor.id.startswith(prefix)) or "<" in anchor.title or ">" in anchor.title:
            anchor.title = html.escape(anchor.title, quote=False)


# ---- Content-Security-Policy ---------------------------------------------------------------------
def theme_inline_scripts(theme_dirs) -> list[re.Pattern]:
    """Patterns of the inline scripts the theme's templates (Material's and generator/theme) write:
    their text with each Jinja expression (a URL such as base_url) standing for _URL_CHARS. An
    inline script in a page is allowed only if it matches one of these, so nothing that came in
    with page data gets a hash. A script of our own goes in a template or a file."""
    patterns = {}
    for folder in theme_dirs:
        for path in sorted(Path(folder).glob("**/*.html")):
            for body in _INLINE_SCRIPT.findall(path.read_text(encoding="utf-8")):
                parts = _JINJA_EXPR.split(body)
                patterns[body] = re.compile(_URL_CHARS.join(map(re.escape, parts)))
    return list(patterns.values())


def with_policy(output: str, allowed: list[re.Pattern]) -> str:
    """The page with a Content-Security-Policy <meta> first in its <head>, allowing by hash the
    inline scripts that match `allowed` (theme_inline_scripts) and no other."""
    head = output.find("<head>")
    if head < 0:
        return output
    hashes: list[str] = []
    for body in _INLINE_SCRIPT.findall(output):
        if any(p.fullmatch(body) for p in allowed):
            digest = "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            if digest not in hashes:
                hashes.append(digest)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=" ".join(hashes))}">'
    return output[: head + 6] + "\n    " + meta + output[head + 6 :]
