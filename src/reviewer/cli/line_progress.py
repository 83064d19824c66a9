"""Progress for logs: when stderr is not a terminal (a CI job, ``nohup``, a pipe), a
plain line every few seconds instead of a redrawn bar:

    [caching] 1200/5216 (23%), 41.2/s, ETA 1m38s

A stage's first report and its completion always print; in between, at most one line
per ``interval`` seconds. The ETA is the stage's rate so far (or the caller's own
estimate, when it has a better one, such as Keras' epoch times).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

INTERVAL = 5.0


def format_duration(seconds: float) -> str:
    seconds = max(int(round(seconds)), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


class LineProgress:
    """``update(stage, done, total)`` prints a line when it is time to."""

    def __init__(self, stream: TextIO | None = None, *, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.interval, self.clock = interval, clock
        self.stage = ""
        self.started = 0.0
        self.first_done = 0
        self.last_print = float("-inf")
        self.finished = False

    def update(self, stage: str, done: int, total: int, *, unit: str = "",
               eta: float | None = None, extra: str = "") -> bool:
        """Report ``done`` of ``total`` in ``stage``; True if a line was printed."""
        now = self.clock()
        if stage != self.stage:
            self.stage, self.started, self.first_done = stage, now, done
            self.last_print, self.finished = float("-inf"), False
        complete = total > 0 and done >= total
        if self.finished or (not complete and now - self.last_print < self.interval):
            return False
        self.last_print, self.finished = now, complete
        parts = [f"[{stage}] {done}/{total}" + (f" {unit}" if unit else "")]
        if total > 0:
            parts[0] += f" ({100 * done / total:.0f}%)"
        elapsed = now - self.started
        rate = (done - self.first_done) / elapsed if elapsed > 0 else 0.0
        if eta is None and rate > 0 and total > 0:
            eta = (total - done) / rate
        if complete:
            parts.append(f"done in {format_duration(elapsed)}")
        elif eta is not None:
            parts.append(f"ETA {format_duration(eta)}")
        if extra:
            parts.append(extra)
        print(", ".join(parts), file=self.stream or sys.stderr, flush=True)
        return True
