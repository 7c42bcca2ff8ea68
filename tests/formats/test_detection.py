"""Honest detection: a text no layout explains gives no papers and one clear message; `import`
exits non-zero for it; any script can be an abstract; the tool's own exports read back."""

import json
import re

from conftest import CASES, ROOT, case, copy_project, run_cli

from generator.formats import FORMATS, parse_listing
from generator.formats.common import clean_abstract, looks_like_abstract, reflow

MEETING_NOTES = """Team sync, 12 March

Attendees: Alice, Bob, Chen

- Alice will send the draft budget by Friday.
- Bob reviews the travel requests; the workshop in May is confirmed.

We spent most of the meeting on the move to the new office. The movers come on the 20th, everything must be
packed the day before, and the network will be down for a whole afternoon, so please plan remote work.
"""


def test_prose_gives_no_papers_and_one_message_naming_what_it_looked_like():
    listing = parse_listing(MEETING_NOTES, "abstracts/notes.txt")
    assert listing.papers == () and listing.format == "unknown"
    assert len(listing.problems) == 1 and listing.failed
    message = str(listing.problems[0])
    assert message.startswith("abstracts/notes.txt:1: not understood as a paper listing: it looks like")
    assert "arxiv-listing" in message and "paperlist formats" in message


def test_a_table_with_unknown_columns_and_a_log_are_not_listings():
    table = parse_listing("date,amount,category\n2024-01-02,12.50,food\n2024-01-03,40.00,travel\n", "spend.csv")
    assert table.papers == () and "a table with columns date, amount, category" in table.failed
    log = "\n".join(f"2024-05-0{i} 10:00:0{i} INFO request served in {i}ms" for i in range(1, 8))
    assert "a log" in parse_listing(log, "server.log").failed
    assert "JSON without paper items" in parse_listing('[{"name": "x", "size": 3}]', "data.json").failed


def test_most_lines_skipped_fails_the_file_and_publishes_nothing_from_it():
    text = "\n".join(["Subscribe"] + [f"A lonely title number {i}" for i in range(8)])
    text += "\nTitle of the paper\n" + "We propose a method and report results of experiments on a benchmark. " * 6
    listing = parse_listing(text, "x.txt")
    assert listing.format != "unknown"  # one paper in it was read, but the layout explains too little
    assert listing.papers == ()
    assert listing.failed and "most of its lines were skipped" in listing.failed


