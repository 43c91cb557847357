"""Progress of a run: which stage is running, and how far the long ones are.

The pipeline reports to a :class:`Progress`; the default one says nothing (a
library call, a pipe, CI).  The CLI uses :class:`TerminalProgress`, which draws
tqdm bars on standard error only when it is a terminal and not ``--quiet``.

>>> p = Progress()
>>> p.stage("standardize", total=10); p.advance(10); p.close()
"""

from __future__ import annotations

import shutil
import sys
import threading
from typing import Any

__all__ = ["Progress", "TerminalProgress"]


class Progress:
    """Receives a run's progress and shows nothing."""

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        """A stage begins; ``total`` units of work when it can count them."""

    def advance(self, n: int = 1) -> None:
        """``n`` more units of the current stage are done."""

    def close(self) -> None:
        """The run is over (or failed): take the bars off the screen."""


class TerminalProgress(Progress):
    """tqdm bars on standard error: one line for the stage, with a count where the stage
    has one.  Draws nothing when standard error is not a terminal."""

    def __init__(self, stream: Any = None, refresh: float = 0.5) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._bar: Any = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._refresh = refresh

    def _tick(self) -> None:
        """Redraw the bar now and then, so that a stage without counts shows its time running."""
        while not self._stop.wait(self._refresh):
            with self._lock:
                if self._bar is not None:
                    self._bar.refresh()

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        self._close_bar()
        # A counted stage redraws as it advances; the ticker also stops before a stage that
        # may fork workers (standardize), so that no thread holds a lock across the fork.
        if total is None:
            self._start_ticker()
        else:
            self._stop_ticker()
        # the terminal's size, or 80x24 where it reports none (a bare pseudo-terminal):
        # tqdm would otherwise hide the bar on a screen of zero rows
        size = shutil.get_terminal_size()
        with self._lock:
            self._bar = tqdm(total=total, desc=f"dedupe: {name}", unit=f" {unit}" if unit else "it", file=self.stream,
                             leave=False, ncols=size.columns, nrows=size.lines, unit_scale=bool(total),
                             bar_format=None if total else "{desc} {elapsed}")

    def advance(self, n: int = 1) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.update(n)

    def _close_bar(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.close()
                self._bar = None

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="dedupe-progress", daemon=True)
            self._ticker.start()

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
            self._ticker = None
            self._stop.clear()

    def close(self) -> None:
        self._stop_ticker()
        self._close_bar()
