import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.yamlout import yaml_entry

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(),
    st.dictionaries(st.text(max_size=10), st.one_of(st.booleans(), st.integers(), st.text()), max_size=3),
    st.lists(st.text(max_size=20), max_size=4),
    st.lists(st.fixed_dictionaries({"file": st.text(max_size=20), "line": st.integers(0, 10**6)}), max_size=3),
)


@settings(max_examples=1000, deadline=None)
@given(values)
def test_front_matter_values_read_back_unchanged(value):
    assert yaml.safe_load(yaml_entry("k", value)) == {"k": value}


def test_hostile_titles_are_quoted_and_plain_ones_are_not():
    assert yaml_entry("title", "Hopfield Networks is All You Need") == "title: Hopfield Networks is All You Need\n"
    for title in (
        "Attention: All You Need",
        "# heading",
        "[x] y",
        "&anchor",
        "*alias",
        "!tag",
        "---",
        "yes",
        "2024-03-24",
        "12",
        "'quoted'",
        "a #comment",
    ):
        line = yaml_entry("title", title)
        assert line.startswith('title: "') and yaml.safe_load(line) == {"title": title}
