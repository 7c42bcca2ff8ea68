"""A planned change holds its texts as UTF-8 bytes (half the memory of a str with one character
outside Latin-1) and `apply` writes exactly those bytes, or skips a file saved since it was planned."""

import sys

from generator.pipeline import Project, apply, plan
from generator.store.changes import Change
from generator.store.pages import UNREADABLE


def test_planned_pages_are_bytes_written_as_they_are(imported_copy):
    root = imported_copy
    gone = sorted((root / "content" / "papers").glob("*.md"))[:3]
    for page in gone:
        page.unlink()
    result = plan(Project.at(root))
    written = [c for c in result.changes if c.path in gone]
    assert len(written) == 3 and all(c.old is None and isinstance(c.new_data, bytes) for c in written)
    # the pages carry non-Latin-1 characters (navigation arrows): as str they would take 2 bytes each
    assert all(not c.new.isascii() and len(c.new_data) < sys.getsizeof(c.new) * 0.6 for c in written)
    assert apply(Project.at(root), result) == []
    assert all(c.path.read_bytes() == c.new_data == c.new.encode("utf-8") for c in written)
    assert set(result.new) == {f"papers/{p.name}" for p in gone}


def test_a_file_saved_after_planning_is_skipped(imported_copy):
    root = imported_copy
    page = sorted((root / "content" / "papers").glob("*.md"))[0]
    page.unlink()
    result = plan(Project.at(root))
    assert [c.page for c in result.changes] == [f"papers/{page.name}"]
    page.write_text("saved meanwhile\n", encoding="utf-8")  # by the user, while the run was planning
    assert apply(Project.at(root), result) == [f"papers/{page.name}"]
    assert page.read_text(encoding="utf-8") == "saved meanwhile\n"


def test_still_as_planned_compares_what_the_file_holds(tmp_path):
    path = tmp_path / "page.md"
    assert Change(path, None, "new").still_as_planned()
    path.write_bytes("caf\u00e9 \u2192\n".encode())
    assert not Change(path, None, "new").still_as_planned()  # created meanwhile
    assert Change(path, "caf\u00e9 \u2192\n", "new").still_as_planned()
    assert not Change(path, "cafe \u2192\n", "new").still_as_planned()
    path.write_bytes(b"\xff\xfe not UTF-8")
    assert Change(path, UNREADABLE, "new").still_as_planned()  # planned as unreadable, still unreadable
    assert not Change(path, "\xff\xfe not UTF-8", None).still_as_planned()
