"""Colours and sizes. Everything is computed from the window size and the text-size setting.

Two palettes: a calm default (deep blue-grey room, warm paper panels, one teal accent) and a
high-contrast one (black and white with a yellow focus ring). Sizes scale with the window so the
same layout is crisp from 1024x600 to 4K: ``Theme.px(n)`` turns a length designed for 1280x720
into pixels for the current window.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.settings import Settings

DESIGN_SIZE = (1280, 720)


@dataclass(frozen=True)
class Palette:
    """Every colour the interface uses, for one contrast setting (CALM or HIGH_CONTRAST)."""

    background: tuple  # the room behind everything
    backdrop_tint: tuple  # RGBA laid over a backdrop picture so panels stay readable
    panel: tuple  # reading surfaces
    panel_border: tuple
    text: tuple  # on panels
    text_muted: tuple  # secondary text on panels
    narration: tuple  # narration: what the worker notices
    on_background: tuple  # text straight on the background
    on_background_muted: tuple
    accent: tuple  # worker's lines, primary buttons
    accent_text: tuple  # text on an accent fill
    button: tuple
    button_hover: tuple
    button_text: tuple
    focus: tuple  # keyboard focus ring
    coach: tuple  # coach-note card
    coach_text: tuple
    notice: tuple  # warnings (corrupt settings file...)
    notice_text: tuple
    good: tuple  # practices, rising lines
    poor: tuple  # pitfalls, falling lines
    trust: tuple  # chart / gauge colours (game.ui.meters picks them by meter name)
    openness: tuple
    alliance: tuple
    marker: tuple  # turning points on the debrief chart
    shadow: tuple  # RGBA
    dim: tuple  # RGBA laid over the screen under an overlay


CALM = Palette(
    background=(31, 42, 51),
    backdrop_tint=(22, 30, 38, 140),
    panel=(246, 241, 232),
    panel_border=(214, 204, 188),
    text=(35, 45, 54),
    text_muted=(98, 106, 112),
    narration=(84, 98, 110),
    on_background=(238, 236, 230),
    on_background_muted=(208, 214, 218),
    accent=(46, 120, 116),
    accent_text=(250, 250, 246),
    button=(255, 252, 246),
    button_hover=(226, 239, 236),
    button_text=(35, 45, 54),
    focus=(224, 158, 62),
    coach=(231, 241, 238),
    coach_text=(28, 64, 62),
    notice=(250, 226, 196),
    notice_text=(92, 52, 12),
    good=(46, 120, 116),
    poor=(176, 84, 62),
    trust=(46, 120, 116),
    openness=(104, 94, 170),
    alliance=(160, 110, 40),
    marker=(214, 140, 50),
    shadow=(0, 0, 0, 60),
    dim=(12, 18, 24, 170),
)

HIGH_CONTRAST = Palette(
    background=(0, 0, 0),
    backdrop_tint=(0, 0, 0, 170),
    panel=(0, 0, 0),
    panel_border=(255, 255, 255),
    text=(255, 255, 255),
    text_muted=(235, 235, 235),
    narration=(190, 230, 255),
    on_background=(255, 255, 255),
    on_background_muted=(235, 235, 235),
    accent=(255, 230, 0),
    accent_text=(0, 0, 0),
    button=(0, 0, 0),
    button_hover=(40, 40, 40),
    button_text=(255, 255, 255),
    focus=(255, 230, 0),
    coach=(0, 0, 0),
    coach_text=(190, 255, 190),
    notice=(0, 0, 0),
    notice_text=(255, 230, 0),
    good=(120, 255, 160),
    poor=(255, 140, 120),
    trust=(120, 220, 255),
    openness=(255, 150, 230),
    alliance=(255, 200, 120),
    marker=(255, 230, 0),
    shadow=(0, 0, 0, 0),
    dim=(0, 0, 0, 215),
)


@dataclass(frozen=True)
class Theme:
    """Palette plus every size, for one window size and one set of settings."""

    palette: Palette
    size: tuple[int, int]
    scale: float  # window scale relative to the design size
    text_scale: float
    high_contrast: bool
    dyslexia_spacing: bool

    @classmethod
    def build(cls, size: tuple[int, int], settings: Settings) -> "Theme":
        w, h = size
        scale = max(0.5, min(w / DESIGN_SIZE[0], h / DESIGN_SIZE[1]))
        return cls(
            palette=HIGH_CONTRAST if settings.high_contrast else CALM,
            size=(w, h),
            scale=scale,
            text_scale=settings.text_scale,
            high_contrast=settings.high_contrast,
            dyslexia_spacing=settings.dyslexia_spacing,
        )

    def px(self, n: float) -> int:
        """A design length (at 1280x720) in window pixels."""
        return max(1, round(n * self.scale))

    def font_px(self, role: str) -> int:
        """Text size in pixels for a role; text scales with the window and the setting."""
        base = {"body": 22, "small": 18, "label": 20, "h2": 28, "h1": 40, "title": 84}[role]
        # The title and headings grow less with the text-size setting: they are already large.
        factor = self.text_scale if role in ("body", "small", "label") else 1 + (self.text_scale - 1) / 2
        return max(12, round(base * self.scale * factor))

    @property
    def line_spacing(self) -> float:
        """Line height as a multiple of the font's own height."""
        return 1.5 if self.dyslexia_spacing else 1.15

    @property
    def letter_spacing(self) -> float:
        """Extra space between letters as a fraction of the font size."""
        return 0.06 if self.dyslexia_spacing else 0.0

    @property
    def border(self) -> int:
        return max(2, self.px(3 if self.high_contrast else 1.5))

    @property
    def focus_width(self) -> int:
        return max(2, self.px(4 if self.high_contrast else 3))

    @property
    def radius(self) -> int:
        return 0 if self.high_contrast else self.px(10)

    @property
    def gap(self) -> int:
        return self.px(16)

    @property
    def margin(self) -> int:
        return self.px(32)
