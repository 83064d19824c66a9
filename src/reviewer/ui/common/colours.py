"""Every colour the app sets, derived from the palette: the themes (System, Light,
Dark), the role colours (splits, unsure, flagged, right / wrong, error text) as a
pair per theme, and WCAG contrast, computed here so that a test can check each one.

A role colour is nudged towards black (on a light background) or white (on a dark
one) until it reaches ``AA_TEXT`` (4.5:1) against the background it is drawn on, so
even a system palette nobody tried keeps the text readable."""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from reviewer.settings import THEMES
from reviewer.ui.common.focus_ring import FocusRingStyle, follow_focus

AA_TEXT = 4.5  # WCAG 2.x level AA, normal text
AA_LARGE = 3.0  # level AA for large text and graphics (badges, bars, rings)


class Role(Enum):
    """What a coloured thing means (the colour never carries it alone: the text or
    the accessible description says it too)."""

    TRAIN = "train"
    VALIDATION = "validation"
    TEST = "test"
    UNSURE = "unsure"
    FLAGGED = "flagged"
    RIGHT = "right"
    WRONG = "wrong"
    REVIEWED = "reviewed"
    ERROR = "error"
    SCORE = "score"


# (on a light background, on a dark background)
_PAIRS: dict[Role, tuple[str, str]] = {
    Role.TRAIN: ("#2e7d32", "#81c784"),
    Role.VALIDATION: ("#1565c0", "#90caf9"),
    Role.TEST: ("#6a1b9a", "#ce93d8"),
    Role.UNSURE: ("#a84f00", "#ffb74d"),
    Role.FLAGGED: ("#c62828", "#ef9a9a"),
    Role.RIGHT: ("#1f5fa8", "#64b5f6"),
    Role.WRONG: ("#c0392b", "#ff8a80"),
    Role.REVIEWED: ("#2e7d32", "#81c784"),
    Role.ERROR: ("#c62828", "#ff8a80"),
    Role.SCORE: ("#1f5fa8", "#64b5f6"),
}
SPLIT_ROLES = {"train": Role.TRAIN, "validation": Role.VALIDATION, "test": Role.TEST}


def luminance(colour: QColor) -> float:
    """WCAG relative luminance (0 black … 1 white)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours, 1.0 … 21.0."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Base)) < 0.25


def readable(colour: QColor, background: QColor, minimum: float = AA_TEXT) -> QColor:
    """``colour``, moved towards black or white (whichever the background is not) in
    small steps until it has ``minimum`` contrast against ``background``."""
    target = QColor("black") if luminance(background) > 0.18 else QColor("white")
    result = QColor(colour)
    step = 0
    while contrast_ratio(result, background) < minimum and step < 20:
        step += 1
        t = step / 20
        result = QColor(round(colour.red() + (target.red() - colour.red()) * t),
                        round(colour.green() + (target.green() - colour.green()) * t),
                        round(colour.blue() + (target.blue() - colour.blue()) * t))
    return result


def role_colour(role: Role, palette: QPalette,
                on: QPalette.ColorRole = QPalette.ColorRole.Base,
                minimum: float = AA_TEXT) -> QColor:
    """The colour of ``role`` for ``palette``'s theme, readable on its ``on`` role."""
    light, dark = _PAIRS[role]
    return readable(QColor(dark if is_dark(palette) else light), palette.color(on), minimum)


