"""Colours: every one the app sets comes from ui/common/colours.py, and in both the
light and the dark theme each text colour reaches WCAG AA (4.5:1) on its background."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from reviewer.catalogue.db import Catalogue
from reviewer.settings import Settings, load_settings, settings_file
from reviewer.ui.common.colours import (
    AA_LARGE,
    AA_TEXT,
    Role,
    apply_theme,
    badge_fill,
    contrast_ratio,
    error_style,
    readable,
    role_colour,
    split_colour,
    text_on,
    theme_palette,
)
from reviewer.ui.main_window import MainWindow
from reviewer.ui.runs.confusion_view import cell_colour, cell_text_colour

UI = Path(__file__).resolve().parents[3] / "src" / "reviewer" / "ui"
R = QPalette.ColorRole
TEXT_ON = ((R.Text, R.Base), (R.WindowText, R.Window), (R.PlaceholderText, R.Base),
           (R.PlaceholderText, R.AlternateBase), (R.Text, R.AlternateBase),
           (R.ButtonText, R.Button), (R.HighlightedText, R.Highlight),
           (R.ToolTipText, R.ToolTipBase), (R.PlaceholderText, R.Window))


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[QApplication]:
    palette, style = QPalette(qapp.palette()), qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("white"), QColor("#777777")) == pytest.approx(4.48, abs=0.01)
    # The dark-palette failure: the old fixed "test" purple on a dark base.
    assert contrast_ratio(QColor("#6a1b9a"), QColor("#1f1f1f")) < 2.0
    assert contrast_ratio(readable(QColor("#6a1b9a"), QColor("#1f1f1f")),
                          QColor("#1f1f1f")) >= AA_TEXT


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_colour_reads_on_its_background(theme: str, qapp: QApplication) -> None:
    palette = theme_palette(theme, qapp.palette())
    for text, background in TEXT_ON:
        ratio = contrast_ratio(palette.color(text), palette.color(background))
        assert ratio >= AA_TEXT, (theme, text, background, ratio)
    for role in Role:  # role colours as text on the backgrounds they are drawn on
        for background in (R.Base, R.Window, R.AlternateBase):
            colour = role_colour(role, palette, background)
            assert contrast_ratio(colour, palette.color(background)) >= AA_TEXT, (role, background)
    for split in ("train", "validation", "test", None):  # the grid's split names
        assert contrast_ratio(split_colour(split, palette), palette.color(R.Base)) >= AA_TEXT
    error = QColor(re.search(r"#[0-9a-f]{6}", error_style(palette)).group(0))
    assert contrast_ratio(error, palette.color(R.Window)) >= AA_TEXT
    for role in (Role.UNSURE, Role.FLAGGED, Role.REVIEWED):  # badges: "?", "!", "✓"
        fill = badge_fill(role, palette)
        assert contrast_ratio(fill, palette.color(R.AlternateBase)) >= AA_LARGE
        assert contrast_ratio(text_on(fill), fill) >= AA_TEXT


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_confusion_matrix_numbers_read_on_every_shade(theme: str, qapp: QApplication) -> None:
    palette = theme_palette(theme, qapp.palette())
    for diagonal in (True, False):
        for count, fraction in [(0, 0.0)] + [(1, i / 20) for i in range(21)]:
            fill, _ = cell_colour(palette, fraction, count, diagonal)
            text = cell_text_colour(palette, fill, count)
            assert contrast_ratio(text, fill) >= AA_TEXT, (diagonal, fraction)


def test_dark_and_light_differ_and_follow_the_theme(restore_palette: QApplication) -> None:
    app = restore_palette
    apply_theme(app, "dark")
    dark = app.palette()
    assert dark.color(R.Base).lightness() < 60
    assert split_colour("test", dark) != split_colour("test", theme_palette("light", dark))
    apply_theme(app, "light")
    assert app.palette().color(R.Base).lightness() > 200
    with pytest.raises(ValueError, match="unknown theme"):
        apply_theme(app, "purple")


def test_a_theme_change_reaches_every_widget_of_the_window(
        qtbot, restore_palette: QApplication, catalogue: Catalogue) -> None:
    """With the app's style sheet, widgets polished before the theme changes keep the
    palette of that moment (the Runs tab's tables and buttons stayed light in a dark
    window) unless the style sheet polishes them again."""
    from reviewer.ui.common.resources import style_sheet

    app = restore_palette
    before = app.styleSheet()
    app.setStyleSheet(style_sheet())
    window = MainWindow(catalogue, Settings(curator="ana"), detect_device=False)
    qtbot.addWidget(window)
    try:
        apply_theme(app, "dark")
        window.show()
        qtbot.waitExposed(window)
        dark = theme_palette("dark", app.palette())
        runs = window.runs_view
        for widget in (runs.table, runs.refresh_button, window.catalogue_view.grid):
            qtbot.waitUntil(lambda w=widget: w.palette().color(R.Base) == dark.color(R.Base))
            assert widget.palette().color(R.Button) == dark.color(R.Button)
    finally:
        window.shutdown()
        app.setStyleSheet(before)


def test_no_fixed_colour_outside_the_colour_module() -> None:
    """A colour literal anywhere else in ui/ would not follow the theme."""
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|QColor\(\s*[\"']|Qt\.GlobalColor\.(?!transparent)")
    found = [f"{path.relative_to(UI)}:{n}" for path in UI.rglob("*.py")
             if path.name != "colours.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if literal.search(line)]
    assert found == []


def test_theme_is_a_validated_setting(tmp_path: Path) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"theme": "dark", "language": "de"}), encoding="utf-8")
    loaded = load_settings()
    assert (loaded.theme, loaded.language) == ("dark", "de")
    assert loaded.stored()["theme"] == "dark"
    # Another version's theme is ignored, not fatal: the other settings stay.
    path.write_text(json.dumps({"theme": "high-contrast", "curator": "ana"}), encoding="utf-8")
    loaded = load_settings()
    assert (loaded.theme, loaded.curator, loaded.problem) == ("system", "ana", None)


def test_the_focus_ring_is_drawn_in_the_highlight_colour(qtbot, restore_palette) -> None:
    """A focused tab shows a 2-px ring in the highlight colour (the issue: "the focused
    tab is faint"); without focus it has none."""
    from PySide6.QtWidgets import QFocusFrame, QLineEdit, QTabBar, QVBoxLayout, QWidget

    apply_theme(restore_palette, "dark")
    highlight = restore_palette.palette().color(R.Highlight)
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    bar = QTabBar()
    other = QLineEdit()
    layout.addWidget(bar)
    layout.addWidget(other)
    bar.addTab("Catalogue")
    bar.addTab("Runs")
    bar.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()

    def ring_pixels() -> int:
        image = bar.grab().toImage()
        def near(colour: QColor) -> bool:
            return (abs(colour.red() - highlight.red()) + abs(colour.green() - highlight.green())
                    + abs(colour.blue() - highlight.blue())) < 60

        return sum(1 for x in range(image.width()) for y in range(image.height())
                   if near(QColor(image.pixel(x, y))))

    def ring_pixels_around() -> int:  # the frame is a sibling above the tab bar
        return ring_pixels() + frame_pixels()

    def frame_pixels() -> int:
        frames = [f for f in holder.findChildren(QFocusFrame) if f.isVisible()]
        if not frames:
            return 0
        image = frames[0].grab().toImage()
        return sum(1 for x in range(image.width()) for y in range(image.height())
                   if QColor(image.pixel(x, y)) == highlight)

    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    without = ring_pixels_around()
    bar.setFocus()
    qtbot.waitUntil(bar.hasFocus)
    assert ring_pixels_around() > without + 2 * bar.width()


def test_the_theme_is_chosen_in_the_settings_dialog(qtbot) -> None:
    from reviewer.ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(curator="ana"))
    qtbot.addWidget(dialog)
    assert [dialog.theme_combo.itemData(i) for i in range(dialog.theme_combo.count())] == [
        "system", "light", "dark"]
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("de"))
    dialog.apply()
    saved = load_settings()
    assert (saved.theme, saved.language, saved.curator) == ("dark", "de", "ana")
