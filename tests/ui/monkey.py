"""The monkey: seeded random input across every screen of the window, checked after each event.

It starts the real App headless (SDL's dummy drivers, settings and progress in a temporary
folder) and feeds it pygame events the way a restless user would: number keys, arrows, Space,
Enter, Esc, Tab, F-keys, clicks (mostly on buttons), the wheel, window resizes from 1024x600 to
3840x2160, typed text, focus changes, the window's close button. Phones vote through the real
vote server on 127.0.0.1 while a class votes. After every event it checks:

* no exception escapes the app;
* the screen stack is never empty while the app runs, and after a quit every screen has left and
  no vote server is still serving (the monkey then starts the window again on the same folders);
* every loop turn takes bounded CPU time, and a turn that never returns is caught by a watchdog
  (no endless loop);
* a vote server is serving only while a screen of its class session is on the stack;
* every ``escape_every`` events, and at the end, a bounded sequence of what a user does to get
  out (a button that leaves: "Leave the encounter", "Title screen", "End the class session",
  "Back"...; else Esc, else Backspace, else the screen's Menu) reaches the title screen. The attempt
  is part of the seeded run, so the run stays reproducible.

A failure prints the seed and the event index; ``python -m tests.ui.monkey --seed N --events K``
replays it (``-v`` prints every event).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.ui.speech import RecordingEngine, Speaker  # noqa: E402
from tests.ui.pilot import FakeClock  # noqa: E402

MIN_W, MIN_H = 1024, 600
MAX_W, MAX_H = 3840, 2160
FRAME_LIMIT_S = 3.0  # CPU seconds one loop turn of the app may take (CPU, not wall: CI shares 2 cores)
HANG_LIMIT_S = 120.0  # wall seconds after which the watchdog calls a turn endless (command line only)
ESCAPE_STEPS = 40  # the most user actions allowed to get back to the title from anywhere
# Labels of buttons that take a user out of where they are, tried in this order.
# Labels as the catalogue knows them: matched in the window's language (the monkey may switch it).
LEAVE_WORDS = ("Leave the encounter", "Title screen", "End the class session", "Keep for later", "Back")

_KEYS_WEIGHTED = (
    [(pygame.K_1 + i, 3) for i in range(9)]
    + [(k, 4) for k in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT)]
    + [(pygame.K_SPACE, 8), (pygame.K_RETURN, 8), (pygame.K_ESCAPE, 5), (pygame.K_TAB, 5),
       (pygame.K_BACKSPACE, 3), (pygame.K_PAGEUP, 1), (pygame.K_PAGEDOWN, 1), (pygame.K_KP_ENTER, 1),
       (pygame.K_F5, 1), (pygame.K_F11, 1), (pygame.K_F1, 1), (pygame.K_l, 2)]
    + [(k, 2) for k in (pygame.K_n, pygame.K_r, pygame.K_v, pygame.K_b, pygame.K_h, pygame.K_PLUS,
                        pygame.K_MINUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_KP_1, pygame.K_KP_9)]
    + [(k, 1) for k in (pygame.K_a, pygame.K_q, pygame.K_z, pygame.K_0, pygame.K_DELETE, pygame.K_HOME,
                        pygame.K_END, pygame.K_LSHIFT, pygame.K_LALT)]
)
_TEXTS = ["a", "Sam", "Dr. Ngozi O'Neill", " ", "  ", "é", "名前", "مرحبا", "🙂", "x" * 300, "\u200b",
          "Robert'); DROP TABLE students;--", "../../etc", "\t", "ß\u0301", "A" * 60]


class MonkeyFailure(AssertionError):
    def __init__(self, seed: int, index: int, problem: str, recent: list[str]):
        self.seed, self.index, self.problem, self.recent = seed, index, problem, recent
        tail = "\n".join(f"    {line}" for line in recent[-15:])
        super().__init__(f"monkey seed {seed} failed at event {index}: {problem}\n"
                         f"  reproduce: python -m tests.ui.monkey --seed {seed} --events {index + 1} -v\n"
                         f"  last events:\n{tail}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Phone:
    """One student's phone: joins the room and votes through the real server on 127.0.0.1."""

    def __init__(self) -> None:
        self.cookie: str | None = None

    def _post(self, port: int, path: str, body: dict) -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            headers = {"Content-Type": "application/json"}
            if self.cookie:
                headers["Cookie"] = self.cookie
            conn.request("POST", path, json.dumps(body).encode(), headers)
            reply = conn.getresponse()
            data = reply.read()
            cookie = reply.getheader("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            try:
                return reply.status, json.loads(data or b"{}")
            except ValueError:
                return reply.status, {}
        finally:
            conn.close()

    def vote(self, port: int, room: str, decision: str, choice: str) -> int:
        if self.cookie is None:
            self._post(port, "/api/join", {"room": room})
        status, _ = self._post(port, "/api/vote", {"room": room, "decision": decision, "choice": choice})
        return status


class Monkey:
    def __init__(self, seed: int, *, escape_every: int = 400, frame_limit: float = FRAME_LIMIT_S,
                 verbose: bool = False, folder: Path | None = None, language: str | None = None,
                 speech: bool = False) -> None:
        self.seed = seed
        # Settings the window starts with (the monkey may change them on the Settings screen):
        # a language ("es": the window's words and the scenes' translations) and speech.
        self.language = language
        self.speech = speech
        self.rng = random.Random(seed)
        self.escape_every = escape_every
        self.frame_limit = frame_limit
        self.verbose = verbose
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix=f"rapport-monkey-{seed}-"))
        self.index = 0
        self.recent: list[str] = []
        self.contexts: list = []  # every class context the window made
        self.desks: list = []  # (context, vote desk) of every class session begun
        self.phones = [Phone() for _ in range(4)]
        self.counts: dict[str, int] = {}  # screens seen (name -> events delivered there)
        self.restarts = 0
        self.escapes = 0
        self.slowest = 0.0  # CPU seconds of the longest loop turn
        self.turn_began: float | None = None
        self.app = None
        self.clock = FakeClock()
        self.originals: dict[str, str] = {}  # the scene files as shipped

    # --- the window ----------------------------------------------------------------------
    def start(self) -> None:
        from game.progress import ProgressStore
        from game.ui.launcher import create_app

        data = self.folder / "data"
        scenes = self.folder / "scenes"
        if not scenes.exists():
            from game.story.library import shipped_scene_dir

            shutil.copytree(shipped_scene_dir(), scenes)
            self.originals = {f.name: f.read_text(encoding="utf-8") for f in sorted(scenes.glob("*.yaml"))}
        if self.restarts == 0 and self.rng.random() < 0.7:
            with ProgressStore.open(data) as store:  # a student already known; else a new machine
                store.get_or_create_profile("Monkey")
        size = (self.rng.randint(MIN_W, 1600), self.rng.randint(MIN_H, 1000))
        settings = self.folder / "config" / "settings.json"
        if self.restarts == 0 and (self.language or self.speech) and not settings.exists():
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(json.dumps({"language": self.language, "speech": self.speech}), encoding="utf-8")
        if self.speech:  # the window speaks from its first frame: through the recording engine
            from game.ui import speech

            self._real_engine = speech.Pyttsx3Engine
            speech.Pyttsx3Engine = RecordingEngine  # type: ignore[misc, assignment]
        self.app = create_app(scenes_dirs=[scenes], config_dir=self.folder / "config", data_dir=data, size=size,
                              clock=self.clock)
        self.app.art.background = False  # no painter thread: the run stays deterministic
        # Shift+V turns speech on: every screen's speech is asked for, but said by the recording
        # engine (the system's voice would make the run slow and tie it to real time).
        self.app.voice.use(Speaker(RecordingEngine, wake=False))
        if self.speech:
            from game.ui import speech

            speech.Pyttsx3Engine = self._real_engine  # type: ignore[misc]
        nav = self.app.nav
        make_class = nav.classroom

        def classroom(**options):
            # The real vote server, but only on this machine and on a port nobody else uses.
            options.setdefault("vote_host", "127.0.0.1")
            options.setdefault("port", _free_port())
            ctx = make_class(**options)
            self.contexts.append(ctx)
            begin = ctx.begin

            def begin_and_note(scenario):
                run = begin(scenario)
                self.desks.append((ctx, run.desk))
                return run

            ctx.begin = begin_and_note
            return ctx

        nav.classroom = classroom
        nav.title()  # again, so the title's Classroom button uses the wrapper
        self._step()

    def close(self) -> None:
        if self.app is not None:
            if self.app.running:
                self.app.quit()
            self._check_servers(all_left=True)
            self.app.art.stop()
            self.app.progress.close()
            self.app = None
        pygame.quit()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- checks --------------------------------------------------------------------------
    def fail(self, problem: str) -> None:
        raise MonkeyFailure(self.seed, self.index, problem, self.recent)

    def _step(self):
        began = time.thread_time()
        self.turn_began = time.monotonic()
        try:
            wait = self.app.step(pygame.event.get())
        except Exception:
            self.fail("exception in the app loop:\n" + traceback.format_exc())
        finally:
            self.turn_began = None
        spent = time.thread_time() - began
        self.slowest = max(self.slowest, spent)
        if spent > self.frame_limit:
            self.fail(f"one loop turn took {spent:.1f} s of CPU on {self._where()}")
        return wait

    def watch(self, limit: float = HANG_LIMIT_S) -> None:
        """Start a watchdog: a turn that never returns is reported with its seed and event, then
        the process ends (an endless loop cannot be raised out of)."""
        import faulthandler
        import threading

        def look() -> None:
            while True:
                time.sleep(1)
                began = self.turn_began
                if began is not None and time.monotonic() - began > limit:
                    print(f"monkey seed {self.seed} hung at event {self.index}: one loop turn ran over "
                          f"{limit:.0f} s\n  reproduce: python -m tests.ui.monkey --seed {self.seed} "
                          f"--events {self.index + 1} -v", file=sys.stderr, flush=True)
                    faulthandler.dump_traceback(all_threads=True)
                    os._exit(3)

        threading.Thread(target=look, daemon=True, name="monkey-watchdog").start()

    def _where(self) -> str:
        app = self.app
        return " > ".join(s.name for s in app.screens) or "(no screen)"

    def _check_servers(self, all_left: bool = False) -> None:
        """A vote server serves only for the class session running on a screen of the stack."""
        live = set() if all_left or self.app is None else {id(getattr(s, "ctx", None)) for s in self.app.screens}
        for ctx, desk in self.desks:
            running = id(ctx) in live and ctx.run is not None and ctx.run.desk is desk
            if desk.serving and not running:
                self.fail(f"a class's vote server still serves after its session or screens left "
                          f"(now on {self._where()})")

    def check(self) -> None:
        app = self.app
        if not app.running:
            if app.screens:
                self.fail(f"the app stopped with screens left: {self._where()}")
            self._check_servers(all_left=True)
            self.note("(window closed: starting it again)")
            app.art.stop()
            app.progress.close()
            self.restarts += 1
            self.start()
            return
        if not app.screens:
            self.fail("the screen stack is empty while the app runs")
        self._check_servers()

    def at_title(self) -> bool:
        from game.ui.screens.title import TitleScreen

        return len(self.app.screens) == 1 and isinstance(self.app.screen, TitleScreen)

    def escape(self) -> None:
        """Get back to the title the way a user would, within ESCAPE_STEPS actions: a button that
        leaves (Leave, Title screen, End the class session, Back...), else Esc, else Backspace,
        else the screen's Menu."""
        tried: list[str] = []
        for _ in range(ESCAPE_STEPS):
            if not self.app.running:
                self.check()  # a "leave" closed the window: it is on the title again
            if self.at_title():
                self.escapes += 1
                return
            before = (len(self.app.screens), id(self.app.screen))
            button = self._find_button(LEAVE_WORDS)
            if button is not None:
                tried.append(f"click {button.label!r}")
                self._click_button(button)
            else:
                for name, key in (("Esc", pygame.K_ESCAPE), ("Backspace", pygame.K_BACKSPACE)):
                    tried.append(name)
                    self._key(key)
                    self._settle()
                    if (len(self.app.screens), id(self.app.screen)) != before:
                        break
                else:
                    menu = self._find_button(("Menu",))
                    if menu is None:
                        break
                    tried.append("click 'Menu'")
                    self._click_button(menu)
            self._settle()
            self.check()
        if self.at_title():
            self.escapes += 1
            return
        labels = [b.label for b in self.app.screen.buttons()]
        self.fail(f"no way back to the title from {self._where()} in {ESCAPE_STEPS} steps; "
                  f"tried {tried}; buttons there: {labels}")

    def _find_button(self, words):
        """The first button (by word order) whose label starts with one of ``words`` (labels of the
        catalogue, in English or as the window's language says them)."""
        from game.i18n import _ as translate

        buttons = self.app.screen.buttons()
        for word in words:
            for said in dict.fromkeys((translate(word).lower(), word.lower())):
                for b in buttons:
                    if b.label.lower().startswith(said):
                        return b
        return None

    # --- input ---------------------------------------------------------------------------
    def note(self, text: str) -> None:
        line = f"[{self.index}] {text} @ {self._where() if self.app else '-'}"
        self.recent.append(line)
        del self.recent[:-40]
        if self.verbose:
            print(line)

    def _key(self, key: int, mod: int = 0, text: str = "") -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))
        if text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=text, scancode=0))
        self._step()

    @staticmethod
    def _visible(button):
        rect = button.rect if button.clip is None else button.rect.clip(button.clip)
        return rect if rect.width > 0 and rect.height > 0 else None

    def _click_at(self, pos, button: int = 1, release=None) -> None:
        post = pygame.event.post
        post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        up = release or pos
        if up != pos:
            post(pygame.event.Event(pygame.MOUSEMOTION, pos=up, rel=(0, 0), buttons=(1, 0, 0)))
        post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=up, button=button))
        self._step()

    def _click_button(self, button) -> None:
        """Turn the wheel until the button shows (as the Pilot does), then click it."""
        for _ in range(100):
            clip = button.clip
            if clip is None or clip.contains(button.rect):
                break
            pos = clip.center
            amount = -1 if button.rect.bottom > clip.bottom else 1
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=amount, flipped=False, precise_x=0.0,
                                                 precise_y=float(amount)))
            self._step()
        rect = self._visible(button)
        if rect is not None:
            self._click_at(rect.center)

    def _settle(self, frames: int = 3) -> None:
        """Let a little game time pass, as frames the app asks for."""
        for _ in range(frames):
            wait = self._step()
            if wait is None:
                return
            self.clock.now += max(wait, self.rng.choice((16, 16, 250, 1000)))

    def _size(self) -> tuple[int, int]:
        """Mostly laptop and classroom sizes; now and then the smallest, a 4K screen, or a window
        dragged below the designed minimum (the app grows it back)."""
        r = self.rng.random()
        if r < 0.1:
            return MIN_W, MIN_H
        if r < 0.15:
            return MAX_W, MAX_H
        if r < 0.2:
            return self.rng.randint(300, MIN_W), self.rng.randint(200, MIN_H)
        if r < 0.3:
            return self.rng.randint(MIN_W, MAX_W), self.rng.randint(MIN_H, MAX_H)
        return self.rng.randint(MIN_W, 1600), self.rng.randint(MIN_H, 1000)

    def event(self) -> None:
        """One random thing a user (or the window system, or a phone) does."""
        rng = self.rng
        w, h = self.app.window.get_size()
        kind = rng.choices(
            ["key", "click", "button", "wheel", "move", "text", "edit", "resize", "focus", "time", "phone",
             "quit", "drag", "author"],
            weights=[40, 6, 30, 5, 3, 4, 1, 0.7, 2, 4, 3, 0.3, 1, 0.5])[0]
        if kind == "key":
            key = rng.choices([k for k, _ in _KEYS_WEIGHTED], weights=[n for _, n in _KEYS_WEIGHTED])[0]
            mod = rng.choices([0, pygame.KMOD_SHIFT, pygame.KMOD_ALT, pygame.KMOD_CTRL], weights=[20, 2, 1, 1])[0]
            name = pygame.key.name(key)
            text = name if len(name) == 1 and mod in (0, pygame.KMOD_SHIFT) and key != pygame.K_SPACE else ""
            if key == pygame.K_SPACE:
                text = " "
            self.note(f"key {name}{' +mod' + str(mod) if mod else ''}")
            self._key(key, mod, text)
        elif kind == "button":
            buttons = [b for b in self.app.screen.buttons() if self._visible(b) is not None]
            if not buttons:
                return self.event_click(w, h)
            primary = [b for b in buttons if b.primary]
            b = rng.choice(primary if primary and rng.random() < 0.35 else buttons)  # the way on, often
            rect = self._visible(b)
            pos = (rng.randint(rect.left, rect.right - 1), rng.randint(rect.top, rect.bottom - 1))
            self.note(f"click button {b.label!r} at {pos}")
            self._click_at(pos)
        elif kind == "click":
            self.event_click(w, h)
        elif kind == "drag":
            a = (rng.randrange(w), rng.randrange(h))
            b = (rng.randrange(w), rng.randrange(h))
            self.note(f"press at {a}, release at {b}")
            self._click_at(a, release=b)
        elif kind == "wheel":
            pos = (rng.randrange(w), rng.randrange(h))
            amount = rng.choice([-10, -3, -1, -1, 1, 1, 3, 10])
            self.note(f"wheel {amount} at {pos}")
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=amount, flipped=False, precise_x=0.0,
                                                 precise_y=float(amount)))
            self._step()
        elif kind == "move":
            pos = (rng.randrange(-5, w + 5), rng.randrange(-5, h + 5))
            self.note(f"move to {pos}")
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
            self._step()
        elif kind == "text":
            text = rng.choice(_TEXTS)
            self.note(f"text input {text[:20]!r}")
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
            self._step()
        elif kind == "edit":
            text = rng.choice(_TEXTS)
            self.note(f"text editing {text[:20]!r}")
            pygame.event.post(pygame.event.Event(pygame.TEXTEDITING, text=text, start=0, length=len(text)))
            self._step()
        elif kind == "resize":
            size = self._size()
            self.note(f"resize to {size}")
            pygame.display.set_mode(size, pygame.RESIZABLE)
            if rng.random() < 0.5:
                pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
            else:
                pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=size[0], y=size[1]))
            self._step()
        elif kind == "focus":
            t = rng.choice([pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED, pygame.WINDOWEXPOSED,
                            pygame.WINDOWMINIMIZED, pygame.WINDOWRESTORED, pygame.WINDOWLEAVE,
                            pygame.WINDOWENTER, pygame.ACTIVEEVENT])
            self.note(f"window event {pygame.event.event_name(t)}")
            pygame.event.post(pygame.event.Event(t))
            self._step()
        elif kind == "time":
            ms = rng.choice([16, 100, 500, 2000, 10_000, 70_000])
            self.note(f"{ms} ms pass")
            self.clock.now += ms
        elif kind == "phone":
            self.event_phone()
        elif kind == "author":
            self.event_author()
        elif kind == "quit":
            self.note("close the window")
            pygame.event.post(pygame.event.Event(pygame.QUIT))
            self._step()
        self._settle(rng.randint(1, 3))

    def event_click(self, w: int, h: int) -> None:
        pos = (self.rng.randrange(w), self.rng.randrange(h))
        button = self.rng.choices([1, 3, 2], weights=[8, 1, 1])[0]
        self.note(f"click {button} at {pos}")
        self._click_at(pos, button)

    def event_author(self) -> None:
        """An author edits a scene file under the running window: cuts it short, writes nonsense
        into it, deletes it, or puts it back as it was (F5 and restarts read it again)."""
        name = self.rng.choice(sorted(self.originals))
        path = self.folder / "scenes" / name
        original = self.originals[name]
        what = self.rng.choice(["cut", "garble", "delete", "restore", "restore"])
        self.note(f"author: {what} {name}")
        if what == "cut":
            path.write_text(original[: self.rng.randrange(len(original))], encoding="utf-8")
        elif what == "garble":
            at = self.rng.randrange(len(original))
            path.write_text(original[:at] + self.rng.choice([":", "- [", "\t", "{{", "id: 5\n"]) + original[at:],
                            encoding="utf-8")
        elif what == "delete":
            path.unlink(missing_ok=True)
        else:
            path.write_text(original, encoding="utf-8")

    def event_phone(self) -> None:
        """A phone votes on the open round (or too late, or for a choice that does not exist)."""
        for ctx in reversed(self.contexts):
            run = ctx.run
            desk = run.desk if run is not None else None
            if desk is None or not desk.serving or desk.round is None:
                continue
            rnd = desk.round
            choice = self.rng.choice([cid for cid, _ in rnd.choices] + ["nonsense"])
            phone = self.rng.choice(self.phones)
            try:
                status = phone.vote(desk.server.port, desk.room_code, rnd.decision_id, choice)
            except OSError as err:
                self.fail(f"the vote server did not answer a phone: {err}")
            self.note(f"phone votes {choice!r}: HTTP {status}")
            self._step()
            return
        self.note("phone: no vote open")

    # --- the run -------------------------------------------------------------------------
    def run(self, events: int) -> None:
        self.start()
        self.note(f"start at {self.app.window.get_size()}")
        for self.index in range(events):
            name = self.app.screen.name
            self.counts[name] = self.counts.get(name, 0) + 1
            self.event()
            self.check()
            if self.escape_every and (self.index + 1) % self.escape_every == 0:
                self.note("escape to the title")
                self.escape()
        self.note("escape to the title (end)")
        self.escape()


