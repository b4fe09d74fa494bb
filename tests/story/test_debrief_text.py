"""The terminal debrief shows the window's teaching sections, in the same order and words."""

from pathlib import Path

from game.story import PlayState, build_debrief
from game.story.loader import load_scenario
from game.terminal.text import Style, debrief_text

SCENES = Path(__file__).parent.parent.parent / "scenes"


def _played(name, pick=0, folder=SCENES):
    scenario = load_scenario(folder / f"{name}.yaml")
    state = PlayState.start(scenario)
    while not state.is_over:
        state.choose(state.available()[pick].id) if state.status == "choice" else state.advance()
    return build_debrief(scenario, state)


def test_format_2_sections_follow_the_ending_in_order():
    db = _played("grief-home-visit")
    text = debrief_text(db, Style(False))
    marks = [f"Ending: {db.ending.title}", "Afterwards: ", "What you built", "Duties", "Mutual respect",
             "You made "]
    at = [text.index(m) for m in marks]
    assert at == sorted(at), marks
    assert "Connection: " in text and "Rapport: " in text and "Alliance: " in text
    for outcome in db.duties:
        assert ("[met] " if outcome.met else "[MISSED] ") + outcome.duty.title in " ".join(text.split())
        assert "Why it matters:" in text and "Source:" in text
    assert any(not o.met for o in db.duties), "this path misses a duty: it reads [MISSED], not only in colour"


def test_format_1_shows_no_empty_sections():
    # Every shipped scene is format 2: the story tests' small format-1 scene stands in.
    text = debrief_text(_played("mini", folder=Path(__file__).parent), Style(False))
    for heading in ("Afterwards", "What you built", "Duties", "Mutual respect"):
        assert heading not in text
