"""Class mode teaches like the student's debrief (issues 12, 15): the reveal (R) shows the duties
raised so far, met or not; the class debrief shows the ripple, what was built, the duties and
respect, and asks the scene's own debrief questions (not three fixed prompts)."""

import shutil
from pathlib import Path

import pygame

from game.story.debrief import DEFAULT_QUESTIONS

from .test_facilitator import begin, texts

SCENES = Path(__file__).parent.parent.parent / "scenes"


def _doc_texts(screen):
    return [getattr(i, "text", None) for i in screen.doc.items]


def _class_app(class_app, tmp_path, monkeypatch, scene):
    folder = tmp_path / "scenes"
    folder.mkdir()
    shutil.copy(SCENES / f"{scene}.yaml", folder)
    monkeypatch.setattr("tests.classroom.conftest.CLASS_SCENES", folder)
    return class_app(phones=False)


def _play_on(pilot, screen, until):
    for _ in range(200):
        if until(screen.state):
            return
        pilot.press(pygame.K_1 if screen.state.status == "choice" else pygame.K_RETURN)
    raise AssertionError("never reached")


def test_reveal_shows_raised_duties_and_the_class_debrief_teaches(class_app, tmp_path, monkeypatch):
    pilot, ctx = _class_app(class_app, tmp_path, monkeypatch, "grief-home-visit")
    screen = begin(pilot)
    scenario = screen.state.scenario
    duty = scenario.duties[0]
    _play_on(pilot, screen, lambda st: duty.id in st.raised_duties())
    assert not any(duty.title in t for t in texts(pilot)), "hidden until the facilitator reveals"
    pilot.press(pygame.K_r)
    pilot.press(pygame.K_PAGEDOWN)  # under the conversation: the column scrolls to it
    shown = texts(pilot)
    assert "Duties raised" in shown
    assert any(t in (f"Not met yet: {duty.title}", f"Met: {duty.title}") for t in shown)
    _play_on(pilot, screen, lambda st: st.is_over)
    met = duty.id in screen.state.met_duties()
    pilot.press(pygame.K_PAGEDOWN)
    assert (f"Met: {duty.title}" if met else f"MISSED: {duty.title}") in texts(pilot)
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "class-debrief"
    items = _doc_texts(pilot.screen)
    db = pilot.screen.debrief
    order = [items.index(" ".join(db.ending.text.split())), items.index(f"Afterwards: {db.ripple.strip()}"),
             items.index("What you built"), items.index("Duties")]
    assert order == sorted(order)
    assert ("(+) Met: " if met else "(!) MISSED: ") + duty.title in items
    for n, question in enumerate(scenario.debrief_questions, 1):
        assert f"{n}. {question}" in items
    assert "Which moment changed the most, and what made it change?" not in items


def test_a_scene_without_questions_asks_the_pearls_four_in_class(class_app):
    pilot, ctx = class_app(phones=False)
    screen = begin(pilot)
    _play_on(pilot, screen, lambda st: st.is_over)
    pilot.press(pygame.K_RETURN)
    items = _doc_texts(pilot.screen)
    for n, question in enumerate(DEFAULT_QUESTIONS, 1):
        assert f"{n}. {question}" in items
    for heading in ("What you built", "Duties", "Mutual respect"):  # a format-1 scene: no empty sections
        assert heading not in items
