"""The originals, kept in a content-addressed folder beside the catalogue.

Scraped folders get moved and deleted; the catalogue keeps its own copy of every
image it took, named by its SHA-256, so training and review never depend on where
a file came from. Writes are atomic (temporary file, then rename), so a killed
import leaves either the whole file or nothing.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from reviewer.errors import CatalogueUnavailableError, NotFoundError
from reviewer.file_modes import give_file_mode


class ImageStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put(self, sha256: str, data: bytes) -> Path:
        target = self.path_for(sha256)
        if target.exists():
            return target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    give_file_mode(fh.fileno())  # mkstemp makes 0600; the policy is the umask
                    fh.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise CatalogueUnavailableError(
                    f"The disk holding the image store {self.root} is full.",
                    hint="Free some space and run the import again: it resumes where it stopped.",
                ) from exc
            if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise CatalogueUnavailableError(
                    f"Cannot write to the image store {self.root}: {exc.strerror}.",
                    hint="Check the folder's permissions.",
                ) from exc
            raise
        return target

    def get(self, sha256: str) -> bytes:
        try:
            return self.path_for(sha256).read_bytes()
        except FileNotFoundError:
            raise NotFoundError(
                f"The stored original of image {sha256[:12]}… is missing from {self.root}.",
                hint="Re-import the folder it came from; the catalogue keeps its labels.",
            ) from None
