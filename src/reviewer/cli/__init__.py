"""The ``reviewer`` command line. With no subcommand it opens the desktop app.

Keep this module's own imports light: the ``reviewer`` console script is
``from reviewer.cli import main``, and every import worker process (spawned, see
``catalogue.importer``) runs that line again before its first file. The commands
(SQLAlchemy, the schema, tqdm; TensorFlow only when a training command runs) are
imported when the parser is built.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence

from reviewer import __version__
from reviewer.errors import CancelledError, UserError

EXIT_CANCELLED = 130


def build_parser() -> argparse.ArgumentParser:
    from reviewer.cli import catalogue_commands

    parser = argparse.ArgumentParser(
        prog="reviewer",
        description="Product Image Reviewer: import, label, split and export product images; "
        "train and evaluate classifiers. Run without a subcommand to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--catalogue",
        metavar="URL",
        help="catalogue file or SQLAlchemy URL (default: $REVIEWER_CATALOGUE, else "
        "catalogue.sqlite in your data folder)",
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help="create the catalogue named by --catalogue if it does not exist (without it, "
        "only the default catalogue is created on first use)",
    )
    parser.add_argument(
        "--verbose", action="store_true",
        help="show TensorFlow's and CUDA's start-up messages (hidden by default)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    catalogue_commands.register(sub)
    try:
        from reviewer.cli import training_commands
    except ImportError:  # pragma: no cover - the training engine is optional at import time
        pass
    else:
        training_commands.register(sub)
    from reviewer.cli import moderation_commands

    moderation_commands.register(sub)
    from reviewer.cli import curation_commands

    curation_commands.register(sub)
    from reviewer.cli import suggestion_commands

    suggestion_commands.register(sub)
    from reviewer.cli import analysis_commands

    analysis_commands.register(sub)
    gui = sub.add_parser("gui", help="open the desktop app", description="Open the desktop app.")
    gui.add_argument("catalogue_path", nargs="?", metavar="CATALOGUE", help="catalogue to open")
    gui.add_argument("--screenshot", metavar="PNG",
                     help="check an installation: open the catalogue, wait for the visible "
                     "thumbnails, save the window as PNG, print what it shows, and quit")
    gui.set_defaults(func=_gui)
    return parser


def _gui(args: argparse.Namespace) -> int:
    from reviewer.cli.common import fail

    try:
        from reviewer.ui.app import run_app
    except ImportError as exc:
        return fail(
            UserError(
                f"The desktop app cannot start: {exc}.",
                hint="Install the app with `make setup` (it brings PySide6), or use the "
                "subcommands: `reviewer --help`.",
            )
        )
    catalogue = getattr(args, "catalogue_path", None) or args.catalogue
    if getattr(args, "screenshot", None):
        if not catalogue:
            return fail(UserError("--screenshot needs a catalogue.",
                                  hint="reviewer gui CATALOGUE --screenshot OUT.png"))
        from reviewer.ui.common.screenshot import main as screenshot

        return screenshot([catalogue, args.screenshot])
    return run_app(catalogue)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # A second Ctrl-C that lands while the first is being handled (before the
        # immediate-exit handler is in place): end now, never with a traceback.
        if argv is None:
            os._exit(EXIT_CANCELLED)
        raise


def _main(argv: Sequence[str] | None) -> int:
    from reviewer.cli.crash import report_bug
    from reviewer.cli.tf_noise import quiet_tensorflow

    code = EXIT_CANCELLED
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        quiet_tensorflow(args.verbose)
        func = getattr(args, "func", None) or _gui
        code = int(func(args) or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = exc.exit_code
    except CancelledError:
        print("Cancelled.", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # a bug: its own exit code, the traceback in a log file
        code = report_bug(exc)
    if argv is None:  # the console script, not a caller inside another program
        _exit_now_on_ctrl_c(code)
    return code


def _exit_now_on_ctrl_c(code: int) -> None:
    """The command is done; what is left is the interpreter's own shutdown (joining
    threads, flushing files). A Ctrl-C that arrives now (the second of a double
    Ctrl-C, say) ends the process at once instead of breaking that shutdown with a
    traceback."""
    if threading.current_thread() is not threading.main_thread():
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()

    def now(_sig: int, _frame: object) -> None:
        os._exit(code if code else EXIT_CANCELLED)

    signal.signal(signal.SIGINT, now)
