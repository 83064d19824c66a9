"""What the command does with a bug: a one-line message naming a log file that holds
the traceback, and its own exit code (70, EX_SOFTWARE), never 1 (which says "done,
some files refused") and never a traceback on the terminal.

Imported before anything heavy, so it works however early a command fails.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime

EXIT_BUG = 70


def report_bug(exc: BaseException) -> int:
    from reviewer.settings import default_data_dir

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log = default_data_dir() / "logs" / f"crash-{stamp}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(exc))
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"reviewer {' '.join(sys.argv[1:])}\n\n{text}", encoding="utf-8")
        where = f"the details are in {log}"
    except OSError:
        where = "the details could not be written to a log file"
    print(f"error: an internal error stopped the command ({type(exc).__name__}: {exc}); "
          f"{where}. Please report it with that file; nothing you gave was at fault.",
          file=sys.stderr)
    return EXIT_BUG
