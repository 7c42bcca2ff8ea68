"""What each `paperlist` command does: the cmd_* functions the parser in cli.py dispatches to.
Each takes the parsed arguments and returns an exit code; errors that end a run are raised and
mapped to exit codes in `cli.main()`."""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import progress
from .classify.taxonomy import TaxonomyError
from .pipeline import Project, apply, plan
from .report import Summary
from .runs import run_import
from .sources.files import find_listings
from .store import cache
from .store.files import LockedError, run_lock


def _project(args) -> Project:
    return Project.at(Path(args.root).resolve(), args.input, args.content, args.topics)


def _say(args, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr, flush=True)


def _progress(args, project: Project | None = None):
    """With -v, one line per stage; on a terminal, a bar that redraws in place; nothing in pipes
    and CI logs."""
    if args.verbose:
        return lambda msg: _say(args, f"  {msg}")
    if args.quiet or not progress.wanted() or project is None:
        return lambda msg: None
    return progress.ImportBar(len(find_listings(project.abstracts)) if project.abstracts.is_dir() else 0)


def cmd_import(args) -> int:
    project = _project(args)
    report = _progress(args, project)
    try:
        outcome = run_import(project, force=args.force, progress=report)
    finally:
        getattr(report, "done", lambda: None)()
    print(outcome.summary.text())
    for shown in outcome.skipped:
        print(f"skipped {shown}: it changed on disk during the run; run again")
    if outcome.summary.conflicts:
        return 1  # never publish a page with conflict markers in it
    # A file that was not understood, or mostly skipped, fails the run even without --strict, so
    # CI and the Pages workflow stop instead of publishing garbage.
    return 1 if outcome.summary.failed or (args.strict and outcome.summary.problems) else 0


def cmd_merge_file(args) -> int:
    from .store.gitmerge import merge_file

    return merge_file(Path(args.base), Path(args.ours), Path(args.theirs), args.name)


def cmd_check(args) -> int:
    project = _project(args)
    report = _progress(args, project)
    try:
        result = plan(project, report)
    finally:
        getattr(report, "done", lambda: None)()
    print(Summary.of(project, result).text(check=True))
    old_texts = {c.page: c.old for c in result.changes}
    for rel in sorted(result.writes):
        print(f"would {'create' if old_texts.get(rel) is None else 'update'}: {project.show(project.content / rel)}")
        if args.diff:
            old = (old_texts.get(rel) or "").splitlines(keepends=True)
            new = result.writes[rel].splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}"))
    for rel in result.removals:
        print(f"would remove (untouched, no longer in any listing): {project.show(project.content / rel)}")
    if args.diff:
        for rel, keys in sorted(result.kept_edits.items()):
            print(f"your edit kept: {project.show(project.content / rel)}: {', '.join(keys)}")
    return 1 if result.changes else 0


ENGINES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}  # both read mkdocs.yml and run the paperlist plugin


def _mkdocs(args, *extra: str) -> int:
    config = Path(args.root) / "mkdocs.yml"
    if not config.is_file():
        print(
            f"error: no mkdocs.yml in {Path(args.root).resolve()}; start a reading list with `paperlist new <folder>`",
            file=sys.stderr,
        )
        return 2
    engine = getattr(args, "engine", "mkdocs")
    if importlib.util.find_spec(engine) is None:
        print(f"error: {ENGINES[engine]} is not installed: pip install 'paperlist[{engine}]'", file=sys.stderr)
        return 2
    cmd = [sys.executable, "-m", engine, *extra, "-f", str(config)]
    _say(args, "$ " + " ".join(cmd[2:]))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # the notice is in the README, not on every build
    if not args.quiet and not args.verbose and progress.wanted():
        env["PAPERLIST_PROGRESS"] = "1"  # the plugin draws the site build's bar
    return subprocess.call(cmd, env=env)


def cmd_build(args) -> int:
    from .site.build import BuildError, build_site
    from .site.search_index import SearchIndexError, build_search_index

    status = cmd_import(args)
    if status:
        return status
    root = Path(args.root)
    bar = not args.quiet and not args.verbose and progress.wanted()
    try:
        if getattr(args, "engine", "mkdocs") != "mkdocs" or not (root / "mkdocs.yml").is_file():
            # Another engine builds as its own command (and _mkdocs explains a missing mkdocs.yml).
            status = _mkdocs(args, "build", *(["--strict"] if not args.no_strict else []))
            if not status:
                build_search_index(root / _site_dir(root / "mkdocs.yml"))
            return status
        if bar:
            os.environ["PAPERLIST_PROGRESS"] = "1"  # the plugin draws the site build's bar
        result = build_site(
            root,
            strict=not args.no_strict,
            incremental=not getattr(args, "clean", False),
            quiet=args.quiet,
            workers=1 if bar else None,  # the bar counts pages in one process
            say=lambda message: _say(args, message),
        )
    except (BuildError, SearchIndexError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    _say(args, f"site built in {result.mkdocs_s:.1f} s, search index in {result.search_s:.1f} s")
    return 0


def _site_dir(config: Path) -> str:
    found = re.search(r"^site_dir:\s*[\"']?([^\"'#\n]+?)[\"']?\s*(?:#.*)?$", config.read_text(encoding="utf-8"), re.M)
    return found.group(1) if found else "site"


def cmd_serve(args) -> int:
    status = cmd_import(args)
    if status:
        return status
    project = _project(args)
    watcher = threading.Thread(target=_reimport_on_change, args=(args, project), daemon=True)
    watcher.start()
    # MkDocs serves from a folder it makes with tempfile.mkdtemp: with TMPDIR pointing at a folder
    # of ours we know where it is, and after each build it logs (search_index.BUILT_LINE) a search
    # index is made in it.
    from .site.search_index import BUILT_LINE, keep_indexed

    with tempfile.TemporaryDirectory(prefix="paperlist-serve-") as tmp:
        built, stop = threading.Event(), threading.Event()
        say = lambda message: _say(args, message)  # noqa: E731
        threading.Thread(target=keep_indexed, args=(Path(tmp), built, stop, say), daemon=True).start()
        # --dirty: rebuild only the pages that changed. The generator rewrites every page an edit
        # affects (topic pages, home, neighbours), so nothing goes stale, and an edited note shows in
        # about a second instead of a full rebuild (14 s at 2,000 papers).
        extra = ("serve", "-a", args.dev_addr, "--livereload", *([] if args.full_rebuild else ["--dirty"]))
        cmd = [sys.executable, "-m", "mkdocs", *extra, "-f", str(Path(args.root) / "mkdocs.yml")]
        _say(args, "$ " + " ".join(cmd[2:]))
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": tmp}
        proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True, errors="replace")
        try:
            assert proc.stderr is not None  # stderr=PIPE
            for line in proc.stderr:  # MkDocs logs to stderr: pass it on, and notice finished builds
                sys.stderr.write(line)
                if BUILT_LINE in line:
                    built.set()
            return proc.wait()
        except KeyboardInterrupt:
            return proc.wait()  # Ctrl-C reached MkDocs too: let it shut down
        finally:
            stop.set()
            if proc.poll() is None:
                proc.terminate()