def test_import_exits_non_zero_and_says_per_file_what_it_read(tmp_path):
    root = copy_project(tmp_path, abstracts=False)
    (root / "abstracts/notes.txt").write_text(MEETING_NOTES, encoding="utf-8")
    (root / "abstracts/new.txt").write_text(case("list_cs_IR_new.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "abstracts/picture.png").write_bytes(bytes(range(256)) * 20)
    proc = run_cli(root, "import", check=False)
    assert proc.returncode == 1
    assert "  abstracts/new.txt: arxiv-listing, 2 papers" in proc.stdout
    assert "  abstracts/notes.txt: unknown, 0 papers" in proc.stdout
    assert "2 files not imported properly" in proc.stdout
    assert "abstracts/picture.png: looks like binary data" in proc.stdout
    assert len(list((root / "content/papers").glob("*.md"))) == 2


def test_abstracts_in_any_script():
    chinese = "本文提出了一种新的深度学习模型。我们在三个数据集上进行了实验，结果表明该方法优于现有方法。"
    assert looks_like_abstract(chinese) and not looks_like_abstract("一种深度自然语言理解模型")
    russian = (
        "Мы предлагаем новый метод обучения нейронных сетей с малым числом примеров. Эксперименты на трёх "
        "наборах данных показывают, что метод превосходит известные подходы. Код доступен в открытом доступе."
    )
    listing = parse_listing(f"Обучение с малым числом примеров\n\n{russian}\n", "ru.txt")
    assert [p.title for p in listing.papers] == ["Обучение с малым числом примеров"]


def test_reflow_and_chrome_removal():
    assert reflow("A hard-wrapped\nparagraph.\n\nSecond\none.") == "A hard-wrapped paragraph. Second one."
    assert reflow("中文摘要\n继续") == "中文摘要继续"
    assert clean_abstract("Abstract: snip… ▽ More The full abstract, longer than the snippet. △ Less") == (
        "The full abstract, longer than the snippet."
    )


def test_the_tools_own_exports_read_back(tmp_path):
    catalog = json.loads((ROOT / "content/papers.json").read_text(encoding="utf-8"))
    from_json = parse_listing(json.dumps(catalog), "papers.json")
    from_csv = parse_listing((ROOT / "content/papers.csv").read_text(encoding="utf-8"), "papers.csv")
    assert from_json.format == "csl-json" and from_csv.format == "table"
    assert len(from_json.papers) == len(from_csv.papers) == catalog["count"]
    assert {p.title for p in from_json.papers} == {p.title for p in from_csv.papers}


def test_every_layout_has_a_description_and_an_example(tmp_path):
    proc = run_cli(copy_project(tmp_path, abstracts=False), "formats")
    for fmt in FORMATS:
        assert fmt.description and fmt.example
        assert fmt.name in proc.stdout and fmt.example in proc.stdout


def test_the_readme_table_names_every_layout():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Listing layouts", 1)[1].split("\n## ", 1)[0]
    for fmt in FORMATS:
        assert f"`{fmt.name}`" in section, fmt.name


def test_no_layout_scores_above_its_ceiling():
    """detect_format skips a layout whose ceiling is below the best score so far: a ceiling that
    lies would make detection depend on the order of FORMATS."""
    texts = [p.read_text(encoding="utf-8") for p in CASES.glob("*/*") if not p.name.endswith(".golden.json")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "abstracts").glob("*.txt")]
    for text in texts:
        for fmt in FORMATS:
            assert fmt.detect(text) <= fmt.ceiling, fmt.name


def test_semantic_scholar_api_answers_read_as_a_json_paper_list():
    """The paper record of a Semantic Scholar API test (a saved /paper/search answer has this shape)."""
    answer = {
        "data": [
            {
                "paperId": "abc123",
                "title": "Attention Is All You Need",
                "abstract": "We propose the Transformer.",
                "authors": [{"name": "Ashish Vaswani"}],
                "year": 2017,
                "venue": "NeurIPS",
                "externalIds": {"DOI": "10.48550/arxiv.1706.03762", "ArXiv": "1706.03762"},
                "publicationDate": "2017-06-12",
            }
        ]
    }
    listing = parse_listing(json.dumps(answer, indent=1), "s2.json")
    paper = listing.papers[0]
    assert listing.format == "csl-json" and paper.title == "Attention Is All You Need"
    assert (paper.arxiv_id, paper.author_names, paper.venue, paper.published) == (
        "1706.03762",
        ("Ashish Vaswani",),
        "NeurIPS",
        "2017-06-12",
    )


def test_chinese_abstracts_shorter_than_300_characters_are_abstracts_not_titles():
    """Issue #10: three Chinese papers gave no page (their abstracts were taken for titles). The two
    papers of cases/markdown/cjk_labelled_bullets.md, pasted as a plain title/abstract listing."""
    bullets = case("cjk_labelled_bullets.md").read_text(encoding="utf-8")
    pairs = re.findall(r"- \*\*(.+?)\*\*\n  - 作者：.*\n  - 摘要：(.+)", bullets)
    assert len(pairs) == 2 and all(len(abstract) < 300 for _, abstract in pairs)
    listing = parse_listing("\n\n".join(f"{title}\n\n{abstract}" for title, abstract in pairs) + "\n", "zh.txt")
    assert listing.format == "hf-blank-lines"
    assert [p.title for p in listing.papers] == [title for title, _ in pairs]
