"""Accessibility: axe-core (the copy shipped in the axe-playwright-python package) run in Chromium
on the built reading list, light and dark. No violation of serious or critical impact is allowed
on the home, topic, tags index, tag, queue and paper pages.

Every status chip the templates can produce (to read, reading, read, skipped) is put on the page
before axe runs, so their colours are checked in both schemes even though the shipped list has
only unread papers."""

from __future__ import annotations

import importlib.util
import os
from collections import Counter
from pathlib import Path

import pytest
import yaml

BLOCKING = ("serious", "critical")
STATUSES = ("to-read", "reading", "read", "skipped")


def axe_script() -> str:
    """axe.min.js: AXE_JS=/path/to/axe.min.js, else the one the axe-playwright-python wheel ships."""
    if os.environ.get("AXE_JS"):
        return Path(os.environ["AXE_JS"]).read_text(encoding="utf-8")
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail("axe-playwright-python is not installed (pip install -e '.[test]')")
        pytest.skip("axe-playwright-python is not installed (pip install -e '.[test]')")
    return (Path(next(iter(spec.submodule_search_locations))) / "axe.min.js").read_text(encoding="utf-8")


def busiest_topic(site) -> str:
    topics = Counter()
    for path in (site.root / "content" / "papers").glob("*.md"):
        topics[yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])["topic"]] += 1
    return topics.most_common(1)[0][0]


def pages(site) -> dict[str, str]:
    return {
        "home": "",
        "topic": f"topics/{busiest_topic(site)}/",
        "tags": "tags/",
        "tag": "tags/language-models/",
        "queue": "reading/to-read/",
        "paper": f"papers/{site.math_slug}/",
    }


ADD_STATUS_CHIPS = """statuses => {
  const host = document.querySelector('article') || document.body;
  const box = document.createElement('p');
  for (const s of statuses) {
    const chip = document.createElement('span');
    chip.className = 'pl-status pl-status--' + s;
    chip.textContent = s.replace('-', ' ');
    box.appendChild(chip);
    box.appendChild(document.createTextNode(' '));
  }
  host.appendChild(box);
}"""


def violations(page, script: str) -> list[str]:
    page.evaluate(script)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = []
    for v in result["violations"]:
        if v["impact"] in BLOCKING:
            targets = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
            found.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {targets}\n  {v['help']}")
    return found


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_script()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violations(make_tab, site, axe, scheme):
    tab = make_tab(color_scheme=scheme)
    report = {}
    for name, rel in pages(site).items():
        page = tab.go(rel)
        page.wait_for_load_state("load")
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        if name in ("paper", "queue"):
            page.locator(".pl-status").first.wait_for()
            page.evaluate(ADD_STATUS_CHIPS, list(STATUSES))
        if name in ("topic", "queue"):
            page.locator(".pl-papers[data-pl-ready]").wait_for()  # the filter bar is there
        found = violations(page, axe)
        if found:
            report[f"{name} ({rel or '/'}, {scheme})"] = found
    assert not report, "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in report.items())


def test_axe_finds_what_it_should(make_tab, site, axe):
    """The check can fail: a low-contrast chip and an unnamed dialog added to a real page are caught."""
    page = make_tab(color_scheme="light").go("")
    page.evaluate("""() => {
      const p = document.createElement('p');
      p.innerHTML = '<span style="color:#ccc;background:#fff">faint text</span>';
      document.querySelector('article').appendChild(p);
      const d = document.createElement('div');
      d.setAttribute('role', 'dialog');
      d.textContent = 'x';
      document.body.appendChild(d);
    }""")
    found = "\n".join(violations(page, axe))
    assert "color-contrast" in found and "aria-dialog-name" in found
