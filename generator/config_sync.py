"""Keep the tags plugin's `tags_allowed` in mkdocs.yml in sync with the tag vocabulary of
topics.yml plus the tags people put on pages. The list lives between two marker comments; the
rest of mkdocs.yml is the user's and is never touched. Pure: text in, text out."""

from __future__ import annotations

import re

from .yamlout import scalar

BEGIN = "# generated:tags_allowed"
END = "# /generated:tags_allowed"
_BLOCK = re.compile(rf"^(?P<indent>[ \t]*){re.escape(BEGIN)}[^\n]*\n.*?^[ \t]*{re.escape(END)}[^\n]*\n?",
                    re.M | re.S)


def sync_tags_allowed(config_text: str, tags: list[str]) -> str | None:
    """mkdocs.yml with the marked `tags_allowed` list replaced by `tags` (sorted, unique), or
    None when the file has no markers (the user took the list over, or never wanted one)."""
    match = _BLOCK.search(config_text)
    if not match:
        return None
    indent = match["indent"]
    newline = "\r\n" if "\r\n" in config_text else "\n"
    lines = [f"{indent}{BEGIN} (from topics.yml and your pages; edit those, not this list)",
             f"{indent}tags_allowed:"]
    lines += [f"{indent}  - {scalar(tag)}" for tag in sorted(set(tags))]
    lines.append(f"{indent}{END}")
    block = newline.join(lines) + newline
    return config_text[:match.start()] + block + config_text[match.end():]
