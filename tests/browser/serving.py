"""Serve a folder on 127.0.0.1 for the browser tests: one quiet HTTP server on a free port, and a
project's site built to be served from it."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving `folder` in a daemon thread; returns the server (to `shutdown()`) and its URL,
    ending in "/"."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def serve_built_site(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `root`/site and build the project into it with `mkdocs build --strict`, its site_url
    being the server's own address (the feed and canonical links then point at it)."""
    server, url = serve_folder(root / "site")
    env = dict(os.environ, SITE_URL=url, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return server, url
