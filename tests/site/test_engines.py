"""`paperlist build --engine mkdocs|properdocs`: the shipped reading list builds strict with both,
into the same set of files, and the paperlist plugin (theme, assets, progress) works in each."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

from generator.site.plugin import THEME_DIR, edit_uri, repo_from_environment


def build(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=root,
        env={**clean, **(env or {})},
    )


def files(site: Path) -> set[str]:
    """The site's files, without the search index (Pagefind names some of its files by a hash of
    contents it writes in a different order on every run) and `paperlist build`'s own record."""
    return {
        rel
        for p in site.rglob("*")
        if p.is_file() and not (rel := p.relative_to(site).as_posix()).startswith(("pagefind/", ".paperlist-build"))
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    if importlib.util.find_spec("properdocs") is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail("properdocs is not installed (pip install -e '.[test]')")
        pytest.skip("properdocs is not installed")
    built = {}
    for engine in ("mkdocs", "properdocs"):
        root = tmp_path_factory.mktemp(engine)
        copy_project(root)
        proc = build(root, "--engine", engine, "-q")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert not re.search(r"^\s*(WARNING|ERROR)\b", proc.stderr, re.M), proc.stderr
        built[engine] = root / "site"
    return built


@pytest.mark.slow  # builds the whole shipped list
def test_both_engines_build_the_same_site(sites):
    mk, pd = files(sites["mkdocs"]), files(sites["properdocs"])
    assert mk == pd
    assert len([f for f in mk if f.startswith("papers/") and f.endswith("/index.html")]) == 476
    generator_tag = re.compile(r'<meta name="generator" content="([^"]+)"')
    home = {e: generator_tag.search((s / "index.html").read_text(encoding="utf-8"))[1] for e, s in sites.items()}
    assert home["mkdocs"].startswith("mkdocs-1.") and "ProperDocs" in home["properdocs"]


@pytest.mark.slow  # builds the whole shipped list
@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_paperlist_theme_is_used(sites, engine):
    site = sites[engine]
    paper = next((site / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'class="pl-paper"' in paper and "assets/javascripts/paperlist.js" in paper
    for asset in ("assets/katex/katex.min.js", "assets/stylesheets/paperlist.css", "assets/katex/fonts"):
        assert (site / asset).exists(), asset
    assert "Edit notes" not in paper  # no repository known: no dead button


def test_a_missing_engine_is_a_clear_error(tmp_path, monkeypatch):
    from generator import cli, commands

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.setattr(commands.importlib.util, "find_spec", lambda name: None)
    args = cli.build_parser().parse_args(["build", "--engine", "properdocs", "--root", str(tmp_path)])
    assert commands._mkdocs(args, "build") == 2


@pytest.mark.parametrize(
    "repo, docs, branch, expected",
    [
        ("https://github.com/a/b", "content", "main", "edit/main/content/"),
        ("https://github.com/a/b", "docs/sub", "trunk", "edit/trunk/docs/sub/"),
        ("https://gitlab.com/a/b", "content", "main", "-/edit/main/content/"),
        ("https://github.com/a/b", ".", "main", "edit/main/"),
    ],
)
def test_edit_uri(repo, docs, branch, expected):
    assert edit_uri(repo, docs, branch) == expected


def test_repository_from_github_actions_only():
    assert repo_from_environment({"GITHUB_REPOSITORY": "a/b"}) is None  # not in Actions
    actions = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "a/b", "GITHUB_SERVER_URL": "https://ghe.example/"}
    assert repo_from_environment(actions) == "https://ghe.example/a/b"


def test_theme_ships_what_the_templates_include():
    for rel in ("main.html", "404.html", "partials/header.html", "partials/paper-header.html"):
        assert (THEME_DIR / rel).is_file(), rel


@pytest.mark.slow  # builds the whole shipped list
def test_project_custom_dir_still_overrides_the_packaged_theme(tmp_path):
    """A list's own custom_dir comes first: its main.html wins over the packaged one."""
    root = copy_project(tmp_path)
    (root / "mine").mkdir()
    (root / "mine" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}<p id="mine">my own</p>{{ super() }}{% endblock %}'
    )
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  name: material", "  name: material\n  custom_dir: mine", 1))
    proc = build(root, "-q")
    assert proc.returncode == 0, proc.stderr
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<p id="mine">my own</p>' in html and "assets/javascripts/search.js" in html
