"""Every offered choice lies inside the window at every moment of every shipped scene, at the
smallest window (1024x600) and the largest text, with the coach's note shown after each choice;
and the client's newest words are in view when the moment opens.

The moments are whatever the scenes hold (any status: choices, reading on, reactions, endings):
the first visit of every node on a breadth-first walk of each scene, plus every moment of a few
seeded random playthroughs.
"""

import json
from pathlib import Path
import random
from collections import deque

import pygame
import pytest

from game.story import CHOICE
from game.story.library import shipped_scene_dir

SIZE = (1024, 600)
SEEDS = (1, 2, 3)


def _moves(state):
    """The moves open at this moment: ("choose", id) for each choice, else ("read", None)."""
    if state.is_over:
        return []
    if state.status == CHOICE:
        return [("choose", c.id) for c in state.available()]
    return [("read", None)]


def _apply(session, move):
    kind, choice_id = move
    if kind == "choose":
        session.choose(choice_id)
    else:
        session.read_on()


def _paths(scenario):
    """A path (list of moves) to the first reach of every node, breadth first."""
    from game.play import PlaySession

    seen, paths, queue = set(), [], deque([[]])
    while queue:
        path = queue.popleft()
        session = PlaySession.start(scenario)
        for move in path:
            _apply(session, move)
        key = (session.state.node_id, session.state.status)
        if key in seen:
            continue
        seen.add(key)
        paths.append(path)
        for move in _moves(session.state):
            queue.append(path + [move])
    return paths


def _random_paths(scenario):
    from game.play import PlaySession

    out = []
    for seed in SEEDS:
        rng, session, path = random.Random(seed), PlaySession.start(scenario), []
        while True:
            out.append(list(path))
            moves = _moves(session.state)
            if not moves or len(path) > 200:
                break
            move = rng.choice(moves)
            _apply(session, move)
            path.append(move)
    return out


def _outside(pilot) -> list[str]:
    w, h = pilot.app.window.get_size()
    window = pygame.Rect(0, 0, w, h)
    play = pilot.screen
    wrong = []
    for b in play.actions:
        shown = b.rect if b.clip is None else b.rect.clip(b.clip)
        if shown != b.rect or not window.contains(b.rect):
            wrong.append(f"{b.label[:50]!r} at {tuple(b.rect)} (shown {tuple(shown)})")
    newest = play.newest_rows()
    if newest is not None:  # the client's newest words (and who says them) are in view, not below the fold
        first, last = newest
        top, height = play.scroll.offset, play.scroll.viewport.height
        if not (top <= first and (last <= top + height or first == top)):
            wrong.append(f"the client's newest line (rows {first}-{last}) is outside the pane "
                         f"(rows {top}-{top + height})")
    texts = [b.label for b in play.actions]
    labels = pilot.labels()
    if not all(t in labels for t in texts):
        wrong.append("a choice is not among the buttons on screen")
    return wrong


def _scene_ids():
    return sorted(p.stem for p in shipped_scene_dir().glob("*.yaml"))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("scene_id", _scene_ids())
def test_every_offered_choice_is_in_the_window(make_pilot, scene_id, language):
    # In each shipped language: the window's words (coach notes, buttons) change length with it.
    pilot = make_pilot(size=SIZE, settings=json.dumps({
        "text_size": "largest", "dyslexia_spacing": True, "text_speed": "instant",
        "coaching": "after-each-choice", "meters": "live", "language": language}))
    app = pilot.app
    scenario = app.library.scenarios.get(scene_id)
    if scenario is None:
        pytest.skip(f"{scene_id} is not a playable scenario in this library")
    paths = _paths(scenario) + _random_paths(scenario)
    assert paths
    problems, moments, coached = [], 0, 0
    for path in paths:
        app.start_session(scenario)
        app.reset_to(app.nav._play_screen())
        for move in path:
            _apply(app.session, move)
        pilot.step()
        play = pilot.screen
        assert play.name == "play"
        moments += 1
        coached += play.coach is not None
        state = app.session.state
        if state.status == CHOICE:
            assert len(play.actions) == len(state.available())
        for p in _outside(pilot):
            problems.append(f"{scene_id} at {state.node_id} ({state.status}): {p}")
    assert moments >= len(scenario.nodes) // 2
    assert coached, "the coach's note was shown at some moment"
    assert not problems, "\n".join(problems[:20])


SCENES = Path(__file__).parent / "scenes"


@pytest.mark.parametrize("size", [SIZE, (1280, 720)])
def test_six_very_long_choices_condense_without_covering_the_conversation(make_pilot, size):
    """Six choices of about 150 characters, the largest text, the coach's note and live meters:
    the column condenses (smaller labels, narrower portrait column, tighter buttons) until every
    choice is in the window, none covers the conversation or another, and the client's newest
    line is in view."""
    pilot = make_pilot(size=size, scenes_dirs=[SCENES], settings=json.dumps({
        "text_size": "largest", "text_speed": "instant", "coaching": "after-each-choice",
        "meters": "live"}))
    app = pilot.app
    scenario = app.library.scenarios["six-long-choices"]
    app.start_session(scenario)
    app.nav.play()
    pilot.step()
    for moment in range(2):
        play = pilot.screen
        assert play.name == "play" and len(play.actions) == 6
        assert all(len(b.label) >= 140 for b in play.actions)
        assert (play.coach is not None) == (moment == 1), "the coach's note shows after the first choice"
        assert not _outside(pilot), _outside(pilot)
        pane = play._panel_rect()
        assert pane.height >= app.ui.theme.px(40), "the conversation keeps a line at least"
        for b in play.actions:
            assert not b.rect.colliderect(pane), f"{b.label[:30]!r} covers the conversation"
        rects = [b.rect for b in play.actions]
        assert all(a.bottom <= b.top for a, b in zip(rects, rects[1:])), "the choices stack without overlap"
        assert not play.portrait_rect.colliderect(play.column), "the portrait stays beside the column"
        pilot.press(pygame.K_1)
