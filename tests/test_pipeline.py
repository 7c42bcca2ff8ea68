"""The whole import on the shipped reading list: counts, idempotence, edits that survive."""

import collections
import html
import re

import frontmatter
import yaml
from conftest import DEFAULT_TOPICS, copy_project, run_cli, snapshot


def meta(path):
    return frontmatter.load(path).metadata


def test_seed_import_makes_one_page_per_unique_paper(seed_project):
    papers = sorted((seed_project / "content/papers").glob("*.md"))
    assert len(papers) == 476
    for topic in DEFAULT_TOPICS:
        assert (seed_project / f"content/topics/{topic}.md").exists()
    for name in ("index.md", "tags.md", "reading/to-read.md", "reading/read.md"):
        assert (seed_project / "content" / name).exists()


def page_abstract(text):
    """The abstract as a reader sees it: the generated block with Markdown escapes undone."""
    block = re.search(r"## Abstract\n\n(.*?)\n<!-- /generated", text, re.S).group(1)
    return html.unescape(re.sub(r"\\([\\`*_\[\]{}#|~^.)+=>-])", r"\1", block))


def test_every_seed_abstract_is_on_exactly_one_page_word_for_word(seed_project):
    pages = [page_abstract(p.read_text(encoding="utf-8")) for p in (seed_project / "content/papers").glob("*.md")]
    abstracts = []
    for listing in (seed_project / "abstracts").glob("*.txt"):
        for line in listing.read_text(encoding="utf-8").split("\n"):
            line = line.removeprefix("Abstract:").strip()
            if len(line) > 300:
                abstracts.append(line)
    assert len(abstracts) == 484
    on_pages = collections.Counter(pages)
    for abstract in abstracts:
        assert on_pages[abstract] == 1, abstract[:80]
    assert len(pages) == len(set(abstracts)) == 476


def test_pages_have_the_promised_front_matter(seed_project):
    for path in (seed_project / "content/papers").glob("*.md"):
        m = meta(path)
        assert m["topic"] in DEFAULT_TOPICS
        assert 3 <= len(m["tags"]) <= 6, path.name
        assert m["status"] == "to-read" and "rating" in m and m["sources"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem)
        assert "## Notes" in path.read_text(encoding="utf-8")


def test_duplicates_record_all_their_sources(seed_project):
    multi = [meta(p) for p in (seed_project / "content/papers").glob("*.md") if len(meta(p)["sources"]) > 1]
    assert len(multi) == 8
    shortcut = meta(seed_project / "content/papers/on-the-foundations-of-shortcut-learning.md")
    assert {s["file"] for s in shortcut["sources"]} == {
        "abstracts/002_f46ed182d8afab3f.txt",
        "abstracts/004_dc0cb92aab6b243a.txt",
    }


def test_untitled_abstracts_get_derived_titles(seed_project):
    gemma = meta(seed_project / "content/papers/gemma-2.md")
    assert gemma["title"] == "Gemma 2" and gemma["title_derived"] is True
    derived = [p for p in (seed_project / "content/papers").glob("*.md") if meta(p).get("title_derived")]
    assert len(derived) == 6


def test_metadata_is_extracted(seed_project):
    m = meta(seed_project / "content/papers/cut-your-losses-in-large-vocabulary-language-models.md")
    assert (m["authors"], m["published"], m["upvotes"]) == (5, "2024-11-13", 4)
    hebbian = meta(seed_project / "content/papers/hebbian-deep-learning-without-feedback.md")
    assert hebbian["links"] == ["https://github.com/NeuromorphicComputing/SoftHebb"]


def test_rerun_with_same_input_changes_no_file(imported_copy):
    root = imported_copy
    before = snapshot(root / "content")
    out = run_cli(root, "import").stdout
    assert "0 new, 0 updated" in out
    assert snapshot(root / "content") == before
    assert run_cli(root, "check").returncode == 0


