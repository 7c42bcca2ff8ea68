"""The `paperlist` MkDocs plugin (`plugins: [paperlist]` in mkdocs.yml), installed with the package.

It makes a reading list's mkdocs.yml independent of where paperlist is installed:
- the theme overrides and their assets (KaTeX, the table script, the styles) come from the package
  (generator/theme), below the project's own `custom_dir` if it has one, above Material;
- `edit_uri` points at the content folder of the repository (`repo_url`, or in GitHub Actions the
  repository being built, `GITHUB_REPOSITORY`), so each paper page links to its Markdown in
  GitHub's editor ("Edit notes");
- with `PAPERLIST_PROGRESS=1` (set by `paperlist build` on a terminal) it draws a progress bar.

Only hooks that MkDocs and ProperDocs share are used."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from ..progress import Bar

THEME_DIR = Path(__file__).resolve().parents[1] / "theme"
JAVASCRIPT = ("assets/katex/katex.min.js", "assets/katex/contrib/auto-render.min.js", "assets/javascripts/paperlist.js")
STYLESHEETS = ("assets/katex/katex.min.css", "assets/stylesheets/paperlist.css")
MKDOCS_DEFAULT_EDIT_URI = "edit/master/docs/"  # what MkDocs assumes for a GitHub repo_url: wrong folder here


def edit_uri(repo_url: str, docs_dir: str, branch: str) -> str:
    """Where a page's source opens in the forge's web editor, relative to repo_url."""
    prefix = "-/edit" if "gitlab" in urlsplit(repo_url).netloc else "edit"
    folder = docs_dir.strip("/")
    return f"{prefix}/{branch}/{folder}/" if folder and folder != "." else f"{prefix}/{branch}/"


def repo_from_environment(environ: os._Environ | dict) -> str | None:
    """The repository a GitHub Actions run builds, as a URL; None outside Actions."""
    if environ.get("GITHUB_ACTIONS") != "true" or not environ.get("GITHUB_REPOSITORY"):
        return None
    return f"{environ.get('GITHUB_SERVER_URL', 'https://github.com').rstrip('/')}/{environ['GITHUB_REPOSITORY']}"


def _add_missing(values: list, wanted: tuple[str, ...]) -> None:
    have = {str(v) for v in values}
    values.extend(path for path in wanted if path not in have)


class PaperlistConfig(Config):
    edit_branch = config_options.Type(str, default="main")  # the branch "Edit notes" opens


class PaperlistPlugin(BasePlugin[PaperlistConfig]):
    def on_config(self, config):
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            # The project's own custom_dir (first in the list when set) still overrides ours.
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        _add_missing(config.extra_javascript, JAVASCRIPT)
        _add_missing(config.extra_css, STYLESHEETS)

        if config.edit_uri not in (None, MKDOCS_DEFAULT_EDIT_URI):
            return config  # the user's own edit_uri ("" turns the link off)
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        try:
            docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        except ValueError:
            docs = Path(config.docs_dir).name
        if config.repo_url:
            config.edit_uri = edit_uri(config.repo_url, docs, self.config.edit_branch)
        elif found := repo_from_environment(os.environ):
            # An absolute edit_uri without repo_url: the edit link, but not Material's repository
            # widget, whose script would call the GitHub API from every reader's browser.
            config.edit_uri = found.rstrip("/") + "/" + edit_uri(found, docs, self.config.edit_branch)
        return config

    # ---- progress on a terminal ----------------------------------------------------------------
    def on_files(self, files, config):
        self._bar = Bar(enabled=os.environ.get("PAPERLIST_PROGRESS") == "1")
        self._total = sum(1 for f in files if f.is_documentation_page())
        self._converted = self._written = 0
        return files

    def on_page_markdown(self, markdown, page, config, files):
        self._converted += 1
        self._bar.update("site: converting pages", self._converted, self._total)
        return markdown

    def on_post_page(self, output, page, config):
        self._written += 1
        self._bar.update("site: writing pages", self._written, self._total)
        return output

    def on_post_build(self, config):
        self._bar.done()

    def on_build_error(self, error):
        bar = getattr(self, "_bar", None)
        if bar:
            bar.done()
