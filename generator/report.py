"""What a run tells the user: counts, kept edits, orphans and every problem as `file:line`.
A `Summary` is plain data, so the no-op fast path can store it and print it again."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .pipeline import Plan, Project


@dataclass(frozen=True)
class Summary:
    files: int
    entries: int
    papers: int
    new: int
    updated: int
    unchanged: int
    removed: int
    configs: tuple[str, ...]  # config files whose generated parts were brought up to date
    kept_edits: int  # pages where the user's edits were kept
    orphaned: tuple[str, ...]
    problems: tuple[str, ...]
    matched: tuple[str, ...] = ()  # pages that followed their paper to a new listing text
    merged: tuple[str, ...] = ()  # copies of one paper with different texts, merged on evidence
    conflicts: tuple[str, ...] = ()  # files with git conflict markers: an error
    noop: bool = False  # answered from the last run: nothing changed since
    layouts: tuple[str, ...] = ()  # per listing file: "abstracts/x.txt: arxiv-listing, 28 papers"
    failed: tuple[str, ...] = ()  # listing files not imported properly: `import` exits non-zero

    @classmethod
    def of(cls, project: Project, plan: Plan) -> Summary:
        return cls(
            files=plan.files,
            entries=plan.entries,
            papers=len(plan.papers),
            new=len(plan.new),
            updated=len(plan.updated),
            unchanged=len(plan.unchanged),
            removed=len(plan.removals),
            configs=tuple(project.show(p) for p in plan.config_writes),
            kept_edits=len(plan.kept_edits),
            orphaned=tuple(project.show(project.content / rel) for rel in plan.orphaned),
            # A file that failed as a whole is said once, in `failed`, not again among the problems.
            problems=tuple(
                str(p)
                for p in plan.problems
                if not any(r.file == p.file and r.failed == p.message for r in plan.formats)
            ),
            layouts=tuple(
                f"{r.file}: {r.layout}, {r.papers} paper{'s' if r.papers != 1 else ''}" for r in plan.formats
            ),
            failed=tuple(f"{r.file}: {r.failed}" for r in plan.formats if r.failed),
            matched=plan.matched,
            merged=plan.merged,
            conflicts=tuple(str(p) for p in plan.conflicts),
        )

    def as_noop(self) -> Summary:
        """The same run seen again with nothing changed: every page it wrote is now unchanged."""
        pages = self.new + self.updated + self.unchanged
        return dataclasses.replace(
            self, new=0, updated=0, unchanged=pages, removed=0, configs=(), matched=(), noop=True
        )

    @classmethod
    def from_json(cls, data: dict) -> Summary | None:
        try:
            values = {f.name: data[f.name] for f in dataclasses.fields(cls)}
        except (KeyError, TypeError):
            return None
        for name in ("configs", "orphaned", "problems", "layouts", "failed", "matched", "merged", "conflicts"):
            values[name] = tuple(values[name])
        return cls(**values)

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    def text(self, check: bool = False) -> str:
        verb = "would be" if check else "were"
        pages = f"pages: {self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.removed:
            pages += f", {self.removed} removed"
        if check:
            pages += f" ({verb} written)"
        if self.noop:
            pages += " (nothing changed since the last import; --force redoes it)"
        lines = [f"{self.files} files, {self.entries} entries, {self.papers} unique papers"]
        lines += [f"  {layout}" for layout in self.layouts]
        lines.append(pages)
        lines += [f"{shown}: the generated nav and tags_allowed {verb} brought up to date" for shown in self.configs]
        if self.kept_edits:
            lines.append(f"kept your edits in {self.kept_edits} pages (run `check --diff` to see them)")
        lines += list(self.matched)
        lines += [f"merged: {m}" for m in self.merged]
        lines += [
            f"orphaned: {shown} is no longer in any listing; kept because it has your notes or edits"
            for shown in self.orphaned
        ]
        if self.failed:
            lines.append(f"{len(self.failed)} files not imported properly (fix them, or move them out of the folder):")
            lines += [f"  {f}" for f in self.failed]
        if self.problems:
            lines.append(f"{len(self.problems)} problems in the input (skipped, everything else imported):")
            lines += [f"  {p}" for p in self.problems]
        if self.conflicts:
            lines.append(f"error: {len(self.conflicts)} files are in the middle of a git merge (left as they are):")
            lines += [f"  {p}" for p in self.conflicts]
        return "\n".join(lines)
