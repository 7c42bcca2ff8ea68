"""Whole-pipeline property: random user edits on random pages, then re-runs with unchanged and
changed input (new listing, removed listing, reworded taxonomy). Zero bytes of user text lost."""

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import TOPICS, case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import Project, apply, plan
from generator.store.blocks import split_page

note = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), min_size=1, max_size=60)


def make_project(tmp: Path) -> Project:
    shutil.copy(TOPICS, tmp / "topics.yml")
    (tmp / "abstracts").mkdir()
    for name in ("hf_blank_lines.txt", "ieee_abstracts.txt", "hf_metadata.txt"):
        shutil.copy(case(name), tmp / "abstracts" / name)
    project = Project.at(tmp)
    apply(project, plan(project))
    return project


def user_segments(text: str, kept: set[str]) -> list[str]:
    """The user's lines and the generated parts they took over, in order. Blank lines are left out:
    the generator puts one before a block it adds (topic navigation once a paper has neighbours),
    and two pieces of user text around a block it drops (no neighbours left) become one."""
    page = split_page(text)
    return [
        line
        for s in page.front + page.body
        if s.key is None or s.key in kept
        for line in s.text.splitlines()
        if line.strip()
    ]


edit = st.one_of(
    st.tuples(st.just("notes"), note),
    st.tuples(
        st.just("key"),
        st.sampled_from(["topic", "tags", "status", "rating", "title"]),
        st.sampled_from(["theory", "[mine, ours]", "read", "5", '"My: title"']),
    ),
    st.tuples(st.just("comment"), note),
    st.tuples(st.just("newkey"), note),
    st.tuples(st.just("crlf"), st.just(None)),
)
change = st.sampled_from(
    ["none", "add-listing", "remove-listing", "taxonomy", "edit-abstract", "edit-title", "id-collision", "non-latin"]
)
DATA = Path(__file__).parent.parent / "identity" / "data"


def abstract_line(path: Path) -> tuple[list[str], int]:
    """The lines of a listing and the index of its first abstract (titles are short, abstracts long)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines, next(i for i, line in enumerate(lines) if len(line) > 300)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 40), st.lists(edit, min_size=1, max_size=4)), min_size=1, max_size=4), change)
def test_reruns_never_lose_user_text(edits, input_change):
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        pages = sorted((project.content / "papers").glob("*.md")) + sorted((project.content / "topics").glob("*.md"))
        expected: dict[Path, str] = {}
        for index, ops in edits:
            path = pages[index % len(pages)]
            text = expected.get(path, path.read_text(encoding="utf-8"))
            for op, *args in ops:
                if op == "notes":
                    text = text.rstrip("\n") + "\n\n" + args[0].replace("-->", "") + "\n"
                elif op == "key":
                    lines = text.split("\n")
                    lines = [f"{args[0]}: {args[1]}" if ln.startswith(args[0] + ":") else ln for ln in lines]
                    text = "\n".join(lines)
                elif op == "comment":
                    text = text.replace("---\n", "---\n# " + args[0].replace("\n", " ") + "\n", 1)
                elif op == "newkey":
                    text = text.replace("\n---\n", f"\nmine: {args[0]!r}\n---\n".replace("\\n", " "), 1)
                elif op == "crlf" and "\r\n" not in text:
                    text = text.replace("\n", "\r\n")
            path.write_bytes(text.encode("utf-8"))
            expected[path] = text
        if input_change == "add-listing":
            shutil.copy(case("hf_compact.txt"), project.abstracts / "hf_compact.txt")
        elif input_change == "remove-listing":
            (project.abstracts / "hf_metadata.txt").unlink()
        elif input_change == "edit-abstract":  # a word fixed in the first sentence of a listed abstract
            lines, i = abstract_line(project.abstracts / "hf_blank_lines.txt")
            words = lines[i].split(" ")
            lines[i] = " ".join(words[:3] + [words[3] + "s"] + words[4:])
            (project.abstracts / "hf_blank_lines.txt").write_text("\n".join(lines), encoding="utf-8")
        elif input_change == "edit-title":
            lines, i = abstract_line(project.abstracts / "hf_metadata.txt")
            title = max(j for j in range(i) if lines[j].strip())
            lines[title] += " (revised)"
            (project.abstracts / "hf_metadata.txt").write_text("\n".join(lines), encoding="utf-8")
        elif input_change == "id-collision":  # one abstract pasted again under another title
            lines, i = abstract_line(project.abstracts / "hf_blank_lines.txt")
            (project.abstracts / "dup.txt").write_text(f"A Different Paper Entirely\n\n{lines[i]}\n", encoding="utf-8")
        elif input_change == "non-latin":
            shutil.copy(DATA / "cyrillic_four.txt", project.abstracts / "cyrillic_four.txt")
            shutil.copy(DATA / "zh_three.txt", project.abstracts / "zh_three.txt")
        elif input_change == "taxonomy":
            taxonomy = yaml.safe_load(project.topics.read_text(encoding="utf-8"))
            first = next(iter(taxonomy["topics"].values()))
            first["terms"] = {"zzqxv": 1}  # a real change: that topic matches nothing any more
            project.topics.write_text(yaml.safe_dump(taxonomy, sort_keys=False), encoding="utf-8")
        for _ in range(2):
            result = plan(project)
            apply(project, result)
        for path, text in expected.items():
            assert path.exists(), f"{path.name} was deleted although the user edited it"
            now = path.read_bytes().decode("utf-8")
            kept = {"fm:" + k for k in result.kept_edits.get(path.relative_to(project.content).as_posix(), ())}
            kept |= {"body:" + k for k in result.kept_edits.get(path.relative_to(project.content).as_posix(), ())}
            assert user_segments(now, kept) == user_segments(text, kept)
        # no page of an edited paper was orphaned: each followed its paper
        assert input_change == "remove-listing" or not result.orphaned
        # and a further run with the same input changes nothing
        assert not plan(project).changes
