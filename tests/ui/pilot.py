"""The Pilot drives the real App through pygame's own event queue, like a person would.

Keys and clicks are posted with ``pygame.event.post``; ``step`` runs one turn of the app loop
on those events. Time is a fake clock the Pilot moves forward, so animations (the typewriter,
the portrait fade) are tested without sleeping.
"""

from __future__ import annotations

import pygame

from game.ui import text as text_module

FRAME = 16


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000

    def __call__(self) -> int:
        return self.now


class Pilot:
    def __init__(self, app, clock: FakeClock) -> None:
        self.app = app
        self.clock = clock

    @property
    def screen(self):
        return self.app.screen

    # --- the loop ---------------------------------------------------------------------------
    def step(self):
        return self.app.step(pygame.event.get())

    def wait(self, ms: int) -> None:
        """Let ``ms`` of game time pass, one frame at a time."""
        end = self.clock.now + ms
        while self.clock.now < end:
            self.clock.now = min(end, self.clock.now + FRAME)
            self.step()

    def settle(self, limit_ms: int = 60_000) -> None:
        """Run until nothing animates (the app would go to sleep)."""
        spent = 0
        while self.step() is not None:
            self.clock.now += FRAME
            spent += FRAME
            assert spent < limit_ms, "the screen kept animating"

    # --- input ------------------------------------------------------------------------------
    def press(self, *keys: int, mod: int = 0) -> None:
        for key in keys:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
            self.step()

    def type(self, text: str) -> None:
        """Type into the focused text field, as the OS delivers it: one TEXTINPUT per character."""
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.step()

    def hover(self, pos) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        self.step()

    def click(self, target) -> None:
        """Click a position, a Rect, a button, or the button whose label starts with a string."""
        pos = self._where(target)
        self.hover(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.step()

    def wheel(self, amount: int, pos=None) -> None:
        if pos is not None:
            self.hover(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=amount, flipped=False, precise_x=0.0,
                                             precise_y=float(amount)))
        self.step()

    def resize(self, size) -> None:
        pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
        self.step()

    # --- finding things ---------------------------------------------------------------------
    def labels(self) -> list[str]:
        return [b.label for b in self.screen.buttons()]

    def texts(self) -> list[str]:
        """Every piece of text drawn on the current screen (a fresh frame)."""
        return [text for _, _, text in self.measure_text()]

    def button(self, label: str):
        matches = [b for b in self.screen.buttons() if b.label.startswith(label)]
        assert matches, f"no button {label!r} on {self.screen.name}; buttons: {self.labels()}"
        return matches[0]

    def scroll_into_view(self, button) -> None:
        """Turn the wheel over the button's scroll view until the button is fully visible."""
        for _ in range(200):
            clip = button.clip
            if clip is None or clip.contains(button.rect):
                return
            self.wheel(-1 if button.rect.bottom > clip.bottom else 1, clip.center)
        raise AssertionError(f"{button.label!r} could not be scrolled into view")

    def _where(self, target):
        if isinstance(target, str):
            target = self.button(target)
        if hasattr(target, "rect"):
            self.scroll_into_view(target)
            rect = target.rect if target.clip is None else target.rect.clip(target.clip)
            target = rect
        if isinstance(target, pygame.Rect):
            return target.center
        return tuple(target)

    def measure_text(self) -> list:
        """Redraw the current screen and return every text draw as (visible rect, box, text)."""
        text_module.probe = []
        try:
            self.app.invalidate_all()
            self.step()
            return list(text_module.probe)
        finally:
            text_module.probe = None
