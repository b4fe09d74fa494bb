"""Front-end speed and memory, each measured against a bare-pygame baseline in the same run.

Run: python bench/bench_frontend.py            (headless: SDL's dummy video driver)
     DISPLAY=:1 python bench/bench_frontend.py --display   (a real X window, e.g. under Xvfb)

Targets (issue 3):
- start to first drawn frame at most 2x a bare pygame window (import, init, 1280x720, one flip)
- CPU per play-screen frame at 1280x720 at most 1.5x a minimal frame that only blits cached text
- the frame after a change (a choice, reading on, a new screen) and every portrait-fade frame
  at most 1.5x that minimal frame (issue 14 §11; `--only changes` runs just these)
- idle window (title, and the play screen waiting on a choice): at most 1 % of one core over 10 s
  (`--only idle` runs just these)
- peak memory under 150 MB with every scenario loaded (and played to its debrief)
Each measurement runs in a fresh child process so imports and memory are counted honestly.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_WINDOW = r"""
import os, sys, time
t0 = float(sys.argv[1])
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame
pygame.display.init()
window = pygame.display.set_mode((1280, 720))
window.fill((31, 42, 51))
pygame.display.flip()
print(time.time() - t0)
"""

GAME_WINDOW = r"""
import os, sys, time
t0 = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from game.ui.launcher import create_app
app = create_app(config_dir=sys.argv[3], data_dir=sys.argv[3], size=(1280, 720))
app.step([])  # the first frame of the title screen
assert app.frames == 1
print(time.time() - t0)
"""


def child(code: str, *args: str, env: dict) -> str:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    return out.stdout.strip().splitlines()[-1]


def bench_startup(env: dict, runs: int = 7) -> dict:
    # An installed Rapport has its bytecode compiled (pip does it on install); this machine
    # sets PYTHONDONTWRITEBYTECODE, so let the children write it, and warm up once.
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # A returning student: settings and a progress database with one profile already there
    # (the database is made once per machine, on the very first start).
    import tempfile

    from game.progress import ProgressStore

    folder = tempfile.mkdtemp()
    with ProgressStore.open(folder) as store:
        store.get_or_create_profile("Bench")
    child(BARE_WINDOW, repr(time.time()), env=env)
    child(GAME_WINDOW, repr(time.time()), str(ROOT), folder, env=env)
    bare, game = [], []
    for _ in range(runs):  # interleaved so both see the same machine state
        bare.append(float(child(BARE_WINDOW, repr(time.time()), env=env)))
        game.append(float(child(GAME_WINDOW, repr(time.time()), str(ROOT), folder, env=env)))
    b, g = statistics.median(bare), statistics.median(game)
    return {"bare_window_ms": round(b * 1000, 1), "game_first_frame_ms": round(g * 1000, 1),
            "ratio": round(g / b, 2), "target": "<= 2.0"}


FRAMES = r"""
import json, os, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame
from game.ui.launcher import create_app

N = 400
app = create_app(config_dir=(folder := tempfile.mkdtemp()), data_dir=folder, size=(1280, 720))
# The play screen waiting on a choice, with a coach note, as a student sees it.
sc = app.library.scenarios["waiting-room"]
app.start_session(sc)
app.nav.play()
app.screen._finish_reveal()
app.screen.choose(app.session.state.available()[1])
app.screen._finish_reveal()
app.step([])

def play_frame():
    app.dirty = True
    app.step([])

# The baseline: the same window, a minimal dialogue frame of cached text surfaces only.
font = pygame.font.Font(None, 32)
window = app.window
texts = [font.render(t, True, (35, 45, 54)) for t in (
    "Sam Ortiz", "So what happens now? Do I just tell you everything?",
    "1  Just start wherever you like.", "2  Don't worry, you're in the right place.",
    "3  We've got about forty minutes. I'll listen first.", "Log", "Menu")]
def minimal_frame():
    window.fill((31, 42, 51))
    for i, s in enumerate(texts):
        window.blit(s, (500, 100 + 60 * i))
    pygame.display.flip()

def measure(fn):
    for _ in range(30):
        fn()
    best = []
    for _ in range(5):
        t = time.process_time()
        for _ in range(N):
            fn()
        best.append((time.process_time() - t) / N)
    return min(best)

renders = app.text.renders
results = {"ahead_ms_per_change": {}}
for _ in range(2):
    results["minimal_frame_ms"] = measure(minimal_frame) * 1000
    results["play_frame_ms"] = measure(play_frame) * 1000
