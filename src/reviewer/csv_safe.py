"""Neutralise spreadsheet formula injection in CSV cells.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
can be run as a formula when the CSV is opened in a spreadsheet (OWASP "CSV
injection"). Such text gets a leading single quote; anything else is returned as is.
"""

from __future__ import annotations

from typing import TypeVar, overload

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_T = TypeVar("_T")


@overload
def safe_cell(value: str) -> str: ...


@overload
def safe_cell(value: _T) -> _T: ...


def safe_cell(value: object) -> object:
    """Return ``value`` made safe for a spreadsheet cell; only ``str`` values change."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values: list[object]) -> list[object]:
    """Apply :func:`safe_cell` to every cell of one row."""
    return [safe_cell(value) for value in values]
