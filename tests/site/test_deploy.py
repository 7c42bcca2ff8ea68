"""Publishing: `paperlist deploy` to a gh-pages branch (a local bare repository stands in for
GitHub), and the built site served under a sub-path (/<repo>/, as on GitHub Pages) with every
internal link followed."""

import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from conftest import case, copy_project

from generator.site.deploy import DeployError, deploy, pages_url

REPO = "reading-list"  # the sub-path the site is served under, like https://<user>.github.io/<repo>/


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def bare(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(remote))
    return remote


def branch_files(remote: Path, branch: str = "gh-pages") -> list[str]:
    return git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", branch).split()


def fake_site(folder: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


# ---------------------------------------------------------------- deploy to a bare repository
def test_deploy_publishes_the_site_with_nojekyll(tmp_path):
    remote = bare(tmp_path)
    site = fake_site(
        tmp_path / "site",
        {
            "index.html": "<h1>v1</h1>",
            "papers/a/index.html": "a",
            "_hidden/x.css": "starts with an underscore: needs .nojekyll",
        },
    )
    message = deploy(site, str(remote))
    assert message == f"deployed 4 files to gh-pages at {remote}"
    assert branch_files(remote) == [".nojekyll", "_hidden/x.css", "index.html", "papers/a/index.html"]
    assert git("--git-dir", str(remote), "show", "gh-pages:index.html") == "<h1>v1</h1>"
    assert not (site / ".nojekyll").exists() and not (site / ".git").exists()  # site/ itself is untouched

    # A new build replaces the branch's content in a new commit on top of the old one.
    (site / "papers/a/index.html").unlink()
    (site / "index.html").write_text("<h1>v2</h1>")
    deploy(site, str(remote), message="second")
    assert branch_files(remote) == [".nojekyll", "_hidden/x.css", "index.html"]
    log = git("--git-dir", str(remote), "log", "--format=%s", "gh-pages").split("\n")
    assert log[:2] == ["second", "Deploy the reading list"]

    # The same site again: nothing to commit.
    assert "already has this site; nothing to deploy" in deploy(site, str(remote))
    assert git("--git-dir", str(remote), "rev-list", "--count", "gh-pages").strip() == "2"


def test_deploy_keeps_other_branches_and_writes_cname(tmp_path):
    remote = bare(tmp_path)
    work = tmp_path / "work"
    git("init", "-q", str(work))
    (work / "README.md").write_text("source")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "init", cwd=work)
    git("push", "-q", str(remote), "HEAD:refs/heads/main", cwd=work)
    deploy(fake_site(tmp_path / "site", {"index.html": "x"}), str(remote), cname="papers.example.org")
    assert branch_files(remote) == [".nojekyll", "CNAME", "index.html"]
    assert git("--git-dir", str(remote), "show", "gh-pages:CNAME") == "papers.example.org\n"
    assert git("--git-dir", str(remote), "rev-parse", "--verify", "-q", "main").strip()


def test_deploy_refuses_a_missing_site_or_remote(tmp_path):
    with pytest.raises(DeployError, match="has no index.html; build the site first"):
        deploy(tmp_path / "site", str(bare(tmp_path)))
    with pytest.raises(DeployError, match="cannot reach the remote"):
        deploy(fake_site(tmp_path / "site", {"index.html": "x"}), str(tmp_path / "nowhere.git"))


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://github.com/me/reading-list.git", "https://me.github.io/reading-list/"),
        ("https://github.com/Me/reading-list", "https://me.github.io/reading-list/"),
        ("git@github.com:me/reading-list.git", "https://me.github.io/reading-list/"),
        ("ssh://git@github.com/me/papers", "https://me.github.io/papers/"),
        ("https://token@github.com/me/me.github.io.git", "https://me.github.io/"),
        ("https://gitlab.com/me/reading-list.git", None),
        ("/tmp/remote.git", None),
    ],
)
def test_pages_url(url, expected):
    assert pages_url(url) == expected


def cli(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, **(env or {})},
    )


