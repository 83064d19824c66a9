from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import update

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image as ImageRow
from reviewer.cli import main
from reviewer.curation import confirmations
from reviewer.curation.embed import embed_catalogue, lite0_embedder
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.curation.review import duplicate_review, similar
from tests.curation.conftest import noise_picture


@pytest.fixture
def with_copies(labelled: Catalogue, tmp_path: Path) -> tuple[Catalogue, EmbeddingStore]:
    """The made catalogue plus an exact copy (same pixels, PNG → re-saved with other
    bytes) and a half-size copy of hat_0, embedded with Lite0 (ImageNet weights, 64 px)."""
    original = tmp_path / "made" / "hat" / "hat_0.png"
    copies = tmp_path / "copies" / "hat"
    copies.mkdir(parents=True)
    img = Image.open(original)
    img.save(copies / "hat_0_copy.bmp")  # the same pixels, other bytes
    img.resize((32, 32), Image.Resampling.LANCZOS).save(copies / "hat_0_small.jpg", quality=92)
    noise_picture(copies / "hat_other.png", seed=4242)  # just another picture
    run_import(labelled, tmp_path / "copies", ImportOptions(actor="t", workers=1))
    embedder = lite0_embedder(weights="imagenet", input_size=64)
    store = embedder.store(tmp_path / "emb")
    embed_catalogue(labelled, embedder, store=store)
    return labelled, store


def test_an_exact_and_a_resized_copy_are_grouped(
    with_copies: tuple[Catalogue, EmbeddingStore], image_id_of: Callable[[str], int]
) -> None:
    catalogue, store = with_copies
    groups = duplicate_review(catalogue, store)
    assert len(groups) == 1  # look-alikes by embedding; the hash decides
    names = {m.file_name for m in groups[0].members}
    assert names == {"hat_0.png", "hat_0_copy.bmp", "hat_0_small.jpg"}
    assert groups[0].hamming <= 10
    # "More like this": the copies come first.
    near = similar(catalogue, image_id_of("hat_0.png"), k=5, store=store)
    assert {n.file_name for n in near[:2]} == {"hat_0_copy.bmp", "hat_0_small.jpg"}
    assert near[0].similarity >= near[-1].similarity


def test_the_leak_report_finds_a_copy_planted_across_splits(
    with_copies: tuple[Catalogue, EmbeddingStore], image_id_of: Callable[[str], int],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalogue, store = with_copies
    with catalogue.write() as session:
        session.execute(update(ImageRow).values(split="train"))
        session.execute(update(ImageRow).where(ImageRow.id == image_id_of("hat_0_small.jpg"))
                        .values(split="test"))
    leaks = duplicate_review(catalogue, store, across_splits=True)
    assert len(leaks) == 1 and leaks[0].splits == {"train", "test"}
    assert image_id_of("hat_0_small.jpg") in {m.image_id for m in leaks[0].members}

    import reviewer.curation.review as review

    monkeypatch.setattr(review, "default_store", lambda: store)
    assert main(["--catalogue", catalogue.url, "duplicates", "--across-splits", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out[0]["across_splits"] and len(out[0]["members"]) == 3
    assert main(["--catalogue", catalogue.url, "similar", str(image_id_of("hat_0.png")),
                 "--k", "2", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2

    # Confirming "not a leak" for its members clears it.
    with catalogue.write() as session:
        confirmations.confirm(session, [m.image_id for m in leaks[0].members], "leak",
                              actor="c")
    assert duplicate_review(catalogue, store, across_splits=True) == []
    assert main(["--catalogue", catalogue.url, "duplicates", "--across-splits"]) == 0
