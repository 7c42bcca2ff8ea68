"""Abstracts and titles that try to run code: in a real browser nothing runs, and the reader sees
the text exactly as the author pasted it."""

import pytest

from tests.browser.serving import serve_built_site
from tests.conftest import FIXTURES, copy_project, run_cli

PAYLOADS = [
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[click me](javascript:window.__pwned=3)",
    "{{ config.site_name }}",
    "{% raw %}",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile-site"), abstracts=False)
    (root / "abstracts/attacks.txt").write_bytes((FIXTURES / "hostile/attacks.txt").read_bytes())
    run_cli(root, "import", "-q")
    server, url = serve_built_site(root)
    yield root, url
    server.shutdown()


def test_no_script_from_the_input_runs_and_the_text_reads_as_written(browser, hostile_site):
    root, url = hostile_site
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    slugs = sorted(p.name for p in (root / "site/papers").iterdir())
    assert len(slugs) == 7
    seen = ""
    for slug in [*slugs, "../topics/other", "../tags", "../"]:
        page.goto(f"{url}papers/{slug}/", wait_until="load")
        assert page.evaluate("window.__pwned") is None, slug
        for link in page.locator("a[href^='javascript:']").all():
            raise AssertionError(f"javascript: link on {slug}: {link.get_attribute('href')}")
        seen += page.inner_text("body")
    # the attack text is shown literally, as prose
    for payload in PAYLOADS:
        assert payload in seen
    # math in an abstract is rendered by KaTeX, not shown raw
    latex = next(s for s in slugs if s.startswith("latex"))
    page.goto(f"{url}papers/{latex}/", wait_until="load")
    page.wait_for_selector("#abstract ~ p .katex, .arithmatex .katex")
    abstract = page.inner_text("article")
    assert "$\\approx$" not in abstract and "ell_1 ball" in abstract and "\\etc" in abstract
    assert not dialogs
    context.close()
