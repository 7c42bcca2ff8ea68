"""topics.yml loading and validation."""

from __future__ import annotations

import pytest
from conftest import DEFAULT_TOPICS

from generator.classify.taxonomy import DEFAULT_TAXONOMY_PATH, TaxonomyError, load_taxonomy, parse_taxonomy

MINIMAL = """
topics:
  vision:
    name: Vision
    terms: {image: 1, object detection: 4}
    tags: [detection]
  other:
    name: Other
tags:
  detection: [object detection]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(TaxonomyError) as err:
        parse_taxonomy(text, "topics.yml")
    return err.value.problems


def test_shipped_taxonomy_loads_with_the_fixed_slugs():
    tx = load_taxonomy(DEFAULT_TAXONOMY_PATH)
    assert list(tx.slugs) == DEFAULT_TOPICS
    assert all(t.terms for t in tx.topics if t.slug != "other")
    assert all(t.tags for t in tx.topics)
    assert {f.name for f in tx.facts} == {"code available", "dataset", "benchmark", "survey"}
    assert tx.settings.title_weight > 1


def test_minimal_taxonomy_parses():
    tx = parse_taxonomy(MINIMAL)
    assert tx.topic("vision").terms[1].phrase == "object detection"
    assert tx.topic("vision").terms[1].weight == 4.0
    assert tx.tags[0].terms == ("detection", "object detection")


def test_bad_weight_names_the_key():
    bad = MINIMAL.replace("image: 1", "image: abc")
    assert problems(bad) == ["topics.yml: topics.vision.terms.image: weight must be a number, got 'abc'"]


def test_all_problems_are_reported_together():
    bad = """
settings: {title_weight: high, colour: red}
topics:
  Vision!:
    terms: {a: 1}
  vision:
    terms: {image: abc, video: true}
    tags: [nope]
    extra: 1
tags:
  Detection: [x]
  detection: [object detection]
  tracking: [object detection]
facts:
  code available:
    patterns: ['(unclosed']
"""
    found = problems(bad)
    text = "\n".join(found)
    assert "settings.title_weight: must be a number, got 'high'" in text
    assert "settings.colour: unknown setting" in text
    assert "topics.Vision!: topic slug must be lowercase" in text
    assert "topics.vision.terms.image: weight must be a number, got 'abc'" in text
    assert "topics.vision.terms.video: weight must be a number, got True" in text
    assert "topics.vision.tags: unknown tag 'nope'" in text
    assert "topics.vision.extra: unknown key" in text
    assert "tags.Detection: tag name must be lowercase" in text
    assert "tags.tracking: synonym 'object detection' is already used by tag 'detection'" in text
    assert "facts.code available.patterns[0]: bad regular expression" in text
    assert "topics: must define the fallback topic 'other'" in text
    assert len(found) >= 11
    assert all(p.startswith("topics.yml: ") for p in found)


def test_invalid_yaml_and_wrong_shapes():
    assert problems("topics: [unclosed")[0].startswith("topics.yml:1: not valid YAML")
    assert problems("- a\n- b\n") == [
        "topics.yml: (top level): must be a mapping with keys settings, topics, tags, facts"
    ]
    assert "topics.yml: topics: missing" in problems("tags: {}\n")
    bad = MINIMAL.replace("  other:\n", "  robots: [1]\n  other:\n")
    assert "topics.yml: topics.robots: must be a mapping, got list" in problems(bad)


def test_missing_file_is_a_taxonomy_error(tmp_path):
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "nope.yml")


def test_error_message_lists_every_problem():
    err = TaxonomyError(["a: b", "c: d"])
    assert str(err) == "invalid taxonomy:\n  - a: b\n  - c: d"
