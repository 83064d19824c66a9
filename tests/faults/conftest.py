"""Fault tests: the real ``reviewer`` command, in this process (``cli``) or as its own
process (``reviewer_process``), against hostile inputs. Where a fault needs the
operating system's help it gets it for real: permission denials through a process
without CAP_DAC_OVERRIDE (``setpriv``) when the suite runs as root, a full disk
through a small tmpfs in a private mount namespace (``unshare``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.cli import main

SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``reviewer ARGS`` in this process: (exit code, stdout, stderr)."""

    def run(*args: str | os.PathLike[str]) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def reviewer_command(*args: str | os.PathLike[str]) -> list[str]:
    """The console script's own lines, as a command line (workers are spawned from it)."""
    code = "import sys; from reviewer.cli import main; sys.argv[0] = \"reviewer\"; sys.exit(main())"
    return [sys.executable, "-c", code, *map(str, args)]


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def without_permission_override() -> list[str]:
    """A command prefix under which file permissions hold even for root."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be denied")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def run_reviewer(*args: str | os.PathLike[str], prefix: list[str] | None = None,
                 timeout: float = 120, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*(prefix or []), *reviewer_command(*args)], capture_output=True,
                          text=True, timeout=timeout, env=child_env(), **kwargs)  # type: ignore[call-overload]


def small_disk_prefix(mount_point: Path, kilobytes: int) -> list[str]:
    """A command prefix that runs the command with a ``kilobytes`` tmpfs on
    ``mount_point`` (private mount namespace: nothing outside sees it)."""
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no private mount namespace here (unshare -rm): cannot fill a disk")
    mount_point.mkdir(parents=True, exist_ok=True)
    script = 'mount -t tmpfs -o size="$1"k tmpfs "$2" && shift 2 && exec "$@"'
    return ["unshare", "-rm", "sh", "-c", script, "sh", str(kilobytes), str(mount_point)]
