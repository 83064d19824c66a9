"""Issue 12, case 3: a curator process frozen (SIGSTOP) in the middle of a change, its
row lock held. The others get the clear "busy, try again" message after the busy
timeout instead of waiting silently; on PostgreSQL the server ends the frozen
session's transaction after idle_in_transaction_session_timeout, the others go on,
and the frozen client, when it wakes, is told that nothing of its change was written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reviewer
from reviewer.catalogue import db
from reviewer.cli import main
from tests.integration.team_catalogue import FIRST_LABEL, assert_consistent, label_of

IDLE_MS = 2500
BUSY_MS = 1000

HOLDER = """
import os, signal, sys
from reviewer.catalogue import db, labels
from reviewer.errors import UserError
db.IDLE_IN_TRANSACTION_TIMEOUT_MS = int(sys.argv[2])
cat = db.open_catalogue(sys.argv[1], create=False)
code = 0
try:
    with cat.write() as s:
        labels.relabel(s, [220], "hat", actor="frozen")
        print("holding", flush=True)
        os.kill(os.getpid(), signal.SIGSTOP)  # frozen just after its UPDATE images
except UserError as exc:
    print(f"error: {exc}", flush=True)
    code = exc.exit_code
sys.exit(code)
"""


def _stopped(pid: int) -> bool:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T"


def _start_frozen_client(url: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(reviewer.__file__).parents[1]))
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url, str(IDLE_MS)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding"
    deadline = time.monotonic() + 10
    while not _stopped(proc.pid):
        assert time.monotonic() < deadline, "the frozen client did not stop"
        time.sleep(0.02)
    return proc


def _cli(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, float]:
    t0 = time.monotonic()
    code = main(["--catalogue", url, *args])
    out, err = capsys.readouterr()
    return code, out + err, time.monotonic() - t0


def test_case_3_a_frozen_client_gives_busy_not_silence(
    team_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", BUSY_MS)
    postgres = team_url.startswith("postgresql")
    proc = _start_frozen_client(team_url)
    try:
        code, text, took = _cli(capsys, team_url, "label", "220", "--to", "skirt", "--as", "bob")
        assert code == 5, text
        assert "is busy" in text and "try again" in text
        assert BUSY_MS / 1000 * 0.8 < took < BUSY_MS / 1000 + 3
        if postgres:
            # Row locks: an image the frozen client did not touch is not held up.
            code, text, _ = _cli(capsys, team_url, "label", "221", "--to", "skirt", "--as", "bob")
            assert code == 0, text
            # The server ends the frozen transaction; the team goes on.
            time.sleep(IDLE_MS / 1000 + 0.5)
            code, text, _ = _cli(capsys, team_url, "label", "220", "--to", "skirt", "--as", "bob")
            assert code == 0, text
        proc.send_signal(signal.SIGCONT)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.kill()
            proc.wait()
    if postgres:
        assert proc.returncode == 5, out
        assert "Nothing of that change was written" in out and "Try again" in out
        assert label_of(team_url, 220) == "skirt"
    else:
        # SQLite cannot end another process's transaction: the frozen client's change
        # lands when it wakes, and bob's retry then goes through.
        assert proc.returncode == 0, out
        assert label_of(team_url, 220) == "hat"
        code, text, _ = _cli(capsys, team_url, "label", "220", "--to", "skirt", "--as", "bob")
        assert code == 0, text
    assert label_of(team_url, 221) in (FIRST_LABEL, "skirt")
    assert_consistent(team_url)
