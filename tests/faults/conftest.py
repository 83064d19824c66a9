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


SMALL_DISK = r"""
mount -t tmpfs -o size="$1"k tmpfs "$2" || exit 97
if [ "$3" -gt 0 ]; then head -c "$3" /dev/zero > "$2/.filler"; fi
shift 3
"$@"
echo "EXIT=$?"
find "$MOUNT" -type f ! -name .filler -exec sha256sum {} +
"""


def run_on_small_disk(mount_point: Path, kilobytes: int, fill_bytes: int,
                      *args: str | os.PathLike[str]) -> tuple[int, str, str, dict[str, str]]:
    """Run ``reviewer ARGS`` with a real, small disk (a tmpfs of ``kilobytes``, of which
    ``fill_bytes`` are taken) on ``mount_point``, in a private mount namespace. Returns
    the exit code, stdout, stderr and the files left on that disk with their SHA-256."""
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no private mount namespace here (unshare -rm): cannot fill a disk")
    mount_point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", SMALL_DISK, "sh", str(kilobytes), str(mount_point),
         str(fill_bytes), *reviewer_command(*args)],
        capture_output=True, text=True, timeout=120, env=child_env(MOUNT=str(mount_point)),
    )
    assert "EXIT=" in done.stdout, done.stderr
    out, _, tail = done.stdout.rpartition("EXIT=")
    code, _, listing = tail.partition("\n")
    files = {}
    for line in listing.splitlines():
        digest, _, name = line.partition("  ")
        files[str(Path(name).relative_to(mount_point))] = digest
    return int(code), out, done.stderr, files
