"""The merge that keeps user edits: examples, then properties over thousands of random edits."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import Paper, Source
from generator.site.paper import render_paper
from generator.store.blocks import merge_page, split_page, stamp


def page(
    title="Hopfield Networks is All You Need",
    topic="architectures",
    tags=("hopfield", "attention", "memory"),
    abstract="We introduce a modern Hopfield network with continuous states.",
    related=(),
):
    paper = Paper(
        title=title, abstract=abstract, sources=(Source("abstracts/a.txt", 3),), topic=topic, tags=tags, id="0123456789"
    )
    return stamp(render_paper(paper, list(related)))


def test_untouched_page_is_refreshed():
    old, new = page(), page(topic="theory", abstract="A new abstract.")
    assert merge_page(old, new).text == new


def test_edited_key_and_notes_survive_while_untouched_keys_refresh():
    old = page()
    edited = old.replace("topic: architectures", "topic: neuro  # mine").replace(
        "## Notes\n", "## Notes\n\nRead with the group on Friday.\n"
    )
    result = merge_page(edited, page(tags=("a", "b", "c"), abstract="Changed."))
    assert "topic: neuro  # mine\n" in result.text
    assert "Read with the group on Friday.\n" in result.text
    assert "- a\n- b\n- c\n" in result.text and "Changed." in result.text
    assert result.kept == ("fm:topic",)


def test_deleted_generated_key_stays_deleted_and_new_keys_arrive():
    old = page()
    edited = old.replace("rating: null\n", "")
    fresh = page().replace("status: to-read\n", "status: to-read\nacronym: MHN\n")
    text = merge_page(edited, fresh).text
    assert "rating:" not in text and "acronym: MHN\n" in text


def test_crlf_bom_and_reordered_keys_are_kept_byte_for_byte():
    old = page()
    lines = old.split("\n")
    lines[1], lines[2] = lines[2], lines[1]  # swap title and id
    edited = "\ufeff" + "\r\n".join(lines)
    result = merge_page(edited, page())
    assert result.text == edited


def test_page_without_front_matter_is_left_alone():
    mine = "# My own page\n\nnothing generated here\n"
    assert merge_page(mine, page()).text.startswith(mine)


# ---- properties ---------------------------------------------------------------------------
user_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
keys = st.sampled_from(["title", "id", "topic", "tags", "status", "rating", "sources"])


@st.composite
def edits(draw):
    """A random user session on a page: notes, new keys, comments, edited values, reordering."""
    ops = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("notes"), user_text),
                st.tuples(st.just("key"), st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True), user_text),
                st.tuples(st.just("comment"), user_text),
                st.tuples(st.just("value"), keys, st.from_regex(r"[a-z0-9 ]{1,12}", fullmatch=True)),
                st.tuples(st.just("blank"), st.integers(1, 3)),
                st.tuples(st.just("swap"), st.integers(0, 6), st.integers(0, 6)),
            ),
            max_size=6,
        )
    )
    return ops, draw(st.booleans()), draw(st.booleans())


def apply_edits(text, ops, crlf, bom):
    page_ = split_page(text)
    front = [s.text for s in page_.front]
    body = "".join(s.text for s in page_.body)
    added = []
    for op in ops:
        if op[0] == "notes":
            note = op[1].replace("\r", " ").replace("-->", "")
            body = body.replace("## Notes\n", "## Notes\n\n" + note + "\n", 1)
            added.append(note)
        elif op[0] == "key":
            front.append(f"my_{op[1]}: {op[2]!r}\n".replace("\r", " ").replace("\n", " ").rstrip() + "\n")
        elif op[0] == "comment":
            front.insert(0, "# " + op[1].replace("\r", " ").replace("\n", " ") + "\n")
        elif op[0] == "value":
            for i, seg in enumerate(front):
                if seg.startswith(op[1] + ":"):
                    front[i] = f"{op[1]}: {op[2]}\n"
        elif op[0] == "blank":
            front.append("\n" * op[1])
        elif op[0] == "swap" and len(front) > max(op[1], op[2]):
            front[op[1]], front[op[2]] = front[op[2]], front[op[1]]
    result = "---\n" + "".join(front) + "---\n" + body
    if crlf:
        result = result.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + result, added


def user_owned(text, kept_keys):
    """Every segment the generator must not touch: user text plus generated segments the user edited."""
    p = split_page(text)
    return [s.text for s in p.front + p.body if s.key is None or s.key in kept_keys]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits(), st.booleans())
def test_no_user_byte_is_ever_lost(session, input_changed):
    ops, crlf, bom = session
    first = page()
    edited, added_notes = apply_edits(first, ops, crlf, bom)
    fresh = page(topic="theory", tags=("x", "y", "z"), abstract="New words.") if input_changed else first
    merged = merge_page(edited, fresh)
    kept = set(merged.kept)
    # 1. the user's text, and every generated part they edited, is there byte for byte, in order
    assert user_owned(merged.text, kept) == user_owned(edited, kept)
    for note in added_notes:
        assert (note.replace("\n", "\r\n") if crlf else note) in merged.text
    assert merged.text.startswith("\ufeff") == bom
    # 2. a second run with the same input changes nothing
    assert merge_page(merged.text, fresh).text == merged.text
    # 3. without edits the page is exactly the fresh rendering
    if not ops and not crlf and not bom:
        assert merged.text == fresh
