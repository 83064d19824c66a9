"""What every subcommand shares: opening the catalogue, progress bars, Ctrl-C as a
clean cancel, messages and exit codes."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tqdm import tqdm

from reviewer.catalogue.db import ENV_URL, Catalogue, open_catalogue
from reviewer.cli.crash import EXIT_BUG  # noqa: F401  (a bug: exit 70, see cli.crash)
from reviewer.errors import UserError
from reviewer.settings import Settings, load_settings

EXIT_OK = 0
EXIT_PARTIAL = 1  # done, but some inputs were refused (see the report)
EXIT_USER = 2

EXIT_CANCELLED = 130
MAX_ROW_ID = 2**63 - 1  # ids are signed 64-bit in every database we use


def fail(error: UserError) -> int:
    print(f"error: {error}", file=sys.stderr)
    return error.exit_code


def row_id(text: str) -> int:
    """argparse type for an image or run id: a whole number from 1 to 2^63-1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an id (a whole number)") from None
    if not 1 <= value <= MAX_ROW_ID:
        raise argparse.ArgumentTypeError(f"{text} is not an id: ids run from 1 to {MAX_ROW_ID}")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def explicit_catalogue(args: argparse.Namespace) -> str | None:
    """The catalogue the user named (--catalogue or $REVIEWER_CATALOGUE), or None for
    the default one in the data folder."""
    return getattr(args, "catalogue", None) or os.environ.get(ENV_URL) or None


def catalogue_from(args: argparse.Namespace, *, create: bool = True) -> Catalogue:
    """Open the catalogue a command works on.

    A missing catalogue is created only by a command that writes (``create``), and
    only where the user asked for it (``--create``, ``reviewer init``) or it is the
    default catalogue: a mistyped path must not become a new, empty catalogue.
    """
    named = explicit_catalogue(args)
    allowed = create and (named is None or bool(getattr(args, "create", False)))
    return open_catalogue(named, create=allowed)


def settings_for_cli() -> Settings:
    """The user's settings; a problem with the file (it was set aside) is printed once."""
    settings = load_settings()
    if settings.problem:
        print(f"warning: {settings.problem}", file=sys.stderr)
    return settings


def actor_from(args: argparse.Namespace) -> str:
    return getattr(args, "actor", None) or settings_for_cli().curator_name


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


class Cancel:
    """Ctrl-C asks the running job to stop at its next check; a second Ctrl-C aborts."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self) -> bool:
        return self.event.is_set()

    @contextmanager
    def installed(self) -> Iterator[Cancel]:
        if threading.current_thread() is not threading.main_thread():
            yield self
            return

        def handler(_sig: int, _frame: object) -> None:
            if self.event.is_set():
                raise KeyboardInterrupt
            self.event.set()
            print("\nStopping after the current step… (Ctrl-C again to abort)", file=sys.stderr)

        previous = signal.signal(signal.SIGINT, handler)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)


@contextmanager
def progress_bar(desc: str, unit: str = "img") -> Iterator[Callable[..., None]]:
    """A tqdm bar fed by ``on_progress(done, total, message)`` callbacks."""
    bar = tqdm(desc=desc, unit=unit, dynamic_ncols=True, file=sys.stderr, disable=None)

    def update(done: int, total: int, message: str = "") -> None:
        if bar.total != total:
            bar.total = total
        bar.n = done
        if message:
            bar.set_postfix_str(message[-40:], refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
