"""Opening a catalogue: engine, SQLite pragmas, migrations, schema-version checks,
the write-transaction helper and the translation of database errors into messages
a curator can act on."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reviewer.catalogue.credentials import (
    PasswordRequiredError,
    password_from_keyring,
    password_problem,
    url_password,
    url_without_password,
)
from reviewer.catalogue.store import ImageStore
from reviewer.errors import CatalogueUnavailableError, UserError
from reviewer.settings import default_data_dir

ENV_URL = "REVIEWER_CATALOGUE"
DEFAULT_FILE_NAME = "catalogue.sqlite"

# How long a write waits for another curator's lock before it gives up with "busy,
# try again" (SQLite's busy timeout; PostgreSQL's lock_timeout), and how long a
# PostgreSQL session may sit idle inside a transaction (a frozen or paused client)
# before the server ends it and releases its locks for everybody else.
BUSY_TIMEOUT_MS = 5000
IDLE_IN_TRANSACTION_TIMEOUT_MS = 15000
# SQLSTATEs that mean "somebody else holds what we need": lock_timeout, deadlock,
# serialisation failure; and "this session sat idle in its transaction too long".
_PG_BUSY_CODES = frozenset({"55P03", "40P01", "40001"})
_PG_IDLE_TIMEOUT_CODE = "25P03"


def default_catalogue_url() -> str:
    """``$REVIEWER_CATALOGUE`` if set, else one SQLite file in the user's data directory."""
    env = os.environ.get(ENV_URL)
    if env:
        return normalise_url(env)
    return normalise_url(str(default_data_dir() / DEFAULT_FILE_NAME))


