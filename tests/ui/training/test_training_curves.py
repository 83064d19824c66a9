"""The Training tab's curves: before the first epoch a message alone (no axes for it
to run over, at any size of the panel); after it, two panels with their axes and no
message."""

from __future__ import annotations

import pytest
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text

from reviewer.catalogue.db import Catalogue
from reviewer.ui.common.worker import Jobs
from reviewer.ui.training.training_curves import PLACEHOLDER, TrainingCurves
from reviewer.ui.training.training_view import TrainingView


def _placeholders(curves: TrainingCurves) -> list[Text]:
    return [t for t in curves.figure.findobj(Text) if t.get_gid() == "placeholder"]


def _renderer(curves: TrainingCurves) -> RendererBase:
    curves.draw()
    return curves.get_renderer()


@pytest.mark.parametrize("size", [(1000, 400), (420, 220), (300, 220)])
def test_the_message_stands_alone_and_inside_the_panel(qtbot, catalogue: Catalogue,
                                                       size: tuple[int, int]) -> None:
    view = TrainingView(catalogue, Jobs())
    qtbot.addWidget(view)
    view.show()
    curves = view.curves
    curves.resize(*size)
    qtbot.waitUntil(lambda: curves.width() == size[0])
    assert curves.figure.axes == []  # nothing for the words to overlap
    (text,) = _placeholders(curves)
    assert text.get_text() == PLACEHOLDER
    renderer = _renderer(curves)
    box, figure = text.get_window_extent(renderer), curves.figure.bbox
    assert figure.x0 <= box.x0 and box.x1 <= figure.x1, (box, figure)
    assert figure.y0 <= box.y0 and box.y1 <= figure.y1, (box, figure)


def test_after_an_epoch_the_axes_come_and_the_message_goes(qtbot) -> None:
    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.resize(900, 300)
    curves.clear("Run 1")
    curves.add_epoch(1, {"loss": 1.2, "val_loss": 1.4, "accuracy": 0.5, "val_accuracy": 0.4})
    assert len(curves.figure.axes) == 2 and _placeholders(curves) == []
    renderer = _renderer(curves)
    loss_ax, acc_ax = curves.figure.axes
    assert loss_ax.get_ylabel() == "loss" and acc_ax.get_ylabel() == "accuracy"
    left, right = (ax.get_tightbbox(renderer) for ax in (loss_ax, acc_ax))
    assert left.x1 <= right.x0  # the two panels (labels included) do not overlap
    curves.clear()
    assert curves.figure.axes == [] and len(_placeholders(curves)) == 1
