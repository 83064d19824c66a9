"""The Map tab on made clusters: computed as a job, stable for a seed, cached; a lasso
around one cluster selects exactly its images and opens them in the review gallery."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from scipy.spatial import ConvexHull

from reviewer.analysis.catalogue_map import catalogue_map
from reviewer.analysis.projection import ProjectionParams
from reviewer.catalogue.db import Catalogue
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.ui.common.worker import Jobs
from reviewer.ui.map.map_view import MapView
from tests.curation.conftest import PER_CLASS, clustered_store, labelled  # noqa: F401


@pytest.fixture
def map_view(qtbot, labelled: Catalogue,  # noqa: F811
             clustered_store: EmbeddingStore) -> Iterator[MapView]:  # noqa: F811
    jobs = Jobs()
    widget = MapView(labelled, jobs, lambda: "alice", store=lambda: clustered_store)
    qtbot.addWidget(widget)
    widget.resize(900, 650)
    widget.show()
    yield widget
    jobs.shutdown()
    widget.shutdown()


def around(points: np.ndarray, grow: float = 1.15) -> list[tuple[float, float]]:
    hull = points[ConvexHull(points).vertices]
    centre = points.mean(axis=0)
    return [tuple(map(float, centre + (p - centre) * grow)) for p in hull]  # type: ignore[misc]


def test_lasso_over_a_made_cluster_selects_exactly_its_images(
    qtbot, map_view: MapView, labelled: Catalogue,  # noqa: F811
) -> None:
    job = map_view.compute()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=300_000):
        pass
    result = map_view.result
    assert result is not None and len(result.image_ids) == 4 * PER_CLASS
    labels = np.array(result.labels)
    for name in ("hat", "bag"):
        rows = np.flatnonzero(labels == name)
        chosen = map_view.scatter.select_polygon(around(result.xy[rows]))
        assert sorted(chosen) == sorted(result.image_ids[rows].tolist())
    # the lasso gesture itself: the view box's polygon opens the gallery with them
    rows = np.flatnonzero(labels == "shoes")
    with qtbot.waitSignal(map_view.scatter.lassoSelected) as selected:
        map_view.scatter.viewbox.lassoFinished.emit(around(result.xy[rows]))
    assert sorted(selected.args[0]) == sorted(result.image_ids[rows].tolist())
    gallery = map_view.gallery
    assert gallery is not None and gallery.model.rowCount() == PER_CLASS
    # hovering a point finds it
    vb = map_view.scatter.viewbox
    first = result.xy[0]
    scene = vb.mapViewToScene(QPointF(float(first[0]), float(first[1])))
    assert map_view.scatter.point_at(scene) in result.image_ids.tolist()
    # colour by split and by correct (no run: "not evaluated") without recomputing
    map_view.colouring.setCurrentText("correct")
    assert set(map_view.scatter.values) == {"(not evaluated)"}


def test_map_is_stable_for_a_seed_and_cached(
    labelled: Catalogue, clustered_store: EmbeddingStore,  # noqa: F811
) -> None:
    params = ProjectionParams(method="pacmap", seed=3)
    first = catalogue_map(labelled, clustered_store, params, use_cache=False)
    second = catalogue_map(labelled, clustered_store, params, use_cache=False)
    np.testing.assert_array_equal(first.xy, second.xy)
    cached = catalogue_map(labelled, clustered_store, params)
    assert cached.from_cache
    np.testing.assert_array_equal(cached.xy, first.xy)
    other = catalogue_map(labelled, clustered_store, ProjectionParams(method="pacmap", seed=4))
    assert not other.from_cache