results["text_renders_during_frames"] = app.text.renders - renders
print(json.dumps(results))
"""


def bench_frames(env: dict) -> dict:
    r = json.loads(child(FRAMES, str(ROOT), env=env))
    return {"minimal_frame_ms": round(r["minimal_frame_ms"], 3), "play_frame_ms": round(r["play_frame_ms"], 3),
            "ratio": round(r["play_frame_ms"] / r["minimal_frame_ms"], 2), "target": "<= 1.5",
            "text_renders_during_frames": r["text_renders_during_frames"]}


CHANGE_FRAMES = r"""
import json, os, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame
from game.ui.launcher import create_app
from game.story import CHOICE

N = 120
app = create_app(config_dir=(folder := tempfile.mkdtemp()), data_dir=folder, size=(1280, 720))
app.change_settings(text_speed="instant")
app.art.background = False  # portraits are painted when first needed (untimed), not in a thread the clock counts
sc = app.library.scenarios["waiting-room"]
app.start_session(sc)
app.nav.play()
app.step([])
play = app.screen
session = app.session
first = session.state.available()

def back():
    if session.state.history:
        session.rewind(0)

# A moment that reads on (any status but a choice), reached by the first choice that leads to one.
read_path = None
for c in first:
    session.choose(c.id)
    if session.state.status != CHOICE and not session.state.is_over:
        read_path = c.id
    back()
    if read_path:
        break
app.step([])
window = app.window

font = pygame.font.Font(None, 32)
texts = [font.render(t, True, (35, 45, 54)) for t in (
    "Sam Ortiz", "So what happens now? Do I just tell you everything?",
    "1  Just start wherever you like.", "2  Don't worry, you're in the right place.",
    "3  We've got about forty minutes. I'll listen first.", "Log", "Menu")]
def minimal_frame():
    window.fill((31, 42, 51))
    for i, s in enumerate(texts):
        window.blit(s, (500, 100 + 60 * i))
    pygame.display.flip()

# What a screen paints ahead while the player reads (in a turn of the loop at rest, after the
# frame and the turn that follows it) is CPU a change costs too: counted apart, per change.
ahead = [0.0, 0]
if hasattr(play, "work_ahead"):
    _work_ahead = play.work_ahead
    def counted_work_ahead():
        t = time.process_time()
        _work_ahead()
        ahead[0] += time.process_time() - t
    play.work_ahead = counted_work_ahead

real_clock = app.clock
offset = [0]
app.clock = lambda: real_clock() + offset[0]

def settle():
    # the screen at rest: any fade or sound from the last move is over, as when a player reads
    offset[0] += 1000
    for _ in range(10):
        if app.step([]) is None and not app.dirty:
            break

def timed(prepare, change, n=N):
    # CPU of the frame a change brings, best of 5 rounds; the change itself (the story's work
    # and the layout) is timed too, apart, so the whole response is reported as well, and so is
    # the loop's next turn, where the screen finishes what the frame left for after it was shown
    # (its cached layer catching up with the window): nothing on screen waits for that, but it
    # is CPU the change costs.
    best, whole, after = [], [], []
    ahead[:] = [0.0, 0]
    for _ in range(5):
        total = spent = later = 0.0
        for _ in range(n):
            ahead[1] += 1
            prepare()
            settle()
            t0 = time.process_time()
            change()
            t = time.process_time()
            app.step([])
            t1 = time.process_time()
            app.step([])
            t2 = time.process_time()
            total += t1 - t
            spent += t1 - t0
            later += t2 - t1
        best.append(total / n)
        whole.append(spent / n)
        after.append(later / n)
    results["ahead_ms_per_change"][change.__name__] = ahead[0] / max(1, ahead[1]) * 1000
    return min(best), min(whole), min(after)

def minimal():
    best = []
    for _ in range(5):
        t = time.process_time()
        for _ in range(N):
            minimal_frame()
        best.append((time.process_time() - t) / N)
    return min(best)

choice = first[1].id

def choose():
    session.choose(choice)

def read_prepare():
    back()
    session.choose(read_path)

def read_on():
    session.read_on()

def pop_pause():
    if app.screen is not play:
        app.pop()

def push_pause():
    play.pause()  # what Esc does on the play screen

# A real cross-fade: the first choice whose moment shows another face.
fade_choice = None
for c in first:
    before = play._expression
    session.choose(c.id)
    app.step([])
    if play._expression != before and play._fade_from is not None:
        fade_choice = c.id
    back()
    settle()
    if fade_choice:
        break

