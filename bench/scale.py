"""Scale benchmark: synthetic reading lists of N papers through `import` and `paperlist build` (MkDocs
+ the Pagefind search index), with the same pages built by Hugo side by side as the reference; then
search in Chromium, and one more listing of 20 papers added and rebuilt (the incremental case).
Prints a table of seconds, ratios and sizes and writes it to bench/RESULTS.md. Not a unit test: run it by hand.

    .venv/bin/python bench/scale.py                      # 500, 2000, 10000 + 50000 generator-only
    .venv/bin/python bench/scale.py --quick              # smoke run at N=200

Each N gets its own project folder under --work (default /tmp/bench-scale); nothing is written
into the repository except --out. Timings are wall-clock of a subprocess; peak memory is that
subprocess's maximum resident set (os.wait4)."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


# ---------------------------------------------------------------- running a step
@dataclass
class Step:
    wall: float
    rss_mb: float
    rc: int
    stdout: str
    stderr: str
    stages: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, stderr line)
    timed_out: bool = False
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for


def run(cmd: list[str], cwd: Path, timeout: float | None = None, env: dict | None = None) -> Step:
    """Run cmd, timing it and recording its peak RSS; stderr lines are time-stamped (import -v
    prints one line per stage, which gives a stage breakdown without a profiler's overhead)."""
    out: list[bytes] = []
    err: list[tuple[float, str]] = []
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )

    def read_err() -> None:
        for raw in proc.stderr:
            err.append((time.perf_counter() - t0, raw.decode(errors="replace").rstrip("\n")))

    readers = [threading.Thread(target=lambda: out.append(proc.stdout.read())), threading.Thread(target=read_err)]
    for r in readers:
        r.start()
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if timer:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join()
    return Step(
        wall,
        usage.ru_maxrss / 1024,
        proc.returncode,
        b"".join(out).decode(errors="replace"),
        "\n".join(line for _, line in err),
        err,
        timed_out.is_set(),
        usage.ru_utime + usage.ru_stime,
    )


def checked(step: Step, what: str) -> Step:
    if step.rc != 0 and not step.timed_out:
        raise SystemExit(f"{what} failed ({step.rc}):\n{step.stdout[-3000:]}\n{step.stderr[-3000:]}")
    return step


def stage_times(step: Step) -> dict[str, float]:
    """Seconds per import stage from the -v progress lines."""
    marks: list[tuple[str, float]] = []
    for t, line in step.stages:
        line = line.strip()
        name = line.split(" ", 1)[0] if line else ""
        if name in ("reading", "deduplicating", "classifying", "rendering") and (not marks or marks[-1][0] != name):
            marks.append((name, t))
    marks.append(("end", step.wall))
    names = {
        "reading": "read+parse",
        "deduplicating": "dedupe",
        "classifying": "classify",
        "rendering": "render+merge+write",
    }
    first = marks[0][1] if marks else 0.0
    out = {"startup": first}
    for (name, t), (_, t_next) in zip(marks, marks[1:], strict=False):
        out[names[name]] = t_next - t
    return out


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in folder.rglob("*")
        if p.is_file()
    }


def tree_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# ---------------------------------------------------------------- a project of N papers
def make_project(work: Path, n: int, seed: synth.Seed) -> tuple[Path, dict]:
    root = work / f"n{n}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")  # the theme comes from the installed plugin
    shutil.copy2(REPO / "generator" / "defaults" / "topics.yml", root / "topics.yml")
    papers = synth.synth_papers(seed, n)
    layouts = synth.write_listings(papers, root / "abstracts")
    input_bytes, files = tree_bytes(root / "abstracts")
    return root, {
        "abstract_bytes": synth.abstract_bytes(papers),
        "input_bytes": input_bytes,
        "files": files,
        "layouts": layouts,
    }


