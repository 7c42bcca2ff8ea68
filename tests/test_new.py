"""`paperlist new`: a reading list someone can push and publish, and the packaged defaults behind
it. The slow test installs a freshly built wheel into a new virtual environment, as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, TOPICS, case

from generator.scaffold import FILES, ScaffoldError, create, repo_url, site_name_for

NEW_FILES = sorted(FILES)


def paperlist(*args: str, cwd: Path, exe: list[str] | None = None, env: dict | None = None):
    base = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}  # no repository from CI
    return subprocess.run(
        [*(exe or [sys.executable, "-m", "generator"]), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**base, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def test_new_writes_a_publishable_list(tmp_path):
    made = create(tmp_path / "my-papers", repo="alice/reading-list")
    root = made.root
    assert sorted(made.written) == NEW_FILES
    assert (root / "content").is_dir() and (root / "abstracts").is_dir()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "My papers"' in config and "repo_url: https://github.com/alice/reading-list\n" in config
    assert "__" not in config  # every placeholder filled
    assert (root / "topics.yml").read_bytes() == TOPICS.read_bytes()  # an editable copy of the default
    workflow = yaml.safe_load((root / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert set(workflow["jobs"]) == {"build", "deploy"}
    from generator import __version__

    assert f"paperlist=={__version__}" in (root / "requirements.txt").read_text()
    assert "/site/" in (root / ".gitignore").read_text().splitlines()


def test_new_never_overwrites(tmp_path):
    (tmp_path / "abstracts").mkdir()
    (tmp_path / "abstracts" / "mine.txt").write_text("my listing")
    (tmp_path / "README.md").write_text("my readme")
    with pytest.raises(ScaffoldError, match="already has README.md; nothing was written"):
        create(tmp_path)
    assert (tmp_path / "README.md").read_text() == "my readme"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["README.md", "abstracts", "mine.txt"]

    # A folder with only listings in it is fine: the listings stay as they are.
    (tmp_path / "README.md").unlink()
    create(tmp_path)
    assert (tmp_path / "abstracts" / "mine.txt").read_text() == "my listing"


def test_new_command_refuses_with_a_message(tmp_path):
    assert paperlist("new", "x", cwd=tmp_path).returncode == 0
    again = paperlist("new", "x", cwd=tmp_path)
    assert again.returncode == 2 and again.stderr.startswith("error: ") and "never overwrites" in again.stderr
    bad = paperlist("new", "y", "--repo", "not a repo", cwd=tmp_path)
    assert bad.returncode == 2 and "expected owner/name" in bad.stderr and not (tmp_path / "y").exists()


@pytest.mark.parametrize(
    "given, url",
    [
        ("alice/reading-list", "https://github.com/alice/reading-list"),
        ("https://github.com/alice/reading-list.git", "https://github.com/alice/reading-list"),
        ("git@github.com:alice/papers.git", "https://github.com/alice/papers"),
    ],
)
def test_repo_url(given, url):
    assert repo_url(given) == url


@pytest.mark.parametrize("given", ["alice", "alice/papers/extra", "https://gitlab.com/a/b", "a b/c", "-x/y"])
def test_repo_url_rejects(given):
    with pytest.raises(ScaffoldError):
        repo_url(given)


def test_site_name_from_folder(tmp_path):
    assert site_name_for(tmp_path / "ml_reading-list") == "Ml reading list"


def test_template_config_matches_the_repositorys_own(tmp_path):
    """The mkdocs.yml `new` writes is this repository's, minus its generated lists: same theme,
    plugins and Markdown extensions (a drift between the two would ship an untested config)."""

    def load(path: Path) -> dict:
        text = path.read_text(encoding="utf-8").replace("!ENV", "")
        return yaml.safe_load(text)

    create(tmp_path)
    mine, shipped = load(tmp_path / "mkdocs.yml"), load(ROOT / "mkdocs.yml")
    for key in ("theme", "markdown_extensions", "validation", "not_in_nav", "docs_dir", "site_dir"):
        assert mine[key] == shipped[key], key
    names = [next(iter(p)) if isinstance(p, dict) else p for p in shipped["plugins"]]
    assert [next(iter(p)) if isinstance(p, dict) else p for p in mine["plugins"]] == names
    assert "nav" not in mine  # filled by the first import


def test_a_new_list_builds_strict_with_an_edit_link(tmp_path):
    root = create(tmp_path / "list", repo="alice/papers").root
    shutil.copy(case("hf_metadata.txt"), root / "abstracts" / "week-1.txt")
    proc = paperlist("build", "--strict", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "problems" not in proc.stdout  # the how-to in abstracts/ is not read as a listing
    pages = sorted((root / "site" / "papers").glob("*/index.html"))
    assert len(pages) == 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        slug = page.parent.name
        assert f'href="https://github.com/alice/papers/edit/main/content/papers/{slug}.md"' in html
        assert "Edit notes" in html


def test_without_a_repository_there_is_no_edit_link(tmp_path):
    root = create(tmp_path / "list").root
    shutil.copy(case("hf_metadata.txt"), root / "abstracts" / "week-1.txt")
    proc = paperlist("build", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = next((root / "site" / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Edit notes" not in html and "/edit/" not in html

    # In GitHub Actions the repository is known without repo_url.
    proc = paperlist(
        "build",
        cwd=root,
        env={"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "bob/list", "GITHUB_SERVER_URL": "https://github.com"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = next((root / "site" / "papers").glob("*/index.html"))
    html = page.read_text(encoding="utf-8")
    assert f'href="https://github.com/bob/list/edit/main/content/papers/{page.parent.name}.md"' in html
    assert "md-source" not in html  # no repository widget calling the GitHub API from readers' browsers


def test_empty_folder_import_uses_the_packaged_taxonomy_and_a_failure_leaves_no_lock(tmp_path):
    (tmp_path / "abstracts").mkdir()
    shutil.copy(case("hf_metadata.txt"), tmp_path / "abstracts" / "a.txt")
    bad = tmp_path / "broken"
    shutil.copytree(tmp_path / "abstracts", bad / "abstracts")
    (bad / "topics.yml").write_text("topics: [not, a, mapping]\n")
    failed = paperlist("import", cwd=bad)
    assert failed.returncode == 2 and "taxonomy" in failed.stderr
    assert not (bad / "content").exists()  # no lock, no empty folders left behind

    proc = paperlist("import", cwd=tmp_path)  # no topics.yml, no mkdocs.yml: the packaged defaults
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "content" / "papers").glob("*.md"))) == 4
    build = paperlist("build", cwd=tmp_path)
    assert build.returncode == 2 and "paperlist new" in build.stderr


@pytest.mark.slow
def test_wheel_installs_and_a_new_list_builds(tmp_path):
    """What a user does: install the wheel in a fresh environment, `paperlist new x && cd x`,
    paste a listing, `paperlist build` (strict)."""
    src = tmp_path / "src"
    top_level_only = {".git", ".venv", "site", "build", "dist", "tests", "bench", "content", "abstracts"}
    shutil.copytree(
        ROOT,
        src,
        ignore=lambda folder, names: [
            n
            for n in names
            if (Path(folder) == ROOT and n in top_level_only) or n == "__pycache__" or n.endswith(".egg-info")
        ],
    )
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(src)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [wheel] = dist.glob("paperlist-*.whl")

    env_dir = tmp_path / "venv"
    # The environment sees the packages this one has (mkdocs, material...), never the source tree.
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    py = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    site_packages = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    pth = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    ).stdout.strip()
    (Path(pth) / "deps.pth").write_text(site_packages + "\n")  # dependencies without a download
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr
    exe = [str(py), "-m", "generator"]
    where = subprocess.run(
        [*exe[:1], "-c", "import generator; print(generator.__file__)"], capture_output=True, text=True, cwd=tmp_path
    )
    assert str(env_dir) in where.stdout and str(ROOT) not in where.stdout  # the wheel, not the checkout

    work = tmp_path / "work"
    work.mkdir()
    made = paperlist("new", "x", cwd=work, exe=exe)
    assert made.returncode == 0, made.stderr
    root = work / "x"
    shutil.copy(case("hf_metadata.txt"), root / "abstracts" / "pasted.txt")
    proc = paperlist("build", cwd=root, exe=exe)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = root / "site"
    assert len(list((site / "papers").glob("*/index.html"))) == 4
    assert (site / "assets" / "katex" / "katex.min.js").is_file()
    assert (site / "assets" / "javascripts" / "paperlist.js").is_file()
    assert 'class="pl-paper"' in next((site / "papers").glob("*/index.html")).read_text(encoding="utf-8")
