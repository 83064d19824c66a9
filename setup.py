"""Everything about the project is in pyproject.toml; this file only adds one build step:
the repository's ``resources/`` folder (icons, style sheet, demo set, desktop entry)
is copied into the wheel as ``reviewer/resources/``, where
``reviewer.shipped_resources`` finds it once installed. An editable install
(``pip install -e``, what dev.sh does) keeps reading ``resources/`` in the checkout."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not RESOURCES.is_dir():
            raise SystemExit(f"resources/ is missing beside setup.py ({RESOURCES})")
        target = Path(self.build_lib) / "reviewer" / "resources"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithResources})