def import_cmd(root: Path, verbose: bool = True) -> list[str]:
    return [PY, "-m", "generator", "import", "--root", str(root)] + (["-v"] if verbose else ["-q"])


def measure_import(root: Path, n: int, timeout: float | None) -> dict:
    fresh = checked(run(import_cmd(root), root, timeout), "import")
    res = {
        "import_s": fresh.wall,
        "import_cpu": fresh.cpu,
        "import_rss": fresh.rss_mb,
        "import_timeout": fresh.timed_out,
        "stages": stage_times(fresh),
        "summary": fresh.stdout.strip().splitlines()[:2],
    }
    if fresh.timed_out:
        return res
    m = re.search(r"(\d+) unique papers", fresh.stdout)
    res["papers"] = int(m.group(1)) if m else None
    before = snapshot(root / "content")
    noop = checked(run(import_cmd(root, verbose=False), root, timeout), "no-op import")
    after = snapshot(root / "content")
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    res.update(
        noop_s=noop.wall,
        noop_rss=noop.rss_mb,
        noop_written=[k for k in changed if not k.startswith(".generator/lock")],
        noop_lock_touched=any(k.startswith(".generator/lock") for k in changed),
    )
    return res


def hugo_project(root: Path) -> Path:
    """The same content/ pages as a Hugo site: bench/hugo config and layouts, content/index.md as
    the home page, the generated exports as static files."""
    site = root / "hugo-site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(BENCH / "hugo", site)
    shutil.copytree(root / "content", site / "content", ignore=shutil.ignore_patterns(".generator"))
    (site / "content" / "index.md").rename(site / "content" / "_index.md")
    (site / "content" / "tags.md").rename(site / "content" / "tag-list.md")  # /tags/ is the taxonomy
    (site / "static").mkdir()
    for p in list((site / "content").iterdir()):
        if p.is_file() and p.suffix != ".md":
            p.rename(site / "static" / p.name)
    return site


def measure_hugo(root: Path, repeats: int) -> dict:
    site = hugo_project(root)
    walls, rss, cpus = [], [], []
    for _ in range(repeats):
        shutil.rmtree(site / "public", ignore_errors=True)
        step = checked(run(["hugo", "--quiet", "-s", str(site), "-d", "public"], root), "hugo")
        walls.append(step.wall)
        rss.append(step.rss_mb)
        cpus.append(step.cpu)
    shutil.rmtree(site / "public", ignore_errors=True)
    one = checked(
        run(["hugo", "--quiet", "-s", str(site), "-d", "public"], root, env={**ENV, "GOMAXPROCS": "1"}),
        "hugo (1 thread)",
    )
    size, files = tree_bytes(site / "public")
    pages = sorted(p.stat().st_size for p in (site / "public" / "papers").glob("*/index.html"))
    return {
        "hugo_s": statistics.median(walls),
        "hugo_cpu": statistics.median(cpus),
        "hugo_all": walls,
        "hugo_rss": max(rss),
        "hugo_1t_s": one.wall,
        "hugo_site_bytes": size,
        "hugo_files": files,
        "hugo_paper_html": statistics.median(pages),
        "hugo_index_bytes": (site / "public" / "index.json").stat().st_size,
    }


def site_cmd(root: Path, clean: bool) -> list[str]:
    """`paperlist build`: import (a no-op here unless listings changed), MkDocs, then the Pagefind index."""
    return [PY, "-m", "generator", "build", "--root", str(root)] + (["--clean"] if clean else [])


_BUILT = re.compile(r"site built in ([\d.]+) s, search index in ([\d.]+) s")


def _site_timings(step: Step) -> dict:
    m = _BUILT.search(step.stderr)
    return {"mkdocs_s": float(m.group(1)), "pagefind_s": float(m.group(2))} if m else {}


