"""Playwright driving Debian's Chromium against the real site, built once and served on 127.0.0.1.

Without Chromium (or the playwright package) these tests skip with the reason; in CI (`CI=true`)
that is a failure instead. Set CHROMIUM=/path/to/chromium to use another binary. Playwright's own
browser downloads are never used."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sitebuild():
    name = "paperlist_sitebuild"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "sitebuild.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def site(seed_project, tmp_path_factory):
    return sitebuild().served_site(seed_project, tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="session")
def browser():
    chromium = find_chromium()
    if not chromium:
        _unavailable("Chromium not found: apt-get install chromium (or set CHROMIUM=/path/to/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed: pip install -e '.[test]'")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        except Exception as err:  # noqa: BLE001 - any launch failure means "no usable browser"
            _unavailable(f"Chromium at {chromium} does not start: {err}")
        yield browser
        browser.close()


class Tab:
    """A page plus what it did: console errors, uncaught exceptions, requests that tried to leave
    127.0.0.1 (those are blocked, so a test never depends on the network)."""

    def __init__(self, context, page, base: str):
        self.context, self.page, self.base = context, page, base
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on(
            "console",
            lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None,
        )
        page.on("pageerror", lambda err: self.errors.append(f"uncaught: {err}"))
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.foreign.append(url)
            return route.abort()
        return route.continue_()

    def go(self, rel: str = "", wait: str = "load"):
        self.page.goto(self.base + rel, wait_until=wait)
        return self.page

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests left 127.0.0.1: {self.foreign}"
        assert not self.errors, f"console errors: {self.errors}"


def _tab(browser, site, **options):
    context = browser.new_context(viewport=options.pop("viewport", {"width": 1280, "height": 900}), **options)
    tab = Tab(context, context.new_page(), site.url)
    return context, tab


@pytest.fixture
def tab(browser, site):
    context, tab = _tab(browser, site, color_scheme="light")
    yield tab
    context.close()


@pytest.fixture
def make_tab(browser, site):
    """A tab with other options (color_scheme="dark", a phone viewport, ...)."""
    contexts = []

    def make(**options):
        context, tab = _tab(browser, site, **options)
        contexts.append(context)
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
