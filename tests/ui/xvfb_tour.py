"""Play the real game in a real X window (Xvfb), by keyboard or by mouse, and take screenshots.

Not part of the pytest run (it needs Xvfb, xdotool and ImageMagick's `import`):

    apt-get install -y xvfb xdotool imagemagick x11-utils
    python tests/ui/xvfb_tour.py --size 1920x1080 --out /tmp/shots            # keyboard
    python tests/ui/xvfb_tour.py --size 1280x720 --mouse --out /tmp/shots     # mouse
    python tests/ui/xvfb_tour.py --size 1280x720 --progress --out /tmp/shots  # profiles, saves, reload

The game runs as a player starts it (`python -m game`), fullscreen on a virtual screen of the
given size. Keys and clicks go through X with xdotool. To know where to click, the game is
started with RAPPORT_UI_TRACE, which makes it write its current screen and button rectangles
to a file after each frame; the script reads that, never the game's memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Game:
    def __init__(self, size: tuple[int, int], out: Path, tag: str, args: tuple[str, ...] = (),
                 first: str = "title") -> None:
        self.size, self.out, self.tag = size, out, tag
        self.tmp = Path(tempfile.mkdtemp())
        self.trace = self.tmp / "trace.json"
        free = [n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                and not Path(f"/tmp/.X{n}-lock").exists()]
        # RAPPORT_TOUR_DISPLAY=:72 picks the display (a shared machine where each person has one).
        self.display = os.environ.get("RAPPORT_TOUR_DISPLAY") or f":{free[0]}"
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        config = self.tmp / "config"
        (config / "rapport").mkdir(parents=True)
        (config / "rapport" / "settings.json").write_text(json.dumps({"fullscreen": True}))
        self.env = dict(os.environ, DISPLAY=self.display, SDL_FRAMEBUFFER_ACCELERATION="0",
                        XDG_CONFIG_HOME=str(config), RAPPORT_UI_TRACE=str(self.trace),
                        RAPPORT_DATA_DIR=str(self.tmp / "data"))
        self.env.pop("SDL_VIDEODRIVER", None)
        self.shots = 0
        self.start(*args, screen=first)

    def start(self, *args: str, screen: str = "title") -> None:
        """Start the game (again: progress and settings stay in this tour's folders)."""
        self.trace.unlink(missing_ok=True)
        self.game = subprocess.Popen([sys.executable, "-m", "game", *args], cwd=ROOT, env=self.env)
        self.wait_for(lambda t: t["screen"] == screen, f"the {screen} screen")

    def stop(self) -> None:
        self.game.terminate()
        self.game.wait(10)

    def state(self) -> dict:
        try:
            return json.loads(self.trace.read_text())
        except (OSError, ValueError):
            return {"screen": None, "frame": -1, "buttons": []}

    def wait_for(self, condition, what: str, timeout: float = 20.0) -> dict:
        end = time.time() + timeout
        while time.time() < end:
            if self.game.poll() is not None:
                raise SystemExit(f"the game exited ({self.game.returncode}) while waiting for {what}")
            state = self.state()
            if state["screen"] and condition(state):
                return state
            time.sleep(0.05)
        raise SystemExit(f"timed out waiting for {what}; last state: {self.state()}")

    def x(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True)

    def type(self, text: str) -> None:
        before = self.state()["frame"]
        self.x("type", "--delay", "40", text)
        self.wait_for(lambda s, b=before: s["frame"] > b, f"a frame after typing {text!r}", 5)
        time.sleep(0.2)

    def key(self, *keys: str) -> None:
        for k in keys:
            before = self.state()["frame"]
            self.x("key", k)
            self.wait_for(lambda s, b=before: s["frame"] > b, f"a frame after {k}", 5)
        time.sleep(0.15)

    def click(self, label: str) -> None:
        state = self.wait_for(lambda s: any(b["label"].startswith(label) for b in s["buttons"]), f"button {label!r}")
        rect = next(b["rect"] for b in state["buttons"] if b["label"].startswith(label))
        x, y = rect[0] + rect[2] // 2, rect[1] + rect[3] // 2
        self.x("mousemove", str(x), str(y))
        time.sleep(0.1)
        before = self.state()["frame"]
        self.x("click", "1")
        self.wait_for(lambda s, b=before: s["frame"] > b, f"a frame after clicking {label!r}", 5)
        time.sleep(0.15)

    def settle(self, quiet: float = 0.5, timeout: float = 15.0) -> None:
        """Wait until no frame has been drawn for ``quiet`` seconds (typewriter and fades done)."""
        end = time.time() + timeout
        last, since = self.state()["frame"], time.time()
        while time.time() < end:
            time.sleep(0.05)
            frame = self.state()["frame"]
            if frame != last:
                last, since = frame, time.time()
            elif time.time() - since >= quiet:
                return

    def shot(self, name: str) -> Path:
        self.settle()
        self.shots += 1
        path = self.out / f"{self.tag}-{self.shots:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True)
        return path

    def screen(self) -> str:
        return self.state()["screen"]

    def close(self) -> None:
        self.stop()
        self.xvfb.terminate()
        self.xvfb.wait(10)


def by_keyboard(g: Game) -> None:
    g.shot("title")
    g.key("Return")  # Who is playing? (a new machine: nobody yet)
    assert g.screen() == "profiles", g.state()
    g.type("Ana Lopez")
    g.shot("profile-name")
    g.key("Return")
    assert g.screen() == "title", g.state()
    g.shot("title-profile")
    g.key("Return")  # Scenarios
    g.shot("select")
    g.key("Return")  # the first card
    g.shot("briefing")
    g.key("Return")  # Begin
    g.shot("play")
    turns, chosen = 0, 0
    while g.screen() == "play" and turns < 60:
        labels = [b["label"] for b in g.state()["buttons"]]
        if "See how it went" in labels:
            g.shot("ending")
            g.key("l")
            g.shot("log")
            g.key("l")
            g.key("Return")
            break
        if "Continue" in labels:
            g.key("space")
        elif len(labels) > 2:  # choices besides Log and Menu
            g.key("2" if len(labels) > 3 else "1")
            chosen += 1
            if chosen == 1:
                g.shot("coach-note")
                g.key("Escape")
                g.shot("pause")
                g.key("Escape")
        else:
            g.key("space")  # finish the typewriter
        turns += 1
    assert g.screen() == "debrief", g.state()
    g.shot("debrief")
    g.key("Down", "Down", "Down", "Down")
    g.shot("debrief-chart")
    g.key("Escape")  # to the title
    g.key("5")  # Settings (after Switch profile, Scenarios, History, Classroom)
    assert g.screen() == "settings", g.state()
    g.shot("settings")
    g.key("Escape", "6")  # About
    assert g.screen() == "about", g.state()
    g.shot("about")


def by_mouse(g: Game) -> None:
    g.click("Who is playing?")
    g.click("New name")
    g.type("Sam")
    g.click("Add and play")
    g.click("Scenarios")
    g.click("Tutorial")
    g.click("Begin")
    turns = 0
    while g.screen() == "play" and turns < 60:
        labels = [b["label"] for b in g.state()["buttons"]]
        if "See how it went" in labels:
            g.click("See how it went")
            break
        if "Continue" in labels:
            g.click("Continue")
        elif len(labels) > 2:
            g.click(labels[0])  # the first choice
        else:
            g.x("click", "1")  # a click anywhere finishes the typewriter
            time.sleep(0.2)
        turns += 1
    assert g.screen() == "debrief", g.state()
    g.shot("mouse-debrief")
    g.click("Replay")
    g.click("Start again")
    assert g.screen() == "play"
    g.click("Menu")
    g.click("Settings")
    g.click("High contrast")
    g.click("Text size")
    g.click("Back")
    g.click("Resume")
    g.shot("mouse-high-contrast-play")


def play_on(g: Game, choices: int | None = None) -> None:
    """Press through the encounter by keyboard: ``choices`` choices, or to the ending."""
    made = 0
    for _ in range(80):
        labels = [b["label"] for b in g.state()["buttons"]]
        if "See how it went" in labels or (choices is not None and made >= choices):
            return
        if "Continue" in labels:
            g.key("space")
        elif len(labels) > 2:
            g.key("1")
            made += 1
        else:
            g.key("space")


def progress_tour(g: Game) -> None:
    """Profiles, Continue after a restart, the endings gallery, the history, and live reload."""
    g.click("Who is playing?")
    g.type("Ana Lopez")
    g.key("Return")
    g.click("Switch profile")
    g.click("New name")
    g.type("Ben Okafor")
    g.click("Add and play")
    g.click("Switch profile")
    g.click("Ana Lopez")
    g.click("Scenarios")
    g.click("Tutorial")
    g.click("Begin")
    play_on(g, choices=2)
    g.key("Escape")
    g.click("Leave")
    g.key("Escape")
    g.stop()

    g.start()  # two profiles on this machine: nobody plays until they pick their name
    g.click("Who is playing?")
    g.shot("profiles")
    g.click("Ana Lopez")
    g.shot("title-continue")
    g.click("Continue")
    g.shot("continued-play")
    play_on(g)
    g.click("See how it went")
    g.click("Endings")
    g.shot("gallery")
    g.key("Escape", "Escape")
    g.click("History")
    g.shot("history")
    g.click("Tutorial")
    g.shot("past-attempt")
    g.key("Escape", "Escape")
    g.stop()

    # An author's draft beside the shipped scenes, broken while playing it, then fixed.
    scenes = g.tmp / "scenes"
    scenes.mkdir()
    draft = scenes / "waiting-room-draft.yaml"
    text = (ROOT / "scenes" / "waiting-room.yaml").read_text(encoding="utf-8")
    text = text.replace("id: waiting-room", "id: waiting-room-draft", 1).replace(
        'title: "Tutorial: The Waiting Room"', 'title: "Draft: The Waiting Room"', 1)
    draft.write_text(text, encoding="utf-8")
    g.start("--scenes", str(scenes), "play", "waiting-room-draft", screen="briefing")
    g.click("Begin")
    g.click("Ana Lopez")
    play_on(g, choices=2)
    draft.write_text(text.replace("tag: judging", "tag: blaming").replace("next: plan\n", "next: plann\n"),
                     encoding="utf-8")
    g.key("F5")
    assert g.screen() == "reload-problems", g.state()
    g.shot("reload-problems")
    draft.write_text(text.replace("It's this. A benefits review.", "It's this letter. A benefits review."),
                     encoding="utf-8")
    g.key("F5")
    assert g.screen() == "play", g.state()
    g.shot("reloaded")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--mouse", action="store_true")
    parser.add_argument("--progress", action="store_true", help="profiles, Continue, gallery, history, reload")
    parser.add_argument("--out", type=Path, default=Path("/tmp/rapport-shots"))
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    mode = "progress" if args.progress else "mouse" if args.mouse else "keyboard"
    g = Game(size, args.out, f"{args.size}{'' if mode == 'keyboard' else '-' + mode}")
    try:
        {"progress": progress_tour, "mouse": by_mouse, "keyboard": by_keyboard}[mode](g)
    finally:
        g.close()
    print(f"toured the game ({mode}) at {args.size}; screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
