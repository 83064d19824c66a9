"""The files under ``resources/``: the application icon and the style sheet (found in a
checkout and in an installed wheel or bundle alike, see :mod:`reviewer.shipped_resources`)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from reviewer.shipped_resources import resource_path

__all__ = ["app_icon", "resource_path", "style_sheet"]


def app_icon() -> QIcon:
    """The window icon; an empty icon when the resources are not installed."""
    path = resource_path("icons/product-image-reviewer.svg")
    return QIcon(str(path)) if path.exists() else QIcon()


def style_sheet() -> str:
    """The application style sheet (empty when missing: the platform style stays)."""
    path = resource_path("style.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
