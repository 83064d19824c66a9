"""Suggestions on a PostgreSQL catalogue (migration 0006 there): refresh, the sorted page
(a join on the suggestions table), bulk accept as one step, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer.catalogue import labels, suggestions
from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.queries import ImageFilter, page_images, position_of
from reviewer.catalogue.schema import Image, LabelEvent
from reviewer.curation import suggest
from reviewer.curation.embedding_store import EmbeddingStore

pytestmark = pytest.mark.postgres


def test_suggestions_sort_accept_and_undo_on_postgres(
    pg_url: str, labelled: Catalogue, clustered_store: EmbeddingStore, tmp_path: Path
) -> None:
    pg = open_catalogue(pg_url)
    try:
        run_import(pg, tmp_path / "made", ImportOptions(actor="t", workers=1))
        with pg.write() as session:
            hidden = list(session.scalars(select(Image.id).where(
                Image.file_name.like("%\\_1_.png", escape="\\")).order_by(Image.id)))
            labels.relabel(session, hidden, None, actor="setup")
        done = suggest.refresh(pg, store=clustered_store)
        assert done.stored == len(hidden) > 0
        flt = ImageFilter(category_ids=(-1,))
        with pg.read() as session:
            useful = page_images(session, flt, sort="most_useful", limit=100)
            assert sorted(r.useful_rank or 0 for r in useful) == [r.useful_rank for r in useful]
            assert {r.id for r in useful} == set(hidden)
            second = page_images(session, flt, sort="most_useful", limit=100,
                                 after=(useful[0].useful_rank, useful[0].id))
            assert [r.id for r in second] == [r.id for r in useful[1:]]
            assert position_of(session, flt, useful[-1].id, sort="most_useful") == len(hidden) - 1
            easiest = page_images(session, flt, sort="easiest", limit=100, descending=True)
            assert [r.easy_rank for r in easiest] == list(range(len(hidden) - 1, -1, -1))
        with pg.write() as session:
            result = suggestions.accept(session, actor="bob", shown=flt, min_confidence=0.0)
        assert result.changed == len(hidden)
        with pg.read() as session:
            sources = set(session.scalars(select(LabelEvent.source)
                                          .where(LabelEvent.batch_id == result.batch_id)))
            assert sources == {"suggestion"}
            assert suggestions.bulk_accepted_ids(session) == set(hidden)
        with pg.write() as session:
            step = labels.undo(session, actor="bob")
        assert step.complete and step.reverted == len(hidden)
        with pg.read() as session:
            assert set(session.scalars(select(Image.id).where(
                Image.category_id.is_(None)))) == set(hidden)
    finally:
        pg.close()