fade_frames = []
def fade():
    # every frame of one portrait cross-fade after a choice, as the loop draws them (the frame
    # of the choice itself is the after-change frame, timed above)
    back()
    settle()
    session.choose(fade_choice)
    app.step([])  # the frame of the choice
    app.step([])  # the loop's next turn, at once (the layer catches up; the fade has not moved yet)
    frames, spent = 0, 0.0
    while play._fade_from is not None and frames < 200:
        offset[0] += 16
        t = time.process_time()
        app.step([])
        spent += time.process_time() - t
        frames += 1
    fade_frames.append(frames)
    return spent / max(1, frames)

results = {"ahead_ms_per_change": {}}
for _ in range(2):
    results["minimal_frame_ms"] = minimal() * 1000
    results["after_choice_ms"], results["after_choice_response_ms"], results["after_choice_next_turn_ms"] = (
        x * 1000 for x in timed(back, choose))
    if read_path:
        results["after_read_on_ms"], results["after_read_on_response_ms"], results["after_read_on_next_turn_ms"] = (
            x * 1000 for x in timed(read_prepare, read_on))
    results["new_screen_ms"], results["new_screen_response_ms"], results["new_screen_next_turn_ms"] = (
        x * 1000 for x in timed(pop_pause, push_pause))
    pop_pause()
    if fade_choice:
        results["fade_frame_ms"] = min(fade() for _ in range(20)) * 1000
results["fade_frames"] = fade_frames[-1] if fade_frames else 0
print(json.dumps(results))
"""


def bench_change_frames(env: dict, root: Path = ROOT) -> dict:
    """The frame after a change (a choice, reading on, a new screen) and each portrait-fade frame,
    as ratios to the minimal cached dialogue frame, all in one child process (issue 14 §11)."""
    r = json.loads(child(CHANGE_FRAMES, str(root), env=env))
    base = r["minimal_frame_ms"]
    out = {"minimal_frame_ms": round(base, 3)}
    for key in ("after_choice", "after_read_on", "new_screen", "fade_frame"):
        if f"{key}_ms" in r:
            ratio = r[f"{key}_ms"] / base
            out[key] = {"ms": round(r[f"{key}_ms"], 3), "ratio": round(ratio, 2),
                        "goal": "met" if ratio <= 1.5 else "not met"}
            if f"{key}_response_ms" in r:  # the change itself (story, layout) and its frame
                out[key]["whole_response_ms"] = round(r[f"{key}_response_ms"], 3)
            if f"{key}_next_turn_ms" in r:  # the loop's next turn (the layer catching up), after the frame is shown
                out[key]["next_turn_ms"] = round(r[f"{key}_next_turn_ms"], 3)
    out["fade_frames"] = r["fade_frames"]
    # painted ahead in a turn at rest (the pause menu), once per round of each measure
    out["work_ahead_ms"] = {k: round(v, 3) for k, v in r.get("ahead_ms_per_change", {}).items()}
    out["target"] = "<= 1.5"
    return out


IDLE = r"""
import json, os, sys, tempfile, threading, time
sys.path.insert(0, sys.argv[1])
where, seconds = sys.argv[2], float(sys.argv[3])
import pygame
from game.ui.launcher import create_app
app = create_app(config_dir=(folder := tempfile.mkdtemp()), data_dir=folder, size=(1280, 720))
if where == "play":
    sc = app.library.scenarios["waiting-room"]
    app.start_session(sc)
    app.nav.play()
    app.screen._finish_reveal()
result = {}
def watch():
    time.sleep(1.0)  # let the first frame and any fade finish
    c0, f0, w0 = time.process_time(), app.frames, time.monotonic()
    time.sleep(seconds)
    result["cpu_percent"] = 100 * (time.process_time() - c0) / (time.monotonic() - w0)
    result["frames_drawn"] = app.frames - f0
    pygame.event.post(pygame.event.Event(pygame.QUIT))
