"""`reviewer train` in a log: plain progress lines when stderr is not a terminal, and
no TensorFlow/CUDA start-up noise unless --verbose."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from reviewer.catalogue.db import Catalogue
from reviewer.cli.line_progress import LineProgress, format_duration

NOISE = ("absl::InitializeLog", "cudart_stub", "cuInit", "oneDNN custom operations")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_lines_come_every_interval_with_eta_and_always_at_the_end() -> None:
    out, clock = io.StringIO(), Clock()
    lines = LineProgress(out, interval=5.0, clock=clock)
    assert lines.update("caching", 0, 100, unit="img")  # the stage's first report
    clock.now += 2
    assert not lines.update("caching", 20, 100, unit="img")  # too soon
    clock.now += 3
    assert lines.update("caching", 50, 100, unit="img")  # 50 in 5 s: 50 left, ETA 5 s
    clock.now += 1
    assert lines.update("caching", 100, 100, unit="img")  # done: printed at once
    assert not lines.update("caching", 100, 100, unit="img")  # and only once
    assert lines.update("training", 0, 6, unit="epochs", eta=300.0, extra="loss 1.2")
    text = out.getvalue().splitlines()
    assert text == [
        "[caching] 0/100 img (0%)",
        "[caching] 50/100 img (50%), ETA 5s",
        "[caching] 100/100 img (100%), done in 6s",
        "[training] 0/6 epochs (0%), ETA 5m00s, loss 1.2",
    ]
    assert format_duration(3725) == "1h02m"


def test_train_in_a_log_prints_plain_lines_and_no_startup_noise(trainable: Catalogue) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    cmd = [sys.executable, "-m", "reviewer", "--catalogue", trainable.url, "train",
           "--backbone", "mobilenet", "--input-size", "32", "--weights", "none",
           "--epochs", "2", "--batch-size", "8", "--views", "2"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.splitlines()
    assert any(line.startswith("[caching] ") and "img" in line for line in err), err
    assert any(line.startswith("[training] 2/2 epochs (100%), done in") for line in err), err
    assert any(line.startswith("[evaluating test] ") for line in err), err
    assert not any(marker in proc.stderr for marker in NOISE), proc.stderr
    assert "\r" not in proc.stderr  # no redrawn bars in a log
    assert "Run 1: finished" in proc.stdout
