"""A small menu over the screen below: a panel with a heading and a column of buttons.

Esc or Back closes it, a number presses that button, arrows, Tab and the mouse move the focus.
The student's pause menu and the facilitator's class menu are both this; each lays out its own
buttons (in ``self.focus``), ``self.heading`` and the panel ``self.rect`` in ``layout``.
"""

from __future__ import annotations

import pygame

from game.ui import input as ix
from game.ui import text as text_module
from game.ui.screens.base import Screen, _layer
from game.ui.widgets import FocusGroup, panel, solid_parts, subtract_rects


class MenuOverlay(Screen):
    overlay = True
    padding = 28  # px inside the panel, around the heading and the buttons (theme-scaled)
    focus_on_pick = False  # a number key also moves the highlight to the button it pressed

    def __init__(self, app) -> None:
        super().__init__(app)
        self.focus = FocusGroup()
        self._behind = False  # the window shows the menu; its cached layer is still to be made
        self._skip = None  # a button left out of the resting look (drawn live over it at once)
        self._laid_out_for = None  # the theme paint_ahead laid the menu out for

    def buttons(self):
        return self.focus.buttons

    def handle(self, intent: ix.Intent) -> None:
        if intent.kind in (ix.PAUSE, ix.BACK):
            self.app.pop()
        elif intent.kind == ix.PICK and 1 <= intent.n <= len(self.focus.buttons):
            if self.focus_on_pick:
                self.focus.focus = intent.n - 1
            self.focus.buttons[intent.n - 1].action()
            self.invalidate()
        elif self.focus.handle(intent):
            self.invalidate()

    def speech(self) -> list[str]:
        """The menu's heading (then its focused item)."""
        return [self.heading.text]

    def draw_static(self, surface: pygame.Surface) -> None:
        pad = self.ui.theme.px(self.padding)
        panel(surface, self.ui, self.rect)
        self.heading.draw(surface, (self.rect.x + pad, self.rect.y + pad), self.rect)
        self.focus.draw_static(surface, self.ui, [b for b in self.focus.buttons if b is not self._skip])

    # The menu's first frame: the window already shows the screen below, whole (it drew the last
    # frame), so the veil is laid over the window itself, around the panel's solid middle, and the
    # menu drawn on it; the focused button only once, live. The menu's cached layer is made from
    # the window on the loop's next turn, after the frame is on screen (catch_up): the same
    # pixels as painting the screen below into a layer, veiling it and copying it to the window.
    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        if (self._static is None and surface is app.window and len(app.screens) > 1
                and app.screens[-1] is self and app.painter is app.screens[-2]):
            veiled = subtract_rects([surface.get_rect()], solid_parts(self.rect, self.ui.theme.radius))
            app.dim(surface, veiled)
            self._skip = self.focus.focused
            self.draw_static(surface)
            self._skip = None
            self._static_dirty, self._behind = False, True
            self.draw_live(surface)
            return
        if self._behind:
            self.catch_up()
        super().draw(surface)

    def behind(self) -> bool:
        return self._behind

    def paint_ahead(self, layer: pygame.Surface, regions: list | None = None) -> None:
        """Lay the menu out and paint its layer into ``layer`` now, over the window as it shows
        (the screen below, at rest, in its last frame), every button at rest: the same pixels
        as the first frame over the window and the layer the next turn makes from it (``draw``
        and ``catch_up``). Pushed while the window still shows that frame (``keep_layer``), the
        menu's first frame is a copy of it and the focused button.

        ``regions``: the layer holds this menu painted over an earlier frame of the window, and
        only these rectangles of the window changed since: only they are painted again."""
        window = self.app.window
        probe, text_module.probe = text_module.probe, None  # not on screen yet: not measured
        try:
            if self._laid_out_for is not self.ui.theme:  # (a new theme for any change of size or settings)
                self.layout()
                self._laid_out_for = self.ui.theme
                regions = None
            solid = solid_parts(self.rect, self.ui.theme.radius)
            for region in regions if regions is not None else [layer.get_rect()]:
                region = region.clip(layer.get_rect())
                layer.set_clip(region)
                for part in subtract_rects([region], solid):  # what the panel's middle hides is not copied
                    layer.blit(window, part, part)
                self.app.dim(layer, subtract_rects([region], solid))
                self.draw_static(layer)
            layer.set_clip(None)
        finally:
            text_module.probe = probe
        self._static, self._static_dirty, self._behind = layer, False, False

    def catch_up(self) -> None:
        """The menu's layer, from the window (which shows the menu's last frame), with the
        focused and hovered buttons painted at rest."""
        self._behind = False
        app, window = self.app, self.app.window
        if app.painter is not self or app.screen is not self:
            self._static, self._static_dirty = None, True  # painted whole when next drawn
            return
        layer = self._static = _layer(window.get_size(), window)
        layer.blit(window, (0, 0))
        t, f = self.ui.theme, self.focus
        grow = 2 * (t.focus_width + t.px(2)) + 2
        for i, b in enumerate(f.buttons):
            if i == f.focus or i == f.hovered:
                layer.set_clip(b.rect.inflate(2 * grow, 2 * grow))
                app.draw_below(self, layer)
                self.draw_static(layer)
        layer.set_clip(None)

    def draw_live(self, surface: pygame.Surface) -> None:
        self.focus.draw_live(surface, self.ui)
