"""The user-editable taxonomy (topics.yml): topics with weighted terms, a controlled tag
vocabulary and fact tags. Loaded once, validated as a whole: every problem is collected and
reported together in one TaxonomyError, each naming the key to fix."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..model import FALLBACK_TOPIC

# The default taxonomy ships in the package: a project without its own topics.yml uses it.
DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parents[1] / "defaults" / "topics.yml"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9 .+&/'-]*$")


class TaxonomyError(ValueError):
    """All problems of a taxonomy file, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid taxonomy:\n" + "\n".join(f"  - {p}" for p in self.problems))


@dataclass(frozen=True)
class Term:
    phrase: str  # "large language model", "LLM" (any capital -> matched case-sensitively), "interpretab*"
    weight: float


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str
    terms: tuple[Term, ...]
    tags: tuple[str, ...] = ()  # fallback tags when a paper of this topic has too few


@dataclass(frozen=True)
class Tag:
    name: str  # canonical, lowercase
    terms: tuple[str, ...]  # synonyms / phrases, the name itself included


@dataclass(frozen=True)
class FactTag:
    """A tag stating a fact about the paper (code released, new dataset...), found by regexes
    over title + abstract and/or substrings of the paper's links."""

    name: str
    title_patterns: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    title_weight: float = 1.5  # a term in the title counts this many times a term in the abstract
    derived_title_weight: float = 1.0  # for titles made up from the abstract's first words
    count_cap: int = 3  # repetitions of one term counted at most this many times per field
    repeat_weight: float = 0.5  # each repetition after the first adds this share of the term's points
    min_score: float = 2.0  # best topic score below this -> "other"
    # Specificity: a one-word term counts this share of its weight when every topic's vocabulary uses
    # the word, rising to 1 for a word only one topic uses (phrases always count fully).
    single_word_floor: float = 0.45
    evidence_decay: float = 0.75  # a topic's i-th strongest evidence counts decay**i (floor 0.3)
    strong_score: float = 5.0  # a topic this strong is kept even without domain vocabulary
    neighbour_votes: float = 0.6  # weak papers follow this share of similar confident papers' topic
    secondary_ratio: float = 0.6  # runner-up topics scoring >= ratio * best are secondary
    max_secondary: int = 2
    min_tags: int = 3
    max_tags: int = 6
    tag_min_score: float = 1.0
    tag_relative: float = 0.2  # a vocabulary tag needs >= this share of the best tag's score
    weak_score: float = 6.0  # best score below this marks a paper as weakly classified
    domain_terms: tuple[str, ...] = ()  # any one of these marks a paper as machine learning
    domain_hints: tuple[str, ...] = ()  # generic words ("model", "training"): two different ones are needed
    # Topics named after an application field (medicine, science...): their vocabulary describes the field,
    # not machine learning, so strong evidence alone does not put a paper without ML vocabulary there.
    field_topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    tags: tuple[Tag, ...]
    facts: tuple[FactTag, ...] = ()
    settings: Settings = field(default_factory=Settings)
    source: str = "topics.yml"

    def topic(self, slug: str) -> Topic | None:
        return next((t for t in self.topics if t.slug == slug), None)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.topics)


def load_taxonomy(path: Path | str = DEFAULT_TAXONOMY_PATH) -> Taxonomy:
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise TaxonomyError([f"{name}: cannot read: {err.strerror or err}"]) from err
    return parse_taxonomy(text, name)


