"""What an import worker process runs for one file: read, check, store.

Kept apart from the importer so a spawned worker imports only Pillow, the image
checks and the store — not SQLAlchemy and the schema (about 1 s per worker).
"""

from __future__ import annotations

from pathlib import Path

from reviewer.catalogue.imaging import ImageFacts, ImageRejected, inspect_bytes
from reviewer.catalogue.store import ImageStore


def inspect_file(path: str, store_root: str) -> tuple[str, ImageFacts | str]:
    """Read, check and store one file. Returns the facts or the reason it failed."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        return path, "is a folder, not a file"
    except OSError as exc:
        return path, f"cannot read the file: {exc.strerror or exc}"
    try:
        facts = inspect_bytes(data)
    except ImageRejected as exc:
        return path, str(exc)
    except MemoryError:
        return path, "image too large to decode in memory"
    ImageStore(Path(store_root)).put(facts.sha256, data)
    return path, facts
