"""Browser measurements for bench/scale.py: search time-to-first-result on a built site, and the
edit-to-browser latency of `serve`. Headless Debian Chromium driven by Playwright.

    python bench/browser.py search /tmp/bench-scale-10000/site
    python bench/browser.py serve /tmp/bench-scale-2000
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEARCH_QUERIES = ("adversarial", "diffusion", "reinforcement", "calibration", "segmentation")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def static_server(root: Path):
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _site_bytes(site: Path, base: str, urls: list[str]) -> int:
    """Bytes of the site's files behind `urls`, as on disk: what a static host sends (Pagefind's
    index files are compressed already; HTML and JS would be gzipped by most hosts)."""
    total = 0
    for url in urls:
        if not url.startswith(base):
            continue
        rel = urlsplit(url).path[len(urlsplit(base).path) :]
        path = site / rel
        if path.is_dir() or rel.endswith("/") or not rel:
            path = path / "index.html"
        if path.is_file():
            total += path.stat().st_size
    return total


_WATCH = """() => {
  document.querySelector("input.md-search__input").addEventListener("input", () => {
    window.__plTyped = window.__plTyped || performance.now(); }, { once: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector(".md-search-result__item")) {
      window.__plShown = performance.now(); observer.disconnect(); }
  }).observe(document.body, { childList: true, subtree: true });
}"""


def measure_search(site: Path, runs: int = 5) -> dict:
    """The first query on a page that has just loaded, with an empty cache: the time from the load
    event to the first result shown in the header search (the query typed at once, as a paste;
    timed by the page's own clock), how much of it the query took from its input event, and the
    bytes fetched in between (Pagefind's runtime and wasm, its page list, the query's index
    chunk, the shown results' records). Then the next query on the same page. The page's own load
    (time, bytes) is given for reference."""
    first: list[float] = []
    typed: list[float] = []
    warm: list[float] = []
    search_bytes: list[int] = []
    load_bytes: list[int] = []
    load_s: list[float] = []
    with static_server(site) as url, chromium() as browser:
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            requests: list[tuple[float, str]] = []
            context.on("request", lambda req, seen=requests: seen.append((time.perf_counter(), req.url)))
            t0 = time.perf_counter()
            page.goto(url, wait_until="load")
            loaded = time.perf_counter()
            page.evaluate(_WATCH)
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(SEARCH_QUERIES[run % len(SEARCH_QUERIES)])
            page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
            shown = time.perf_counter()
            # In-page clocks (no Playwright round trips): load event -> first result on screen, and
            # the query's own share of it (input event -> first result).
            since_load, since_input = page.evaluate(
                "() => [window.__plShown - performance.getEntriesByType('navigation')[0].loadEventEnd,"
                " window.__plShown - window.__plTyped]"
            )
            first.append(since_load / 1000)
            typed.append(since_input / 1000)
            load_s.append(loaded - t0)
            load_bytes.append(_site_bytes(site, url, [u for t, u in requests if t <= loaded]))
            search_bytes.append(_site_bytes(site, url, [u for t, u in requests if loaded < t <= shown]))
            query = SEARCH_QUERIES[(run + 1) % len(SEARCH_QUERIES)]
            t1 = time.perf_counter()
            box.fill(query)
            page.locator(f"[data-pl-search-done='{query}']").wait_for(timeout=60_000)
            warm.append(time.perf_counter() - t1)
            context.close()
    return {
        "first_s": statistics.median(first),
        "first_all": first,
        "query_s": statistics.median(typed),
        "search_bytes": statistics.median(search_bytes),
        "load_s": statistics.median(load_s),
        "load_bytes": statistics.median(load_bytes),
        "warm_s": statistics.median(warm),
        "warm_all": warm,
    }


def _wait_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def measure_serve(
    project: Path, python: str = sys.executable, variant: str = "generator", edits: int = 3, timeout: float = 600
) -> dict:
    """Start a live preview of `project`, open a paper page, change its notes on disk and time how
    long until the browser shows the new text. variant: 'generator' (`python -m generator serve`,
    as shipped) or 'dirty' (`mkdocs serve --dirty`, rebuilding only changed pages)."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    if variant == "generator":
        cmd = [python, "-m", "generator", "serve", "-q", "--root", str(project), "-a", f"127.0.0.1:{port}"]
    else:
        cmd = [python, "-m", "mkdocs", "serve", "--dirty", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    page_md = sorted((project / "content" / "papers").glob("*.md"))[
        len(list((project / "content" / "papers").glob("*.md"))) // 2
    ]
    original = page_md.read_bytes()
    url = f"http://127.0.0.1:{port}/papers/{page_md.stem}/"
    log = open(project / f"serve-{variant}.log", "wb")  # noqa: SIM115 (closed below)
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    latencies: list[float] = []
    try:
        _wait_http(url, proc, timeout)
        startup = time.perf_counter() - t_start
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url, wait_until="load")
            time.sleep(1.5)  # let the livereload long-poll connect
            for i in range(edits):
                marker = f"bench edit {i} {time.time_ns()}"
                text = page_md.read_text(encoding="utf-8")
                text = re.sub(r"(## Notes\n\n)", rf"\1{marker}\n\n", text, count=1)
                t0 = time.perf_counter()
                page_md.write_text(text, encoding="utf-8")
                page.wait_for_function(
                    "m => document.body && document.body.innerText.includes(m)",
                    arg=marker,
                    timeout=timeout * 1000,
                    polling=50,
                )
                latencies.append(time.perf_counter() - t0)
                time.sleep(1.0)
    finally:
        page_md.write_bytes(original)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    return {"variant": variant, "startup_s": startup, "edit_s": statistics.median(latencies), "edit_all": latencies}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["search", "serve"])
    parser.add_argument("path", type=Path, help="built site/ for search; project folder for serve")
    parser.add_argument("--variant", default="generator", choices=["generator", "dirty"])
    args = parser.parse_args()
    if args.mode == "search":
        print(measure_search(args.path))
    else:
        print(measure_serve(args.path, variant=args.variant))
    return 0


if __name__ == "__main__":
    sys.exit(main())
