"""The debrief teaches in the window (issues 12 and 15): after the ending, the ripple, what was
built, each raised duty met or missed (marked by more than colour), mutual respect; a format-1
scene shows none of them empty. Then a reflection: optional, skippable, kept with the attempt,
shown again in History and sent to the learning records."""

import json
import tempfile
from pathlib import Path

import pygame

from game.story.debrief import DEFAULT_QUESTIONS
from game.ui.screens.common import TextItem
from game.ui.screens.reflection import SAVE_LABEL
from game.ui.textfield import TextField
from tests.ui.test_debrief_explains import _debrief as _any_debrief
from tests.ui.test_debrief_explains import _texts
from tests.ui.test_playthrough import open_scenario, play_to_end

# Every shipped scene is format 2 now: the format-1 checks play the story tests' small scene
# (no duties, no ripple, no questions of its own) as the only scene in the library.
FORMAT_1 = "mini"
MINI = Path(__file__).resolve().parent.parent / "story" / "mini.yaml"


def _debrief(make_pilot, pick=lambda n: n - 1, scenario=FORMAT_1):
    if scenario != FORMAT_1:
        return _any_debrief(make_pilot, pick=pick, scenario=scenario)
    folder = Path(tempfile.mkdtemp(prefix="rapport-format1-"))
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    pilot = make_pilot(scenes_dirs=[folder], settings=json.dumps({"text_speed": "instant", "text_size": "medium"}))
    open_scenario(pilot, FORMAT_1, by_mouse=False)
    play_to_end(pilot, pick, by_mouse=False)
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "debrief"
    return pilot


def _index(texts, start):
    return next(i for i, t in enumerate(texts) if t.startswith(start))


def test_format_2_sections_come_in_order_after_the_ending(make_pilot):
    pilot = _debrief(make_pilot, pick=lambda n: 0, scenario="grief-home-visit")
    db, texts = pilot.screen.debrief, _texts(pilot.screen)
    assert db.ripple and db.duties and db.relationship
    ending = texts.index(db.ending.text.strip())
    order = [ending, _index(texts, "Afterwards: "), texts.index("What you built"), texts.index("Duties"),
             texts.index("Mutual respect"), _index(texts, "You made ")]
    assert order == sorted(order), order
    assert db.relationship.sentence in texts
    assert any(t.startswith("Connection: ") for t in texts) and any(t.startswith("Rapport: ") for t in texts)
    assert any(t.startswith("Alliance: ") for t in texts)
    items = [i for i in pilot.screen.doc.items if isinstance(i, TextItem)]
    for outcome in db.duties:
        mark = "(+) Met: " if outcome.met else "(!) MISSED: "
        head = next(i for i in items if i.text == mark + outcome.duty.title)
        assert head.color == ("good" if outcome.met else "poor")  # and the words differ, not only colour
        assert f"Why it matters: {outcome.duty.why}" in texts and f"Source: {outcome.duty.source}" in texts


def test_a_missed_duty_reads_differently_from_a_met_one(make_pilot):
    pilot = _debrief(make_pilot, pick=lambda n: 0, scenario="grief-home-visit")
    texts = _texts(pilot.screen)
    missed = [o for o in pilot.screen.debrief.duties if not o.met]
    assert missed, "this path misses the duty to ask about suicide"
    assert "(!) MISSED: " + missed[0].duty.title in texts


def test_a_format_1_scene_shows_no_empty_sections(make_pilot):
    pilot = _debrief(make_pilot)
    texts = _texts(pilot.screen)
    for heading in ("What you built", "Duties", "Mutual respect"):
        assert heading not in texts
    assert not any(t.startswith("Afterwards") for t in texts)


def test_the_reflection_is_optional_kept_and_seen_again_in_history(make_pilot):
    pilot = _debrief(make_pilot)
    screen = pilot.screen
    texts = _texts(screen)
    for n, question in enumerate(DEFAULT_QUESTIONS, 1):  # a format-1 scene: the PEARLS four
        assert f"{n}. {question}" in texts
    fields = [b for b in screen.buttons() if isinstance(b, TextField)]
    assert len(fields) == 4 and not screen.wants_text
    queued = []
    pilot.app.records.recorder.reflection = lambda session, answers: queued.append(dict(answers))
    pilot.click(fields[0])
    assert pilot.screen.wants_text
    pilot.type("Shaky, then calmer 1")  # digits type, they do not pick
    pilot.press(pygame.K_RETURN)  # Enter moves on to the next question
    assert pilot.screen.focus.focused is fields[1]
    pilot.press(pygame.K_RETURN)  # left blank: skipped
    pilot.press(pygame.K_RETURN)
    pilot.type("Ask before assuming")
    pilot.press(pygame.K_BACKSPACE)
    pilot.type("g")
    uuid = pilot.app.session.attempt.uuid
    pilot.press(pygame.K_ESCAPE)  # leaving keeps what was typed: nothing blocks
    assert pilot.screen.name == "title"
    kept = {DEFAULT_QUESTIONS[0]: "Shaky, then calmer 1", DEFAULT_QUESTIONS[3]: "Ask before assuming"}
    assert pilot.app.progress.reflection(uuid) == kept
    assert queued == [{DEFAULT_QUESTIONS[0]: "Shaky, then calmer 1", DEFAULT_QUESTIONS[1]: "",
                       DEFAULT_QUESTIONS[2]: "", DEFAULT_QUESTIONS[3]: "Ask before assuming"}]

    from game.ui.screens.past_attempt import PastAttemptScreen

    [summary] = pilot.app.progress.history(pilot.app.profile)
    pilot.app.push(PastAttemptScreen(pilot.app, summary, on_resumed=None, on_continue=None, on_endings=None))
    pilot.step()
    texts = _texts(pilot.screen)
    assert "Your reflection" in texts and "Shaky, then calmer 1" in texts and "Ask before assuming" in texts


def test_skipping_the_reflection_keeps_nothing_and_queues_nothing(make_pilot):
    pilot = _debrief(make_pilot)
    queued = []
    pilot.app.records.recorder.reflection = lambda session, answers: queued.append(answers)
    uuid = pilot.app.session.attempt.uuid
    pilot.click(SAVE_LABEL)
    assert any("Nothing to keep yet" in t for t in _texts(pilot.screen))
    pilot.click("Title screen")
    assert pilot.app.progress.reflection(uuid) == {} and queued == []


def test_the_scene_s_own_questions_are_asked(make_pilot):
    pilot = _debrief(make_pilot, pick=lambda n: 0, scenario="grief-home-visit")
    questions = pilot.app.session.scenario.debrief_questions
    assert questions and tuple(questions) != DEFAULT_QUESTIONS
    texts = _texts(pilot.screen)
    for n, question in enumerate(questions, 1):
        assert f"{n}. {question}" in texts
    assert f"1. {DEFAULT_QUESTIONS[0]}" not in texts or DEFAULT_QUESTIONS[0] == questions[0]


def test_answers_reach_the_xapi_outbox(make_pilot):
    pilot = _debrief(make_pilot)
    fields = [b for b in pilot.screen.buttons() if isinstance(b, TextField)]
    pilot.click(fields[1])
    pilot.type("He was angry about the wait")
    pilot.click(SAVE_LABEL)
    rows = pilot.app.progress.conn.execute("SELECT body FROM xapi_outbox").fetchall()
    responded = [r[0] for r in rows if "responded" in r[0]]
    assert len(responded) == 1 and "He was angry about the wait" in responded[0] and "/reflection/2" in responded[0]
