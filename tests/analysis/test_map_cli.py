"""`reviewer map --json --out` on made clusters: one object per embedded image, a PNG."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from reviewer.catalogue.db import Catalogue
from reviewer.cli import main
from reviewer.curation.embedding_store import EmbeddingStore
from tests.curation.conftest import CLASSES, PER_CLASS, clustered_store, labelled  # noqa: F401


def test_map_command_prints_points_and_draws_them(
    labelled: Catalogue, clustered_store: EmbeddingStore,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    import reviewer.curation.embed as embed

    monkeypatch.setattr(embed, "default_store", lambda: clustered_store)
    out = tmp_path / "map.png"
    assert main(["--catalogue", labelled.url, "map", "--json", "--out", str(out),
                 "--colour", "label"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(CLASSES) * PER_CLASS
    assert {"image_id", "x", "y", "label"} <= set(rows[0])
    assert {r["label"] for r in rows} == set(CLASSES)
    assert Image.open(out).size[0] > 500
    # the second time comes from the cache, with the same coordinates
    assert main(["--catalogue", labelled.url, "map"]) == 0
    assert "from the cache" in capsys.readouterr().out