def test_user_edits_survive_reruns_and_move_the_paper(imported_copy):
    root = imported_copy
    page = root / "content/papers/hebbian-deep-learning-without-feedback.md"
    text = page.read_text(encoding="utf-8")
    edited = (
        text.replace("status: to-read", "status: read  # finished on the train")
        .replace("topic: neuro", "topic: theory")
        .replace("## Notes\n", "## Notes\n\nSoftHebb: no feedback at all. Compare with FA.\n")
        .replace("---\n\n", "my_key: [1, 2]\n---\n\n", 1)
    ).replace("\n", "\r\n")
    page.write_bytes(edited.encode())
    run_cli(root, "import", "-q")
    # every byte the user wrote is there; only the link to the paper's new topic neighbours moved
    nav = re.compile(r"<!-- generated:topic-nav .*?<!-- /generated[^>]*-->", re.S)
    now = page.read_bytes().decode()
    assert nav.sub("", now) == nav.sub("", edited)
    assert nav.search(now).group(0) != nav.search(edited).group(0)  # now among the theory papers
    theory = (root / "content/topics/theory.md").read_text(encoding="utf-8")
    assert "hebbian-deep-learning-without-feedback.md" in theory
    assert "hebbian-deep-learning-without-feedback.md" in (root / "content/reading/read.md").read_text()
    diff = run_cli(root, "check", "--diff").stdout
    assert "your edit kept: content/papers/hebbian-deep-learning-without-feedback.md: topic, status" in diff


def test_taxonomy_change_regroups_untouched_papers_only(imported_copy):
    root = imported_copy
    pages = list((root / "content/papers").glob("*.md"))
    neuro = [p for p in pages if meta(p)["topic"] == "neuro"]
    assert len(neuro) >= 3
    mine, untouched = neuro[0], neuro[1:]
    mine.write_text(mine.read_text().replace("## Notes\n", "## Notes\n\nstill neuro to me\n"))
    mine.write_text(mine.read_text().replace("topic: neuro", "topic: neuro  # mine"))
    taxonomy = yaml.safe_load((root / "topics.yml").read_text())
    taxonomy["topics"]["neuro"]["terms"] = {"zzqxv": 1}  # the topic no longer matches anything
    (root / "topics.yml").write_text(yaml.safe_dump(taxonomy, sort_keys=False))
    run_cli(root, "import", "-q")
    assert meta(mine)["topic"] == "neuro"
    assert all(meta(p)["topic"] != "neuro" for p in untouched)


def test_vanished_paper_keeps_its_page_when_it_has_notes(imported_copy):
    root = imported_copy
    noted = root / "content/papers/gemma-2.md"
    plain = root / "content/papers/kerascv.md"
    noted.write_text(noted.read_text().replace("## Notes\n", "## Notes\n\nkeep me\n"))
    (root / "abstracts/000_3c15f9821ebcf2ee.txt").unlink()
    out = run_cli(root, "import").stdout
    assert noted.exists() and "keep me" in noted.read_text()
    assert not plain.exists()
    assert "orphaned: content/papers/gemma-2.md" in out


def test_broken_front_matter_is_reported_and_left_alone(imported_copy):
    root = imported_copy
    page = root / "content/papers/gemma-2.md"
    broken = page.read_text().replace("title: Gemma 2", "title: Gemma 2: oops: [")
    page.write_text(broken)
    out = run_cli(root, "import").stdout
    assert re.search(r"content/papers/gemma-2\.md:2: front matter is not valid YAML", out)
    assert page.read_text() == broken
    assert len(list((root / "content/papers").glob("*.md"))) == 476


def test_the_import_after_a_lists_first_one_is_already_a_no_op(tmp_path):
    # The first import makes content/papers/ and the other folders; those are the run's own doing
    # and must not stop it from recording the still state (the next run was a full one).
    root = copy_project(tmp_path)  # no content/ yet
    run_cli(root, "import", "-q")
    assert "nothing changed since the last import" in run_cli(root, "import").stdout


def test_unchanged_project_is_a_fast_no_op_and_any_edit_forces_a_full_run(imported_copy):
    root = imported_copy
    run_cli(root, "import", "-q")  # a full run that finds nothing to do records the still state
    out = run_cli(root, "import").stdout
    assert "nothing changed since the last import" in out
    page = root / "content/papers/gemma-2.md"
    page.write_text(re.sub(r"(?m)^topic: .*$", "topic: theory", page.read_text()))
    out = run_cli(root, "import").stdout
    assert "nothing changed" not in out
    assert "gemma-2.md" in (root / "content/topics/theory.md").read_text()
    (root / "abstracts/000_3c15f9821ebcf2ee.txt").write_text("Abstract: " + "A new abstract about theory. " * 20)
    assert "nothing changed" not in run_cli(root, "import").stdout