def normalise_url(url_or_path: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    if "://" in url_or_path:
        return url_or_path
    return f"sqlite:///{Path(url_or_path).expanduser().resolve()}"


class MissingCatalogueError(CatalogueUnavailableError):
    """No catalogue at the path, and this command may not create one."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"There is no catalogue at {path}; nothing was created.",
            hint=f"Check the path. To make a new catalogue there, run "
            f"`reviewer --catalogue {path} init` (or add --create to a command that writes).",
        )


def _existing_kind(path: Path) -> str:
    """What an existing SQLite file holds, read without changing it (read-only, no
    journal-mode switch): "empty" (no tables yet), "catalogue", or "unknown" (it
    cannot be read here; the full open says why). A file that is not a database,
    or a database of another program, is refused untouched."""
    if path.stat().st_size == 0:
        return "empty"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return "unknown"
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise CatalogueUnavailableError(
                f"{path} is not a Product Image Reviewer catalogue (the database cannot be "
                f"read: {exc}). Nothing was changed.",
                hint="Choose a catalogue file (.sqlite), or a new file name with --create.",
            ) from None
        return "unknown"  # locked, unreadable: the full open reports it
    finally:
        conn.close()
    tables = {name for (name,) in rows}
    if not tables:
        return "empty"
    if "alembic_version" in tables:
        return "catalogue"
    shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
    raise CatalogueUnavailableError(
        f"{path} is a SQLite database of another program (tables: {shown}), not a "
        "Product Image Reviewer catalogue. Nothing was changed.",
        hint="Choose a catalogue file, or a new file name with --create.",
    )


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # We emit BEGIN ourselves (see _sqlite_begin): writers take the write lock first,
    # so a curator's version check and update see the same, latest data.
    dbapi_conn.isolation_level = None
    cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA cache_size = -65536")
    with contextlib.suppress(Exception):  # a read-only file keeps its journal mode
        cur.execute("PRAGMA journal_mode = WAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get("reviewer_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Catalogue:
    """An open catalogue: the engine and a session factory.

    ``url`` never holds a password (the engine keeps it), so it is safe to store and show.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def read_only(self) -> bool:
        return "mode=ro" in self.url

    @property
    def display_name(self) -> str:
        url = make_url(self.url)
        if self.is_sqlite:
            return (url.database or ":memory:").removeprefix("file:")
        return url_without_password(self.url)

    @property
    def directory(self) -> Path:
        """Where files that belong to this catalogue (models, caches) are kept."""
        url = make_url(self.url)
        if self.is_sqlite and url.database and url.database != ":memory:":
            db = Path(url.database.removeprefix("file:"))
            return db.with_name(db.stem + "-files")
        return default_data_dir() / "catalogue-files"

    @property
    def store(self) -> ImageStore:
        """The content-addressed copies of the originals."""
        return ImageStore(self.directory / "images")

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error, and turn a
        locked, read-only or full database into a message the user can act on."""
        session = self.sessions()
        try:
            with translate_db_errors(self.display_name):
                if self.is_sqlite:
                    session.connection(execution_options={"reviewer_write": True})
                yield session
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        session = self.sessions()
        try:
            with translate_db_errors(self.display_name):
                yield session
        finally:
            session.close()  # ends the transaction; loaded objects stay readable

    def close(self) -> None:
        self.engine.dispose()


@contextlib.contextmanager
def translate_db_errors(name: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise _translate(exc, name) from exc
    except DBAPIError as exc:
        text = str(exc.orig).lower()
        if "read-only" in text or "readonly" in text or _pg_code(exc) == _PG_IDLE_TIMEOUT_CODE:
            raise _translate(exc, name) from exc
        raise
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise CatalogueUnavailableError(
                f"The disk holding {name} is full; nothing was written.",
                hint="Free some space and try again.",
            ) from exc
        raise


def _pg_code(exc: DBAPIError) -> str | None:
    code = getattr(exc.orig, "sqlstate", None)
    return code if isinstance(code, str) else None


def _translate(exc: DBAPIError, name: str) -> UserError:
    text = str(exc.orig).lower()
    problem = password_problem(text)
    if problem is not None:
        what = ("refused the password given" if problem == "refused"
                else "wants a password and none was found")
        return PasswordRequiredError(
            f"The database server of {name} {what}.", url=name, refused=problem == "refused"
        )
    code = _pg_code(exc)
    if code == _PG_IDLE_TIMEOUT_CODE or "idle-in-transaction timeout" in text:
        return CatalogueUnavailableError(
            f"The catalogue {name} closed this connection: it stayed inside a change for "
            f"more than {IDLE_IN_TRANSACTION_TIMEOUT_MS // 1000} s without finishing it, "
            "holding up other curators. Nothing of that change was written.",
            hint="Try again; the next attempt opens a fresh connection.",
        )
    if "locked" in text or "busy" in text or code in _PG_BUSY_CODES or "lock timeout" in text:
        return CatalogueUnavailableError(
            f"The catalogue {name} is busy: another program is writing to it.",
            hint="Wait a moment and try again; if it stays locked, close the other "
            "Product Image Reviewer window or command using it.",
        )
    if "readonly" in text or "read-only" in text:
        return CatalogueUnavailableError(
            f"The catalogue {name} is read-only; nothing was changed.",
            hint="Check the file's permissions, or copy it somewhere you can write.",
        )
    if "disk is full" in text or "no space" in text or "disk full" in text:
        return CatalogueUnavailableError(
            f"The disk holding {name} is full; nothing was written.",
            hint="Free some space and try again.",
        )
    if "unable to open" in text and ("://" not in name or name.startswith("sqlite")):
        return CatalogueUnavailableError(
            f"Cannot open the catalogue {name}: {exc.orig}",
            hint="Check that the file and its folder exist and that you may read them "
            "(a catalogue on a read-only disk or folder is opened read-only).",
        )
    if "unable to open" in text or "could not connect" in text or "connection" in text:
        return CatalogueUnavailableError(
            f"Cannot open the catalogue {name}: {exc.orig}",
            hint="Check the database URL, and that the server is running and reachable.",
        )
    return CatalogueUnavailableError(f"The catalogue {name} reported an error: {exc.orig}")


def make_engine(url: str | URL) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        # Server-side limits for this session (libpq's "options"): a write stuck
        # behind a frozen client fails after BUSY_TIMEOUT_MS with the same "busy, try
        # again" as SQLite, and a frozen client's transaction is ended by the server.
        connect_args["options"] = (
            f"-c lock_timeout={int(BUSY_TIMEOUT_MS)} "
            f"-c idle_in_transaction_session_timeout={int(IDLE_IN_TRANSACTION_TIMEOUT_MS)}"
        )
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def open_catalogue(
    url: str | None = None, *, create: bool = True, password: str | None = None
) -> Catalogue:
    """Open (and, if needed, create or migrate) the catalogue at ``url``.

    A catalogue written by a newer version of the app is refused before anything
    is touched. A server's password comes from ``password``, the URL, the keyring, or
    libpq's ``.pgpass`` / ``PGPASSFILE`` / ``PGSERVICE`` (see
    :mod:`reviewer.catalogue.credentials`); the returned catalogue's ``url`` has none,
    and a missing or refused one raises :class:`PasswordRequiredError`.
    """
    from reviewer.catalogue.migrate import ensure_schema  # avoids loading Alembic twice

    url = normalise_url(url) if url else default_catalogue_url()
    parsed = make_url(url)
    if (parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
            and not str(parsed.database).startswith("file:")):  # a URI (read-only) names a file
        path = Path(str(parsed.database))
        if path.is_dir():
            raise CatalogueUnavailableError(
                f"{path} is a folder, not a catalogue file.",
                hint="Give the catalogue's .sqlite file, or a new file name with --create.",
            )
        if not path.exists() or _existing_kind(path) == "empty":
            if not create:
                raise MissingCatalogueError(path)
            try:
                if path.parent == default_data_dir():
                    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private default
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CatalogueUnavailableError(
                    f"Cannot create the folder for the catalogue {path}: {exc.strerror}."
                ) from exc
            try:
                # An empty file is a new SQLite database; made by open() it gets 0666 less
                # the umask (SQLite alone caps it at 0644), and its -wal/-shm copy that mode.
                # See reviewer.file_modes for the policy.
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileExistsError:
                pass  # created by someone else meanwhile
            except OSError as exc:
                raise CatalogueUnavailableError(
                    f"Cannot create the catalogue {path}: {exc.strerror}."
                ) from exc
    if parsed.get_backend_name() == "sqlite" and _read_only_file(parsed.database):
        # Open what we may only read in SQLite's read-only mode: browsing works and
        # every write is refused with a clear message instead of failing half-way.
        url = f"sqlite:///file:{Path(parsed.database or '').resolve()}?mode=ro&uri=true"
    secret = password or url_password(url)
    url = url_without_password(url)
    if secret is None and parsed.get_backend_name() != "sqlite":
        secret = password_from_keyring(url)
    engine = make_engine(make_url(url).set(password=secret) if secret else url)
    name = url_without_password(url)
    try:
        with translate_db_errors(name):
            ensure_schema(engine)
    except DatabaseError as exc:
        engine.dispose()
        raise CatalogueUnavailableError(
            f"{parsed.database or name} is not a Product Image Reviewer catalogue "
            f"(the database cannot be read: {exc.orig}).",
            hint="Choose a catalogue file (.sqlite), or a new file name to create one.",
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return Catalogue(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def _read_only_file(database: str | None) -> bool:
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    path = Path(database)
    if not path.exists():
        return False
    # A catalogue in a folder we cannot write (a read-only mount, a shared folder) can
    # still be read: SQLite needs the folder for its journal files only when writing.
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def table_names(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())
