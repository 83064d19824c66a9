"""Where the files shipped beside the code live: the icon, the style sheet, the demo set.

In a checkout they are the repository's ``resources/`` folder; the wheel (and the
desktop bundle built from it) carries the same folder inside the package as
``reviewer/resources/`` (``setup.py`` copies it in). Both are found through
:mod:`importlib.resources`, so no path is assumed relative to a repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE_FOLDER = "resources"


def resources_root() -> Path:
    """The shipped resources folder: inside the installed package when it is there
    (a wheel, the bundle), else the checkout's ``resources/`` (an editable install)."""
    package = Path(str(resources.files("reviewer")))
    installed = package / PACKAGE_FOLDER
    if installed.is_dir():
        return installed
    return package.resolve().parents[1] / PACKAGE_FOLDER


def resource_path(name: str) -> Path:
    """A file or folder under the shipped resources (it may not exist)."""
    return resources_root() / name