def measure_site(root: Path) -> dict:
    step = checked(run(site_cmd(root, clean=True), root), "paperlist build --clean")
    site = root / "site"
    size, files = tree_bytes(site)
    pages = sorted(p.stat().st_size for p in (site / "papers").glob("*/index.html"))
    bundle, bundle_files = tree_bytes(site / "pagefind")
    return {
        "build_s": step.wall,
        "build_cpu": step.cpu,
        **_site_timings(step),
        "build_rss": step.rss_mb,
        "site_bytes": size,
        "site_files": files,
        "paper_html": statistics.median(pages),
        "paper_html_max": pages[-1],
        "index_bytes": bundle,
        "index_files": bundle_files,
        "index_meta_bytes": sum(p.stat().st_size for p in (site / "pagefind").rglob("*.pf_meta")),  # every bundle
        "build_warnings": len([ln for ln in step.stderr.splitlines() if "WARNING" in ln]),
    }


ADDED = 20  # papers in the listing added for the incremental case


def measure_incremental(root: Path, seed: synth.Seed, n: int) -> dict:
    """Paste one more listing of ADDED new papers, then `paperlist build`: import + an incremental
    site build + the search index. Counts the pages the import rewrote (each is rendered again)."""
    papers = synth.synth_papers(seed, n + ADDED)[n:]  # the same generator: the first n are the list's
    (root / "abstracts" / "99999-added.txt").write_text(
        synth.RENDER["hf-blank-lines"](papers, random.Random(1)), encoding="utf-8"
    )
    before = snapshot(root / "content")
    step = checked(run(site_cmd(root, clean=False), root), "paperlist build (incremental)")
    after = snapshot(root / "content")
    changed = [k for k in after if before.get(k) != after[k] and k.endswith(".md")]
    timings = _site_timings(step)
    return {
        "inc_s": step.wall,
        "inc_cpu": step.cpu,
        "inc_mkdocs_s": timings.get("mkdocs_s"),
        "inc_pagefind_s": timings.get("pagefind_s"),
        "inc_import_s": step.wall - sum(timings.values()),
        "inc_incremental": "(incremental)" in step.stderr,
        "inc_pages": len(changed),
        "inc_new": len([k for k in changed if k not in before]),
        "inc_rss": step.rss_mb,
    }


# ---------------------------------------------------------------- profiles
GROUPS = (
    ("generator", "/generator/"),
    ("PyYAML", "/yaml/"),
    ("MkDocs", "/mkdocs/"),
    ("Material", "/material/"),
    ("Python-Markdown", "/markdown/"),
    ("pymdownx", "/pymdownx/"),
    ("Jinja2", "/jinja2/"),
    ("MarkupSafe", "/markupsafe/"),
    ("regex/builtins", "~"),
)


def _group(filename: str) -> str:
    for name, needle in GROUPS:
        if needle in filename or (needle == "~" and filename == "~"):
            return name
    return "stdlib/other"


def profile(cmd_tail: list[str], root: Path, out: Path) -> dict:
    step = checked(run([PY, "-m", "cProfile", "-o", str(out), *cmd_tail], root), "profile")
    stats = pstats.Stats(str(out))
    rows = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in rows.values())
    by_group: dict[str, float] = {}
    for (filename, _, _), (_, _, tt, _, _) in rows.items():
        g = _group(filename)
        by_group[g] = by_group.get(g, 0.0) + tt

    def label(key) -> str:
        filename, line, func = key
        short = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", filename)
        short = short.removeprefix(str(REPO) + "/")
        return f"{short}:{line}({func})" if filename != "~" else func

    top_self = sorted(rows.items(), key=lambda kv: -kv[1][2])[:15]
    top_cum = sorted(
        ((k, v) for k, v in rows.items() if _group(k[0]) not in ("stdlib/other", "regex/builtins")),
        key=lambda kv: -kv[1][3],
    )[:25]
    return {
        "wall_profiled": step.wall,
        "total": total,
        "groups": sorted(((g, t / total) for g, t in by_group.items()), key=lambda x: -x[1]),
        "self": [(label(k), v[2] / total, v[1]) for k, v in top_self],
        "cum": [(label(k), v[3] / total, v[1]) for k, v in top_cum],
    }