threading.Thread(target=watch, daemon=True).start()
app.run()
from game.ui.idle import Waiter
result["blocks_on_x11"] = Waiter().fd is not None
print(json.dumps(result))
"""


def bench_idle(env: dict, seconds: float) -> dict:
    out = {}
    for where in ("title", "play"):
        r = json.loads(child(IDLE, str(ROOT), where, str(seconds), env=env))
        out[where] = {"cpu_percent": round(r["cpu_percent"], 3), "frames_drawn": r["frames_drawn"],
                      "blocks_on_x11": r["blocks_on_x11"]}
    out["seconds"] = seconds
    out["target"] = "<= 1 % of one core"
    return out


MEMORY = r"""
import json, os, resource, sys, tempfile
sys.path.insert(0, sys.argv[1])
from game.ui.launcher import create_app
app = create_app(config_dir=(folder := tempfile.mkdtemp()), data_dir=folder, size=(1280, 720))
for sc in app.library.scenarios.values():
    app.start_session(sc)
    app.nav.play()
    state = app.session.state
    for _ in range(500):
        app.step([])
        app.art.wait_idle()  # count the portraits drawn ahead, as for a player who reads
        while app.step([]) == 0:  # and what the screen paints ahead at rest (the pause menu)
            pass
        if state.status == "ended":
            break
        if state.status == "choice":
            app.screen.choose(state.available()[0])
        else:
            app.screen.read_on()
    app.nav.debrief()
    app.step([])
    app.pop()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"scenarios": len(app.library.scenarios), "peak_rss_mb": rss / 1024}))
"""


def bench_memory(env: dict) -> dict:
    r = json.loads(child(MEMORY, str(ROOT), env=env))
    return {"scenarios": r["scenarios"], "peak_rss_mb": round(r["peak_rss_mb"], 1), "target": "< 150 MB"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", action="store_true", help="use the real display ($DISPLAY) instead of dummy")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true", help="print the results as JSON only")
    parser.add_argument("--only", choices=["changes", "idle"],
                        help="run one part only (changes: issue 14 §11; idle: the title and the waiting play screen)")
    parser.add_argument("--against", type=Path,
                        help="with --only changes: also measure another checkout (the code before a change) in the same run")
    args = parser.parse_args()
    env = dict(os.environ, PYGAME_HIDE_SUPPORT_PROMPT="1", SDL_AUDIODRIVER="dummy")
    if not args.display:
        env["SDL_VIDEODRIVER"] = "dummy"
    else:
        env.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
    if args.only == "idle":
        i = bench_idle(env, args.idle_seconds)
        print(json.dumps(i, indent=2))
        for where in ("title", "play"):
            print(f"idle {where:6} {i[where]['cpu_percent']} % of a core over {i['seconds']} s,"
                  f" {i[where]['frames_drawn']} frames drawn (blocks on X11: {i[where]['blocks_on_x11']}) ({i['target']})")
        return 0
    if args.only == "changes":
        runs = {"now": ROOT} | ({"before": args.against.resolve()} if args.against else {})
        out = {name: bench_change_frames(env, root) for name, root in runs.items()}
        print(json.dumps(out, indent=2))
        for name, c in out.items():
            print(f"[{name}] minimal frame {c['minimal_frame_ms']} ms; " + "; ".join(
                f"{k.replace('_', ' ')} {c[k]['ms']} ms = {c[k]['ratio']}x: goal {c[k]['goal']}" for k in
                ("after_choice", "after_read_on", "new_screen", "fade_frame") if k in c))
        return 0
    results = {
        "driver": "x11" if args.display else "dummy",
        "startup": bench_startup(env),
        "frames": bench_frames(env),
        "change_frames": bench_change_frames(env),
        "idle": bench_idle(env, args.idle_seconds),
        "memory": bench_memory(env),
    }
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"frontend-{results['driver']}.json").write_text(json.dumps(results, indent=2) + "\n")
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    s, f, i, m = results["startup"], results["frames"], results["idle"], results["memory"]
    print(f"video driver: {results['driver']}")
    print(f"startup     bare window {s['bare_window_ms']} ms, game first frame {s['game_first_frame_ms']} ms,"
          f" ratio {s['ratio']} (target {s['target']})")
    print(f"frame CPU   minimal {f['minimal_frame_ms']} ms, play screen {f['play_frame_ms']} ms,"
          f" ratio {f['ratio']} (target {f['target']}); text renders while redrawing: {f['text_renders_during_frames']}")
    c = results["change_frames"]
    print(f"changes     minimal {c['minimal_frame_ms']} ms; " + ", ".join(
        f"{k.replace('_', ' ')} {c[k]['ms']} ms = {c[k]['ratio']}x" for k in
        ("after_choice", "after_read_on", "new_screen", "fade_frame") if k in c) + f" (target {c['target']})")
    for where in ("title", "play"):
        print(f"idle {where:6} {i[where]['cpu_percent']} % of a core over {i['seconds']} s,"
              f" {i[where]['frames_drawn']} frames drawn (blocks on X11: {i[where]['blocks_on_x11']})")
    print(f"memory      peak {m['peak_rss_mb']} MB with {m['scenarios']} scenario(s) loaded and played ({m['target']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
