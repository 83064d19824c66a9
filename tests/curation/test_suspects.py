from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from reviewer.catalogue import labels
from reviewer.catalogue.db import Catalogue
from reviewer.cli import main
from reviewer.curation import confirmations
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.curation.review import label_review


def test_a_flipped_label_is_ranked_first_with_its_true_category_suggested(
    labelled: Catalogue, clustered_store: EmbeddingStore, image_id_of: Callable[[str], int]
) -> None:
    flipped = image_id_of("shoes_3.png")
    with labelled.write() as session:
        labels.relabel(session, [flipped], "hat", actor="someone")
    analysis = label_review(labelled, clustered_store)
    top = analysis.suspects[0]
    assert (top.image_id, top.label, top.suggested) == (flipped, "hat", "shoes")
    assert top.score < 0.5 and "shoes" in top.why
    assert analysis.ranked_image_ids()[0] == flipped
    assert len(analysis.suspects) <= 3  # clean clusters: few other suspicions
    assert {(p.a, p.b) for p in analysis.pairs} >= {("hat", "shoes")} or any(
        {p.a, p.b} == {"hat", "shoes"} for p in analysis.pairs)


def test_a_confirmed_image_is_not_suggested_again_until_its_label_changes(
    labelled: Catalogue, clustered_store: EmbeddingStore, image_id_of: Callable[[str], int]
) -> None:
    flipped = image_id_of("bag_5.png")
    with labelled.write() as session:
        labels.relabel(session, [flipped], "dress", actor="someone")
    assert label_review(labelled, clustered_store).suspects[0].image_id == flipped
    with labelled.write() as session:  # "it really is a dress": remembered as an event
        confirmations.confirm(session, [flipped], "label_error", actor="curator")
    assert flipped not in {s.image_id for s in label_review(labelled, clustered_store).suspects}
    with labelled.write() as session:  # a later relabel makes the confirmation stale
        labels.relabel(session, [flipped], "hat", actor="someone")
    assert label_review(labelled, clustered_store).suspects[0].image_id == flipped
    with labelled.write() as session:
        confirmations.confirm(session, [flipped], "label_error", actor="curator")
        confirmations.reopen(session, [flipped], "label_error", actor="curator")
    assert label_review(labelled, clustered_store).suspects[0].image_id == flipped


def test_an_image_no_category_explains_is_an_outlier(
    labelled: Catalogue, clustered_store: EmbeddingStore, image_id_of: Callable[[str], int],
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    import numpy as np
    from sqlalchemy import select

    from reviewer.catalogue.importer import ImportOptions, run_import
    from reviewer.catalogue.schema import Image

    # Overwrite nothing: a new picture whose vector sits between no cluster at all.
    from tests.curation.conftest import noise_picture

    noise_picture(tmp_path / "odd" / "hat" / "odd.png", seed=9999)
    run_import(labelled, tmp_path / "odd", ImportOptions(actor="t", workers=1))
    with labelled.read() as session:
        sha = session.execute(select(Image.sha256).where(Image.file_name == "odd.png")).scalar_one()
    with clustered_store.writer() as w:
        w.add([sha], -np.ones((1, clustered_store.dim)) * 5)
    outliers = label_review(labelled, clustered_store).outliers
    assert outliers and outliers[0].image_id == image_id_of("odd.png")
    with labelled.write() as session:
        confirmations.confirm(session, [outliers[0].image_id], "outlier", actor="c")
    assert image_id_of("odd.png") not in {
        o.image_id for o in label_review(labelled, clustered_store).outliers}


def test_cli_suspects_json_and_confirm(
    labelled: Catalogue, clustered_store: EmbeddingStore, image_id_of: Callable[[str], int],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reviewer.curation.review as review

    monkeypatch.setattr(review, "default_store", lambda: clustered_store)
    flipped = image_id_of("dress_2.png")
    url = labelled.url
    assert main(["--catalogue", url, "label", str(flipped), "--to", "bag"]) == 0
    capsys.readouterr()
    assert main(["--catalogue", url, "suspects", "--limit", "2", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0] == {**items[0], "image_id": flipped, "file_name": "dress_2.png",
                        "label": "bag", "suggested": "dress"}
    assert set(items[0]) >= {"image_id", "file_name", "label", "suggested", "score"}
    assert len(items) <= 2
    assert main(["--catalogue", url, "confirm", str(flipped), "--as", "ann"]) == 0
    capsys.readouterr()
    assert main(["--catalogue", url, "suspects", "--json"]) == 0
    assert flipped not in {i["image_id"] for i in json.loads(capsys.readouterr().out)}
    assert main(["--catalogue", url, "confirm", "99999"]) == 3  # not found
