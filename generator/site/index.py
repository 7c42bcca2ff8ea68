"""Render the site's index pages (home, one page per topic, reading queues, tags) from what the
paper pages say now, user edits included. Pure: values in, {path: text} out.

Paper tables are plain Markdown tables inside a `<div class="pl-papers" data-columns=…>`; the site's
script (generator/theme/assets/javascripts/paperlist.js) makes them sortable and filterable in the page.
Charts are inline SVG drawn here, styled by the theme's colours (generator/theme/assets/stylesheets)."""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from ..model import STATUS_LABELS, PageInfo
from .paper import block, escape_markdown
from .yamlout import yaml_entry


@dataclass(frozen=True)
class TopicInfo:
    slug: str
    name: str
    description: str


def _front(**fields) -> str:
    return "---\n" + "".join(yaml_entry(k, v) for k, v in fields.items() if v is not None) + "---\n\n"


@functools.lru_cache(maxsize=1 << 15)  # a title or tag is in several tables (topic, tags, queues)
def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|")


def _stars(value) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 5:
        return round(value)
    return 0


def _rating(value) -> str:
    stars = _stars(value)
    if not stars:
        return ""
    shown = "★" * stars + "☆" * (5 - stars)
    return f'<span class="pl-rating" data-rating="{stars}" title="rated {stars} of 5">{shown}</span>'


def _status(status: str) -> str:
    # PageInfo.status is [a-z-]{1,20} (see pipeline._page_info), safe in a class name.
    return (
        f'<span class="pl-status pl-status--{status}" data-status="{status}">{STATUS_LABELS.get(status, status)}</span>'
    )


def _date(published: str | None) -> str:
    return f'<span class="pl-date">{_cell(published)}</span>' if published else ""


@functools.lru_cache(maxsize=1 << 14)
def _tags(tags: tuple[str, ...]) -> str:
    return " ".join(f'<span class="pl-tag">{_cell(t)}</span>' for t in tags)


def topic_order(pages: list[PageInfo]) -> list[PageInfo]:
    """The order of a topic page: newest first, undated last, then by title."""
    dated = sorted((p for p in pages if p.published), key=lambda p: (p.published, p.title.lower()), reverse=True)
    return dated + sorted((p for p in pages if not p.published), key=lambda p: p.title.lower())


def topic_neighbours(pages: list[PageInfo]) -> dict[str, tuple[tuple[str, str] | None, tuple[str, str] | None]]:
    """slug -> ((title, slug) of the previous paper, (title, slug) of the next) within its topic, in
    the order of the topic page; for render.render_paper(..., neighbours=...)."""
    out: dict[str, tuple[tuple[str, str] | None, tuple[str, str] | None]] = {}
    by_topic: dict[str, list[PageInfo]] = {}
    for p in pages:
        by_topic.setdefault(p.topic, []).append(p)
    for group in by_topic.values():
        ordered = topic_order(group)
        for i, p in enumerate(ordered):
            prev = (ordered[i - 1].title, ordered[i - 1].slug) if i > 0 else None
            nxt = (ordered[i + 1].title, ordered[i + 1].slug) if i + 1 < len(ordered) else None
            out[p.slug] = (prev, nxt)
    return out


def _table(pages: list[PageInfo], prefix: str, topic_names: dict[str, str] | None = None) -> str:
    head = (
        "| Paper | Topic | Date | Tags | Status | Rating |\n|---|---|---|---|---|---|\n"
        if topic_names
        else "| Paper | Date | Tags | Status | Rating |\n|---|---|---|---|---|\n"
    )
    rows = []
    for p in pages:
        cells = [f"[{_cell(p.title)}]({prefix}papers/{p.slug}.md)"]
        if topic_names:
            cells.append(f"[{_cell(topic_names.get(p.topic, p.topic))}]({prefix}topics/{p.topic}.md)")
        cells += [_date(p.published), _tags(p.tags), _status(p.status), _rating(p.rating)]
        rows.append("| " + " | ".join(cells) + " |")
    # The site's script sorts and filters by what each column is, not by its visible header.
    columns = "paper topic date tags status rating" if topic_names else "paper date tags status rating"
    return f'<div class="pl-papers" data-columns="{columns}" markdown>\n\n' + head + "\n".join(rows) + "\n\n</div>\n"


def _count(pages: list[PageInfo], status: str) -> int:
    return sum(1 for p in pages if p.status == status)


