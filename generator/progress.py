"""A one-line progress bar on a terminal: `stage [#####.....] 120/476`. Silent when stderr is not a
terminal (pipes, CI logs), so logs keep only what the run decided, not how it got there."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

WIDTH = 28  # characters of bar
EVERY = 0.1  # seconds between redraws: drawing each of 10,000 steps would cost more than the steps


def wanted(stream: TextIO | None = None) -> bool:
    """Draw bars only for a person watching: a terminal, outside CI."""
    stream = stream or sys.stderr
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return not in_ci and hasattr(stream, "isatty") and stream.isatty()


class Bar:
    """`Bar(stream).update(stage, done, total)` redraws one line in place; `done()` ends it."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self._last = 0.0
        self._shown = False
        self._stage = ""

    def update(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        final = total is not None and done is not None and done >= total
        if stage == self._stage and not final and now - self._last < EVERY:
            return
        self._last, self._stage = now, stage
        if total:
            filled = min(WIDTH, WIDTH * max(0, done or 0) // total)
            line = f"{stage:<22} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
        else:
            line = stage
        self.stream.write("\r\x1b[2K" + line[:100])
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        """Clear the bar's line so what the run prints next starts on a clean line."""
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False


class ImportBar:
    """The import's progress callback (`plan(project, progress)`): a bar over the listing files
    while they are read, then the name of each later stage."""

    def __init__(self, listings: int, bar: Bar | None = None) -> None:
        self.bar = bar or Bar(enabled=True)
        self.listings = listings
        self.read = 0

    def __call__(self, message: str) -> None:
        if message.startswith("reading ") and self.listings:
            self.read += 1
            self.bar.update("import: reading listings", min(self.read, self.listings), self.listings)
        else:
            self.bar.update(f"import: {message}")

    def done(self) -> None:
        self.bar.done()
