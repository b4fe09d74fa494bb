"""Getting on well is not rapport (issue 13 §7): a choice tagged `connection` is marked as such in
the coach's note and in the debrief, never as one of the five practices."""

import json

from game.story import build_debrief
from game.ui.screens.common import Doc, TextItem
from game.ui.screens.debrief import add_debrief

INSTANT = json.dumps({"text_speed": "instant", "coaching": "after-each-choice"})


def _first_connection_choice(scenario):
    for node in scenario.nodes.values():
        for choice in node.choices:
            if choice.tag == "connection":
                return choice
    raise AssertionError("the scene has a connection choice")


def test_a_connection_choice_is_marked_as_connection_not_practice(make_pilot):
    pilot = make_pilot(settings=INSTANT)
    app = pilot.app
    scenario = app.library.scenarios["reluctant-teen"]
    session = app.start_session(scenario)
    app.reset_to(app.nav._play_screen())
    choice = _first_connection_choice(scenario)
    while session.state.status != "choice":
        session.read_on()
    assert choice in session.state.available(), "the teen's opening offers getting on well"
    session.choose(choice.id)
    pilot.step()
    texts = pilot.texts()
    assert "(~) Connection, not yet rapport" in texts
    assert not any(t.startswith("(+) Practice: Making a connection") for t in texts)
    while not session.state.is_over:
        if session.state.status == "choice":
            session.choose(session.state.available()[0].id)
        else:
            session.read_on()
    doc = Doc()
    add_debrief(doc, build_debrief(scenario, session.state), scenario, False, None, "")
    heads = [i for i in doc.items if isinstance(i, TextItem) and i.text.startswith("1. ")]
    assert heads and heads[0].text == "1. (~) Connection, not yet rapport" and heads[0].color == "text"
