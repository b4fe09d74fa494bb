"""Play the real game in a real X window (Xvfb), by keyboard or by mouse, and take screenshots.

Not part of the pytest run (it needs Xvfb, xdotool and ImageMagick's `import`):

    apt-get install -y xvfb xdotool imagemagick x11-utils
    python tests/ui/xvfb_tour.py --size 1920x1080 --out /tmp/shots            # keyboard
    python tests/ui/xvfb_tour.py --size 1280x720 --mouse --out /tmp/shots     # mouse

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
        self.display = f":{free[0]}"
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        config = self.tmp / "config"
        (config / "rapport").mkdir(parents=True)
        (config / "rapport" / "settings.json").write_text(json.dumps({"fullscreen": True}))
        self.env = dict(os.environ, DISPLAY=self.display, SDL_FRAMEBUFFER_ACCELERATION="0",
                        XDG_CONFIG_HOME=str(config), RAPPORT_UI_TRACE=str(self.trace))
        self.env.pop("SDL_VIDEODRIVER", None)
        self.game = subprocess.Popen([sys.executable, "-m", "game", *args], cwd=ROOT, env=self.env)
        self.wait_for(lambda t: t["screen"] == first, f"the {first} screen")
        self.shots = 0

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
        self.game.terminate()
        self.game.wait(10)
        self.xvfb.terminate()
        self.xvfb.wait(10)


def by_keyboard(g: Game) -> None:
    g.shot("title")
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
    g.key("Escape")  # to the title, where Continue now comes first
    g.key("4")  # Settings
    assert g.screen() == "settings", g.state()
    g.shot("settings")
    g.key("Escape", "5")  # About
    assert g.screen() == "about", g.state()
    g.shot("about")


def by_mouse(g: Game) -> None:
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
    assert g.screen() == "play"
    g.click("Menu")
    g.click("Settings")
    g.click("High contrast")
    g.click("Text size")
    g.click("Back")
    g.click("Resume")
    g.shot("mouse-high-contrast-play")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--mouse", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("/tmp/rapport-shots"))
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    g = Game(size, args.out, f"{args.size}{'-mouse' if args.mouse else ''}")
    try:
        (by_mouse if args.mouse else by_keyboard)(g)
    finally:
        g.close()
    print(f"played to the debrief by {'mouse' if args.mouse else 'keyboard'} at {args.size}; screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
