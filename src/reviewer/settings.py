"""User settings (curator name, data directory, default backbone), Qt-free.

Stored as JSON in the user's config directory so the command line and the desktop
app read the same values. ``REVIEWER_CONFIG_DIR`` and ``REVIEWER_DATA_DIR``
override the locations (tests point them at a temporary folder).
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "product-image-reviewer"


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
        self.recent_catalogues = [url] + [u for u in self.recent_catalogues if u != url]
        del self.recent_catalogues[keep:]


def settings_file() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    path = settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {k: v for k, v in raw.items() if k in Settings.__dataclass_fields__}
    return Settings(**known)


def save_settings(settings: Settings) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    tmp.replace(path)
