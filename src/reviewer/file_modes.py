"""One permission policy for the files the app writes (issue 18.8).

Everything the app writes for the catalogue — the SQLite file (and SQLite's -wal/-shm,
which copy its mode), the image store, run models and checkpoints, exports, reports,
caches — gets the mode an ordinary ``open()`` would give: ``0666`` less the user's
umask, folders ``0777`` less the umask. So the user (or an administrator, with a group
and ``umask 002``) decides who else may read a catalogue, and every file of it agrees.
Files written through :func:`tempfile.mkstemp` (for atomic renames) are created 0600 and
are given that mode before the rename.

One exception: ``settings.json`` is personal and always 0600 in a 0700 folder
(see :mod:`reviewer.settings`). The default data folder is created 0700, so by default a
catalogue there is private whatever the umask; a catalogue the user places elsewhere
follows the folder and umask they chose. SECURITY.md states the same.
"""

from __future__ import annotations

import os
from pathlib import Path


def current_umask() -> int:
    """The process umask, read without changing it (Linux), else set-and-restore."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file of the catalogue gets: 0666 less the umask."""
    return 0o666 & ~current_umask()


def give_file_mode(target: int | str | Path) -> None:
    """Give an open file descriptor or a path the policy's mode (see module doc)."""
    if isinstance(target, int):
        os.fchmod(target, file_mode())
    else:
        os.chmod(target, file_mode())
