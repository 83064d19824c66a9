"""What an import worker process runs for one file: read, hash, check, store.

Kept apart from the importer so a spawned worker imports only Pillow, the image
checks and the store — not SQLAlchemy and the schema (about 1 s per worker).
Nothing here may import them (tests/unit/test_import_worker.py checks).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reviewer.catalogue.imaging import ImageFacts, ImageRejected, inspect_bytes
from reviewer.catalogue.store import ImageStore


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


def inspect_file(path: str, store_root: str) -> tuple[str, Outcome]:
    """Read, hash, check and store one file. Returns its facts, a marker that the
    store has it already, or the reason it failed."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        return path, "is a folder, not a file"
    except OSError as exc:
        return path, f"cannot read the file: {exc.strerror or exc}"
    store = ImageStore(Path(store_root))
    if data:
        digest = hashlib.sha256(data).hexdigest()
        if store.has(digest):
            return path, AlreadyStored(digest, len(data))
    return path, inspect_new(data, store)


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
