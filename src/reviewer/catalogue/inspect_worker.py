"""What an import worker process runs for one file: read, hash, check, store.

Kept apart from the importer so a spawned worker imports only Pillow, the image
checks and the store — not SQLAlchemy and the schema (about 1 s per worker).
Nothing here may import them (tests/unit/test_import_worker.py checks).

Reads are bounded: only regular files are read (a FIFO, a device such as
``/dev/zero`` or a socket is refused without blocking: the file is opened
non-blocking and checked with ``fstat`` before a byte is read), and never more
than the size cap.

A worker ignores Ctrl-C (the parent decides when the import stops, and kills its
workers when it aborts) and dies with its parent, even when the parent is killed
with SIGKILL.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import stat
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from reviewer.catalogue.imaging import ImageFacts, ImageRejected, inspect_bytes
from reviewer.catalogue.store import ImageStore

DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024  # the default size cap (settings: max_import_file_mb)
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class AlreadyStored:
    """The file's content is in the store already: hashed, not decoded again.

    Usually the image is in the catalogue too (a re-import); if it is not (an
    import killed between storing the file and committing its row), the importer
    decodes the stored copy itself.
    """

    sha256: str
    n_bytes: int


Outcome = ImageFacts | AlreadyStored | str  # str: why the file could not be taken

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file: not read"),
    (stat.S_ISCHR, "is a device, not a file: not read"),
    (stat.S_ISBLK, "is a device, not a file: not read"),
    (stat.S_ISSOCK, "is a socket, not a file: not read"),
)


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:,.1f} MB"
    return f"{n / 1024:,.1f} KB" if n >= 1024 else f"{n} bytes"


def read_bounded(path: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes | str:
    """The bytes of a regular file of at most ``max_bytes``, or why it was not read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        return "is a folder, not a file"
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot read the file: {reason}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return next((why for test, why in _KINDS if test(info.st_mode)),
                        "is not a regular file: not read")
        if info.st_size > max_bytes:
            return (f"file is {_mb(info.st_size)}, over the {_mb(max_bytes)} size limit "
                    "(raise it with --max-file-size MB)")
        chunks: list[bytes] = []
        size = 0
        while True:  # a file that grows while we read is still cut at the cap
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                return (f"file grew past the {_mb(max_bytes)} size limit while it was read "
                        "(raise it with --max-file-size MB)")
        return b"".join(chunks)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    finally:
        os.close(fd)


def inspect_file(
    path: str, store_root: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> tuple[str, Outcome]:
    """Read, hash, check and store one file. Returns its facts, a marker that the
    store has it already, or the reason it failed."""
    data = read_bounded(path, max_bytes)
    if isinstance(data, str):
        return path, data
    store = ImageStore(Path(store_root))
    if data:
        digest = hashlib.sha256(data).hexdigest()
        if store.has(digest):
            return path, AlreadyStored(digest, len(data))
    return path, inspect_new(data, store)


def inspect_files(paths: list[str], store_root: str, max_bytes: int) -> list[Outcome]:
    """One worker task: a few files, so the pool's messages stay few."""
    return [inspect_file(p, store_root, max_bytes)[1] for p in paths]


def inspect_new(data: bytes, store: ImageStore) -> ImageFacts | str:
    """Decode and describe ``data``, then keep the original in ``store``."""
    try:
        facts = inspect_bytes(data)
    except ImageRejected as exc:
        return str(exc)
    except MemoryError:
        return "image too large to decode in memory"
    store.put(facts.sha256, data)
    return facts


def worker_started(parent_pid: int) -> None:
    """The pool's initializer: ignore Ctrl-C, and die when the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # spawned with SIGINT blocked (see importer)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            _watch_parent(parent_pid)
    else:
        _watch_parent(parent_pid)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
