"""Suggestions in the grid: an unlabelled tile shows its suggestion, Enter / A accept,
number keys still override, "Accept all shown above 95 %" asks (count and measured
precision) and is one undo step, the sorts read the suggestions' ranks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem
from sqlalchemy import select

from reviewer.catalogue import suggestions
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Image, LabelEvent, Suggestion
from reviewer.curation import suggest
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.ui.catalogue.accept_confirm import accept_question
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from reviewer.ui.grid.image_grid_model import SuggestionRole
from tests.curation.conftest import clustered_store, labelled  # noqa: F401 (fixtures)
from tests.curation.test_suggestions import half_labelled  # noqa: F401 (fixture)
from tests.ui.conftest import CURATOR
from tests.ui.helpers import db_labels, select_rows


@pytest.fixture
def suggested_view(qtbot, half_labelled: Catalogue,  # noqa: F811
                   clustered_store: EmbeddingStore) -> Iterator[CatalogueView]:  # noqa: F811
    suggest.refresh(half_labelled, store=clustered_store)
    widget = CatalogueView(half_labelled, lambda: CURATOR)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.filter_bar.category_combo.setCurrentIndex(1)  # (no category)
    widget.apply_filter()
    yield widget
    widget.shutdown()


def stored(catalogue: Catalogue) -> dict[int, tuple[int, float]]:
    with catalogue.read() as session:
        return {int(i): (int(c), float(p)) for i, c, p in session.execute(
            select(Suggestion.image_id, Suggestion.category_id, Suggestion.confidence))}


def names(catalogue: Catalogue) -> dict[int, str]:
    from reviewer.catalogue.categories import category_names

    with catalogue.read() as session:
        return category_names(session)


def test_an_unlabelled_tile_shows_its_suggestion_and_confidence(
        suggested_view: CatalogueView) -> None:
    view = suggested_view
    model = view.model
    assert model.rowCount() == 20
    row = model.row_at(0)
    category_id, confidence = stored(view.catalogue)[row.id]
    text = model.index(0).data(SuggestionRole)
    assert text == f"{names(view.catalogue)[category_id]} {min(99, int(confidence * 100 + 1e-9))} %"
    assert "100 %" not in text
    assert text in model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    select_rows(view, [0])
    view._update_detail()
    assert f"suggested: {text}" in view.detail._fields["Category"].text()
    # The delegate paints it (a tile with a suggestion differs from one without).
    option = QStyleOptionViewItem()
    option.initFrom(view.grid)
    option.rect = view.grid.visualRect(model.index(0))
    option.rect.moveTo(0, 0)

    def drawn(label: tuple[str | None, str | None]) -> QImage:
        image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        view.delegate._paint_content(painter, option, row, label, None)
        painter.end()
        return image

    assert drawn((None, text)) != drawn((None, None))


def test_enter_accepts_the_suggestion_a_number_key_overrides_and_undo_reverts(
        qtbot, suggested_view: CatalogueView) -> None:
    view = suggested_view
    catalogue = view.catalogue
    suggested = stored(catalogue)
    category = names(catalogue)
    view.apply_filter()
    first, second, third = (view.model.row_at(r).id for r in range(3))
    select_rows(view, [0])
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    assert db_labels(catalogue)[first] == (category[suggested[first][0]], False)
    assert view.grid.currentIndex().row() == 1, "advances to the next image"
    qtbot.keyClick(view.grid, Qt.Key.Key_A)
    assert db_labels(catalogue)[second] == (category[suggested[second][0]], False)
    qtbot.keyClick(view.grid, Qt.Key.Key_1)  # the number key still labels as the first
    assert db_labels(catalogue)[third][0] == view.labeller.key_categories[0].name
    with catalogue.read() as session:
        sources = dict(session.execute(select(LabelEvent.image_id, LabelEvent.source)
                                       .where(LabelEvent.image_id.in_([first, second, third]))
                                       .order_by(LabelEvent.id)).all())
    assert sources == {first: "suggestion", second: "suggestion", third: "curator"}
    view.undo()
    view.undo()
    assert db_labels(catalogue)[second] == (None, False)
    assert db_labels(catalogue)[first] != (None, False)
    view.undo()
    assert db_labels(catalogue)[first] == (None, False)


def test_accept_all_shown_asks_with_count_and_precision_and_is_one_undo_step(
        suggested_view: CatalogueView) -> None:
    view = suggested_view
    catalogue = view.catalogue
    before = db_labels(catalogue)
    asked: list[tuple[int, float, str]] = []

    def answer(_parent: object, count: int, threshold: float, source: object) -> bool:
        question, details = accept_question(count, threshold, source)  # type: ignore[arg-type]
        asked.append((count, threshold, question + " " + details))
        return len(asked) > 1  # no the first time, yes the second

    view.confirm_accept = answer
    with catalogue.read() as session:
        expected = suggestions.count_open(session, min_confidence=0.6)
    assert expected > 0
    assert not view.accept_all_shown(0.6)
    assert db_labels(catalogue) == before, "nothing changes without a yes"
    assert view.accept_all_shown(0.6)
    count, threshold, words = asked[-1]
    assert (count, threshold) == (expected, 0.6)
    assert f"Accept {expected:,} suggestion(s)" in words and "Measured precision" in words
    after = db_labels(catalogue)
    assert sum(after[i] != before[i] for i in before) == expected
    assert all(view.model.category_name(r) is not None
               for r in view.model.rows() if stored(catalogue)[r.id][1] >= 0.6)
    view.undo()
    assert db_labels(catalogue) == before


def test_the_sorts_read_the_suggestions_ranks(suggested_view: CatalogueView) -> None:
    view = suggested_view
    catalogue = view.catalogue
    combo = view.filter_bar.sort_combo
    combo.setCurrentIndex(combo.findData("easiest"))
    view.apply_filter()
    view.model.fetch_all()
    shown = [stored(catalogue)[r.id][1] for r in view.model.rows()]
    assert shown == sorted(shown, reverse=True)
    combo.setCurrentIndex(combo.findData("most_useful"))
    view.apply_filter()
    view.model.fetch_all()
    with catalogue.read() as session:
        ranks = dict(session.execute(select(Suggestion.image_id, Suggestion.useful_rank)).all())
        unlabelled = set(session.scalars(select(Image.id).where(Image.category_id.is_(None))))
    assert [r.id for r in view.model.rows()] == sorted(unlabelled, key=ranks.__getitem__)


def test_suggestions_refresh_in_the_background_after_enough_new_labels(
        qtbot, suggested_view: CatalogueView, clustered_store: EmbeddingStore,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer.ui.catalogue.suggestion_refresh import SuggestionRefresher
    from reviewer.ui.common.worker import JobKind, Jobs

    monkeypatch.setattr(suggest, "_vectors",
                        lambda catalogue, store: suggest.load_vectors(catalogue, clustered_store))
    monkeypatch.setattr(suggest, "REFRESH_AFTER_LABELS", 3)
    view = suggested_view
    catalogue = view.catalogue
    jobs = Jobs()
    refresher = SuggestionRefresher(catalogue, jobs)
    with catalogue.read() as session:
        first = suggestions.source_info(session)
    assert first is not None
    assert not refresher.refresh_if_stale(), "fresh: nothing to do"
    select_rows(view, [0, 1, 2])
    view.accept_suggestions()  # three new labels (one step)
    accepted = [r.id for r in view.model.rows()[:3]]
    with qtbot.waitSignal(refresher.refreshed, timeout=60_000) as said:
        assert refresher.refresh_if_stale()
        assert jobs.running(JobKind.SUGGESTIONS) is not None
    assert "suggestion(s) from the linear classifier" in said.args[0]
    with catalogue.read() as session:
        second = suggestions.source_info(session)
        kept = set(session.scalars(select(Suggestion.image_id)))
    assert second is not None and second.fingerprint != first.fingerprint
    assert not kept & set(accepted), "labelled images lose their suggestion"
    jobs.shutdown()
