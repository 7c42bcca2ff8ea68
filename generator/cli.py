"""Command line: `paperlist import|build|serve|check|explain|topics|add|deploy`. Parses arguments,
calls the stages, prints; exit codes are decided in `main()`."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__, commands
from .classify.taxonomy import TaxonomyError
from .store.files import LockedError

DESCRIPTION = """Turn pasted paper listings into an annotated, searchable MkDocs site grouped by topic.

Paste listings into abstracts/ (arXiv, Hugging Face, PubMed pages, BibTeX/RIS/CSL-JSON exports,
Markdown reading lists: see `paperlist formats`), run
`paperlist build`, and annotate the pages in content/papers/. Your edits survive every re-run."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperlist", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=".", help="project folder holding mkdocs.yml (default: .)")
    common.add_argument("--input", default="abstracts", help="folder of pasted listings (default: abstracts)")
    common.add_argument("--content", default="content", help="folder of generated pages (default: content)")
    common.add_argument("--topics", default="topics.yml", help="taxonomy file (default: topics.yml)")
    common.add_argument("-q", "--quiet", action="store_true", help="print only the summary and errors")
    common.add_argument("-v", "--verbose", action="store_true", help="show progress of each stage")
    # The commands that run an import take its two options.
    importing = argparse.ArgumentParser(add_help=False)
    importing.add_argument("--strict", action="store_true", help="exit non-zero when the input has problems")
    importing.add_argument(
        "--force", action="store_true", help="redo the import even if nothing changed since the last one"
    )
    engine = argparse.ArgumentParser(add_help=False)
    engine.add_argument(
        "--engine", choices=sorted(commands.ENGINES), default="mkdocs", help="site builder (default: mkdocs)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "import",
        parents=[common, importing],
        help="turn listings into pages in content/",
        description="Parse every listing, remove duplicates, classify, and write one page per "
        "paper plus topic pages. Only changed files are written; your edits are kept.",
    )
    p.set_defaults(func=commands.cmd_import)

    p = sub.add_parser(
        "formats",
        parents=[common],
        help="list the listing layouts import understands, with an example of each",
        description="The layouts `import` recognises in abstracts/: pasted pages (arXiv, Hugging Face, "
        "PubMed, ...), reference-manager exports (BibTeX, RIS, CSL-JSON, CSV) and Markdown reading lists.",
    )
    p.set_defaults(func=commands.cmd_formats)

    p = sub.add_parser(
        "build",
        parents=[common, importing, engine],
        help="import, then build the site and its search index into site/",
        description="Run import, then `mkdocs build --strict` (only the pages that changed since the last "
        "build, unless mkdocs.yml or the theme changed), then the Pagefind search index.",
    )
    p.add_argument("--no-strict", action="store_true", help="let mkdocs build with warnings")
    p.add_argument("--clean", action="store_true", help="rebuild every page, not only the changed ones")
    p.set_defaults(func=commands.cmd_build)

    p = sub.add_parser(
        "serve",
        parents=[common, engine],
        help="import, then preview the site with live reload",
        description="Run import, then `mkdocs serve`; editing a listing re-imports it.",
    )
    p.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    p.add_argument(
        "--full-rebuild",
        action="store_true",
        help="rebuild the whole site on every change (slower; default rebuilds changed pages only)",
    )
    p.set_defaults(func=commands.cmd_serve)

    p = sub.add_parser(
        "check",
        parents=[common],
        help="exit 1 if import would change any file (for CI)",
        description="Show what import would change without writing anything.",
    )
    p.add_argument("--diff", action="store_true", help="show the changes and which of your edits are kept")
    p.set_defaults(func=commands.cmd_check)

    p = sub.add_parser(
        "explain",
        parents=[common],
        help="show why a paper got its topic and tags",
        description="Print each topic's score for a paper with the evidence that matched.",
    )
    p.add_argument("paper", help="slug, id or part of the title")
    p.set_defaults(func=commands.cmd_explain)

    p = sub.add_parser(
        "topics",
        parents=[common],
        help="list topics with counts; --suggest new ones",
        description="List topics and their paper counts. With --suggest, cluster the papers "
        "that fit no topic well and propose new topics.",
    )
    p.add_argument("--suggest", action="store_true", help="propose new topics for poorly covered papers")
    p.set_defaults(func=commands.cmd_topics)

    p = sub.add_parser(
        "add",
        parents=[common, importing],
        help="add papers by arXiv id or from pasted text, then import",
        description="Add papers as a new listing file in the input folder, then run import. With "
        "arXiv ids or URLs, fetch them from the arXiv API (abstracts/arxiv-<id>.bib); "
        "with none, read a pasted listing of any supported layout from stdin "
        "(abstracts/added-<date>-<time>.txt).",
    )
    p.add_argument(
        "papers",
        nargs="*",
        metavar="ARXIV_ID_OR_URL",
        help="e.g. arXiv:1706.03762 or https://arxiv.org/abs/1706.03762; none or '-': read stdin",
    )
    p.set_defaults(func=commands.cmd_add)

    p = sub.add_parser(
        "deploy",
        parents=[common, importing, engine],
        help="build, then push site/ to the gh-pages branch",
        description="Build the site (unless --no-build), then commit site/ plus a .nojekyll file "
        "on top of the gh-pages branch of a git remote and push it. For a GitHub remote "
        "SITE_URL defaults to its Pages address.",
    )
    p.add_argument("--remote", default="origin", help="git remote name, URL or path (default: origin)")
    p.add_argument("--branch", default="gh-pages", help="branch to publish to (default: gh-pages)")
    p.add_argument("--site", default="site", help="the built site, relative to --root (default: site)")
    p.add_argument("--no-build", action="store_true", help="deploy the site folder as it is, without building")
    p.add_argument("--cname", help="custom domain for GitHub Pages (writes a CNAME file)")
    p.add_argument("--no-strict", action="store_true", help="let mkdocs build with warnings")
    p.set_defaults(func=commands.cmd_deploy)

    p = sub.add_parser(
        "new",
        help="start a new reading list in a folder",
        description="Write a reading list someone can push to GitHub and publish: abstracts/ with a "
        "how-to, content/, an editable topics.yml, mkdocs.yml, .gitignore, README.md, requirements.txt "
        "and the GitHub Pages workflow. Never overwrites a file.",
    )
    p.add_argument("folder", help="where to create it (created if missing; may be an empty folder or '.')")
    p.add_argument("--repo", help="the GitHub repository, owner/name: paper pages get an 'Edit notes' link")
    p.add_argument("--title", help="the site's name (default: from the folder name)")
    p.set_defaults(func=commands.cmd_new)

    # Called by git during a merge (.gitattributes: merge=paperlist; `import` registers it), not by people.
    p = sub.add_parser(
        "merge-file",
        help="git merge driver for content/ (import registers it)",
        description="Merge one file of content/ for git: notes from both sides, generated parts from one "
        "(the next import regenerates them). See README, Teams.",
    )
    p.add_argument("base", help="the common ancestor's version (git's %%O)")
    p.add_argument("ours", help="our version, where the result goes (%%A)")
    p.add_argument("theirs", help="their version (%%B)")
    p.add_argument("name", help="the file's path in the repository (%%P)")
    p.set_defaults(func=commands.cmd_merge_file)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LockedError as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    except TaxonomyError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; pages on disk are complete (old or new)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
