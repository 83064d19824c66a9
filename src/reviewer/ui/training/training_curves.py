"""Live training curves: loss and accuracy per epoch, training and validation."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QSizePolicy, QWidget

SERIES = (("loss", "training"), ("val_loss", "validation"))
ACC_SERIES = (("accuracy", "training"), ("val_accuracy", "validation"))
PLACEHOLDER = "Loss and accuracy per epoch\nappear here after the first epoch"


class TrainingCurves(FigureCanvasQTAgg):
    """Two panels (loss, accuracy); ``add_epoch`` appends one point per series."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.figure = Figure(figsize=(7, 3), dpi=100, layout="constrained")
        super().__init__(self.figure)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)
        self.points: list[dict[str, float]] = []
        self.title = ""
        self._draw()

    def clear(self, title: str = "") -> None:
        self.points = []
        self.title = title
        self._draw()

    def add_epoch(self, epoch: int, logs: dict[str, float]) -> None:
        self.points.append({"epoch": float(epoch), **logs})
        self._draw()

    def _draw(self) -> None:
        self.figure.clear()
        if not self.points:
            # No axes until there is something to plot: the message stands alone and
            # cannot run over an axis, whatever the size of the panel.
            text = QCoreApplication.translate("TrainingCurves", "Loss and accuracy per epoch\n"
                                              "appear here after the first epoch")
            self.figure.text(0.5, 0.5, text, ha="center", va="center", color="grey",
                             gid="placeholder")
            if self.title:
                self.figure.suptitle(self.title, fontsize="medium")
            self.draw_idle()
            return
        loss_ax, acc_ax = self.figure.subplots(1, 2)
        loss, accuracy = (QCoreApplication.translate("TrainingCurves", "loss"),
                          QCoreApplication.translate("TrainingCurves", "accuracy"))
        names = {"training": QCoreApplication.translate("TrainingCurves", "training"),
                 "validation": QCoreApplication.translate("TrainingCurves", "validation")}
        for ax, series, label in ((loss_ax, SERIES, loss), (acc_ax, ACC_SERIES, accuracy)):
            for key, name in series:
                xs = [p["epoch"] for p in self.points if key in p]
                ys = [p[key] for p in self.points if key in p]
                if xs:
                    ax.plot(xs, ys, marker="o", markersize=3, label=names[name])
            ax.set_xlabel(QCoreApplication.translate("TrainingCurves", "epoch"))
            ax.set_ylabel(label)
            ax.grid(alpha=0.3)
            if self.points:
                ax.legend(loc="best", fontsize="small")
        if self.title:
            self.figure.suptitle(self.title, fontsize="medium")
        self.draw_idle()