def generator_version() -> str:
    """HEAD plus a hash of uncommitted changes in generator/: the generator may change between two N."""
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    diff = subprocess.run(["git", "-C", str(REPO), "diff", "HEAD", "--", "generator"], capture_output=True).stdout
    return head + (f"+wip:{hashlib.sha1(diff).hexdigest()[:6]}" if diff else "")


# ---------------------------------------------------------------- report
def machine() -> list[str]:
    cpu = "unknown"
    try:
        m = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = m.group(1) if m else cpu
        mem = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)
        ram = f"{int(mem.group(1)) / 1024 / 1024:.1f} GB" if mem else "?"
    except OSError:
        ram = "?"

    def version(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, env=ENV).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    from importlib.metadata import version as pkg

    commit = version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    status = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "generator"], capture_output=True, text=True
    ).stdout.splitlines()
    diff = subprocess.run(["git", "-C", str(REPO), "diff", "HEAD", "--", "generator"], capture_output=True).stdout
    dirty = (
        (
            f" + uncommitted changes in generator/ (work in progress: {', '.join(ln[3:] for ln in status)}; "
            f"diff sha1 {hashlib.sha1(diff).hexdigest()[:10]})"
        )
        if status
        else ""
    )
    return [
        f"- Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Commit: `{commit}`{dirty}",
        f"- CPU: {cpu}, {os.cpu_count()} cores (shared; other jobs were running), RAM {ram}",
        f"- Python {platform.python_version()}, MkDocs {pkg('mkdocs')}, Material {pkg('mkdocs-material')}, "
        f"Markdown {pkg('markdown')}, PyYAML {pkg('pyyaml')}, "
        f"{version(['hugo', 'version']).split(' BuildDate')[0]}",
    ]


def mb(b: float) -> str:
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b / 1e3:.0f} KB"


