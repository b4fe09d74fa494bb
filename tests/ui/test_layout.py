"""Text never leaves its box or overlaps other text, at any supported size and text scale.

Every text draw is recorded (visible rect, the box it belongs to); a tour visits each screen,
scrolls through long pages, and checks the records at 1024x600 with the largest text up to 4K.
"""

import json

import pygame
import pytest

from game import i18n
from game.i18n import _


TOLERANCE = 1  # px, for rounding at the edges of boxes


def problems(pilot) -> list[str]:
    # The same text drawn at the same place is one thing: a focused button is drawn over its
    # resting self, and a frame that repaints only a changed area draws a line cut to that area
    # before the whole screen catches up. Keep the largest draw of each.
    drawn: dict = {}
    for rect, box, text in pilot.measure_text():
        key = (rect.x, rect.y, text)
        if key not in drawn or rect.height * rect.width > drawn[key][0].height * drawn[key][0].width:
            drawn[key] = (rect, box, text)
    records = list(drawn.values())
    w, h = pilot.app.window.get_size()
    window = pygame.Rect(0, 0, w, h)
    found = []
    for rect, box, text in records:
        if not window.contains(rect):
            found.append(f"outside the window: {text[:40]!r} {rect}")
        if not box.inflate(2 * TOLERANCE, 2 * TOLERANCE).contains(rect):
            found.append(f"leaves its box: {text[:40]!r} {rect} not in {box}")
    for i, (a, _box, ta) in enumerate(records):
        for b, _box2, tb in records[i + 1:]:
            overlap = a.clip(b)
            if overlap.width > TOLERANCE and overlap.height > TOLERANCE:
                found.append(f"overlap: {ta[:30]!r} {a} and {tb[:30]!r} {b}")
    visible = [(btn, btn.rect if btn.clip is None else btn.rect.clip(btn.clip))
               for btn in pilot.screen.buttons()]
    visible = [(btn, r) for btn, r in visible if r.width and r.height]
    for i, (a, ra) in enumerate(visible):
        if not window.contains(ra):
            found.append(f"button outside the window: {a.label!r}")
        for b, rb in visible[i + 1:]:
            if ra.colliderect(rb):
                found.append(f"buttons overlap: {a.label!r} and {b.label!r}")
    return [f"{pilot.screen.name} at {w}x{h}: {p}" for p in found]


def check_scrolled(pilot) -> list[str]:
    """Check the screen at the top, the middle and the bottom of its scroll range."""
    out = problems(pilot)
    scroll = getattr(pilot.screen, "scroll", None)
    if scroll is not None and scroll.max_offset:
        for _page in range(3):
            pilot.press(pygame.K_PAGEDOWN)
            out += problems(pilot)
        pilot.wheel(-100, scroll.viewport.center)
        out += problems(pilot)
    return out


def tour(pilot) -> list[str]:
    out = check_scrolled(pilot)  # title (with a notice)
    for name in (_("Settings"), _("About Rapport")):
        pilot.click(name)
        out += check_scrolled(pilot)
        pilot.press(pygame.K_ESCAPE)
    pilot.click(_("Scenarios"))
    out += check_scrolled(pilot)
    pilot.press(pygame.K_ESCAPE)
    pilot.click(_("Scenarios"))
    pilot.press(pygame.K_1)
    assert pilot.screen.name == "briefing"
    out += check_scrolled(pilot)
    pilot.click(_("Begin"))
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "pause"
    out += problems(pilot)
    pilot.press(pygame.K_ESCAPE)
    state = pilot.app.session.state
    out += check_scrolled(pilot)
    for _move in range(30):
        pilot.settle()
        if state.status == "ended":
            break
        pilot.press(pygame.K_1 if state.status == "choice" else pygame.K_SPACE)
        out += check_scrolled(pilot)
    pilot.press(pygame.K_l)
    out += check_scrolled(pilot)
    pilot.press(pygame.K_l)
    pilot.settle()
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "debrief"
    out += check_scrolled(pilot)
    return out + tour_progress(pilot)


def tour_progress(pilot) -> list[str]:
    """From the debrief: the endings gallery, the history and a past attempt, the profiles, and
    the title with Continue; then a refused reload's panel over the play screen."""
    pilot.click(_("Endings"))
    assert pilot.screen.name == "gallery"
    out = check_scrolled(pilot)
    pilot.press(pygame.K_ESCAPE, pygame.K_ESCAPE)
    assert pilot.screen.name == "title"
    pilot.click(_("History"))
    out += check_scrolled(pilot)
    pilot.click(pilot.screen.focus.buttons[0])  # the attempt just finished
    assert pilot.screen.name == "past-attempt"
    out += check_scrolled(pilot)
    pilot.press(pygame.K_ESCAPE, pygame.K_ESCAPE)
    pilot.click(_("Switch profile"))
    pilot.click(_("New name"))
    pilot.type("A rather long name for a student, 40 ch")
    out += check_scrolled(pilot)
    pilot.press(pygame.K_ESCAPE)
    pilot.click(_("Scenarios"))
    pilot.press(pygame.K_1)
    pilot.click(_("Begin"))
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_ESCAPE)
    pilot.click(_("Leave the encounter"))
    pilot.press(pygame.K_ESCAPE)
    assert _("Continue") in pilot.labels()
    out += problems(pilot)  # the title with every entry and a notice
    pilot.click(_("Continue"))
    pilot.app.screen._reloaded(reload_refused(pilot.app.session.state))
    assert pilot.screen.name == "reload-problems"
    out += check_scrolled(pilot)
    return out


def reload_refused(state):
    """A refusal with many long problem lines, as a badly broken file would give."""
    from game.story.diagnostics import Diagnostic
    from game.story.reload import Reloaded

    path = "/home/someone/Documents/teaching/rapport/scenes/a-long-folder-name/waiting-room.yaml"
    problems = tuple(Diagnostic(path, 10 + n, 7, f'unknown tag "blaming" (expected one of the five practices or a pitfall) #{n}')
                     for n in range(12))
    return Reloaded(False, state.scenario, state, "waiting-room.yaml has 12 problems; the previous version keeps running",
                    problems)


BIG = {"text_size": "largest", "dyslexia_spacing": True, "meters": "live", "text_speed": "instant",
       "unknown": 1}  # the unknown key puts a notice on the title screen


# Every shipped language: its words are longer or shorter than English, and must fit all the same.
LANGUAGES = sorted(i18n.LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080), (3840, 2160)])
def test_largest_text_fits_everywhere(make_pilot, size, language):
    pilot = make_pilot(size=size, settings=json.dumps(BIG | {"language": language}))
    assert i18n.current_language() == language
    assert tour(pilot) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_small_text_high_contrast_fits(make_pilot, language):
    settings = {"text_size": "small", "high_contrast": True, "text_speed": "instant", "language": language}
    pilot = make_pilot(size=(1024, 600), settings=json.dumps(settings))
    assert tour(pilot) == []


def test_text_grows_with_window_and_setting(make_pilot):
    small = make_pilot(size=(1024, 600)).app.ui.theme.font_px("body")
    pygame.quit()
    big = make_pilot(size=(3840, 2160)).app.ui.theme.font_px("body")
    assert big >= 2.5 * small
