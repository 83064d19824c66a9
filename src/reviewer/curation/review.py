"""The curation queues over a catalogue, as the command line and the desktop app use
them: load the embedded images, leave out what curators confirmed, analyse."""

from __future__ import annotations

from reviewer.catalogue.db import Catalogue
from reviewer.curation import confirmations
from reviewer.curation.catalogue_vectors import CatalogueVectors, load_vectors
from reviewer.curation.duplicates import DuplicateGroup, Neighbour, duplicate_groups, more_like_this
from reviewer.curation.embed import default_store
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.curation.suspects import Analysis, analyse
from reviewer.progress import ProgressFn, StopFn


def catalogue_vectors(catalogue: Catalogue, store: EmbeddingStore | None = None
                      ) -> CatalogueVectors:
    return load_vectors(catalogue, default_store() if store is None else store)


def label_review(catalogue: Catalogue, store: EmbeddingStore | None = None, *,
                 data: CatalogueVectors | None = None, on_progress: ProgressFn | None = None,
                 should_stop: StopFn | None = None) -> Analysis:
    """Suspected label errors, outliers and confusable pairs, confirmed images left out."""
    data = catalogue_vectors(catalogue, store) if data is None else data
    with catalogue.read() as session:
        confirmed_labels = confirmations.confirmed_ids(session, "label_error")
        confirmed_outliers = confirmations.confirmed_ids(session, "outlier")
    return analyse(data, exclude_label_errors=confirmed_labels,
                   exclude_outliers=confirmed_outliers, on_progress=on_progress,
                   should_stop=should_stop)


def duplicate_review(catalogue: Catalogue, store: EmbeddingStore | None = None, *,
                     across_splits: bool = False, data: CatalogueVectors | None = None,
                     on_progress: ProgressFn | None = None) -> list[DuplicateGroup]:
    """Near-duplicate groups (or only those across splits), confirmed groups left out."""
    data = catalogue_vectors(catalogue, store) if data is None else data
    kind = "leak" if across_splits else "duplicate"
    with catalogue.read() as session:
        confirmed = confirmations.confirmed_ids(session, kind)
    return duplicate_groups(data, across_splits=across_splits, exclude=confirmed,
                            on_progress=on_progress)


def similar(catalogue: Catalogue, image_id: int, k: int = 20,
            store: EmbeddingStore | None = None, *, data: CatalogueVectors | None = None
            ) -> list[Neighbour]:
    data = catalogue_vectors(catalogue, store) if data is None else data
    return more_like_this(data, image_id, k)
