"""One listing, large: its photos, title, seller, the declared category against the
model's top three with bars, the flags in words, the seller's other listings and past
removals, and other listings that share the photo."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reviewer.moderation.queue import ListingDetail
from reviewer.ui.common.colours import AA_LARGE, Role, css, role_colour
from reviewer.ui.common.translation import counted, number, time_of_day

PHOTO_HEIGHT = 380
MAX_PHOTOS = 4


class ProbabilityBars(QWidget):
    """The model's top three with bars; the declared category is marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QLabel, QProgressBar, QLabel]] = []
        for r in range(4):
            name, bar, value = QLabel(), QProgressBar(), QLabel()
            bar.setRange(0, 1000)
            bar.setTextVisible(False)
            bar.setFixedHeight(14)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(bar, r, 1)
            self.grid.addWidget(value, r, 2)
            self.rows.append((name, bar, value))
        self.grid.setColumnStretch(1, 1)

    def set_values(self, top: list[tuple[str, float]], declared: str,
                   declared_probability: float | None) -> None:
        shown = list(top[:3])
        if declared_probability is not None and declared.casefold() not in (
                n.casefold() for n, _ in shown):
            shown.append((declared, declared_probability))
        for i, (name, bar, value) in enumerate(self.rows):
            visible = i < len(shown)
            for w in (name, bar, value):
                w.setVisible(visible)
            if not visible:
                continue
            cat, p = shown[i]
            mark = cat.casefold() == declared.casefold()
            name.setText(self.tr("<b>{0}</b> (declared)").format(html.escape(cat)) if mark
                         else html.escape(cat))
            bar.setValue(int(round(p * 1000)))
            bar.setProperty("declared", mark)
            role = Role.WRONG if mark else Role.SCORE
            chunk = css(role_colour(role, bar.palette(), minimum=AA_LARGE))
            bar.setStyleSheet(f"QProgressBar::chunk {{ background: {chunk}; }}")
            value.setText(self.tr("{0}%").format(number(round(p * 100))))


class ListingPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ListingDetail | None = None
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setObjectName("listingHeader")
        # fixed heights: a new listing repaints these labels, not the whole window's layout
        self.header.setFixedHeight(76)
        layout.addWidget(self.header)
        photos = QHBoxLayout()
        self.photos: list[QLabel] = []
        for _ in range(MAX_PHOTOS):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumHeight(PHOTO_HEIGHT)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            photos.addWidget(label)
            self.photos.append(label)
        layout.addLayout(photos)
        self.more_photos = QLabel()
        self.more_photos.setFixedHeight(20)
        layout.addWidget(self.more_photos)
        self.bars = ProbabilityBars()
        layout.addWidget(self.bars)
        self.reasons = QLabel()
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setWordWrap(True)
        self.reasons.setObjectName("flagReasons")
        self.reasons.setFixedHeight(84)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.reasons)
        self.context = QLabel()
        self.context.setTextFormat(Qt.TextFormat.RichText)
        self.context.setWordWrap(True)
        self.context.setFixedHeight(70)
        self.context.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.context)
        layout.addStretch(1)

    def show_empty(self, text: str) -> None:
        self.detail = None
        self.header.setText(f"<h2>{html.escape(text)}</h2>")
        for label in self.photos:
            label.clear()
            label.setVisible(False)
        self.more_photos.clear()
        self.bars.set_values([], "", None)
        self.reasons.clear()
        self.context.clear()

    def show_listing(self, detail: ListingDetail, images: list[QImage], moderator: str) -> None:
        self.detail = detail
        claim = ""
        if detail.claimed_by and detail.claim_until is not None:
            who = self.tr("you") if detail.claimed_by == moderator else html.escape(detail.claimed_by)
            claim = self.tr(" · held by {0} until {1}").format(who, time_of_day(detail.claim_until))
        self.header.setText(
            f"<h2>{html.escape(detail.title or self.tr('(no title)'))}</h2>"
            + self.tr("listing <b>{0}</b> · seller <b>{1}</b> · declared <b>{2}</b> · {3}").format(
                html.escape(detail.listing_id), html.escape(detail.seller_id),
                html.escape(detail.declared_category), detail.status) + claim)
        for i, label in enumerate(self.photos):
            if i < len(images) and not images[i].isNull():
                pixmap = QPixmap.fromImage(images[i])  # already scaled by the loader
                if pixmap.height() > PHOTO_HEIGHT:
                    pixmap = pixmap.scaledToHeight(PHOTO_HEIGHT,
                                                   Qt.TransformationMode.FastTransformation)
                label.setPixmap(pixmap)
                label.setVisible(True)
            elif i < len(images):
                label.setText(self.tr("photo cannot be read"))
                label.setVisible(True)
            else:
                label.clear()
                label.setVisible(False)
        extra = len(detail.photos) - MAX_PHOTOS
        self.more_photos.setText(counted(self.tr("and {0} more photo(s)", "", extra), extra)
                                 if extra > 0 else "")
        declared_p = next((f.details.get("declared_probability") for f in detail.flags
                           if f.kind == "category_mismatch"), None)
        self.bars.set_values(detail.top, detail.declared_category, declared_p)
        self.reasons.setText("<br>".join(
            f"⚑ <b>{html.escape(f.kind.replace('_', ' '))}</b>: {html.escape(f.words)}"
            for f in detail.flags) or self.tr("No flags."))
        others = ", ".join(f"{html.escape(lid)} ({status})"
                           for lid, status in detail.seller_listings[:8]) or self.tr("none")
        shared = ", ".join(self.tr("{0} (seller {1})").format(html.escape(lid), html.escape(s))
                           for lid, s in detail.shared_photo_listings[:5]) or self.tr("none")
        self.context.setText(
            self.tr("Seller's other listings: {0}<br>"
                    "Seller's past removals: <b>{1}</b><br>"
                    "Other listings with this photo: {2}").format(
                others, number(detail.seller_removals), shared))
