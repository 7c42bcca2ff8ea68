"""Render the site's index pages (home, one page per topic, reading queues, tags) from what the
paper pages say now, user edits included. Pure: values in, {path: text} out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .render import block, escape_markdown, yaml_entry

STATUSES = ("to-read", "reading", "read", "skipped")


@dataclass(frozen=True)
class PageInfo:
    """What an index needs to know about one paper page (from its front matter as it is on disk)."""

    slug: str
    title: str
    topic: str
    tags: tuple[str, ...]
    status: str
    rating: int | float | None
    published: str | None
    added: int  # order of first appearance: larger = added later


@dataclass(frozen=True)
class TopicInfo:
    slug: str
    name: str
    description: str


def _front(**fields) -> str:
    return "---\n" + "".join(yaml_entry(k, v) for k, v in fields.items() if v is not None) + "---\n\n"


def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|")


def _rating(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 5:
        return "★" * round(value) + "☆" * (5 - round(value))
    return ""


def _table(pages: list[PageInfo], prefix: str, topic_names: dict[str, str] | None = None) -> str:
    head = "| Paper | Topic | Date | Tags | Status | Rating |\n|---|---|---|---|---|---|\n" if topic_names else \
        "| Paper | Date | Tags | Status | Rating |\n|---|---|---|---|---|\n"
    rows = []
    for p in pages:
        cells = [f"[{_cell(p.title)}]({prefix}papers/{p.slug}.md)"]
        if topic_names:
            cells.append(f"[{_cell(topic_names.get(p.topic, p.topic))}]({prefix}topics/{p.topic}.md)")
        cells += [p.published or "", ", ".join(_cell(t) for t in p.tags), _cell(p.status), _rating(p.rating)]
        rows.append("| " + " | ".join(cells) + " |")
    return head + "\n".join(rows) + "\n"


def _progress(pages: list[PageInfo]) -> str:
    read = sum(1 for p in pages if p.status == "read")
    return f"{read} of {len(pages)} read"


def render_topic_page(topic: TopicInfo, pages: list[PageInfo]) -> str:
    pages = sorted(pages, key=lambda p: (p.published or "", p.title.lower()), reverse=True)
    body = (f"# {_cell(topic.name)}\n\n{_cell(topic.description)}\n\n"
            f"**{len(pages)} papers** · {_progress(pages)}\n\n" + (_table(pages, "../") if pages else
                                                                   "_No papers in this topic yet._\n"))
    return _front(title=topic.name, description=topic.description) + block("topic", body)


def render_home(topics: list[TopicInfo], pages: list[PageInfo], recent: int = 10) -> str:
    counts = Counter(p.topic for p in pages)
    rows = "\n".join(
        f"| [{_cell(t.name)}](topics/{t.slug}.md) | {counts.get(t.slug, 0)} | "
        f"{_progress([p for p in pages if p.topic == t.slug])} |"
        for t in topics if counts.get(t.slug, 0))
    newest = sorted(pages, key=lambda p: p.added, reverse=True)[:recent]
    body = (
        "# Reading list\n\n"
        f"An annotated reading list of **{len(pages)} papers**, grouped by topic. "
        f"Reading progress: {_progress(pages)}.\n\n"
        "## Topics\n\n| Topic | Papers | Progress |\n|---|---|---|\n" + rows + "\n\n"
        "## Recently added\n\n" + "\n".join(f"- [{_cell(p.title)}](papers/{p.slug}.md)" for p in newest) + "\n\n"
        "See also the [reading queue](reading/to-read.md), [papers read](reading/read.md) and [all tags](tags.md).\n")
    return _front(title="Reading list") + block("home", body)


def render_queue(status: str, title: str, pages: list[PageInfo], topic_names: dict[str, str]) -> str:
    chosen = [p for p in pages if p.status == status]
    chosen.sort(key=lambda p: (-(p.rating if isinstance(p.rating, (int, float)) else 0), p.published or ""),
                reverse=False)
    body = f"# {title}\n\n**{len(chosen)} papers**\n\n" + (_table(chosen, "../", topic_names) if chosen else
                                                            "_Nothing here yet._\n")
    return _front(title=title) + block("queue", body)


def render_tags_page() -> str:
    return _front(title="Tags") + block("tags", "# Tags\n\nEvery tag, with the papers that carry it.\n\n"
                                        "<!-- material/tags -->")


def render_index_pages(topics: list[TopicInfo], pages: list[PageInfo]) -> dict[str, str]:
    names = {t.slug: t.name for t in topics}
    out = {"index.md": render_home(topics, pages), "tags.md": render_tags_page(),
           "reading/to-read.md": render_queue("to-read", "To read", pages, names),
           "reading/read.md": render_queue("read", "Read", pages, names)}
    known = {t.slug for t in topics}
    for topic in topics:
        out[f"topics/{topic.slug}.md"] = render_topic_page(topic, [p for p in pages if p.topic == topic.slug])
    for slug in sorted({p.topic for p in pages} - known):  # a topic a user typed by hand
        out[f"topics/{slug}.md"] = render_topic_page(TopicInfo(slug, slug.replace("-", " ").title(), ""),
                                                     [p for p in pages if p.topic == slug])
    return out
