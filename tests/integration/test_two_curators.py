"""Two curators in two processes change the same image at the same moment: exactly one
wins, the other gets a clear conflict message, and no update is lost silently.
Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer.catalogue import labels
from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image, LabelEvent
from reviewer.errors import ConflictError


def _curator(url: str, actor: str, category: str, version: int, barrier, results) -> None:  # type: ignore[no-untyped-def]
    cat = open_catalogue(url)
    barrier.wait(timeout=30)
    try:
        with cat.write() as s:
            labels.relabel(s, [1], category, actor=actor, expected_versions={1: version})
        results.put((actor, "ok"))
    except ConflictError as exc:
        results.put((actor, str(exc)))
    finally:
        cat.close()


def _race(url: str, category_folder: Path) -> None:
    cat = open_catalogue(url)
    run_import(cat, category_folder, ImportOptions(actor="importer", workers=1))
    with cat.read() as s:
        version = s.scalar(select(Image.version).where(Image.id == 1))
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_curator, args=(url, actor, category, version, barrier, results))
        for actor, category in (("alice", "shoes"), ("bob", "jacket"))
    ]
    for p in procs:
        p.start()
    outcome = dict(results.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    winners = [a for a, r in outcome.items() if r == "ok"]
    losers = [a for a, r in outcome.items() if r != "ok"]
    assert len(winners) == 1 and len(losers) == 1, outcome
    assert "Your change was not applied" in outcome[losers[0]]
    assert f"{winners[0]} changed it to" in outcome[losers[0]]
    with cat.read() as s:
        events = s.scalars(select(LabelEvent).where(LabelEvent.image_id == 1,
                                                    LabelEvent.source == "curator")).all()
        assert [e.actor for e in events] == winners
        assert labels.inconsistent_images(s) == []
    cat.close()


def test_two_processes_on_sqlite(tmp_path: Path, category_folder: Path) -> None:
    _race(f"sqlite:///{tmp_path / 'shared.sqlite'}", category_folder)


@pytest.mark.postgres
def test_two_processes_on_postgresql(pg_url: str, category_folder: Path) -> None:
    _race(pg_url, category_folder)
