"""The Review tab on made data: a flipped label tops the suspects queue, the gallery's
keys relabel and confirm (remembered), and "more like this" opens the neighbours."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt

from reviewer.catalogue import labels
from reviewer.catalogue.db import Catalogue
from reviewer.curation import confirmations
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.ui.common.worker import Jobs
from reviewer.ui.review.review_view import ReviewView
from tests.curation.conftest import clustered_store, image_id_of, labelled  # noqa: F401


@pytest.fixture
def review(qtbot, labelled: Catalogue, clustered_store: EmbeddingStore,  # noqa: F811
           monkeypatch: pytest.MonkeyPatch) -> Iterator[ReviewView]:
    import reviewer.curation.review as curation_review

    monkeypatch.setattr(curation_review, "default_store", lambda: clustered_store)
    jobs = Jobs()
    widget = ReviewView(labelled, jobs, lambda: "alice")
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    yield widget
    jobs.shutdown()
    widget.shutdown()


def find(qtbot, review: ReviewView) -> None:  # type: ignore[no-untyped-def]
    review.find_suspects()
    assert review.job is not None
    with qtbot.waitSignal(review.job.finished, timeout=120_000):
        pass


def test_flipped_label_tops_the_queue_and_confirming_is_remembered(
    qtbot, qtmodeltester, review: ReviewView, labelled: Catalogue,  # noqa: F811
    image_id_of: Callable[[str], int],  # noqa: F811
) -> None:
    flipped = image_id_of("shoes_4.png")
    with labelled.write() as session:
        labels.relabel(session, [flipped], "bag", actor="someone")
    find(qtbot, review)
    queues = review.queue_list()
    assert [q.kind for q in queues] == ["label_error", "outlier", "duplicate", "leak"]
    assert queues[0].entries[0].image_id == flipped
    assert queues[0].entries[0].other == "shoes"
    assert review.queues.count() == 4 and "Suspected label errors" in review.queues.item(0).text()

    review.queues.setCurrentRow(0)
    review.open_button.click()
    gallery = review.gallery
    assert gallery is not None
    qtbot.waitExposed(gallery)
    qtmodeltester.check(gallery.model)
    assert gallery.model.item(0).image_id == flipped
    assert "shoes" in gallery.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    gallery.grid.setFocus()
    qtbot.keyClick(gallery.grid, Qt.Key.Key_C)  # "the label is right"
    with labelled.read() as session:
        assert flipped in confirmations.confirmed_ids(session, "label_error")
    assert gallery.model.item(0).reviewed

    find(qtbot, review)
    assert flipped not in {e.image_id for e in review.queue_list()[0].entries}


def test_relabel_from_the_queue_and_more_like_this(
    qtbot, review: ReviewView, labelled: Catalogue,  # noqa: F811
    image_id_of: Callable[[str], int],  # noqa: F811
) -> None:
    flipped = image_id_of("hat_2.png")
    with labelled.write() as session:
        labels.relabel(session, [flipped], "dress", actor="someone")
    find(qtbot, review)
    gallery = review.open_queue(review.queue_list()[0])
    qtbot.waitExposed(gallery)
    slot = next(i for i, c in enumerate(gallery.labeller.key_categories) if c.name == "hat")
    with qtbot.waitSignal(review.labelsChanged, timeout=10_000):
        gallery.label_with_slot(slot)  # what the number key for "hat" does
    with labelled.read() as session:
        from reviewer.catalogue.schema import Image

        assert session.get(Image, flipped).category_id is not None
        assert gallery.model.category_name(gallery.model.item(0).row) == "hat"

    review.more_like_this(image_id_of("bag_1.png"), "bag_1.png", k=5)
    assert gallery.queue is not None and gallery.queue.kind == "similar"
    assert gallery.model.rowCount() == 5
    bags = [gallery.model.category_name(gallery.model.item(r).row) for r in range(5)]
    assert bags.count("bag") >= 4  # the clusters: neighbours share the category


def test_compute_embeddings_runs_as_a_cancellable_job(
    qtbot, review: ReviewView, labelled: Catalogue, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    import reviewer.curation.embed as embed

    tiny = embed.lite0_embedder(weights=None, input_size=32)
    store = tiny.store(tmp_path / "emb-ui")
    monkeypatch.setattr(embed, "lite0_embedder", lambda: tiny)
    monkeypatch.setattr(tiny, "store", lambda root=None: store)
    review.embed()
    assert review.job is not None and not review.embed_button.isEnabled()
    with qtbot.waitSignal(review.job.finished, timeout=120_000):
        pass
    assert len(store) == 60
    assert "60 image(s) embedded now" in review.status.text()
    assert review.embed_button.isEnabled()