def _progress(pages: list[PageInfo]) -> str:
    return f"{_count(pages, 'read')} of {len(pages)} read"


def _bar(pages: list[PageInfo], label: str = "Reading progress") -> str:
    """A progress bar (read, then reading) as inline HTML; works in a paragraph or a table cell."""
    total = len(pages) or 1
    read, reading = _count(pages, "read"), _count(pages, "reading")
    return (
        f'<span class="pl-progress" role="progressbar" aria-label="{label}" aria-valuemin="0" '
        f'aria-valuemax="{len(pages)}" aria-valuenow="{read}" title="{_progress(pages)}">'
        f'<span class="pl-progress__read" style="width: {100 * read / total:.1f}%"></span>'
        f'<span class="pl-progress__reading" style="width: {100 * reading / total:.1f}%"></span></span>'
    )


def _summary(pages: list[PageInfo]) -> str:
    parts = [f"**{_progress(pages)}**"]
    for status in ("reading", "to-read", "skipped"):
        if n := _count(pages, status):
            parts.append(f"{n} {STATUS_LABELS[status]}")
    return " · ".join(parts) + "\n\n" + _bar(pages) + "\n"


def render_topic_page(topic: TopicInfo, pages: list[PageInfo]) -> str:
    pages = topic_order(pages)
    body = (
        f"# {_cell(topic.name)}\n\n"
        + (f"{_cell(topic.description)}\n\n" if topic.description else "")
        + f"**{len(pages)} papers** · "
        + _summary(pages)
        + "\n"
        + (_table(pages, "../") if pages else "_No papers in this topic yet._\n")
    )
    return _front(title=topic.name, description=topic.description or None, hide=["toc"]) + block("topic", body)


# ---- charts ------------------------------------------------------------------------------------


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    t = html.escape(title)
    return (
        f'<svg class="pl-chart" viewBox="0 0 {width} {height}" width="100%" style="max-width: {width}px" '
        f'role="img" '
        f'aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>' + "".join(body) + "</svg>"
    )


def chart_topics(topics: list[TopicInfo], pages: list[PageInfo]) -> str:
    """Horizontal bars: papers per topic, the read part highlighted."""
    counts = Counter(p.topic for p in pages)
    read = Counter(p.topic for p in pages if p.status == "read")
    names = {t.slug: t.name for t in topics}
    rows = sorted(counts, key=lambda s: (-counts[s], names.get(s, s)))
    if not rows:
        return ""
    label_w, bar_w, row_h, width = 250, 330, 22, 640
    most = max(counts.values())
    body = []
    for i, slug in enumerate(rows):
        y = 4 + i * row_h
        name = names.get(slug, slug)
        name = name if len(name) <= 38 else name[:37] + "…"
        w = bar_w * counts[slug] / most
        wr = bar_w * read[slug] / most
        body.append(
            f'<text class="pl-chart__label" x="{label_w - 8}" y="{y + 13}" text-anchor="end">'
            f"{html.escape(name)}</text>"
            f'<rect class="pl-chart__bar" x="{label_w}" y="{y + 2}" width="{w:.1f}" '
            f'height="{row_h - 6}" rx="2"/>'
            + (
                f'<rect class="pl-chart__read" x="{label_w}" y="{y + 2}" width="{wr:.1f}" height="{row_h - 6}" rx="2"/>'
                if read[slug]
                else ""
            )
            + f'<text class="pl-chart__value" x="{label_w + w + 6:.1f}" y="{y + 13}">{counts[slug]}'
            + (f" ({read[slug]} read)" if read[slug] else "")
            + "</text>"
        )
    return _svg(width, 8 + len(rows) * row_h, "Papers per topic", body)


def chart_years(pages: list[PageInfo]) -> str:
    """Vertical bars: papers per publication year (only papers with a date)."""
    years = Counter(p.published[:4] for p in pages if p.published and p.published[:4].isdigit())
    if not years:
        return ""
    span = list(range(int(min(years)), int(max(years)) + 1))
    if len(span) > 40:  # far-apart years: show only those that occur
        span = sorted(int(y) for y in years)
    col_w, plot_h, top, width = 40, 120, 18, max(200, 40 * len(span) + 20)
    most = max(years.values())
    body = []
    for i, year in enumerate(span):
        n = years.get(str(year), 0)
        h = plot_h * n / most
        x = 10 + i * col_w
        body.append(
            f'<rect class="pl-chart__bar" x="{x + 6}" y="{top + plot_h - h:.1f}" width="{col_w - 12}" '
            f'height="{h:.1f}" rx="2"/>'
            + (
                f'<text class="pl-chart__value" x="{x + col_w / 2}" y="{top + plot_h - h - 4:.1f}" '
                f'text-anchor="middle">{n}</text>'
                if n
                else ""
            )
            + f'<text class="pl-chart__label" x="{x + col_w / 2}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{year}</text>'
        )
    return _svg(width, top + plot_h + 24, "Papers per publication year", body)


