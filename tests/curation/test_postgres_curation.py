"""The same store and review events from a PostgreSQL catalogue (migration 0003 there)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from reviewer.catalogue import labels
from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image
from reviewer.curation import confirmations
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.curation.review import label_review

pytestmark = pytest.mark.postgres


def test_a_postgres_catalogue_reads_the_vectors_a_sqlite_one_stored(
    pg_url: str, labelled: Catalogue, clustered_store: EmbeddingStore, tmp_path: Path
) -> None:
    stored = len(clustered_store)
    pg = open_catalogue(pg_url)
    try:
        run_import(pg, tmp_path / "made", ImportOptions(actor="t", workers=1))
        with pg.read() as session:
            shas = list(session.execute(select(Image.sha256)).scalars())
        assert clustered_store.missing(shas) == []  # found by content: nothing to compute
        with pg.read() as session:
            flipped = session.execute(
                select(Image.id).where(Image.file_name == "hat_7.png")).scalar_one()
        with pg.write() as session:
            labels.relabel(session, [flipped], "bag", actor="bob")
        top = label_review(pg, clustered_store).suspects[0]
        assert (top.image_id, top.suggested) == (flipped, "hat")
        with pg.write() as session:
            confirmations.confirm(session, [flipped], "label_error", actor="bob")
        assert flipped not in {s.image_id for s in label_review(pg, clustered_store).suspects}
        assert len(clustered_store) == stored
        vectors, have = clustered_store.vectors(shas)
        assert have.all() and np.isfinite(vectors).all()
    finally:
        pg.close()
