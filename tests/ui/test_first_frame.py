"""The real `rapport` command's first frame (issue 14 §13): what it leaves for later, and that
what it does more cheaply draws the same pixels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pygame

ROOT = Path(__file__).resolve().parents[2]

# Run as `rapport` runs (game.cli.main with an empty command line) up to the first frame on the
# title, for a returning student (a profile with an unfinished attempt, so Continue is offered),
# then report which modules were loaded and what the title offered.
FIRST_FRAME = r"""
import json, os, sys
import game.ui.app as app_module
from game.cli import main

step = app_module.App.step

def first_frame(self, events):
    wait = step(self, events)
    if self.frames == 1:
        print(json.dumps({"modules": sorted(sys.modules), "screen": self.screen.name,
                          "buttons": [b.label for b in self.screen.buttons()]}))
        sys.stdout.flush()
        os._exit(0)
    return wait

app_module.App.step = first_frame
main([])
"""

# Loaded after the first frame, or only by the command or screen that needs them.
DEFERRED = (
    "argparse",  # bare `rapport` parses nothing (game.cli.bare_args)
    "game.commands.translate",
    "game.records.rubric", "game.story.diagnostics",  # only when a rubric is in use
    "game.progress.attempt_records", "game.progress.transfer",
    "uuid",  # a new attempt's id
    "wave",  # a silent line for speech
    "game.ui.idle",  # the waiter, after the first frame
    "yaml", "game.story.model", "game.story.loader", "game.story.library", "game.play",
    "game.ui.screens.play", "game.ui.screens.debrief", "game.ui.art.portraits", "game.ui.art.backdrops",
    "game.classroom.server", "game.records.recorder",
    "importlib.resources.readers",  # pygame's own window icon, read from its package: ours is drawn
)


def returning_student(tmp_path: Path) -> dict:
    """A data folder with one profile and an attempt left unfinished; the environment to use it."""
    from game.progress import ProgressStore
    from game.story import load_scenario

    scenario = load_scenario(ROOT / "scenes" / "waiting-room.yaml")
    with ProgressStore.open(tmp_path / "data") as store:
        profile = store.get_or_create_profile("Ana")
        store.start_attempt(profile, scenario)
    env = {k: v for k, v in os.environ.items() if k not in ("RAPPORT_DATA_DIR", "RAPPORT_RUBRIC")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT),
               XDG_CONFIG_HOME=str(tmp_path / "config"), RAPPORT_DATA_DIR=str(tmp_path / "data"))
    return env


def test_bare_rapport_draws_the_title_with_continue_before_loading_what_it_does_not_show(tmp_path):
    env = returning_student(tmp_path)
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["screen"] == "title"
    assert seen["buttons"][:3] == ["Switch profile", "Continue", "Scenarios"]  # the real title, Continue and all
    loaded = set(seen["modules"])
    assert "game.progress.store" in loaded and "game.ui.screens.title" in loaded  # the check can see modules
    assert sorted(m for m in DEFERRED if m in loaded) == []


def test_the_cycle_collector_waits_for_the_first_frame_and_no_longer(tmp_path):
    env = returning_student(tmp_path)
    code = FIRST_FRAME.replace('"screen": self.screen.name,', '"screen": self.screen.name, "gc": gc.isenabled(),')
    code = code.replace("import json, os, sys", "import gc, json, os, sys").replace("        os._exit(0)\n", "")
    code = code.replace("app_module.App.step = first_frame", """app_module.App.step = first_frame
import game.ui.idle

class Waiter:  # made by App.run just after the first frame: report, and stop there
    def __init__(self):
        print(json.dumps({"after_first_frame_gc": gc.isenabled()}))
        sys.stdout.flush()
        os._exit(0)