def _figure(svg: str, caption: str) -> str:
    return f'<figure class="pl-figure" markdown="0">\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>\n'


# ---- home, queues, tags ----------------------------------------------------------------------


def render_home(topics: list[TopicInfo], pages: list[PageInfo], recent: int = 10) -> str:
    counts = Counter(p.topic for p in pages)
    names = {t.slug: t.name for t in topics}
    listed = [t for t in topics if counts.get(t.slug, 0)]
    listed += [TopicInfo(s, s.replace("-", " ").title(), "") for s in sorted(set(counts) - set(names))]
    rows = "\n".join(
        f"| [{_cell(t.name)}](topics/{t.slug}.md) | {counts[t.slug]} | "
        f"{_progress([p for p in pages if p.topic == t.slug])} | {_bar([p for p in pages if p.topic == t.slug])} |"
        for t in listed
    )
    newest = sorted(pages, key=lambda p: p.added, reverse=True)[:recent]
    recent_rows = "\n".join(
        f"| [{_cell(p.title)}](papers/{p.slug}.md) | [{_cell(names.get(p.topic, p.topic))}](topics/{p.topic}.md) "
        f"| {_date(p.published)} | {_status(p.status)} |"
        for p in newest
    )
    dated = sum(1 for p in pages if p.published)
    years = chart_years(pages)
    body = (
        "# Reading list\n\n"
        f"An annotated reading list of **{len(pages)} papers** in **{len(listed)} topics**. Every paper has a page "
        "with its abstract, tags, reading status, rating and notes; search finds any word of a title, an abstract "
        "or a note.\n\n" + _summary(pages) + "\n"
        f"[To read ({_count(pages, 'to-read')})](reading/to-read.md){{ .md-button .md-button--primary }} "
        f"[Read ({_count(pages, 'read')})](reading/read.md){{ .md-button }} "
        "[All tags](tags.md){ .md-button } [Search and filter](search.md){ .md-button }\n\n"
        "## Topics\n\n| Topic | Papers | Read | Progress |\n|---|---|---|---|\n"
        + rows
        + "\n\n"
        + _figure(chart_topics(topics, pages), "Papers per topic; the darker part has been read.")
        + "\n"
        + (
            "## Years\n\n"
            + _figure(years, f"Papers per publication year ({dated} of {len(pages)} papers have a date).")
            + "\n"
            if years
            else ""
        )
        + "## Recently added\n\n| Paper | Topic | Date | Status |\n|---|---|---|---|\n"
        + recent_rows
        + "\n\n"
        "## Share\n\nFollow new papers with the [Atom feed](feed.xml), or take the whole list with you as "
        "[JSON](papers.json), [CSV](papers.csv) or [BibTeX](papers.bib).\n"
    )
    return _front(title="Reading list") + block("home", body)


def queue_order(pages: list[PageInfo]) -> list[PageInfo]:
    """Best rated first, then newest, then undated, then by title."""
    return sorted(
        pages, key=lambda p: (-_stars(p.rating), "" if p.published else "1", _neg(p.published or ""), p.title.lower())
    )


