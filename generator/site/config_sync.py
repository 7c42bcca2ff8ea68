"""Keep the generated parts of mkdocs.yml in sync: the sidebar (`nav`: home, reading queues, the
topics in taxonomy order, tags) and the tags plugin's `tags_allowed` (the vocabulary of
topics.yml plus the tags people put on pages). Each lives between two marker comments; the rest
of mkdocs.yml is the user's and is never touched. Pure: text in, text out."""

from __future__ import annotations

import re

from .yamlout import scalar


def _block(name: str) -> re.Pattern:
    return re.compile(
        rf"^(?P<indent>[ \t]*)# generated:{name}\b[^\n]*\n.*?^[ \t]*# /generated:{name}\b[^\n]*\n?", re.M | re.S
    )


def sync_block(config_text: str, name: str, body: list[str], note: str) -> str | None:
    """`config_text` with the lines between the `name` markers replaced by `body` (indented like
    the opening marker), or None when the file has no such markers (the user took it over)."""
    match = _block(name).search(config_text)
    if not match:
        return None
    indent = match["indent"]
    newline = "\r\n" if "\r\n" in config_text else "\n"
    lines = [f"{indent}# generated:{name} ({note})", *(indent + line for line in body), f"{indent}# /generated:{name}"]
    return config_text[: match.start()] + newline.join(lines) + newline + config_text[match.end() :]


def tags_allowed_lines(tags: list[str]) -> list[str]:
    return ["tags_allowed:", *(f"  - {scalar(tag)}" for tag in sorted(set(tags)))]


def nav_lines(topics: list[tuple[str, str]]) -> list[str]:
    """The sidebar: topics as (slug, name) in taxonomy order; papers stay out of it."""
    return [
        "nav:",
        "  - Reading list: index.md",
        "  - Reading:",
        "      - To read: reading/to-read.md",
        "      - Read: reading/read.md",
        "  - Topics:",
        *(f"      - {scalar(name)}: topics/{slug}.md" for slug, name in topics),
        "  - Tags: tags.md",
        "  - Search: search.md",
    ]


def sync_config(config_text: str, tags: list[str], topics: list[tuple[str, str]]) -> str:
    for name, body, note in (
        ("nav", nav_lines(topics), "topics in the order of topics.yml"),
        ("tags_allowed", tags_allowed_lines(tags), "from topics.yml and your pages; edit those, not this list"),
    ):
        config_text = sync_block(config_text, name, body, note) or config_text
    return config_text
