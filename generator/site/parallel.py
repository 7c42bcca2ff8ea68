"""MkDocs' build on several cores: the paper pages are rendered in forked worker processes.

MkDocs renders one page after another on one core; at 10,000 papers that is most of a build.
This is `mkdocs.commands.build.build` of MkDocs 1.6, step for step, except that the pages under
papers/ are shared out: each worker (a fork, so it has the parent's config, files, nav and theme)
reads, converts and writes its share, while the parent does the other pages, the theme's static
files and templates (sitemap, 404). That is safe for this site because no page's HTML depends on
another page having been rendered: paper pages are not in the nav, links are checked against the
file list (which every process has), and the plugins are tags (set to write no listing and no
export) and paperlist (theme and edit link, set up before the fork; a progress bar). With any
other plugin, on one core, or without os.fork (Windows), MkDocs' own build runs."""

from __future__ import annotations

import logging
import os
import sys
import time

PARALLEL_SAFE_PLUGINS = {"material/tags", "tags", "paperlist"}  # paperlist: theme, edit link, progress
_SHARED_PREFIX = "papers/"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def can_split(config) -> bool:
    return hasattr(os, "fork") and cores() > 1 and set(config.plugins) <= PARALLEL_SAFE_PLUGINS


def build(config, dirty: bool = False, workers: int | None = None) -> None:
    """Build like `mkdocs build` (same output), rendering paper pages in `workers` processes."""
    from mkdocs.commands import build as mk

    workers = workers or min(cores(), 4)
    if workers < 2 or not can_split(config):
        mk.build(config, dirty=dirty)
        return
    from mkdocs import utils
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    logger = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(counter)
    inclusion = InclusionLevel.is_included
    start = time.monotonic()
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if not dirty:
            utils.clean_directory(config.site_dir)
        files = mk.get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        shared = [f for f in doc_files if f.src_uri.startswith(_SHARED_PREFIX) and not f.page.parent]
        shared_set = set(shared)
        mine = [f for f in doc_files if f not in shared_set]
        children = []
        for index in range(1, workers):
            share = shared[index::workers]
            pid = os.fork()
            if pid == 0:  # the worker: render its share, report warnings by exit status
                status = 0
                try:
                    _render(mk, share, config, files, doc_files, nav, env, dirty)
                    status = 1 if counter.get_counts() else 0
                except BaseException:  # noqa: BLE001 - any failure is reported to the parent
                    logging.getLogger("mkdocs").exception("a build worker failed")
                    status = 2
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(status)
            children.append(pid)
        _render(mk, mine + shared[0::workers], config, files, doc_files, nav, env, dirty, parent=True)
        failed = warned = 0
        for pid in children:
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            failed += code not in (0, 1)
            warned += code == 1
        if failed:
            raise BuildError(f"{failed} build worker(s) failed (see the errors above)")
        config.plugins.on_post_build(config=config)
        logger.getChild("commands.build").info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
        counts = counter.get_counts()
        if counts or warned:
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts) or "warnings"
            raise Abort(f"Aborted with {msg} in strict mode!" + (" (in a build worker)" if warned else ""))
    except Exception as err:
        config.plugins.on_build_error(error=err)
        if isinstance(err, BuildError):
            logger.error(str(err))
            raise Abort("Aborted with a BuildError!") from err
        raise
    finally:
        logger.removeHandler(counter)


def _render(mk, share, config, files, doc_files, nav, env, dirty, parent: bool = False) -> None:
    """MkDocs' steps for the pages in `share`: read and convert them, then (after the env event)
    write them; the parent also copies the static files and renders the theme's templates."""
    for file in share:
        mk._populate_page(file.page, config, files, dirty)
    env = config.plugins.on_env(env, config=config, files=files)
    if parent:
        files.copy_static_files(dirty=dirty, inclusion=mk.InclusionLevel.is_included)
        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)
    for file in share:
        mk._build_page(file.page, config, doc_files, nav, env, dirty, excluded=file.inclusion.is_excluded())
    level = config.validation.links.anchors
    for file in share:
        file.page.validate_anchor_links(files=files, log_level=level)
