"""A real `mkdocs build --strict` of the shipped reading list, checked in the HTML it produced."""

import json
import re
import subprocess
import sys

import pytest
from conftest import DEFAULT_TOPICS, copy_project, run_cli

TOPICS = len(DEFAULT_TOPICS)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("built"))
    proc = run_cli(root, "build", "-q")
    assert "WARNING" not in proc.stderr, proc.stderr
    return root


def test_site_has_every_paper_topic_and_tag_page(built):
    site = built / "site"
    assert len(list((site / "papers").glob("*/index.html"))) == 476
    assert len(list((site / "topics").glob("*/index.html"))) == TOPICS
    assert (site / "tags/index.html").exists() and (site / "search/index.html").exists()
    bundles = json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))  # the search index
    assert bundles and all((site / "pagefind" / name / "pagefind-entry.json").exists() for name in bundles)


def test_sidebar_lists_topics_not_papers(built):
    html = (built / "site/papers/gemma-2/index.html").read_text(encoding="utf-8")
    assert 'class="md-nav__link">Large Language Models</a>' in html  # its own topic
    assert 'href="../../topics/vision/"' not in html  # not every topic: that is the home page's job
    assert 'href="../../tags/"' in html and 'href="../../search/"' in html
    paper_links = set(re.findall(r'href="\.\./([a-z0-9-]+)/"', html))  # other papers, seen from a paper
    assert len(paper_links) <= 10  # related papers and neighbours, not the whole list
    assert len(html) < 60_000


def test_topic_page_links_its_papers(built):
    html = (built / "site/topics/neuro/index.html").read_text(encoding="utf-8")
    assert 'href="../../papers/hebbian-deep-learning-without-feedback/"' in html


def test_tag_pages_list_every_paper(built):
    linked = set()
    for page in (built / "site/tags").glob("*/index.html"):
        linked |= set(re.findall(r'href="\.\./\.\./papers/([a-z0-9-]+)/"', page.read_text(encoding="utf-8")))
    assert len(linked) == 476


def test_strict_build_fails_on_a_broken_link(imported_copy):
    """The strict flag is real: a dangling link written by hand stops the build."""
    root = imported_copy
    page = root / "content/papers/gemma-2.md"
    page.write_text(page.read_text() + "\n[missing](no-such-paper.md)\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True
    )
    assert proc.returncode != 0 and "no-such-paper.md" in proc.stderr


def test_tags_allowed_follows_the_vocabulary_and_hand_written_tags(imported_copy):
    root = imported_copy
    config = (root / "mkdocs.yml").read_text()
    assert "        - contrastive learning\n" in config and "        - code available\n" in config
    page = root / "content/papers/gemma-2.md"
    page.write_text(page.read_text().replace("tags:\n", "tags:\n- my reading group\n", 1))

    def build():
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True
        )

    proc = build()  # a tag typed by hand is caught until the next import
    assert proc.returncode != 0 and "my reading group" in proc.stderr
    run_cli(root, "import", "-q")
    assert "        - my reading group\n" in (root / "mkdocs.yml").read_text()
    assert build().returncode == 0


def test_tags_index_is_light_and_each_tag_has_its_page(built):
    """The tags index grows with the number of tags, not of papers; each tag's page lists exactly
    the papers that carry it, and the tag chips on paper pages lead there."""
    import yaml

    site = built / "site"
    index = (site / "tags/index.html").read_text(encoding="utf-8")
    assert len(index) < 80_000  # was 485 KB with every paper under every tag
    tagged: dict[str, set[str]] = {}
    for page in (built / "content" / "papers").glob("*.md"):
        meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n", 2)[1])
        for tag in meta.get("tags") or []:
            tagged.setdefault(tag, set()).add(page.stem)
    tag_pages = sorted((site / "tags").glob("*/index.html"))
    assert len(tag_pages) == len(tagged) > 100
    assert index.count('href="') - index.count('href="../') >= len(tagged)  # one link per tag
    for tag in ("language models", "calibration", "3d vision"):
        slug = tag.replace(" ", "-")
        html = (site / "tags" / slug / "index.html").read_text(encoding="utf-8")
        listed = set(re.findall(r'href="\.\./\.\./papers/([a-z0-9-]+)/"', html))
        assert listed == tagged[tag], tag
        assert f'href="{slug}/"' in index
    paper = next(iter(tagged["calibration"]))
    chips = (site / "papers" / paper / "index.html").read_text(encoding="utf-8")
    assert 'href="../../tags/calibration/"' in chips


def test_a_topic_typed_by_its_name_links_to_its_topic_page(imported_copy):
    """The paper header finds the topic page by the generator's own slug rule: "Robustness &
    Security", typed by hand, is topics/robustness-security/ (not "robustness-&-security")."""
    root = imported_copy
    page = root / "content/papers/gemma-2.md"
    page.write_text(re.sub(r"(?m)^topic: .*$", 'topic: "Robustness & Security"', page.read_text()))
    run_cli(root, "build", "-q")
    html = (root / "site/papers/gemma-2/index.html").read_text(encoding="utf-8")
    header = html[html.index("data-pl-paper") :]
    badge = r'<a class="pl-badge pl-badge--topic" href="\.\./\.\./topics/robustness-security/" title="Topic">'
    assert re.search(badge + r"Robustness &amp; Security</a>", header)  # linked, and shown as typed
    assert "&gt;Robustness &amp; Security&lt;" not in header  # placeholder
    topic = (root / "site/topics/robustness-security/index.html").read_text(encoding="utf-8")
    assert "gemma-2/" in topic
