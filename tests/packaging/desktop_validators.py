"""desktop-file-validate and appstreamcli validate, as the packaging tests call them: a
skip where they are not installed, a failure where REVIEWER_TEST_PACKAGING is set (CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("REVIEWER_TEST_PACKAGING"):
            pytest.fail(f"{name} is missing (apt-get install desktop-file-utils appstream)")
        pytest.skip(f"{name} is not installed")
    return path


def validate_desktop_entry(path: Path) -> None:
    out = subprocess.run([_tool("desktop-file-validate"), str(path)], capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


def validate_metainfo(path: Path) -> None:
    out = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(path)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
