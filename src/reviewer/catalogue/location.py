"""Where a catalogue lives, before anything is opened or created there.

``open_catalogue`` creates a SQLite file (and its folders) that does not exist yet, as
the default catalogue and File › New need. A path typed or remembered elsewhere
should not: the desktop app asks first, with :func:`missing_catalogue_file`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from reviewer.catalogue.db import default_catalogue_url, normalise_url


def sqlite_file(url_or_path: str) -> Path | None:
    """The file a SQLite catalogue URL or path names; None for a server URL or memory."""
    parsed = make_url(normalise_url(url_or_path))
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return Path(database.removeprefix("file:"))


def missing_catalogue_file(url_or_path: str) -> Path | None:
    """The SQLite file ``url_or_path`` names when nothing is there yet (opening it
    would create a new, empty catalogue); None when it exists or is not a file (a
    PostgreSQL database is created by its administrator, not by a typo)."""
    path = sqlite_file(url_or_path)
    if path is None or path.exists():
        return None
    return path


def is_default_catalogue(url_or_path: str | None) -> bool:
    """Whether this is the catalogue the app opens when given none (created without
    asking on a first start)."""
    return url_or_path is None or normalise_url(url_or_path) == default_catalogue_url()
