"""Render papers to Markdown pages with YAML front matter. Pure: values in, text out.

Every generated part is a front-matter key or a body block between markers (see blocks.py),
so a re-run can refresh what the user never touched and keep what they edited."""

from __future__ import annotations

import re

from ..model import NOTES_HEADING, NOTES_HINT, Paper, web_links
from .yamlout import yaml_entry


def block(name: str, text: str, note: str = "generated; edit it and it becomes yours") -> str:
    return f"<!-- generated:{name} ({note}) -->\n{text.rstrip()}\n<!-- /generated -->\n"


SEARCH_BOOST = 2
_UNSAFE_META = re.compile(r"[<>\"&`\x00-\x1f\x7f]")
_MATH = re.compile(r"(\$[^$\n]+?\$)")
# Only characters Python-Markdown (with the tables extension) accepts a backslash escape for: an
# escaped `^` or `~` would show its backslash, and neither means anything without pymdownx.caret/tilde.
_ESCAPE = re.compile(r"([\\`*_\[\]{}#|])")


_PLAIN = re.compile(r"(?!\s*[-+=>\d])[^\\`*_\[\]{}#|&<>$]*\Z")  # nothing escape_markdown would change


def escape_markdown(text: str) -> str:
    """Show pasted text as written: no Markdown, no HTML, no script. Inline `$...$` math is kept
    for the math renderer; everything else is escaped."""
    if _PLAIN.match(text):
        return text
    parts = _MATH.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 1 and not part.startswith("$ ") and not part.endswith(" $"):
            out.append(part.replace("<", "\\lt ").replace(">", "\\gt ").replace("&", "\\&"))
            continue
        part = _ESCAPE.sub(r"\\\1", part)
        part = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        part = part.replace("$", "&#36;")
        out.append(part)
    text = "".join(out)
    # A paragraph starting like a list item, heading or rule would change meaning.
    return re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", re.sub(r"^(\s*)([-+=>])", r"\1\\\2", text))


def paper_front_matter(paper: Paper) -> list[tuple[str, object]]:
    fields: list[tuple[str, object]] = [
        ("title", paper.title),
        ("id", paper.id),
        ("topic", paper.topic),
        ("tags", list(paper.tags)),
        ("status", "to-read"),
        ("rating", None),
    ]
    if paper.secondary_topics:
        fields.append(("secondary_topics", list(paper.secondary_topics)))
    if paper.title_derived:
        fields.append(("title_derived", True))
    for key, value in (
        ("published", paper.published),
        ("authors", paper.authors),
        ("upvotes", paper.upvotes),
        ("acronym", paper.acronym),
    ):
        if value is not None:
            fields.append((key, value))
    for key in ("author_names", "venue", "doi", "arxiv_id", "pdf_url", "categories"):  # from arXiv / BibTeX
        value = getattr(paper, key)
        if key == "pdf_url" and value and not web_links([value]):
            continue
        if value:
            fields.append((key, list(value) if isinstance(value, (list, tuple)) else str(value)))
    if web_links(paper.links):
        fields.append(("links", web_links(paper.links)))
    # Listing files without line numbers: a paper pasted above this one must not rewrite this page.
    sources = dict.fromkeys((s.file, s.listed) for s in paper.sources)
    fields.append(("sources", [{"file": f, **({"listed": d} if d is not None else {})} for f, d in sources]))
    description = plain_summary(paper.abstract)
    if description:
        fields.append(("description", description))  # <meta name="description"> and og:description
    fields.append(("search", {"boost": SEARCH_BOOST}))  # Material: a paper's own page ranks above listings
    return fields


def plain_summary(text: str, limit: int = 200) -> str:
    """The start of an abstract as one line of plain text for meta tags: no markup characters that
    would need escaping in an HTML attribute, cut at a word boundary."""
    text = re.sub(r"\s+", " ", _UNSAFE_META.sub(" ", text)).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def render_paper(
    paper: Paper,
    related: list[tuple[str, str]],
    neighbours: tuple[tuple[str, str] | None, tuple[str, str] | None] | None = None,
) -> str:
    """The page of one paper. `related` is [(title, slug)] of similar papers; `neighbours` is the
    (previous, next) paper of the same topic as (title, slug), in the topic page's order, or None
    when not known (then no topic navigation is written)."""
    front = "".join(yaml_entry(k, v) for k, v in paper_front_matter(paper))
    parts = [f"---\n{front}---\n\n"]
    parts.append(
        block("abstract", "## Abstract\n\n" + (escape_markdown(paper.abstract) or missing_abstract(paper))) + "\n"
    )
    parts.append(f"{NOTES_HEADING}\n\n{NOTES_HINT}\n\n")
    if related:
        lines = "\n".join(f"- [{escape_markdown(title)}]({slug}.md)" for title, slug in related)
        parts.append(block("related", "## Related papers { data-search-exclude }\n\n" + lines))
    if neighbours and any(neighbours):
        parts.append(("\n" if related else "") + block("topic-nav", render_neighbours(*neighbours)))
    return "".join(parts)


def missing_abstract(paper: Paper) -> str:
    """What the page says when the listing had only a title and an id or link (reading lists,
    arXiv "authors and titles" pages): how to fetch the abstract, not an empty section."""
    fetch = f" `paperlist add {paper.arxiv_id}` fetches it." if paper.arxiv_id else ""
    return f"*No abstract in the listing.*{fetch}"


def render_neighbours(previous: tuple[str, str] | None, following: tuple[str, str] | None) -> str:
    """Previous/next paper within the topic, as links the theme styles like its page footer."""
    links = []
    if previous:
        links.append(f"[← {escape_markdown(previous[0])}]({previous[1]}.md){{ .paper-nav__prev rel=prev }}")
    if following:
        links.append(f"[{escape_markdown(following[0])} →]({following[1]}.md){{ .paper-nav__next rel=next }}")
    return " ".join(links) + "\n{: .paper-nav }"
