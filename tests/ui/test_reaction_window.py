"""A format 2 scene in the window: after a choice the client's reaction shows, then Continue reads on."""

import json
import shutil
from pathlib import Path

MINI2 = Path(__file__).resolve().parents[1] / "story" / "mini2.yaml"


def test_the_reaction_shows_before_the_story_goes_on(make_pilot, tmp_path):
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    shutil.copy(MINI2, scenes / "mini2.yaml")
    pilot = make_pilot(scenes_dirs=[scenes], settings=json.dumps({"text_speed": "instant"}))
    pilot.click("Scenarios")
    pilot.click("The Letter")
    pilot.click("Begin")
    assert pilot.screen.name == "play" and pilot.app.session.scenario.id == "mini2"
    pilot.click("Have you got the forms?")
    state = pilot.app.session.state
    assert state.status == "reaction"
    labels = pilot.labels()
    assert "Continue" in labels and not any(label.startswith("See how it went") for label in labels)
    assert pilot.screen._narration is not None and pilot.screen._says is None  # "His jaw tightens."
    pilot.click("Continue")
    assert state.status == "choice" and state.node_id == "letter"
    assert any(label.startswith("When you say") for label in pilot.labels())


def test_a_reaction_that_returns_to_the_same_moment_offers_its_choices_again(make_pilot, tmp_path):
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    text = MINI2.read_text().replace(
        "        reaction: { beat: calm, says: Bits of it. }\n        feedback: Small talk is pleasant, and it is not yet trust.\n        next: letter",  # noqa: E501
        "        reaction: { beat: calm, says: Bits of it. }\n        feedback: Small talk is pleasant, and it is not yet trust.\n        next: arrival")  # noqa: E501
    (scenes / "mini2.yaml").write_text(text)
    pilot = make_pilot(scenes_dirs=[scenes], settings=json.dumps({"text_speed": "instant"}))
    pilot.click("Scenarios")
    pilot.click("The Letter")
    pilot.click("Begin")
    pilot.click("Did you see the match last night?")
    pilot.click("Continue")
    state = pilot.app.session.state
    assert state.status == "choice" and state.node_id == "arrival"
    assert "Continue" not in pilot.labels() and "Have you got the forms?" in pilot.labels()
