"""What a text that no layout explains looks like, in a few words for the problem message:
"prose (6 paragraphs, no titles, ids or labelled fields)", "a CSV table with columns a, b, c"."""

from __future__ import annotations

import csv
import io
import json
import re

from .common import is_prose, nonblank, short

_LOG = re.compile(r"^\s*(?:\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\[?(?:DEBUG|INFO|WARN(?:ING)?|ERROR|TRACE)\b)")


def describe(text: str) -> str:
    lines = nonblank(text)
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        try:
            data = json.loads(stripped)
        except ValueError:
            return "broken JSON (it does not parse)"
        keys = sorted(data[0])[:6] if isinstance(data, list) and data and isinstance(data[0], dict) else []
        return "JSON without paper items" + (f" (keys: {', '.join(keys)})" if keys else "")
    table = _columns(text)
    if table:
        return f"a table with columns {short(', '.join(table), 80)} (none of them a title)"
    if sum(1 for line in lines if _LOG.match(line)) * 2 >= len(lines):
        return f"a log ({len(lines)} lines with timestamps or levels)"
    prose = sum(1 for line in lines if is_prose(line))
    if prose:
        return f"prose ({prose} paragraphs, no title before them, no arXiv ids, DOIs or labelled fields)"
    return f"{len(lines)} short lines with no abstracts, ids or labelled fields"


def _columns(text: str) -> list[str] | None:
    sample = text[:4000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return None
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), dialect))[:5]
    except csv.Error:
        return None
    widths = {len(r) for r in rows if r}
    if len(rows) >= 2 and len(widths) == 1 and widths.pop() >= 2:
        return [c.strip() for c in rows[0]]
    return None
