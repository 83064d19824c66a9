"""How every long job of the app reports progress and hears a cancel.

Long work is a plain function taking two callables (the design's convention, after
Orange3's ``callback=`` and Keras' ``stop_training``): ``on_progress(done, total,
message)`` — the message may be left out — and ``should_stop()``, polled between steps.
The command line feeds them to a progress bar and Ctrl-C; the desktop app's worker
thread to a progress bar and a Cancel button. Training reports richer events
(``training.progress.TrainProgress``) through its own callable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class ProgressFn(Protocol):
    """``on_progress(done, total)`` or ``on_progress(done, total, message)``."""

    def __call__(self, done: int, total: int, message: str = "", /) -> None: ...


StopFn = Callable[[], bool]