def parse_taxonomy(text: str, name: str = "topics.yml") -> Taxonomy:
    try:
        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            data = yaml.safe_load(text)  # the pure-Python parser points at a better line
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise TaxonomyError([f"{name}{where}: not valid YAML: {getattr(err, 'problem', err)}"]) from err
    v = _Validator(name)
    taxonomy = v.taxonomy(data)
    if v.problems:
        raise TaxonomyError(v.problems)
    return taxonomy


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class _Validator:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[str] = []

    def err(self, key: str, message: str) -> None:
        self.problems.append(f"{self.name}: {key}: {message}")

    def mapping(self, value: object, key: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err(key, f"must be a mapping, got {type(value).__name__}")
            return {}
        return value

    def strings(self, value: object, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.err(key, f"must be a list of strings, got {type(value).__name__}")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.err(f"{key}[{i}]", f"must be a non-empty string, got {item!r}")
            else:
                out.append(item.strip())
        return tuple(out)

    def unknown(self, data: dict, allowed: set[str], key: str) -> None:
        for k in data:
            if k not in allowed:
                expected = ", ".join(sorted(allowed))
                self.err(f"{key}.{k}" if key else str(k), f"unknown key (expected one of: {expected})")

    def taxonomy(self, data: object) -> Taxonomy:
        if not isinstance(data, dict):
            self.err("(top level)", "must be a mapping with keys settings, topics, tags, facts")
            return Taxonomy((), ())
        self.unknown(data, {"settings", "topics", "tags", "facts"}, "")
        settings = self.settings(self.mapping(data.get("settings"), "settings"))
        tags = self.tags(self.mapping(data.get("tags"), "tags"))
        facts = self.facts(self.mapping(data.get("facts"), "facts"))
        tag_names = {t.name for t in tags} | {f.name for f in facts}
        for f in facts:
            if f.name in {t.name for t in tags}:
                self.err(f"facts.{f.name}", "already defined under tags")
        raw_topics = data.get("topics")
        if raw_topics is None:
            self.err("topics", "missing")
        topics = self.topics(self.mapping(raw_topics, "topics"), tag_names)
        if raw_topics is not None and FALLBACK_TOPIC not in {t.slug for t in topics}:
            self.err("topics", f"must define the fallback topic '{FALLBACK_TOPIC}'")
        return Taxonomy(tuple(topics), tuple(tags), tuple(facts), settings, self.name)

    def settings(self, data: dict) -> Settings:
        defaults = Settings()
        values: dict = {}
        for k, v in data.items():
            key = f"settings.{k}"
            if k in ("domain_terms", "domain_hints", "field_topics"):
                values[k] = self.strings(v, key)
            elif k not in Settings.__dataclass_fields__:
                self.err(
                    key, "unknown setting (expected one of: " + ", ".join(sorted(Settings.__dataclass_fields__)) + ")"
                )
            elif not _is_number(v):
                self.err(key, f"must be a number, got {v!r}")
            elif v < 0:
                self.err(key, f"must not be negative, got {v!r}")
            else:
                values[k] = int(v) if isinstance(getattr(defaults, k), int) else float(v)
        s = Settings(**values)
        if s.min_tags > s.max_tags:
            self.err("settings.min_tags", f"must not exceed max_tags ({s.max_tags}), got {s.min_tags}")
        return s

    def terms(self, data: object, key: str) -> tuple[Term, ...]:
        out = []
        for phrase, weight in self.mapping(data, key).items():
            if not isinstance(phrase, str) or not phrase.strip():
                self.err(key, f"term must be a non-empty string, got {phrase!r} (quote it in YAML)")
            elif not _is_number(weight):
                self.err(f"{key}.{phrase}", f"weight must be a number, got {weight!r}")
            elif not re.search(r"[A-Za-z0-9]", phrase):
                self.err(f"{key}.{phrase}", "term has no letters or digits")
            else:
                out.append(Term(phrase.strip(), float(weight)))
        return tuple(out)

    def topics(self, data: dict, tag_names: set[str]) -> list[Topic]:
        topics = []
        for slug, body in data.items():
            key = f"topics.{slug}"
            if not isinstance(slug, str) or not SLUG_RE.match(slug):
                self.err(key, "topic slug must be lowercase letters, digits and dashes")
                continue
            body = self.mapping(body, key)
            self.unknown(body, {"name", "description", "terms", "tags"}, key)
            name = body.get("name", slug)
            if not isinstance(name, str) or not name.strip():
                self.err(f"{key}.name", f"must be a non-empty string, got {name!r}")
                name = slug
            desc = body.get("description", "")
            if not isinstance(desc, str):
                self.err(f"{key}.description", f"must be a string, got {desc!r}")
                desc = ""
            terms = self.terms(body.get("terms"), f"{key}.terms")
            if not terms and slug != FALLBACK_TOPIC:
                self.err(f"{key}.terms", "a topic needs at least one term")
            tags = self.strings(body.get("tags"), f"{key}.tags")
            for t in tags:
                if t not in tag_names:
                    self.err(f"{key}.tags", f"unknown tag {t!r} (define it under tags)")
            topics.append(Topic(slug, name.strip(), desc.strip(), terms, tags))
        return topics

    def tags(self, data: dict) -> list[Tag]:
        tags: list[Tag] = []
        seen: dict[str, str] = {}
        for name, synonyms in data.items():
            key = f"tags.{name}"
            if not isinstance(name, str) or not TAG_RE.match(name):
                self.err(key, "tag name must be lowercase (letters, digits, spaces, - . + & / ')")
                continue
            terms = (name,) + tuple(s for s in self.strings(synonyms, key) if s != name)
            for term in terms:
                low = term.lower()
                if low in seen and seen[low] != name:
                    self.err(key, f"synonym {term!r} is already used by tag {seen[low]!r}")
                seen.setdefault(low, name)
            tags.append(Tag(name, terms))
        return tags

    def facts(self, data: dict) -> list[FactTag]:
        facts = []
        for name, body in data.items():
            key = f"facts.{name}"
            if not isinstance(name, str) or not TAG_RE.match(name):
                self.err(key, "tag name must be lowercase (letters, digits, spaces, - . + & / ')")
                continue
            body = self.mapping(body, key)
            self.unknown(body, {"title_patterns", "patterns", "links"}, key)
            pats = {}
            for field_name in ("title_patterns", "patterns"):
                pats[field_name] = self.strings(body.get(field_name), f"{key}.{field_name}")
                for i, p in enumerate(pats[field_name]):
                    try:
                        re.compile(p)
                    except re.error as err:
                        self.err(f"{key}.{field_name}[{i}]", f"bad regular expression {p!r}: {err}")
            links = self.strings(body.get("links"), f"{key}.links")
            if not (pats["title_patterns"] or pats["patterns"] or links):
                self.err(key, "needs title_patterns, patterns or links")
            facts.append(FactTag(name, pats["title_patterns"], pats["patterns"], links))
        return facts


# ---------------------------------------------------------------- term matching (used by classify)