def test_deploy_command_builds_and_pushes_to_origin(tmp_path):
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project", abstracts=False)
    (root / "abstracts/hf.txt").write_text(case("hf_metadata.txt").read_text(encoding="utf-8"))
    remote = bare(tmp_path)
    git("init", "-q", cwd=root)
    git("remote", "add", "origin", str(remote), cwd=root)
    proc = cli(root, "deploy", "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.fullmatch(rf"deployed \d+ files to gh-pages at {re.escape(str(remote))}", proc.stdout.splitlines()[-1])
    files = branch_files(remote)
    assert ".nojekyll" in files and "index.html" in files and "papers.json" in files and "feed.xml" in files
    assert "sitemap.xml" in files and any(f.startswith("papers/") and f.endswith("/index.html") for f in files)

    again = cli(root, "deploy", "--no-build")
    assert again.returncode == 0 and "nothing to deploy" in again.stdout


def test_deploy_command_errors_are_messages(tmp_path):
    root = copy_project(tmp_path, abstracts=False)
    git("init", "-q", cwd=root)
    proc = cli(root, "deploy", "--no-build")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: no git remote named 'origin'") and "Traceback" not in proc.stderr
    proc = cli(root, "deploy", "--no-build", "--remote", str(bare(tmp_path)))
    assert proc.returncode == 2 and "has no index.html; build the site first" in proc.stderr


# ---------------------------------------------------------------- served under /<repo>/: no broken link
class PrefixHandler(SimpleHTTPRequestHandler):
    """GitHub Pages for a project site: the site lives under /<repo>/, nothing else exists."""

    prefix = f"/{REPO}/"

    def translate_path(self, path):
        clean = urllib.parse.urlsplit(path).path
        if clean == self.prefix.rstrip("/"):
            return super().translate_path("/")
        if not clean.startswith(self.prefix):
            return "/nonexistent/" + clean  # 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, *args):
        pass


class Links(HTMLParser):
    ATTRS = {"href", "src"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.ATTRS and value and not (tag == "link" and ("rel", "preconnect") in attrs):
                self.found.append(value)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("subpath"))
    site = root / "site"
    site.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PrefixHandler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_port}/{REPO}/"
    proc = cli(root, "build", "-q", env={"SITE_URL": base})
    assert proc.returncode == 0 and "WARNING" not in proc.stderr, proc.stdout + proc.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, root
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as err:
        return err.code, "", b""


def test_no_broken_internal_link_under_a_sub_path(served):
    """Crawl the whole site from its home page like a link checker: every internal href/src
    (pages, assets, the feed and catalog files) answers 200 under /<repo>/."""
    base, _ = served
    seen = {base}
    queue = deque([(base, "(start)")])
    broken = []
    pages = 0
    while queue:
        url, referrer = queue.popleft()
        status, kind, body = fetch(url)
        if status != 200:
            broken.append(f"{url} (linked from {referrer}): HTTP {status}")
            continue
        if kind != "text/html":
            continue
        pages += 1
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            target = urllib.parse.urljoin(url, link)
            parts = urllib.parse.urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != urllib.parse.urlsplit(base).netloc:
                continue  # external, mailto:, data:, javascript:
            target = urllib.parse.urlunsplit(parts._replace(fragment=""))
            if target not in seen:
                seen.add(target)
                queue.append((target, url))
    assert broken == []
    assert pages > 476  # every paper page was reached, plus topics, queues, tags, home
    for name in ("papers.json", "papers.csv", "papers.bib", "feed.xml"):
        assert fetch(base + name)[0] == 200, name


def test_absolute_urls_point_into_the_sub_path(served):
    base, root = served
    sitemap = fetch(base + "sitemap.xml")[2].decode()
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert len(locations) > 476 and all(loc.startswith(base) for loc in locations)
    for loc in locations[:: max(1, len(locations) // 40)]:
        assert fetch(loc)[0] == 200, loc

    catalog = json.loads(fetch(base + "papers.json")[2])
    assert catalog["site_url"] == base and catalog["count"] == 476
    for record in catalog["papers"][::50]:
        assert record["url"].startswith(base) and fetch(record["url"])[0] == 200, record["url"]

    feed = feedparser.parse(fetch(base + "feed.xml")[2])
    assert not feed.bozo and feed.feed.links[0].href == base + "feed.xml"
    for entry in feed.entries[:10]:
        assert entry.link.startswith(base) and fetch(entry.link)[0] == 200, entry.link
