"""The GitHub Actions workflows that test, build and publish to GitHub Pages: this repository's own
(.github/workflows/pages.yml) and the one `paperlist new` writes into a new list
(generator/defaults/pages.yml). Both: least privilege, pull requests build without deploying,
actions at their current majors pinned by commit."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
TEMPLATE = ROOT / "generator" / "defaults" / "pages.yml"
# action -> the release its SHA is (bump both together). Majors current in November 2026, read from
# the actions' tags; every one runs on node24.
PINNED = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/configure-pages": ("45bfe0192ca1faeb007ade9deae92b16b8254a0d", "v6.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}
BOTH = pytest.mark.parametrize("path", [WORKFLOW, TEMPLATE], ids=["repository", "paperlist-new"])


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]


def step_using(job: dict, action: str) -> dict:
    return next(s for s in job["steps"] if s.get("uses", "").startswith(action + "@"))


@BOTH
def test_runs_on_push_to_main_and_on_pull_requests(path):
    on = load(path)["on"]
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on and "workflow_dispatch" in on


@BOTH
def test_least_privilege(path):
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # The job that installs packages and runs code can only read.
    assert all(level in ("read", "none") for level in build["permissions"].values()), build["permissions"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s.get("uses", "").split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert step_using(build, "actions/checkout")["with"]["persist-credentials"] is False


@BOTH
def test_pull_requests_build_but_never_deploy(path):
    workflow = load(path)
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "github.event_name != 'pull_request'" in deploy["if"] and "refs/heads/main" in deploy["if"]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
        assert step_using(build, action)["if"] == "github.event_name != 'pull_request'"
    # The build itself runs on pull requests too: no condition on it.
    build_step = next(s for s in build["steps"] if "paperlist build" in s.get("run", ""))
    assert "if" not in build_step
    assert build_step["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert 'export SITE_URL="$PAGES_URL/"' in build_step["run"]
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}


def test_repository_workflow_tests_before_it_builds():
    build = load(WORKFLOW)["jobs"]["build"]
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    runs = [s.get("run", "") for s in build["steps"]]
    install = next(r for r in runs if "pip install" in r)
    assert 'pip install -q -e ".[test]"' in install and "apt-get install" in install and "chromium" in install
    test_at = next(i for i, r in enumerate(runs) if "pytest" in r)
    build_at = next(i for i, r in enumerate(runs) if "paperlist build" in r)
    assert test_at < build_at  # nothing is published unless the tests pass


def test_new_list_workflow_installs_from_its_requirements():
    build = load(TEMPLATE)["jobs"]["build"]
    runs = [s.get("run", "") for s in build["steps"]]
    assert any("pip install -q -r requirements.txt" in r for r in runs)
    assert step_using(build, "actions/setup-python")["with"]["cache-dependency-path"] == "requirements.txt"
    assert (ROOT / "generator" / "defaults" / "requirements.txt").read_text().count("paperlist==") == 1


def test_paperlist_build_is_strict():
    """`paperlist build` runs mkdocs with --strict unless told otherwise."""
    from generator.cli import build_parser

    args = build_parser().parse_args(["build"])
    assert args.no_strict is False


@BOTH
def test_actions_are_pinned_to_commits(path):
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"uses: ([\w-]+/[\w-]+)@(\S+)(?: # (v[\d.]+))?", text)
    assert {name for name, _, _ in found} == set(PINNED)
    for name, ref, comment in found:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned to a commit: @{ref}"
        assert (ref, comment) == PINNED[name], f"{name}@{ref} # {comment}: expected {PINNED[name]}"


@BOTH
@pytest.mark.skipif(not shutil.which("actionlint"), reason="actionlint is not installed")
def test_actionlint(path):
    proc = subprocess.run(["actionlint", "-no-color", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