def table(results: list[dict]) -> list[str]:
    full = [r for r in results if "build_s" in r]
    gen = [r for r in results if "build_s" not in r]
    lines = []
    if full:
        cols = [f"N = {r['n']:,}" for r in full]
        lines += ["| | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]

        def row(label, fn):
            lines.append(f"| {label} | " + " | ".join(fn(r) for r in full) + " |")

        row("generator version", lambda r: f"`{r['version']}`")
        row("unique papers / listing files", lambda r: f"{r.get('papers', '?'):,} / {r['files']}")
        row("`import` (fresh)", lambda r: f"{r['import_s']:.1f} s")
        row("`import` papers/s", lambda r: f"{r['n'] / r['import_s']:,.0f}")
        row("`import` peak RSS", lambda r: f"{r['import_rss']:.0f} MB")
        row("no-op re-import", lambda r: f"{r['noop_s']:.1f} s")
        row("no-op files written", lambda r: str(len(r["noop_written"])))
        row(
            "site build: `paperlist build --clean` (MkDocs / Pagefind)",
            lambda r: f"{r['build_s']:.1f} s ({r.get('mkdocs_s', 0):.1f} / {r.get('pagefind_s', 0):.1f})",
        )
        row("site build peak RSS", lambda r: f"{r['build_rss']:.0f} MB")
        row("**full build** (import + site + search index)", lambda r: f"{r['import_s'] + r['build_s']:.1f} s")
        row("Hugo, same pages (median of runs)", lambda r: f"{r['hugo_s']:.2f} s")
        row("Hugo, 1 thread (GOMAXPROCS=1)", lambda r: f"{r['hugo_1t_s']:.2f} s")
        row(
            "CPU seconds: import / site build / Hugo / add-20 rebuild",
            lambda r: (
                f"{r['import_cpu']:.1f} / {r['build_cpu']:.1f} / {r['hugo_cpu']:.1f} / "
                + (f"{r['inc_cpu']:.1f}" if "inc_cpu" in r else "–")
            ),
        )
        row(
            "**ratio full build / Hugo** (target ≤ 3, aim 2)",
            lambda r: f"**{(r['import_s'] + r['build_s']) / r['hugo_s']:.1f}×**",
        )
        row(
            "ratio full build / Hugo in CPU seconds (steadier on a shared machine)",
            lambda r: f"{(r['import_cpu'] + r['build_cpu']) / r['hugo_cpu']:.1f}×",
        )
        row("ratio site build / Hugo", lambda r: f"{r['build_s'] / r['hugo_s']:.1f}×")
        row("ratio import / Hugo", lambda r: f"{r['import_s'] / r['hugo_s']:.1f}×")
        row("ratio full build / Hugo 1 thread", lambda r: f"{(r['import_s'] + r['build_s']) / r['hugo_1t_s']:.1f}×")
        row(
            f"add a listing of {ADDED} papers: `paperlist build` (import / MkDocs / Pagefind)",
            lambda r: (
                f"{r['inc_s']:.1f} s ({r['inc_import_s']:.1f} / {r['inc_mkdocs_s'] or 0:.1f} / "
                f"{r['inc_pagefind_s'] or 0:.1f})"
                if "inc_s" in r
                else "–"
            ),
        )
        row(
            "pages rewritten and rendered again (new)",
            lambda r: (
                f"{r['inc_pages']:,} ({r['inc_new']})" + ("" if r["inc_incremental"] else ", clean build!")
                if "inc_s" in r
                else "–"
            ),
        )
        row(
            "**ratio add-20 rebuild / Hugo full build** (target ≤ 1)",
            lambda r: f"**{r['inc_s'] / r['hugo_s']:.1f}×**" if "inc_s" in r else "–",
        )
        row(
            "ratio add-20 rebuild / Hugo full build in CPU seconds",
            lambda r: f"{r['inc_cpu'] / r['hugo_cpu']:.1f}×" if "inc_cpu" in r else "–",
        )
        row("site size / files", lambda r: f"{mb(r['site_bytes'])} / {r['site_files']:,}")
        row("site bytes per paper", lambda r: mb(r["site_bytes"] / r["n"]))
        row("paper HTML (median / max)", lambda r: f"{mb(r['paper_html'])} / {mb(r['paper_html_max'])}")
        row("Hugo paper HTML (median)", lambda r: mb(r["hugo_paper_html"]))
        row("abstract bytes", lambda r: mb(r["abstract_bytes"]))
        row(
            "Pagefind bundle: bytes / files (page list)",
            lambda r: f"{mb(r['index_bytes'])} / {r['index_files']:,} ({mb(r['index_meta_bytes'])})",
        )
        row("Hugo JSON index (title+text+tags)", lambda r: mb(r["hugo_index_bytes"]))
        if any("search" in r for r in full):
            row(
                "**search: first result after page load** (target ≤ 0.3 s)",
                lambda r: f"**{r['search']['first_s']:.2f} s**" if "search" in r else "–",
            )
            row(
                "**bytes fetched for the first query** (target ≤ 300 KB)",
                lambda r: f"**{mb(r['search']['search_bytes'])}**" if "search" in r else "–",
            )
            row(
                "search: first query alone (input event → first result)",
                lambda r: f"{r['search']['query_s']:.2f} s" if "search" in r else "–",
            )
            row("search: next query", lambda r: f"{r['search']['warm_s']:.2f} s" if "search" in r else "–")
            row(
                "home page load (time, bytes)",
                lambda r: f"{r['search']['load_s']:.2f} s, {mb(r['search']['load_bytes'])}" if "search" in r else "–",
            )
    if gen:
        lines += [
            "",
            "Generator only (no site build):",
            "",
            "| N | version | `import` | papers/s | peak RSS | no-op re-import | no-op files written |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in gen:
            if r.get("import_timeout"):
                lines.append(
                    f"| {r['n']:,} | `{r['version']}` | timeout after {r['import_s']:.0f} s (reached: "
                    f"{', '.join(r['stages'])}) | – | ≥ {r['import_rss']:.0f} MB | – | – |"
                )
            else:
                lines.append(
                    f"| {r['n']:,} | `{r['version']}` | {r['import_s']:.1f} s | "
                    f"{r['n'] / r['import_s']:,.0f} | "
                    f"{r['import_rss']:.0f} MB | {r['noop_s']:.1f} s | {len(r['noop_written'])} |"
                )
    lines += [
        "",
        "`import` stages (seconds, from `import -v` progress lines, no profiler):",
        "",
        "| N | " + " | ".join(("startup", "read+parse", "dedupe", "classify", "render+merge+write")) + " |",
        "|---" * 6 + "|",
    ]
    for r in results:
        s = r["stages"]
        lines.append(
            f"| {r['n']:,} | "
            + " | ".join(
                f"{s[k]:.1f}" if k in s else "–"
                for k in ("startup", "read+parse", "dedupe", "classify", "render+merge+write")
            )
            + " |"
        )
    return lines


def profile_section(name: str, prof: dict) -> list[str]:
    lines = [
        f"#### {name} (profiled wall {prof['wall_profiled']:.1f} s; cProfile inflates call-heavy code)",
        "",
        "Self time by package: " + ", ".join(f"{g} {share:.0%}" for g, share in prof["groups"] if share >= 0.01),
        "",
        "| self time | calls | function |",
        "|---|---|---|",
    ]
    lines += [f"| {share:.1%} | {calls:,} | `{label}` |" for label, share, calls in prof["self"]]
    lines += [
        "",
        "| cumulative | calls | function (generator, MkDocs, Material, Markdown, Jinja2, PyYAML) |",
        "|---|---|---|",
    ]
    lines += [f"| {share:.1%} | {calls:,} | `{label}` |" for label, share, calls in prof["cum"]]
    return lines + [""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,2000,10000", help="N for the full pipeline (comma-separated)")
    parser.add_argument("--generator-only-sizes", default="50000", help="N for import only ('' for none)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="results file ('-' for none)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-scale"), help="folder for the projects")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per generator-only import")
    parser.add_argument("--hugo-repeats", type=int, default=3)
    parser.add_argument("--profile-size", type=int, default=2000, help="N to profile import and build at (0: none)")
    parser.add_argument("--search-sizes", default="2000,10000", help="N to measure browser search at")
    parser.add_argument("--serve-size", type=int, default=2000, help="N to measure serve latency at (0: none)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--quick", action="store_true", help="smoke run: N=200, everything once")
    parser.add_argument("--keep", action="store_true", help="keep the project folders")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.generator_only_sizes, args.hugo_repeats = "200", "", 1
        args.profile_size = args.serve_size = 200
        args.search_sizes = "200"
    sizes = [int(s) for s in args.sizes.split(",") if s]
    gen_sizes = [int(s) for s in args.generator_only_sizes.split(",") if s]
    search_sizes = {int(s) for s in args.search_sizes.split(",") if s}
    args.work.mkdir(parents=True, exist_ok=True)
    seed = synth.load_seed(REPO / "abstracts")
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    results: list[dict] = []
    profiles: dict[str, dict] = {}
    serve: list[dict] = []

    for n in sizes + gen_sizes:
        full = n in sizes
        say(f"== N={n:,}: synthesising")
        root, info = make_project(args.work, n, seed)
        r = {"n": n, **info, "version": generator_version()}
        say(f"   import ({info['files']} listing files, {mb(info['input_bytes'])})")
        r.update(measure_import(root, n, None if full else args.timeout))
        say(f"   import {r['import_s']:.1f} s, {r['import_rss']:.0f} MB; stages {r['stages']}")
        if full:
            say("   paperlist build --clean (mkdocs + search index)")
            r.update(measure_site(root))
            say(f"   build {r['build_s']:.1f} s; hugo x{args.hugo_repeats}")
            r.update(measure_hugo(root, args.hugo_repeats))
            say(f"   hugo {r['hugo_s']:.2f} s")
            if n in search_sizes and not args.no_browser:
                from browser import measure_search

                say("   search in Chromium")
                r["search"] = measure_search(root / "site")
                say(f"   search {r['search']}")
            say(f"   add a listing of {ADDED} papers, paperlist build")
            r.update(measure_incremental(root, seed, n))
            say(f"   incremental {r['inc_s']:.1f} s, {r['inc_pages']} pages rewritten")
        if n == args.profile_size:
            say("   profiling import and mkdocs build")
            shutil.rmtree(root / "content")
            shutil.rmtree(root / "site", ignore_errors=True)  # profile the same fresh build as measured
            profiles["import"] = profile(
                ["-m", "generator", "import", "-q", "--root", str(root)], root, root / "import.prof"
            )
            profiles["site build"] = profile(
                ["-m", "generator", "build", "-q", "--clean", "--root", str(root)], root, root / "build.prof"
            )
        if n == args.serve_size and full and not args.no_browser:
            from browser import measure_serve

            for variant in ("generator", "dirty"):
                say(f"   serve latency ({variant})")
                try:
                    serve.append({"n": n, **measure_serve(root, PY, variant)})
                    say(f"   {serve[-1]}")
                except Exception as err:  # noqa: BLE001 (a failed measurement is a result too)
                    serve.append({"n": n, "variant": variant, "error": str(err)})
        results.append(r)
        (args.work / "results.json").write_text(json.dumps({"results": results, "serve": serve}, indent=1, default=str))
        if not args.keep and n not in (args.serve_size,):
            shutil.rmtree(root / "site", ignore_errors=True)
            shutil.rmtree(root / "hugo-site", ignore_errors=True)

    lines = ["## Results", "", *machine(), "", *table(results), ""]
    if serve:
        lines += [
            "Live preview: edit one paper's Notes on disk until the open browser tab shows the text "
            "(headless Chromium, livereload):",
            "",
            "| N | server | startup (import + first build) | edit → browser (median) | each edit |",
            "|---|---|---|---|---|",
        ]
        for s in serve:
            name = (
                "`python -m generator serve` (as shipped)" if s["variant"] == "generator" else "`mkdocs serve --dirty`"
            )
            if "error" in s:
                lines.append(f"| {s['n']:,} | {name} | failed: {s['error'][:200]} | | |")
            else:
                lines.append(
                    f"| {s['n']:,} | {name} | {s['startup_s']:.1f} s | {s['edit_s']:.1f} s | "
                    + ", ".join(f"{x:.1f}" for x in s["edit_all"])
                    + " |"
                )
        lines.append("")
    if profiles:
        lines += [f"### Profiles at N = {args.profile_size:,}", ""]
        for name, prof in profiles.items():
            lines += profile_section(name, prof)
    report = "\n".join(lines)
    print(report)
    (args.work / "RESULTS.part.md").write_text(report + "\n")
    if str(args.out) != "-":
        write_results(args.out, report)
    return 0


def write_results(out: Path, report: str) -> None:
    """Replace the generated part of RESULTS.md, keeping the hand-written notes above its marker."""
    marker = "<!-- bench/scale.py writes everything below this line -->"
    head = (
        out.read_text(encoding="utf-8").split(marker)[0]
        if out.exists() and marker in out.read_text()
        else "# Scale benchmark\n\nRun: `.venv/bin/python bench/scale.py` (see `--help`).\n\n"
    )
    out.write_text(head + marker + "\n\n" + report + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