def _neg(date: str) -> str:
    """A key that sorts ISO dates newest first inside an ascending sort."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


QUEUE_LIMIT = 300  # a queue is a reading plan; 10,000 rows would be a 4 MB page nobody reads


def render_queue(status: str, title: str, pages: list[PageInfo], topic_names: dict[str, str], intro: str = "") -> str:
    chosen = queue_order([p for p in pages if p.status == status])
    more = ""
    if len(chosen) > QUEUE_LIMIT:
        more = (
            f"\n_The first {QUEUE_LIMIT} of {len(chosen)} are shown. Every topic page filters by status: "
            f"add `?status={status}` to its address._\n"
        )
    body = (
        f"# {title}\n\n"
        + (intro + "\n\n" if intro else "")
        + f"**{len(chosen)} papers**\n\n"
        + (_table(chosen[:QUEUE_LIMIT], "../", topic_names) + more if chosen else "_Nothing here yet._\n")
    )
    # Not in the search index (the theme gives queues no data-pagefind-body): the titles are found on
    # the papers' own pages.
    return _front(title=title, hide=["toc"]) + block("queue", body)


TAG_PAGES = "tags/"  # one page per tag: content/tags/<slug>.md


def tag_page(tag: str) -> str:
    """content-relative path of a tag's page. Tags are [a-z0-9 .+&/'-] (taxonomy.TAG_RE): the slug
    keeps them apart ('c++' and 'c' differ) and never names a path outside tags/."""
    slug = re.sub(r"[^a-z0-9]+", "-", tag.lower().replace("+", " plus ").replace("&", " and ")).strip("-")
    return f"{TAG_PAGES}{slug or 'tag'}.md"


def render_tags_page(counts: Counter) -> str:
    """The tags index: one row per tag with its count, linking to the tag's own page. Its size
    grows with the number of tags, not of papers (a listing of every paper under every tag was
    5,000 DOM nodes and 470 KB at 476 papers)."""
    rows = [f"| [{_cell(tag)}]({tag_page(tag)}) | {n} |" for tag, n in sorted(counts.items())]
    body = f"# Tags\n\n{len(counts)} tags; each leads to the papers that carry it.\n\n"
    body += ("| Tag | Papers |\n|---|---:|\n" + "\n".join(rows) + "\n") if rows else "_No tags yet._\n"
    return _front(title="Tags", search={"exclude": True}) + block("tags", body)


def render_tag_page(tag: str, pages: list[PageInfo], topic_names: dict[str, str]) -> str:
    """A tag's papers, newest first (tag chips on paper pages link here). Written here rather than
    by the tags plugin's listing, so that the page changes on disk exactly when its list does:
    `paperlist build` then renders it again, and only then (generator/site/build.py)."""
    count = len(pages)
    body = (
        f"# Tag: {escape_markdown(tag)}\n\n{count} paper{'' if count == 1 else 's'}. [All tags](../tags.md) · "
        f"[Combine with topics, statuses and years](../search.md?tag={quote(tag, safe='')})\n\n"
        + _table(topic_order(pages), "../", topic_names)
    )
    return _front(title=f"Tag: {tag}", hide=["toc"]) + block("tag", body)


def render_search_page() -> str:
    """The search page: generator/theme/assets/javascripts/search.js fills the box below with a query
    field, the facets (topic, tag, status, year) and the results, from the Pagefind index."""
    body = (
        "# Search\n\nSearch every title, abstract and note, and narrow the whole list by topic, tag, reading "
        "status and year; leave the words empty to browse.\n\n"
        '<div class="pl-facet-search" data-pl-facets markdown="0">\n'
        "<p>Search needs JavaScript and the index that <code>paperlist build</code> writes.</p>\n"
        "</div>\n"
    )
    return _front(title="Search", hide=["navigation", "toc"]) + block("search", body)


def render_index_pages(topics: list[TopicInfo], pages: list[PageInfo]) -> dict[str, str]:
    names = {t.slug: t.name for t in topics}
    tag_counts = Counter(tag for p in pages for tag in set(p.tags))
    out = {
        "index.md": render_home(topics, pages),
        "tags.md": render_tags_page(tag_counts),
        "search.md": render_search_page(),
        "reading/to-read.md": render_queue(
            "to-read",
            "To read",
            pages,
            names,
            "Papers waiting to be read, best rated first, then newest. Set `status: reading` or "
            "`status: read` and a `rating: 1-5` in a paper's page to move it along.",
        ),
        "reading/read.md": render_queue(
            "read", "Read", pages, names, "Papers marked `status: read`, best rated first, then newest."
        ),
    }
    known = {t.slug for t in topics}
    for topic in topics:
        out[f"topics/{topic.slug}.md"] = render_topic_page(topic, [p for p in pages if p.topic == topic.slug])
    for slug in sorted({p.topic for p in pages} - known):  # a topic a user typed by hand
        out[f"topics/{slug}.md"] = render_topic_page(
            TopicInfo(slug, slug.replace("-", " ").title(), ""), [p for p in pages if p.topic == slug]
        )
    by_tag: dict[str, list[PageInfo]] = {}
    for p in pages:
        for tag in set(p.tags):
            by_tag.setdefault(tag, []).append(p)
    for tag, tagged in by_tag.items():
        out[tag_page(tag)] = render_tag_page(tag, tagged, names)
    return out
