"""Debrief data: path, trajectory, grouping, turning points, response mix, endings, disclosures."""

from game.story import PlayState, build_debrief

from .helpers import MINI, parse

SCENARIO = parse(MINI)[0]


def played(*choices):
    state = PlayState.start(SCENARIO)
    for c in choices:
        state.choose(c)
        while not state.is_over and state.status != "choice":  # read on, past reactions too
            state.advance()
    return state


def test_debrief_of_the_best_path():
    d = build_debrief(SCENARIO, played("apologise"))
    assert d.ending.id == "opened-up"
    assert [x.choice_id for x in d.decisions] == ["apologise"]
    assert d.trajectory == [{"trust": 40, "openness": 30}, {"trust": 55, "openness": 35}]
    assert list(d.by_tag) == ["empathy"]
    assert [t.choice_id for t in d.turning_points] == ["apologise"]
    assert d.mix.counts == {"affirmation": 1}
    assert d.mix.reflection_to_question is None
    assert d.disclosures_heard == ["Afraid of losing his housing"] and d.disclosures_missed == 0
    assert [(e.ending.id, e.found, e.reached_now) for e in d.endings] == [
        ("opened-up", True, True), ("paperwork-only", False, False)]


def test_debrief_of_a_pitfall_path_and_found_endings():
    d = build_debrief(SCENARIO, played("straight-to-forms"), found_endings={"opened-up"})
    assert d.ending.id == "paperwork-only"
    assert d.pitfall_count == 1 and d.practice_count == 0
    assert d.decisions[0].delta("trust") == -10
    assert d.mix.questions == 1 and d.mix.reflections == 0
    assert d.disclosures_heard == [] and d.disclosures_missed == 1
    assert [(e.ending.id, e.found) for e in d.endings] == [("opened-up", True), ("paperwork-only", True)]
    data = d.to_dict()
    assert data["endings"][0]["title"] == "A Real Start"
    assert data["decisions"][0]["tag_label"] == "Rushing" and data["decisions"][0]["pitfall"] is True
    assert "not a validated MITI score" in data["response_mix"]["note"]


def test_unfound_ending_titles_stay_hidden_in_json():
    data = build_debrief(SCENARIO, played("straight-to-forms")).to_dict()
    assert data["endings"][0] == {"id": "opened-up", "title": None, "found": False, "reached_now": False}


def test_a_practice_that_cost_rapport_is_marked_as_not_landing():
    text = MINI.replace("        tag: rushing\n", "        tag: patience\n")
    scenario = parse(text)[0]
    state = PlayState.start(scenario)
    state.choose("straight-to-forms")
    d = build_debrief(scenario, state)
    assert d.decisions[0].missed_the_moment
    assert d.practice_count == 0 and d.pitfall_count == 0 and d.missed_count == 1
    assert d.to_dict()["decisions"][0]["missed_the_moment"] is True
