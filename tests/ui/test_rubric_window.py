"""Issue 15 in the window: a course rubric in use names practices, pitfalls and duties beside
Rapport's own in the debrief (and the past attempt's); learning records that cannot be queued
are said on the play panel, like a failed autosave, until they can be again."""

import json

import pygame

from game.progress import ProgressError
from game.records import recorder as recorder_module
from tests.ui.test_debrief_explains import _texts
from tests.ui.test_playthrough import open_scenario, play_to_end
from tests.ui.test_progress_window import INSTANT, choose
from tests.ui.test_screens import to_play

RUBRIC = """\
name: BSW engagement rubric
map:
  empathy: "2.1 Engages with empathy"
  be-present: "2.2 Attends to the person"
  judging: "2.4 Avoids judgement"
  rushing: "2.5 Paces the conversation"
  explain-limits: "1.3 Explains confidentiality and its limits"
"""


def _debrief_with_rubric(make_pilot, tmp_path, rubric_text, pick):
    config = tmp_path / "config"
    config.mkdir(parents=True, exist_ok=True)
    if rubric_text is not None:
        (config / "rubric.yaml").write_text(rubric_text, encoding="utf-8")
    pilot = make_pilot(config_dir=config, settings=json.dumps({"text_speed": "instant"}))
    open_scenario(pilot, "waiting-room", by_mouse=False)
    play_to_end(pilot, pick, by_mouse=False)
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "debrief"
    return pilot


def test_the_debrief_shows_the_rubric_beside_rapport_s_names(make_pilot, tmp_path, monkeypatch):
    monkeypatch.delenv("RAPPORT_RUBRIC", raising=False)
    seen_tags = set()
    for pick in (lambda n: 0, lambda n: n - 1):
        pilot = _debrief_with_rubric(make_pilot, tmp_path, RUBRIC, pick)
        rubric = pilot.app.rubric
        assert rubric is not None and rubric.name == "BSW engagement rubric"
        texts = _texts(pilot.screen)
        assert "Names in [brackets] are from your course's rubric: BSW engagement rubric." in texts
        db = pilot.screen.debrief
        for n, dec in enumerate(db.decisions, 1):
            head = next(t for t in texts if t.startswith(f"{n}. "))
            name = rubric.label(dec.tag)
            assert head.endswith(f"  [{name}]") if name else "[" not in head
            seen_tags.add(dec.tag)
        for outcome in db.duties:
            name = rubric.label(outcome.duty.id)
            assert any(t.endswith(f"{outcome.duty.title}  [{name}]") for t in texts) if name else True
    assert seen_tags & {"empathy", "be-present", "judging", "rushing"}, "the two paths meet some of the rubric's names"


def test_without_a_rubric_nothing_is_bracketed_and_a_broken_one_is_a_notice(make_pilot, tmp_path, monkeypatch):
    monkeypatch.delenv("RAPPORT_RUBRIC", raising=False)
    pilot = _debrief_with_rubric(make_pilot, tmp_path, None, lambda n: 0)
    assert pilot.app.rubric is None
    assert not any("course's rubric" in t for t in _texts(pilot.screen))
    pygame.quit()
    config = tmp_path / "config2"
    config.mkdir()
    (config / "rubric.yaml").write_text("name: x\nmap: [1, 2]\n", encoding="utf-8")
    pilot = make_pilot(config_dir=config, settings=INSTANT)
    assert pilot.app.rubric is None
    assert any(n.startswith("The course rubric is not used: ") and "rubric.yaml" in n for n in pilot.app.notices)


def test_records_that_cannot_be_queued_are_said_on_the_play_panel(make_pilot, monkeypatch):
    pilot = make_pilot(settings=INSTANT)
    to_play(pilot)
    real_queue = recorder_module.outbox.queue_statements

    def failing(*args, **kwargs):
        raise ProgressError("the disk is full")

    monkeypatch.setattr(recorder_module.outbox, "queue_statements", failing)
    choose(pilot, "apologise-for-wait")
    assert pilot.screen.name == "play"
    assert any("Learning records could not be queued just now (the disk is full); play goes on." in t
               for t in pilot.texts())
    monkeypatch.setattr(recorder_module.outbox, "queue_statements", real_queue)
    choose(pilot, "explain-meeting")
    assert not any("Learning records could not be queued" in t for t in pilot.texts())
