"""What the window holds on to between scenes (issue 14 §12): nothing it no longer shows.

A screen taken off the stack is garbage that Python's cycle collector may not visit for a long
while (it counts objects, not the megabytes of pixels they hold), so it must give its
window-sized layer back when it leaves; panel shadows must not make a surface per panel height;
the tinted backdrop must not keep an untinted copy beside it.
"""

import gc

import pygame
import pytest

from game.story import CHOICE
from game.ui import widgets
from game.ui.screens.base import Screen
from tests.ui.test_screens import to_play


def play_to_the_end(pilot, limit=200):
    state = pilot.app.session.state
    for _ in range(limit):
        if state.is_over:
            return
        if state.status == CHOICE:
            pilot.screen.choose(state.available()[0])
        else:
            pilot.screen.read_on()
        pilot.step()
    raise AssertionError("the scene did not end")


def test_screens_that_leave_give_their_layer_back(make_pilot, monkeypatch):
    left: list[Screen] = []
    leave = Screen.leave

    def record(self):
        left.append(self)
        return leave(self)

    monkeypatch.setattr(Screen, "leave", record)
    pilot = make_pilot()
    gc.disable()  # as between two visits of the collector: only what the game lets go of goes
    try:
        for _ in range(2):
            to_play(pilot)
            play_to_the_end(pilot)
            pilot.app.nav.debrief()
            pilot.step()
            pilot.app.nav.title()
            pilot.step()
        assert left, "screens left the stack"
        kept = [type(s).__name__ for s in left if s._static is not None]
        assert not kept, f"screens off the stack still hold a window-sized layer: {kept}"
    finally:
        gc.enable()


def old_style_shadow(surface, rect, rgba, r, drop):
    """The shadow as it was drawn from a veil the panel's full size."""
    veil = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(veil, rgba, veil.get_rect(), border_radius=r)
    top, bottom = max(0, r - drop), rect.height - r - drop
    if top:
        surface.blit(veil, (rect.x, rect.y + drop), (0, 0, rect.width, top))
    surface.blit(veil, (rect.x, rect.y + drop + bottom), (0, bottom, rect.width, rect.height - bottom))


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
def test_panel_shadows_are_the_same_pixels_from_one_short_veil_per_width(make_pilot, size):
    pilot = make_pilot(size=size)
    ui = pilot.app.ui
    t, pal = ui.theme, ui.pal
    assert pal.shadow[3] and t.radius, "the default theme draws rounded shadows"
    widgets._VEILS.clear()
    widgets._veils_held = 0
    for height in range(2 * t.radius + t.px(4) + 1, 400, 7):
        rect = pygame.Rect(31, 17, 700, height)
        new = pygame.Surface((800, 480))
        new.fill((90, 120, 150))
        old = new.copy()
        widgets.panel(new, ui, rect)
        old_style_shadow(old, rect, pal.shadow, t.radius, t.px(4))
        pygame.draw.rect(old, pal.panel, rect, border_radius=t.radius)
        pygame.draw.rect(old, pal.panel_border, rect, width=t.border, border_radius=t.radius)
        assert pygame.image.tobytes(new, "RGB") == pygame.image.tobytes(old, "RGB"), height
    assert len(widgets._VEILS) == 1, "one veil serves every height of a panel this wide"


def test_the_veil_cache_is_bounded_by_bytes():
    widgets._VEILS.clear()
    widgets._veils_held = 0
    for h in range(1, 200):
        widgets._veil((900, 40 + h), (0, 0, 0, 60))
        assert widgets._veils_held <= widgets._VEILS_BYTES
    assert widgets._veils_held == sum(4 * v.get_width() * v.get_height() for v in widgets._VEILS.values())
    assert widgets._veil((900, 238), (0, 0, 0, 60)) is widgets._veil((900, 238), (0, 0, 0, 60))


def test_the_tinted_backdrop_keeps_no_untinted_copy(make_pilot):
    from game.ui.art import backdrops

    pilot = make_pilot()
    to_play(pilot)
    pilot.step()
    assert pilot.app.art._tinted, "the play screen drew its room"
    assert len(backdrops._CACHE) == 0, "the untinted backdrop is a window's worth of memory for nothing"


def test_large_freed_pictures_go_back_to_the_system_where_the_c_library_allows_it():
    import platform
    import sys

    from game.ui import allocator

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert allocator.return_large_blocks() is glibc
    assert allocator.return_large_blocks() is glibc  # once; later calls only report
