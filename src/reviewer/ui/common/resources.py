"""The files under ``resources/``: the application icon and the style sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

# src/reviewer/ui/common/resources.py → the repository's resources/ folder.
RESOURCES = Path(__file__).resolve().parents[4] / "resources"


def resource_path(name: str) -> Path:
    return RESOURCES / name


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
