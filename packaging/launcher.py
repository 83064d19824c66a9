"""The bundle's one executable: ``reviewer`` with the console script's behaviour.

Two things a frozen program must do that ``python -m`` and the console script get for
free: hand a spawned worker process (the importer's) to multiprocessing, and run
``reviewer -m reviewer.some.module`` the way ``python -m`` would (the app starts its
device probe that way, with ``sys.executable`` being this executable).
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def run() -> int:
    multiprocessing.freeze_support()
    if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2].startswith("reviewer."):
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from reviewer.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
