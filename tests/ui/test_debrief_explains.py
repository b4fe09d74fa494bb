"""The debrief explains itself: turning points numbered like the choices they mark, the chart
seen whole at 1280x720, a plain-words line for every figure, pitfalls marked by more than
colour, and no "more trust" hint for a student who found the best ending."""

import json

import pygame
import pytest

from game.ui.screens.common import CustomItem, TextItem
from game.ui.screens.debrief import KIND_LABELS, KIND_MEANINGS
from game.ui.screens.gallery import fair_hints
from tests.ui.test_playthrough import open_scenario, play_to_end


def _debrief(make_pilot, pick=lambda n: n - 1, size=(1280, 720), text_size="medium", scenario="waiting-room"):
    pilot = make_pilot(size=size, settings=json.dumps({"text_speed": "instant", "text_size": text_size}))
    open_scenario(pilot, scenario, by_mouse=False)
    play_to_end(pilot, pick, by_mouse=False)
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "debrief"
    return pilot


def _texts(screen):
    return [i.text for i in screen.doc.items if isinstance(i, TextItem)]


@pytest.mark.parametrize("text_size", ["medium", "largest"])
def test_the_chart_is_seen_whole_at_1280x720(make_pilot, text_size):
    pilot = _debrief(make_pilot, text_size=text_size)
    screen = pilot.screen
    chart = [(y, h) for item, y, h in screen._placed if isinstance(item, CustomItem)]
    assert chart and chart[0][1] <= screen.scroll.viewport.height


def test_turning_points_are_numbered_like_the_choices(make_pilot):
    pilot = _debrief(make_pilot)
    db = pilot.screen.debrief
    assert db.turning_points, "this path has turning points"
    texts = _texts(pilot.screen)
    for tp in db.turning_points:
        number = next(i + 1 for i, d in enumerate(db.decisions) if d.step == tp.step)
        assert any(t.startswith(f"Choice {number}: \u201c{tp.text}") for t in texts), number
        assert any(t.startswith(f"{number}. ") and tp.text not in t for t in texts)


def test_every_figure_has_a_plain_words_line_and_pitfalls_a_mark(make_pilot):
    pilot = _debrief(make_pilot, pick=lambda n: 0)
    db, texts = pilot.screen.debrief, _texts(pilot.screen)
    assert db.mix.counts
    for kind, n in db.mix.counts.items():
        assert kind in KIND_MEANINGS, f"{kind} has no plain-words line"
        assert f"{KIND_LABELS[kind]}: {n}, {KIND_MEANINGS[kind]}." in texts
    if db.mix.reflection_to_question is not None:
        assert any(t.startswith("Reflections to questions") and "How often" in t for t in texts)
    for dec in db.decisions:
        mark = "(!) Pitfall: " if dec.is_pitfall else "(+) Practice: "
        assert any(mark in t for t in texts)


def test_no_more_trust_hint_after_the_best_ending():
    from game.progress import GalleryEntry, ending_hint
    from game.story import load_library, scene_dirs

    library = load_library(scene_dirs())
    for scenario in library.scenarios.values():
        best = [e for e in scenario.endings if e.outcome == "best"]
        if not best:
            continue
        entries = [GalleryEntry(e, e in best, None, None if e in best else ending_hint(e)) for e in scenario.endings]
        for entry in fair_hints(entries):
            if not entry.found:
                assert "takes more" not in (entry.hint or ""), (scenario.id, entry.hint)