def run(seed: int, events: int, *, watch: bool = False, **options) -> Monkey:
    monkey = Monkey(seed, **options)
    if watch:
        monkey.watch()
    try:
        monkey.run(events)
    finally:
        monkey.close()
    return monkey


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.monkey", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="the first seed (default 1)")
    parser.add_argument("--seeds", type=int, default=1, help="how many seeds from --seed (default 1)")
    parser.add_argument("--events", type=int, default=2000, help="events per seed (default 2000)")
    parser.add_argument("--escape-every", type=int, default=400, help="try getting back to the title this often")
    parser.add_argument("--frame-limit", type=float, default=FRAME_LIMIT_S, help="CPU seconds one loop turn may take")
    parser.add_argument("--language", metavar="CODE", help="start with this language setting (e.g. es)")
    parser.add_argument("--speech", action="store_true", help="start with speech on (said by a recording engine)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every event")
    args = parser.parse_args(argv)
    failed = 0
    for seed in range(args.seed, args.seed + args.seeds):
        began, cpu = time.perf_counter(), time.process_time()
        try:
            monkey = run(seed, args.events, escape_every=args.escape_every, frame_limit=args.frame_limit,
                         verbose=args.verbose, watch=True, language=args.language, speech=args.speech)
        except MonkeyFailure as failure:
            print(failure, file=sys.stderr)
            failed += 1
            continue
        screens = ", ".join(f"{k} {v}" for k, v in sorted(monkey.counts.items(), key=lambda kv: -kv[1]))
        print(f"seed {seed}: {args.events} events in {time.perf_counter() - began:.1f} s "
              f"({time.process_time() - cpu:.1f} s CPU), "
              f"{monkey.restarts} restarts, {monkey.escapes} escapes, slowest turn {monkey.slowest * 1000:.0f} ms CPU; "
              f"screens: {screens}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
