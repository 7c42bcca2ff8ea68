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
SEARCH_QUERIES = ("adversarial", "diffusion", "reinforcement")


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


def measure_search(site: Path, runs: int = 3) -> dict:
    """Cold: from navigation start (empty cache) to the first result of a typed query; this covers
    downloading search_index.json and building the index in Material's worker. Warm: the next
    query on the same page."""
    cold: list[float] = []
    warm: list[float] = []
    with static_server(site) as url, chromium() as browser:
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(url, wait_until="domcontentloaded")
            box = page.locator(".md-search__input")
            box.click()
            box.type(SEARCH_QUERIES[run % len(SEARCH_QUERIES)])
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
            cold.append(time.perf_counter() - t0)
            box.fill("")
            page.wait_for_selector(".md-search-result__item", state="detached", timeout=30_000)
            t1 = time.perf_counter()
            box.type(SEARCH_QUERIES[(run + 1) % len(SEARCH_QUERIES)])
            page.wait_for_selector(".md-search-result__item", timeout=60_000)
            warm.append(time.perf_counter() - t1)
            context.close()
    return {"cold_s": statistics.median(cold), "warm_s": statistics.median(warm), "cold_all": cold, "warm_all": warm}


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
