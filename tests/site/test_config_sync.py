import yaml

from generator.site.config_sync import sync_config

CONFIG = """site_name: x
# generated:nav
nav:
  - Old: old.md
# /generated:nav
plugins:
  - tags:
      # generated:tags_allowed
      # /generated:tags_allowed
"""


def test_nav_and_tags_allowed_are_rewritten_between_markers_only():
    out = sync_config(CONFIG, ["b tag", "a: tag", "b tag"], [("vision", "Computer Vision"), ("llms", "LLMs & co")])
    data = yaml.safe_load(out)
    assert data["site_name"] == "x"
    assert data["nav"][2]["Topics"] == [{"Computer Vision": "topics/vision.md"}, {"LLMs & co": "topics/llms.md"}]
    assert data["plugins"][0]["tags"]["tags_allowed"] == ["a: tag", "b tag"]
    assert sync_config(out, ["b tag", "a: tag"], [("vision", "Computer Vision"), ("llms", "LLMs & co")]) == out


def test_without_markers_the_file_is_the_users():
    mine = "site_name: x\nnav:\n  - Mine: index.md\n"
    assert sync_config(mine, ["t"], [("a", "A")]) == mine


def test_crlf_config_keeps_its_line_endings():
    out = sync_config(CONFIG.replace("\n", "\r\n"), ["t"], [("a", "A")])
    assert "\r\n" in out and "\n" not in out.replace("\r\n", "")
