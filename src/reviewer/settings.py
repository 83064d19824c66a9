"""User settings (curator name, data directory, default backbone), Qt-free.

Stored as JSON in the user's config directory so the command line and the desktop
app read the same values. ``REVIEWER_CONFIG_DIR`` and ``REVIEWER_DATA_DIR``
override the locations (tests point them at a temporary folder).

The file is written with mode 0600 in a 0700 folder, and never holds a database
password (catalogue URLs are remembered without one). A file that is not what this
version writes — not JSON, the wrong shape, a wrong type, absurdly deep or large — is
moved aside (``settings.bad-<time>.json``), the defaults are used, and
``Settings.problem`` says so for the command line and the app to show.
"""

from __future__ import annotations

import getpass
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from reviewer.catalogue.credentials import url_without_password

APP_NAME = "product-image-reviewer"
MAX_SETTINGS_BYTES = 1 << 20  # a settings file is a few hundred bytes


def config_dir() -> Path:
    env = os.environ.get("REVIEWER_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME))


def default_data_dir() -> Path:
    env = os.environ.get("REVIEWER_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


@dataclass
class Settings:
    curator: str = ""
    data_dir: str = ""
    default_backbone: str = "efficientnet_lite0"
    recent_catalogues: list[str] = field(default_factory=list)
    max_import_file_mb: float = 100.0  # import refuses larger files unread
    theme: str = "system"  # the desktop app's colours: system, light or dark
    language: str = ""  # the desktop app's language ("": the system's locale)
    feature_cache_gb: float | None = None  # None: half the free space of the cache's disk
    # Not stored: what was wrong with the file this was loaded from, if anything.
    problem: str | None = field(default=None, repr=False, compare=False)

    @property
    def curator_name(self) -> str:
        """The curator name from settings, else the OS user."""
        if self.curator.strip():
            return self.curator.strip()
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else default_data_dir()

    def remember_catalogue(self, url: str, keep: int = 8) -> None:
        """Put ``url`` first in the recent catalogues, without any password it holds."""
        url = url_without_password(url)
        self.recent_catalogues = [url] + [u for u in self.recent_catalogues if u != url]
        del self.recent_catalogues[keep:]

    def stored(self) -> dict[str, Any]:
        """What goes into settings.json."""
        return {
            "curator": self.curator,
            "data_dir": self.data_dir,
            "default_backbone": self.default_backbone,
            "recent_catalogues": _without_passwords(self.recent_catalogues),
            "theme": self.theme,
            "language": self.language,
            **({"feature_cache_gb": self.feature_cache_gb}
               if self.feature_cache_gb is not None else {}),
        }


_STRING_FIELDS = ("curator", "data_dir", "default_backbone", "language")
THEMES = ("system", "light", "dark")


def _without_passwords(urls: list[str]) -> list[str]:
    clean: list[str] = []
    for url in map(url_without_password, urls):
        if url not in clean:
            clean.append(url)
    return clean


def settings_file() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    """The saved settings; defaults when there are none or the file is unusable."""
    path = settings_file()
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(problem=f"Cannot read the settings file {path} ({exc.strerror}); "
                        "using the defaults.")
    try:
        if len(data) > MAX_SETTINGS_BYTES:
            raise ValueError(f"larger than {MAX_SETTINGS_BYTES} bytes")
        settings = _validated(json.loads(data.decode("utf-8")))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeError are ValueErrors
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return Settings(problem=_set_aside(path, reason))
    if settings.stored()["recent_catalogues"] != settings.recent_catalogues:
        # Written by a version that kept passwords: take them out of the file now.
        settings.recent_catalogues = settings.stored()["recent_catalogues"]
        try:
            save_settings(settings)
        except OSError as exc:
            settings.problem = (f"Could not rewrite {path} without the database passwords "
                                f"it holds ({exc.strerror}).")
    return settings


def _validated(raw: object) -> Settings:
    if not isinstance(raw, dict):
        raise ValueError(f"expected an object of settings, found {type(raw).__name__}")
    values: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        if name in raw:
            if not isinstance(raw[name], str):
                raise ValueError(f'"{name}" should be text, found {type(raw[name]).__name__}')
            values[name] = raw[name]
    if "recent_catalogues" in raw:
        recent = raw["recent_catalogues"]
        if not isinstance(recent, list) or not all(isinstance(u, str) for u in recent):
            raise ValueError('"recent_catalogues" should be a list of text')
        values["recent_catalogues"] = recent
    if raw.get("theme") in THEMES:  # another version's theme (or shape) is ignored
        values["theme"] = raw["theme"]
    if "max_import_file_mb" in raw:
        cap = raw["max_import_file_mb"]
        if isinstance(cap, bool) or not isinstance(cap, int | float) or not cap > 0:
            raise ValueError('"max_import_file_mb" should be a number of megabytes above 0')
        values["max_import_file_mb"] = float(cap)
    if raw.get("feature_cache_gb") is not None:
        gb = raw["feature_cache_gb"]
        if isinstance(gb, bool) or not isinstance(gb, int | float) or not gb > 0:
            raise ValueError('"feature_cache_gb" should be a number of gigabytes above 0')
        values["feature_cache_gb"] = float(gb)
    return Settings(**values)  # other keys belong to other versions; ignored


def _set_aside(path: Path, reason: str) -> str:
    copy = path.with_name(f"settings.bad-{time.strftime('%Y%m%d-%H%M%S')}.json")
    try:
        path.replace(copy)
    except OSError as exc:
        return (f"The settings file {path} is not valid ({reason}) and could not be moved "
                f"aside ({exc.strerror}); using the defaults.")
    return (f"The settings file {path} was not valid ({reason}); it was moved to {copy} "
            "and the defaults are used.")


def save_settings(settings: Settings) -> None:
    """Write settings.json atomically, readable by its owner only (0600, folder 0700)."""
    path = settings_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), 0o600)  # a leftover .tmp may have had other bits
            json.dump(settings.stored(), fh, indent=2)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)

