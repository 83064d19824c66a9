"""The same catalogue code on PostgreSQL: migrations, import, labels, undo, splits."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.catalogue import labels, splits
from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.migrate import current_revision, head_revision
from reviewer.catalogue.queries import ImageFilter, count_images, page_images, totals

pytestmark = pytest.mark.postgres


def test_full_round_on_postgresql(pg_url: str, category_folder: Path) -> None:
    cat = open_catalogue(pg_url)
    assert current_revision(cat.engine) == head_revision()
    report = run_import(cat, category_folder, ImportOptions(actor="t", workers=1))
    assert report.added == 16
    again = run_import(cat, category_folder, ImportOptions(actor="t", workers=1))
    assert again.already_present == 16
    with cat.write() as s:
        labels.relabel(s, [1, 2, 3], "shoes", actor="alice")
    with cat.write() as s:
        labels.undo(s, actor="alice")
    result = splits.make_splits(cat, splits.SplitConfig(seed=1))
    assert sum(result.assigned.values()) == 16
    with cat.read() as s:
        assert labels.inconsistent_images(s) == []
        assert totals(s)["images"] == 16
        first = page_images(s, ImageFilter(split="train"), limit=3)
        assert len(first) == 3
        assert count_images(s, ImageFilter(split="train")) == result.assigned["train"]
    cat.close()
