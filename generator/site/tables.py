"""Paper tables converted one row at a time, each distinct row once: used by the `paperlist` plugin.

Tag, topic and queue pages are mostly one Markdown table of papers (generator/site/index.py) inside
`<div class="pl-papers" ... markdown>`; at 10,000 papers the tag pages alone are 32 MB of such rows
and took Python-Markdown more CPU than all paper pages (~0.45 ms a row). The same paper's row is on
each of its tags' pages, so here every table row is converted once per build process and reused:
the rows of a page not seen before are converted together, as a table with the page's own `<div>`
and header, by the Markdown that MkDocs would use for that page (its extensions, and its link
rewriting for the page's place in the site); the table's place in the page's Markdown holds a
placeholder paragraph until the page is converted, then gets the table's HTML. A row's HTML does
not depend on the other rows (each cell is converted on its own; columns and alignment come from
the header), so the page is the one MkDocs makes (tests/site/test_tables.py compares them).
Anything else (another shape, a link to an anchor, a Markdown set-up this does not know) is left to
MkDocs as it is."""

from __future__ import annotations

import logging
import posixpath
import re
import secrets
import sys

import markdown  # type: ignore[import-untyped]

log = logging.getLogger("mkdocs.plugins.paperlist")

# The table block as index.py writes it: the div line, a blank line, header, separator, rows, a
# blank line and </div>, all at the start of lines.
_BLOCK = re.compile(
    r"^(?P<div><div class=\"pl-papers\"[^\n>]*\smarkdown>)\n\n"
    r"(?P<head>\|[^\n]*\|)\n(?P<sep>\|[-:| ]+\|)\n(?P<rows>(?:\|[^\n]*\n)+)\n</div>$",
    re.M,
)
_TBODY = re.compile(r"\A(?P<open>.*?<tbody>\n)(?P<rows>.*)(?P<close>\n</tbody>.*)\Z", re.S)
_MIN_ROWS = 20  # a short table is not worth the bookkeeping


class TableRows:
    """Per build process: HTML of every table row converted so far, by the row's context."""

    def __init__(self) -> None:
        self.token = "plrows" + secrets.token_hex(8)
        self._rows: dict[tuple, str] = {}
        self._frames: dict[tuple, tuple[str, str]] = {}
        self._pending: dict[int, tuple[str, list[str]]] = {}  # id(page): (original Markdown, tables' HTML)

    def before(self, text: str, page, config, files) -> str:
        """on_page_markdown: the page's Markdown with each paper table replaced by a placeholder."""
        relative = _relative_path_processor(page)
        if relative is None or "pl-papers" not in text:
            return text
        tables: list[str] = []
        context = _context(page)

        def replace(match: re.Match) -> str:
            rows = match["rows"].splitlines()
            if len(rows) < _MIN_ROWS or any(".md#" in row for row in rows):
                return match[0]
            html = self._table(match, rows, context, page, config, files, relative)
            if html is None:
                return match[0]
            tables.append(html)
            return f"{self.token}x{len(tables) - 1}"

        out = _BLOCK.sub(replace, text)
        if tables:
            self._pending[id(page)] = (text, tables)
        return out

    def after(self, html: str, page, config, files) -> str:
        """on_page_content: the tables' HTML in place of their placeholders."""
        pending = self._pending.pop(id(page), None)
        if pending is None:
            return html
        original, tables = pending
        for i, table in enumerate(tables):
            placeholder = f"<p>{self.token}x{i}</p>"
            if html.count(placeholder) != 1:  # the block was inside something (a code block?): as MkDocs
                log.debug("paper table of %s converted by MkDocs", page.file.src_uri)
                page.markdown = original
                page.render(config, files)
                return page.content
            html = html.replace(placeholder, table, 1)
        return html

    def _table(self, match, rows, context, page, config, files, relative) -> str | None:
        frame_key = (context, match["div"], match["head"], match["sep"])
        missing = list(dict.fromkeys(row for row in rows if (frame_key, row) not in self._rows))
        if missing or frame_key not in self._frames:
            source = f"{match['div']}\n\n{match['head']}\n{match['sep']}\n" + "\n".join(missing) + "\n\n</div>"
            md = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
            relative(page.file, files, config)._register(md)
            parts = _TBODY.match(md.convert(source))
            if parts is None:
                return None
            converted = parts["rows"].split("\n</tr>\n<tr>\n") if missing else []
            if len(converted) != len(missing) or parts["rows"].count("<tr>") != len(missing):
                return None
            for i, row in enumerate(missing):
                html = converted[i]
                html = html if i == 0 else "<tr>\n" + html
                self._rows[(frame_key, row)] = html if i == len(missing) - 1 else html + "\n</tr>"
            self._frames.setdefault(frame_key, (parts["open"], parts["close"]))
        opening, closing = self._frames[frame_key]
        return opening + "\n".join(self._rows[(frame_key, row)] for row in rows) + closing


def _context(page) -> tuple:
    """What a row's links depend on: the page's folder in the docs and its URL's folder."""
    url = page.file.url
    return posixpath.dirname(page.file.src_uri), posixpath.dirname(url.rstrip("/")), url.endswith("/"), url == ""


def _relative_path_processor(page):
    """MkDocs' (or ProperDocs') link rewriting for a page, from the module its Page comes from; None
    if that engine has none by this name (then tables are left to it)."""
    module = sys.modules.get(type(page).__module__)
    processor = getattr(module, "_RelativePathTreeprocessor", None)
    return processor if callable(getattr(processor, "_register", None)) else None
