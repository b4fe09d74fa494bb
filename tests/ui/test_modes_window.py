"""Practice and assessed attempts in the window (issue 12 item 5): the briefing offers both,
an assessed attempt shows no coach notes and cannot be taken back, history and the gallery
show the mode, and a lab can lock assessed attempts."""

import json

import pygame

from game.play import ASSESSED, PRACTICE
from tests.ui.test_progress_window import INSTANT, play_to_end, to_title

COACHED = json.dumps({"text_speed": "instant", "coaching": "after-each-choice"})


def to_briefing(pilot):
    pilot.click("Scenarios")
    pilot.click("Tutorial")
    assert pilot.screen.name == "briefing"


def doc_text(pilot):
    """Every text of the page, scrolled into view or not."""
    return " ".join(getattr(item, "text", "") for item in pilot.screen.doc.items)


def first_choice(pilot):
    state = pilot.app.session.state
    while state.status != "choice":
        pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_1)


def test_the_briefing_offers_practice_first_and_practice_coaches(make_pilot):
    pilot = make_pilot(settings=COACHED)
    to_briefing(pilot)
    assert "Practice or assessed" in doc_text(pilot)
    assert pilot.button("Practice").value == "chosen" and pilot.button("Assessed").value is None
    assert "coach notes" in pilot.button("Practice").detail and "debrief" in pilot.button("Assessed").detail
    assert pilot.screen.focus.focused.label == "Begin"
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "play" and pilot.app.session.mode == PRACTICE
    first_choice(pilot)
    assert pilot.screen.coach is not None


def test_an_assessed_attempt_has_no_coach_no_rewind_and_shows_its_mode(make_pilot):
    pilot = make_pilot(settings=COACHED)
    to_briefing(pilot)
    pilot.click("Assessed")
    assert pilot.button("Assessed").value == "chosen"
    assert pilot.screen.focus.focused.label == "Assessed" and "Begin (assessed)" in pilot.labels()
    pilot.click("Begin")
    session = pilot.app.session
    assert pilot.screen.name == "play" and session.mode == ASSESSED
    first_choice(pilot)
    assert pilot.screen.coach is None, "no coach note in an assessed attempt, whatever the setting"
    pilot.press(pygame.K_l)
    assert pilot.screen.name == "log"
    assert not any(label.startswith("Rewind") for label in pilot.labels())
    assert "cannot be taken back" in pilot.screen.subtitle
    pilot.press(pygame.K_l)
    state = play_to_end(pilot)
    pilot.press(pygame.K_RETURN)  # See how it went
    assert pilot.screen.name == "debrief"
    assert "Try another answer here" not in pilot.labels()
    [saved] = pilot.app.progress.history(pilot.app.profile)
    assert saved.mode == ASSESSED
    pilot.click("Endings")
    assert "earned in an assessed attempt" in doc_text(pilot)
    assert [e.ending.id for e in pilot.screen.entries if e.assessed] == [state.ending.id]
    to_title(pilot)
    pilot.click("History")
    assert "(assessed)" in pilot.button("Tutorial").detail
    pilot.click("Tutorial")
    assert pilot.screen.name == "past-attempt" and "(assessed)" in pilot.screen.subtitle


def test_restart_and_replay_keep_the_mode(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    to_briefing(pilot)
    pilot.click("Assessed")
    pilot.click("Begin")
    pilot.screen.restart()
    assert pilot.app.session.mode == ASSESSED


def test_a_locked_lab_plays_assessed_only(make_pilot, tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "lab.json").write_text('{"assessed_only": true}', encoding="utf-8")
    pilot = make_pilot(settings=COACHED, config_dir=config)
    assert pilot.app.assessed_only
    to_briefing(pilot)
    assert "Your lab plays assessed attempts only" in doc_text(pilot)
    assert not any(label in ("Practice", "Assessed") for label in pilot.labels())
    pilot.click("Begin")
    assert pilot.app.session.mode == ASSESSED
    # The Settings screen has nothing that unlocks it.
    assert "assessed" not in " ".join(pilot.app.store.path.parent.joinpath("settings.json").read_text().split())


def test_rapport_assessed_reaches_the_window(monkeypatch):
    import game.ui.launcher as launcher
    from game.cli import main

    seen = {}
    monkeypatch.setattr(launcher, "_display_available", lambda: True)
    monkeypatch.setattr(launcher, "create_app", lambda **kw: (_ for _ in ()).throw(SystemExit(seen.update(kw))))
    try:
        main(["--assessed"])
    except SystemExit:
        pass
    assert seen.get("assessed") is True
