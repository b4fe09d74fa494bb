"""A bad translation never stops the window (issue 11, round 5): the scene plays, in its own
words wherever the translation cannot be used, and the scene list says so. Text that a font
cannot draw (a NUL, only zero-width characters) or a word of thousands of letters is laid out
without an error and without freezing the window."""

import json
import shutil
import time

import pygame
import pytest

from game.story.library import shipped_scene_dir
from game.ui.text import drawable, wrap
from tests.ui.test_screens import to_play

LINE = "es: Pensaba que se habían olvidado de mí. Casi me voy."
GOOD = (shipped_scene_dir() / "translations" / "es" / "waiting-room.yaml").read_text(encoding="utf-8")
BROKEN = {
    "not a file": None,
    "wrong header": "translation: 1\nscene: another-scene\nlanguage: es\n",
    "NUL": GOOD.replace(LINE, 'es: "Pensaba\\0 que"'),
    "zero width only": GOOD.replace(LINE, 'es: "\\u200b\\u200b"'),
    "a word of 19,000 letters": GOOD.replace(LINE, "es: " + "x" * 19_000),
    "2,400 words": GOOD.replace(LINE, "es: " + " ".join(["palabra"] * 2400)),
}


@pytest.fixture
def folder(tmp_path):
    scenes = tmp_path / "scenes"
    (scenes / "translations" / "es").mkdir(parents=True)
    shutil.copy(shipped_scene_dir() / "waiting-room.yaml", scenes / "waiting-room.yaml")
    return scenes


def play_to_an_ending(pilot):
    state = pilot.app.session.state
    for _ in range(200):
        if state.is_over:
            return
        if state.status == "choice":
            pilot.press(pygame.K_1)
        else:
            pilot.press(pygame.K_SPACE)
    raise AssertionError("no ending within 200 steps")


@pytest.mark.parametrize("name", BROKEN)
def test_a_bad_translation_never_stops_the_window(name, make_pilot, folder):
    path = folder / "translations" / "es" / "waiting-room.yaml"
    if BROKEN[name] is None:
        path.mkdir()
    else:
        path.write_text(BROKEN[name], encoding="utf-8")
    began = time.perf_counter()
    pilot = make_pilot(scenes_dirs=[folder], size=(1024, 600),
                       settings=json.dumps({"language": "es", "text_speed": "instant", "text_size": "largest"}))
    pilot.press(pygame.K_RETURN)  # the scene list
    assert pilot.screen.name == "select"
    notices = [t for t in pilot.texts() if "sin traducir" in t]
    if name in ("not a file", "wrong header"):
        assert notices and str(path) in notices[0]  # the player is told, in their language
        assert pilot.app.library.scenarios["waiting-room"].language == "en"
    pilot.press(pygame.K_ESCAPE)
    to_play(pilot) if name in ("not a file", "wrong header") else _to_play_in_spanish(pilot)
    play_to_an_ending(pilot)
    assert time.perf_counter() - began < 60


def _to_play_in_spanish(pilot):
    pilot.press(pygame.K_RETURN)
    cards = pilot.labels()
    tutorial = next(i for i, label in enumerate(cards) if label.startswith("Tutorial"))
    pilot.press(getattr(pygame, f"K_{tutorial + 1}"))
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "play" and pilot.app.session.scenario.language == "es"


def test_a_long_word_is_broken_in_a_few_measurements_a_line():
    calls = []

    def measure(text):
        calls.append(len(text))
        return 8 * len(text)

    lines = wrap("x" * 19_000, 600, measure)
    assert all(len(line) == 75 for line in lines[:-1]) and "".join(lines) == "x" * 19_000
    assert len(calls) < 40 * len(lines)  # was one per letter: 19,000 x 250 lines, minutes of layout


def test_what_a_font_cannot_draw_is_left_out():
    assert drawable("a\x00b\tc\x1b\ud800d\ne") == "ab c" + "d\ne"
    assert drawable("señal «ñ» 名前 🙂\u200d") == "señal «ñ» 名前 🙂\u200d"
