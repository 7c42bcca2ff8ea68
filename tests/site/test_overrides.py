"""Theme overrides copied from Material must not drift from the installed Material: each copy
differs from its original only by the escaping filters we add (`| e`, `| string | e`). When a
Material upgrade changes an original, this fails and names the file to copy again."""

import re
from pathlib import Path

import material
import pytest

OVERRIDES = Path(__file__).resolve().parents[2] / "generator" / "theme"
MATERIAL = Path(material.__file__).resolve().parent / "templates"
OUR_HEADER = re.compile(r"\A\{#- Material \d+ partial[^\n]*-#\}\n")  # the first line of every copy says so
COPIED = [p for p in sorted(OVERRIDES.rglob("*.html")) if OUR_HEADER.match(p.read_text(encoding="utf-8"))]
ESCAPING = re.compile(r"\s*\|\s*(?:string\s*\|\s*)?e(?=\s*-?\}\})")
# The one other change: header.html shows our search box (partials/pl-search.html, over the Pagefind
# index) where Material's shows its search plugin's.
MATERIAL_SEARCH = re.compile(
    r'\n[ \t]*\{% if "material/search" in config\.plugins %\}.*?\{% endif %\}\n[ \t]*\{% endif %\}', re.S
)
OUR_SEARCH = re.compile(r'\n[ \t]*\{#- Search: Pagefind.*?\{% include "partials/pl-search\.html" %\}', re.S)


def test_the_copies_are_found():
    assert {p.relative_to(OVERRIDES).as_posix() for p in COPIED} >= {"partials/header.html"}
    for copy in COPIED:
        assert (MATERIAL / copy.relative_to(OVERRIDES)).is_file(), f"{copy.name}: Material has no such file any more"


@pytest.mark.parametrize("copy", COPIED, ids=lambda p: p.relative_to(OVERRIDES).as_posix())
def test_copied_partial_matches_the_installed_material(copy):
    original = (MATERIAL / copy.relative_to(OVERRIDES)).read_text(encoding="utf-8")
    ours = OUR_HEADER.sub("", copy.read_text(encoding="utf-8"))
    assert ours != original, "an override identical to Material's is not needed: delete it"
    ours, original = OUR_SEARCH.sub("", ours), MATERIAL_SEARCH.sub("", original)
    assert ESCAPING.sub("", ours) == ESCAPING.sub("", original), (
        f"generator/theme/{copy.relative_to(OVERRIDES)} differs from Material's copy by more than escaping: "
        "copy the installed file again and re-add the `| e` filters"
    )