def _reimport_on_change(args, project: Project) -> None:
    """Re-import when a listing or the taxonomy changes; MkDocs reloads the pages that change."""
    seen = cache.file_stats([project.abstracts, project.topics])
    while True:
        time.sleep(1)
        now = cache.file_stats([project.abstracts, project.topics])
        if now != seen:
            seen = now
            try:
                with run_lock(project.content):
                    apply(project, plan(project))
                _say(args, "re-imported listings")
            except (LockedError, TaxonomyError, OSError) as err:
                _say(args, f"re-import failed: {err}")


def cmd_explain(args) -> int:
    from .classify import explain

    project = _project(args)
    result = plan(project)
    from .classify import load_taxonomy

    taxonomy = load_taxonomy(project.topics)
    wanted = args.paper.removesuffix(".md").rsplit("/", 1)[-1]
    matches = [p for p in result.papers if p.slug == wanted or p.id == wanted]
    if not matches:
        matches = [p for p in result.papers if wanted.lower() in p.title.lower()]
    if not matches:
        print(f"no paper with slug, id or title like {args.paper!r}", file=sys.stderr)
        return 2
    for paper in matches[:3]:
        print(f"{paper.title}  ({paper.slug})")
        print(explain(paper, taxonomy, list(result.papers)))
    return 0


def cmd_topics(args) -> int:
    from .classify import format_suggestions, load_taxonomy, suggest_topics

    project = _project(args)
    result = plan(project)
    taxonomy = load_taxonomy(project.topics)
    counts: dict[str, int] = {}
    for paper in result.papers:
        counts[paper.topic] = counts.get(paper.topic, 0) + 1
    for topic in taxonomy.topics:
        print(f"{topic.slug:22} {counts.get(topic.slug, 0):5}  {topic.name}")
    if args.suggest:
        print("\nSuggested new topics (paste into topics.yml and re-run):\n")
        print(format_suggestions(suggest_topics(list(result.papers), taxonomy)))
    return 0


def cmd_add(args) -> int:
    from .sources.add import AddError, add_arxiv, add_text, pages_of

    project = _project(args)
    try:
        if args.papers and args.papers != ["-"]:
            written = add_arxiv(project.abstracts, args.papers, say=lambda m: _say(args, m))
        else:
            if sys.stdin.isatty():
                _say(args, "paste the listing, then press Ctrl-D on an empty line (Ctrl-Z Enter on Windows)")
            written = [add_text(project.abstracts, sys.stdin.buffer.read())]
            _say(args, f"wrote {project.show(written[0])}")
    except AddError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    status = cmd_import(args)
    for page in pages_of(project.content, [project.show(p) for p in written]):
        print(f"added: {project.show(page)}")
    return status


def cmd_deploy(args) -> int:
    from .site.deploy import DeployError, deploy, pages_url, remote_url, source_revision

    root = Path(args.root).resolve()
    try:
        url = remote_url(root, args.remote)
        if not args.no_build:
            guess = pages_url(url)
            if guess and not os.environ.get("SITE_URL"):
                os.environ["SITE_URL"] = guess  # read by mkdocs.yml's site_url and by the exports
                _say(args, f"SITE_URL={guess} (the GitHub Pages address of {args.remote})")
            status = cmd_build(args)
            if status:
                return status
        revision = source_revision(root)
        message = "Deploy the reading list" + (f" from {revision}" if revision else "")
        print(deploy(root / args.site, url, args.branch, message, args.cname))
    except DeployError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def cmd_new(args) -> int:
    from .scaffold import ScaffoldError, create

    root = Path(args.folder)
    try:
        made = create(root, repo=args.repo, site_name=args.title)
    except ScaffoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for rel in made.written:
        print(f"created {(root / rel).as_posix()}")
    print(
        f"\nNext: cd {root.as_posix()}, paste a listing into abstracts/ (see abstracts/README.markdown), "
        "then `paperlist build` or `paperlist serve`."
    )
    return 0


def cmd_formats(args) -> int:
    from .formats import FORMATS

    width = max(len(fmt.name) for fmt in FORMATS)
    for fmt in FORMATS:
        print(f"{fmt.name.ljust(width)}  {fmt.description}")
        print(f"{' ' * width}  e.g. {fmt.example}")
    print("\nPaste any of these into abstracts/ (any file name); the layout is recognised from the text.")
    return 0
