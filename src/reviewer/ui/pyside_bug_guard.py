"""Guard against a reference-counting bug of PySide6 6.12.0 on CPython 3.11.

PySide6 6.12.0 drops one reference to ``None`` or ``True`` on every signal
emission that passes through Python (a ``QComboBox.setCurrentIndex``, any
``Signal.emit``), as if they were immortal, which they only are from CPython 3.12.
After a few hundred emissions CPython 3.11 aborts with "Fatal Python error:
bool_dealloc / none_dealloc: deallocating True or False / None". PySide6 6.11.3 does
not do this. The real fix is in the dependencies (``pyside6-essentials !=6.12.0``
on Python < 3.12, or Python >= 3.12); until then :func:`install` gives the three
singletons so many references that the missing ones can never bring them to zero,
which is what CPython 3.12 does for every interpreter.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

AFFECTED_VERSIONS = ("6.12.0",)
PADDING = 1 << 40  # far more emissions than any session performs
_installed = False


def needed() -> bool:
    """True on CPython < 3.12 with an affected PySide6."""
    return (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and PySide6.__version__ in AFFECTED_VERSIONS
    )


def install() -> bool:
    """Pad the reference counts of None, True and False once; True when applied."""
    global _installed
    if _installed or not needed():
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        ctypes.c_ssize_t.from_address(id(singleton)).value += PADDING
    _installed = True
    return True