game.ui.idle.Waiter = Waiter""")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    first, after = (json.loads(line) for line in out.stdout.strip().splitlines()[-2:])
    assert first["screen"] == "title" and first["gc"] is False
    assert after == {"after_first_frame_gc": True}


def test_a_course_rubric_still_loads_before_the_title_says_it_cannot_be_used(tmp_path):
    """The rubric reader is left out only when there is no rubric: a broken one is still reported."""
    env = returning_student(tmp_path)
    (tmp_path / "config" / "rapport").mkdir(parents=True)
    (tmp_path / "config" / "rapport" / "rubric.yaml").write_text("name: [not, a, name]\n", encoding="utf-8")
    code = FIRST_FRAME.replace('"screen": self.screen.name,', '"screen": self.screen.name, "notices": self.notices,')
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert "game.records.rubric" in seen["modules"]
    assert any("rubric" in n for n in seen["notices"]), seen["notices"]


def test_the_gradient_painted_straight_into_a_layer_is_the_cached_gradient(tmp_path):
    from game.ui.artwork import ArtCache

    pygame.display.init()
    try:
        window = pygame.display.set_mode((1024, 600))
        top, bottom = (53, 64, 73), (31, 42, 51)
        for size in ((1024, 600), (1920, 1080), (1, 3)):
            art = ArtCache(background=False)
            layer = pygame.Surface(size, 0, window)
            layer.fill((255, 0, 255))
            art.paint_gradient(layer, top, bottom)
            assert art._gradients == {}  # nothing window-sized made for it
            expected = ArtCache(background=False).gradient(size, top, bottom)
            assert pygame.image.tobytes(layer, "RGB") == pygame.image.tobytes(expected, "RGB")
            assert layer.get_at((0, 0))[:3] != layer.get_at((0, size[1] - 1))[:3] or size[1] < 2
    finally:
        pygame.display.quit()


def test_the_titles_first_frame_painted_on_the_window_is_the_frame_its_layer_gives(tmp_path):
    """The first frame skips the cached layer; every later frame (focus moves) uses it: the
    window must look the same either way, with and without a notice, at two sizes."""
    from game.ui.launcher import create_app

    for size, notices in (((1024, 600), []), ((1920, 1080), ["A notice for the title."])):
        app = create_app(config_dir=tmp_path / "c", data_dir=tmp_path / "d", size=size)
        try:
            app.notices[:] = notices
            app.nav.title()
            assert app.frames == 0
            app.step([])
            assert app.screen._static is None  # painted straight onto the window
            first = pygame.image.tobytes(app.window, "RGB")
            app.window.fill((255, 0, 255))
            app.screen.invalidate(static=True)
            app.step([])
            assert app.screen._static is not None and app.frames == 2
            assert pygame.image.tobytes(app.window, "RGB") == first
        finally:
            app.progress.close()
            pygame.display.quit()


def _greedy(text: str, width: int, measure) -> list[str]:
    """game.ui.text.wrap as it was before a paragraph that fits whole was measured once."""
    from game.ui.text import _fits

    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if measure(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while len(word) > 1 and measure(word) > width:
                cut = _fits(word, width, measure)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def test_wrapping_a_paragraph_that_fits_whole_gives_the_lines_word_by_word_wrapping_gave():
    """Every interface string in both languages and every line of the shipped scenes, with the
    shipped fonts at two sizes, with and without letter spacing, at widths around their own."""
    from game.ui.text import Fonts, _measure, wrap

    texts = {" a leading space", "two  spaces", "trailing space ", "", " ", "\n\nblank lines\n"}
    for po in (ROOT / "game" / "locale").rglob("*.po"):
        texts.update(line.split(" ", 1)[1].strip().strip('"').replace("\\n", "\n")
                     for line in po.read_text(encoding="utf-8").splitlines() if line.startswith(("msgid ", "msgstr ")))
    for scene in (ROOT / "scenes").rglob("*.yaml"):
        texts.update(line.split(":", 1)[1].strip().strip("\"'") for line in scene.read_text(encoding="utf-8").splitlines()
                     if ":" in line and len(line) > 30)
    pygame.font.init()
    fonts = Fonts()
    checked = 0
    for style, px in (("regular", 15), ("bold", 27)):
        font = fonts.get(style, px)
        for spacing in (0, 2):
            widths: dict[str, int] = {}

            def measure(s, font=font, spacing=spacing, widths=widths):
                if s not in widths:
                    widths[s] = _measure(font, s, spacing)
                return widths[s]
            for text in texts:
                whole = max((measure(p) for p in text.split("\n")), default=0)
                for width in {whole - 1, whole, whole + 1, whole // 2}:
                    if width >= 1:
                        assert wrap(text, width, measure) == _greedy(text, width, measure), (text, width)
                        checked += 1
    assert checked > 1500


def test_the_window_icon_is_rapports_two_speech_bubbles():
    import pygame

    from game.ui.icon import PAPER, ROOM, SIZE, TEAL, window_icon

    icon = window_icon()
    assert icon.get_size() == (SIZE, SIZE)
    assert icon.get_at((0, 0)).a == 0  # rounded corners: the tile does not fill them
    seen = {tuple(icon.get_at((x, y)))[:3] for x in range(SIZE) for y in range(SIZE) if icon.get_at((x, y)).a}
    assert {ROOM, TEAL, PAPER} <= seen
    assert isinstance(icon, pygame.Surface)