def split_colour(split: str | None, palette: QPalette,
                 on: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """The text colour of a split's name ("no split": the placeholder colour)."""
    role = SPLIT_ROLES.get(split or "")
    if role is None:
        return readable(palette.color(QPalette.ColorRole.PlaceholderText), palette.color(on))
    return role_colour(role, palette, on)


def badge_fill(role: Role, palette: QPalette) -> QColor:
    """A badge's disc: the role colour, visible (3:1) against the thumbnail's backdrop."""
    return role_colour(role, palette, QPalette.ColorRole.AlternateBase, AA_LARGE)


def text_on(fill: QColor, palette: QPalette | None = None) -> QColor:
    """The text colour for a filled shape: the palette's text when it reads well
    there, else black or white, whichever contrasts more."""
    if palette is not None:
        text = palette.color(QPalette.ColorRole.Text)
        if contrast_ratio(text, fill) >= AA_TEXT:
            return text
    black, white = QColor("black"), QColor("white")
    return black if contrast_ratio(black, fill) >= contrast_ratio(white, fill) else white


def css(colour: QColor) -> str:
    """``#rrggbb`` for a style sheet or rich text."""
    return colour.name()


def error_style(palette: QPalette) -> str:
    """The style sheet of a label showing an error (drawn on the window's colour)."""
    return f"color: {css(role_colour(Role.ERROR, palette, QPalette.ColorRole.Window))};"


# --- the themes ------------------------------------------------------------------------------


def _palette(colours: dict[QPalette.ColorRole, str],
             disabled: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    for role, value in disabled.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(value))
    return palette


def dark_palette() -> QPalette:
    r = QPalette.ColorRole
    return _palette({
        r.Window: "#2b2b2b", r.WindowText: "#e6e6e6", r.Base: "#1f1f1f",
        r.AlternateBase: "#333333", r.ToolTipBase: "#3a3a3a", r.ToolTipText: "#f0f0f0",
        r.Text: "#e6e6e6", r.PlaceholderText: "#a6a6a6", r.Button: "#353535",
        r.ButtonText: "#e6e6e6", r.BrightText: "#ff8a80", r.Light: "#4a4a4a",
        r.Midlight: "#404040", r.Mid: "#5a5a5a", r.Dark: "#1a1a1a", r.Shadow: "#000000",
        r.Highlight: "#3d8ee6", r.HighlightedText: "#000000", r.Link: "#8ab4f8",
        r.LinkVisited: "#c58af9",
    }, {r.WindowText: "#8a8a8a", r.Text: "#8a8a8a", r.ButtonText: "#8a8a8a"})


def light_palette() -> QPalette:
    r = QPalette.ColorRole
    return _palette({
        r.Window: "#efefef", r.WindowText: "#1a1a1a", r.Base: "#ffffff",
        r.AlternateBase: "#f3f3f3", r.ToolTipBase: "#ffffdc", r.ToolTipText: "#000000",
        r.Text: "#1a1a1a", r.PlaceholderText: "#666666", r.Button: "#efefef",
        r.ButtonText: "#1a1a1a", r.BrightText: "#ffffff", r.Light: "#ffffff",
        r.Midlight: "#e3e3e3", r.Mid: "#a0a0a0", r.Dark: "#a0a0a0", r.Shadow: "#696969",
        r.Highlight: "#1f5fa8", r.HighlightedText: "#ffffff", r.Link: "#0b57d0",
        r.LinkVisited: "#6a1b9a",
    }, {r.WindowText: "#7a7a7a", r.Text: "#7a7a7a", r.ButtonText: "#7a7a7a"})


def theme_palette(theme: str, system: QPalette) -> QPalette:
    """The palette of ``theme`` ("system": the platform's, with a readable
    placeholder colour)."""
    if theme == "dark":
        return dark_palette()
    if theme == "light":
        return light_palette()
    palette = QPalette(system)
    base = palette.color(QPalette.ColorRole.Base)
    palette.setColor(QPalette.ColorRole.PlaceholderText,
                     readable(palette.color(QPalette.ColorRole.PlaceholderText), base))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Use ``theme`` for the whole application from now on (System, Light or Dark).
    Light and Dark use the Fusion style, which follows the palette everywhere; every
    style gets the clear focus ring (``FocusRingStyle``)."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {', '.join(THEMES)}")
    system = app.property("reviewerSystemStyle")  # the platform's style, before ours
    if not system:
        system = app.style().name() or "fusion"
        app.setProperty("reviewerSystemStyle", system)
    app.setStyle(FocusRingStyle("fusion" if theme != "system" else str(system)))
    follow_focus(app)
    app.setPalette(theme_palette(theme, app.style().standardPalette()))
    sheet = app.styleSheet()
    if sheet:  # widgets the style sheet polished keep the palette of that moment: again
        app.setStyleSheet("")
        app.setStyleSheet(sheet)
