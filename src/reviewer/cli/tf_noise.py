"""Keep TensorFlow's and CUDA's start-up chatter out of the command line's output.

TensorFlow writes through C++ logging before Python can configure anything ("All log
messages before absl::InitializeLog()...", "Could not find cuda drivers...", "failed
call to cuInit"). Unless ``--verbose``: ``TF_CPP_MIN_LOG_LEVEL=3`` (a value the user set
wins), stderr pointed at /dev/null while ``import tensorflow`` runs (wherever that import
happens, through an import hook), and the Python-side ``tensorflow`` / absl loggers set
to errors only. A failing import still raises its exception, which is printed as usual.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType

NOISY = "tensorflow"


def quiet_tensorflow(verbose: bool = False) -> None:
    """Hide the start-up noise of a later ``import tensorflow`` (unless ``verbose``)."""
    if verbose:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "0")
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    if NOISY in sys.modules:
        _quiet_python_loggers()
        return
    if not any(isinstance(f, _QuietImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _QuietImport())


@contextlib.contextmanager
def stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null (C++ logging writes there, not sys.stderr)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (embedded): nothing to silence
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _quiet_python_loggers() -> None:
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    with contextlib.suppress(ImportError):
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)


class _QuietImport(importlib.abc.MetaPathFinder):
    """Runs the first ``import tensorflow`` with stderr silenced, then steps aside."""

    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name != NOISY:
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            with stderr_silenced():
                run(module)
            _quiet_python_loggers()

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec
