"""The GitHub Actions workflow that tests, builds and publishes the site to GitHub Pages."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
PINNED = {  # action -> the release its SHA is; bump both together
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/configure-pages": "v5",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
}


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in steps(job) if "uses" in s]


def test_runs_on_push_to_main(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]
    assert "pull_request" not in workflow["on"]  # a pull request never deploys


def test_permissions_and_concurrency(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_build_job_installs_tests_builds_strict_and_uploads(workflow):
    build = workflow["jobs"]["build"]
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    runs = [s.get("run", "") for s in steps(build)]
    install = next(r for r in runs if "pip install" in r)
    assert 'pip install -q -e ".[test]"' in install and "apt-get install" in install and "chromium" in install
    names = [s.get("name") or s.get("uses") for s in steps(build)]
    test_at = next(i for i, s in enumerate(steps(build)) if "pytest" in s.get("run", ""))
    build_at = next(i for i, s in enumerate(steps(build)) if s.get("run", "").strip() == "paperlist build")
    assert test_at < build_at, names  # nothing is published unless the tests pass
    build_step = steps(build)[build_at]
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert next(s for s in steps(build) if s.get("id") == "pages")["uses"].startswith("actions/configure-pages@")
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"


def test_paperlist_build_is_strict():
    """`paperlist build` runs mkdocs with --strict unless told otherwise."""
    from generator.cli import build_parser

    args = build_parser().parse_args(["build"])
    assert args.no_strict is False


def test_deploy_job(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    [step] = steps(deploy)
    assert step["id"] == "deployment" and step["uses"].startswith("actions/deploy-pages@")


def test_actions_are_pinned_to_commits():
    text = WORKFLOW.read_text(encoding="utf-8")
    found = re.findall(r"uses: ([\w-]+/[\w-]+)@(\S+)(?: # (v[\d.]+))?", text)
    assert {name for name, _, _ in found} == set(PINNED)
    for name, ref, comment in found:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned to a commit: @{ref}"
        assert comment.split(".")[0] == PINNED[name], f"{name}: comment {comment!r}, expected {PINNED[name]}.x"


@pytest.mark.skipif(not shutil.which("actionlint"), reason="actionlint is not installed")
def test_actionlint():
    proc = subprocess.run(["actionlint", "-no-color", str(WORKFLOW)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
