"""Self-voicing: the window reads out what is on screen through the system's speech engine.

A screen reader cannot read text SDL draws, so the window speaks for itself (issue 16 §2).
Three parts, each small:

- An *engine* turns one line of text into sound (WAV bytes). The real one is pyttsx3 (espeak-ng
  on Linux, SAPI 5 on Windows, NSSpeechSynthesizer on macOS) writing to a file with
  ``save_to_file``; ``RecordingEngine`` is the tests' fake, which records what would be spoken.
- The ``Speaker`` runs the engine on its own thread with a queue, so speech never blocks a frame,
  and plays what it made on a reserved mixer channel from the game loop. ``say(lines,
  interrupt=True)`` drops what is queued and cuts off what is playing (the player moved on);
  ``stop()`` falls silent; ``shutdown()`` on quit. If the engine cannot start (no espeak-ng, no
  driver) or there is no sound device, it says so once (``take_problem``) and stays silent.
- The ``Narrator`` asks the screen on top what it says (``Screen.speech()``, the page in reading
  order, and ``Screen.speech_focus()``, the focused button) after each change, and speaks the page
  when a screen appears or its content changes, and the focused item when focus moves. Screens
  keep no speech calls in their drawing code and no story rules here.

Why synthesize to a file and play it ourselves rather than ``engine.say``: pyttsx3's espeak driver
plays through the ``aplay`` command, blocking its thread until the line ends, so a line could not
be cut off when the player moves on; a mixer channel stops at once, the same on every system.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
import time
import weakref
from collections import deque
from typing import Callable, Iterable, Protocol

import pygame

from game.i18n import _, current_language


# Posted by the speech thread when a line is ready to play, and by the channel when a line ends:
# either wakes the idle loop so the next line starts without polling.
SPEECH_EVENT = pygame.event.custom_type()
VOICE_CHANNEL = 0  # reserved for speech (game.ui.sound keeps effects off it)
MIN_WAIT_MS = 15  # how soon the loop looks again while a line is being made


class Engine(Protocol):
    """What the Speaker needs of a speech engine (called on the speech thread only)."""

    def set_language(self, code: str) -> None: ...

    def synthesize(self, text: str) -> bytes | None: ...

    def close(self) -> None: ...


class SpeechUnavailable(Exception):
    """The engine cannot start here (the message says why, for the player)."""


class Pyttsx3Engine:
    """The system's voice through pyttsx3: one line to WAV (AIFF on macOS) bytes."""

    def __init__(self) -> None:
        try:
            import pyttsx3
        except ImportError as exc:
            raise SpeechUnavailable(_("the pyttsx3 library is not installed")) from exc
        try:
            self.engine = pyttsx3.init()
        except Exception as exc:  # espeak-ng missing, no driver for this system, a broken install
            raise SpeechUnavailable(str(exc) or type(exc).__name__) from exc
        # pyttsx3 2.99's espeak driver prints "Audio saved to ..." for every file it writes.
        driver = getattr(getattr(self.engine, "proxy", None), "_driver", None)
        module = sys.modules.get(type(driver).__module__) if driver is not None else None
        if module is not None and module.__name__.endswith(".espeak"):
            module.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]
        self._folder = tempfile.mkdtemp(prefix="rapport-speech-")
        self.language: str | None = None

    def voices_for(self, code: str) -> list:
        """The engine's voices for a language ("es": Spanish), exact matches first."""
        code = code.lower()
        exact, close = [], []
        for voice in self.engine.getProperty("voices") or []:
            langs = [str(x).lower().replace("_", "-") for x in (getattr(voice, "languages", None) or [])]
            if code in langs:
                exact.append(voice)
            elif any(x.startswith(code + "-") for x in langs):
                close.append(voice)
        return exact + close

    def set_language(self, code: str) -> None:
        if code == self.language:
            return
        self.language = code
        voices = self.voices_for(code)
        if voices:
            try:
                self.engine.setProperty("voice", voices[0].id)
            except Exception:  # a voice the engine lists but cannot load: keep the one it has
                pass

    def synthesize(self, text: str) -> bytes | None:
        path = os.path.join(self._folder, "line.wav")
        self.engine.save_to_file(text, path)
        self.engine.runAndWait()
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError:
            return None
        finally:
            try:
                os.remove(path)
            except OSError:
                pass

    def close(self) -> None:
        try:
            os.rmdir(self._folder)
        except OSError:
            pass


def silent_wav(ms: int = 20, rate: int = 22050) -> bytes:
    import wave  # (a test's engine and a silent line only: not before the window's first frame)

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(b"\0\0" * (rate * ms // 1000))
    return buffer.getvalue()


class RecordingEngine:
    """The tests' engine: records each line it is asked to say (and in which language).

    ``gate``: a threading.Event the engine waits on before each line (a slow engine, to catch
    a line in the middle); ``fail``: the message it refuses to start with."""

    def __init__(self, gate: threading.Event | None = None, fail: str | None = None) -> None:
        if fail is not None:
            raise SpeechUnavailable(fail)
        self.spoken: list[str] = []
        self.languages: list[str] = []
        self.gate = gate
        self.closed = False

    def set_language(self, code: str) -> None:
        self.languages.append(code)

    def synthesize(self, text: str) -> bytes | None:
        if self.gate is not None:
            self.gate.wait(5)
        self.spoken.append(text)
        return silent_wav()

    def close(self) -> None:
        self.closed = True


class Speaker:
    """Speech on its own thread: ``say`` returns at once; the loop calls ``pump`` to play."""

    def __init__(self, engine: Callable[[], Engine] = Pyttsx3Engine, channel: Callable[[], object] | None = None,
                 language: str = "en", wake: bool = True) -> None:
        """``engine`` makes the engine (on the speech thread); ``channel()`` gives the mixer channel
        to play on, or None without a sound device (default: open the mixer here). ``wake``: ask
        the loop to look again while lines are pending (off for tests that step a fake clock)."""
        self._make_engine = engine
        self._channel_for = channel or _open_channel
        self._cv = threading.Condition()
        self._todo: deque[tuple[int, str]] = deque()  # (generation, text) for the thread
        self._ready: deque[bytes] = deque()  # made, waiting to play (main thread)
        self._generation = 0
        self._working = False
        self._closing = False
        self._thread: threading.Thread | None = None
        self._language = language
        self.engine: Engine | None = None
        self.problem: str | None = None
        self._told = False
        self.silent = False  # the engine could not start: say nothing more
        self.played = 0  # lines started playing (tests, benchmarks)
        self._channel = None
        self._ends_at = 0.0  # (monotonic s) when the line playing ends
        self.wake = wake

    # --- main thread ----------------------------------------------------------------------------
    def say(self, lines: str | Iterable[str], interrupt: bool = True) -> None:
        lines = [lines] if isinstance(lines, str) else [x for x in lines if x and x.strip()]
        if self.silent:
            return
        if interrupt:
            self.stop()
        if not lines:
            return
        self._start()
        with self._cv:
            if self.silent:  # the engine failed meanwhile
                return
            self._todo.extend((self._generation, " ".join(line.split())) for line in lines)
            self._cv.notify()

    def stop(self) -> None:
        """Fall silent now: nothing queued is said, the line playing stops."""
        with self._cv:
            self._generation += 1
            self._todo.clear()
            self._ready.clear()
        if self._channel is not None:
            try:
                self._channel.stop()
            except pygame.error:
                self._channel = None

    def set_language(self, code: str) -> None:
        with self._cv:
            self._language = code

    def pump(self, retry: bool = True) -> None:
        """Play the next line that is ready once the one before has ended (called every loop turn)."""
        if not self._ready:
            return
        channel = self._channel
        if channel is None:
            channel = self._channel = self._channel_for()
            if channel is None:
                self._fail(_("Speech is on, but no sound device could be opened: the game stays silent."))
                return
        try:
            if channel.get_busy():
                return
            with self._cv:
                data = self._ready[0] if self._ready else None
            if data is None:
                return
            sound = pygame.mixer.Sound(file=io.BytesIO(data))
            channel.set_endevent(SPEECH_EVENT)
            channel.play(sound)
            with self._cv:
                if self._ready and self._ready[0] is data:
                    self._ready.popleft()
            self._ends_at = time.monotonic() + sound.get_length()
            self.played += 1
        except pygame.error:
            self._channel = None  # the mixer closed under us (a quiet spell): open it again
            if retry:
                self.pump(retry=False)
            else:  # not even on a fresh channel: skip the line rather than stall on it
                with self._cv:
                    if self._ready:
                        self._ready.popleft()

    def wait_ms(self) -> int | None:
        """When the loop should look again: soon while a line is being made, at the end of the
        line playing, None when there is nothing to say. (The idle loop may be blocked on the
        display's connection, which an event posted from the speech thread does not wake.)"""
        if self.silent or not self.wake:
            return None
        if self._todo or self._working or self._ready:
            if self._ready and self._channel is not None:
                return max(MIN_WAIT_MS, int((self._ends_at - time.monotonic()) * 1000))
            return MIN_WAIT_MS
        return None

    @property
    def speaking(self) -> bool:
        channel = self._channel
        busy = False
        if channel is not None:
            try:
                busy = bool(channel.get_busy())
            except pygame.error:
                busy = False
        return busy or bool(self._todo or self._ready or self._working)

    def take_problem(self) -> str | None:
        """Why the player hears nothing, once (the app shows it as a notice)."""
        if self.problem is None or self._told:
            return None
        self._told = True
        return self.problem

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Until the thread has made every queued line (tests)."""
        with self._cv:
            return self._cv.wait_for(lambda: not self._todo and not self._working, timeout)

    def shutdown(self, timeout: float = 2.0) -> None:
        self.stop()
        with self._cv:
            self._closing = True
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # --- the speech thread ----------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None and not self._closing:
            self._thread = threading.Thread(target=self._run, name="rapport-speech", daemon=True)
            self._thread.start()

    def _fail(self, message: str) -> None:
        if self.problem is None:
            self.problem = message
        with self._cv:
            self.silent = True
            self._todo.clear()
            self._ready.clear()
            self._cv.notify_all()

    def _run(self) -> None:
        try:
            engine = self.engine = self._make_engine()
        except Exception as exc:
            detail = str(exc) or type(exc).__name__
            self._fail(_("Speech is unavailable ({detail}); the game carries on without it. "
                         "On Linux, install espeak-ng.").format(detail=detail))
            with self._cv:
                self._working = False
                self._cv.notify_all()
            return
        language = None
        try:
            while True:
                with self._cv:
                    self._working = False
                    self._cv.notify_all()
                    self._cv.wait_for(lambda: self._todo or self._closing)
                    if self._closing:
                        return
                    generation, text = self._todo.popleft()
                    self._working = True
                    wanted = self._language
                if wanted != language:
                    language = wanted
                    engine.set_language(language)
                data = engine.synthesize(text)
                with self._cv:
                    if data and generation == self._generation:
                        self._ready.append(data)
                        _post_wake()
        except Exception as exc:  # an engine that breaks mid-way: silence, not a traceback
            self._fail(_("Speech stopped working ({detail}); the game carries on without it.")
                       .format(detail=str(exc) or type(exc).__name__))
        finally:
            with self._cv:
                self._working = False
                self._cv.notify_all()
            try:
                engine.close()
            except Exception:
                pass


def _post_wake() -> None:
    try:
        pygame.event.post(pygame.event.Event(SPEECH_EVENT))
    except pygame.error:  # no event queue (pygame quit): nothing to wake
        pass


def _open_channel():
    """The reserved speech channel, opening the mixer if no sound has opened it yet."""
    try:
        if not pygame.mixer.get_init():
            pygame.mixer.init()
        if pygame.mixer.get_num_channels() <= VOICE_CHANNEL:
            return None
        pygame.mixer.set_reserved(VOICE_CHANNEL + 1)
        return pygame.mixer.Channel(VOICE_CHANNEL)
    except pygame.error:
        return None


# --- what screens say --------------------------------------------------------------------------
def sentence(*parts: str | None) -> str:
    """Parts joined as one utterance, each ending in a stop (a pause for the voice)."""
    out = []
    for part in parts:
        part = " ".join((part or "").split())
        if not part:
            continue
        out.append(part if part[-1] in ".!?:;\u201d\"'…" else part + ".")
    return " ".join(out)


# The words self-voicing adds to what screens show (kept here, so screens import no catalogue for them).
def speech_hint(on: bool) -> str:
    """The title screen's line about self-voicing."""
    return _("Speech is on: Shift+V turns it off.") if on else _("Shift+V: have the screen read aloud.")


def response_line(number: int, count: int, text: str) -> str:
    """A response at a decision, as focus moves to it."""
    return _("Response {number} of {count}: {text}").format(number=number, count=count, text=text)


def text_field_line(purpose: str, typed: str) -> str:
    return sentence(purpose, _("Text field"), typed)


def open_vote_line(on_phones: bool) -> str:
    """An open class vote, in one steady line (its count changes must not restart the reading)."""
    return _("Voting is open: V or Enter closes it.") if on_phones else \
        _("Show of hands: a number, then + or -. V closes it.")


def describe(button) -> str:
    """What a button says when focus moves to it: its label, its value, its detail line."""
    spoken = getattr(button, "spoken", None)
    if callable(spoken):
        return spoken()
    label = button.label if not button.value else f"{button.label}: {button.value}"
    return sentence(label, button.detail)


class Narrator:
    """Speaks the screen on top: its page when it appears or changes, then the focused item."""

    def __init__(self, app, enabled: bool = False, speaker: Speaker | None = None) -> None:
        self.app = app
        self.enabled = enabled
        self._speaker = speaker
        self._screen = None
        self._page: tuple[str, ...] | None = None
        self._focus_key = None
        self._heard: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # screen -> page last spoken
        self.said: list[list[str]] = []  # every utterance asked for, in order (tests read it)

    @property
    def speaker(self) -> Speaker:
        if self._speaker is None:
            self._speaker = Speaker(lambda: Pyttsx3Engine(), channel=self.app.sounds.voice_channel)
        return self._speaker

    def use(self, speaker: Speaker) -> None:
        """Speak through another speaker (the tests' recording engine)."""
        if self._speaker is not None:
            self._speaker.shutdown()
        self._speaker = speaker

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        self.app.dirty = True  # the screen is read at the next change check
        self._screen, self._page, self._focus_key = None, None, None
        self._heard = weakref.WeakKeyDictionary()
        if on:
            self._say([_("Speech on.")], interrupt=True)  # the screen follows at the next change check
        elif self._speaker is not None:
            self._speaker.stop()

    def _say(self, lines: list[str], interrupt: bool) -> None:
        lines = [line for line in lines if line and line.strip()]
        if not lines and not interrupt:
            return
        self.said.append(lines)
        speaker = self.speaker
        speaker.set_language(current_language())
        speaker.say(lines, interrupt=interrupt)

    def observe(self) -> None:
        """After a change: speak what is new on the screen on top (nothing while speech is off)."""
        if not self.enabled:
            return
        screen = self.app.screen
        if screen is None:
            return
        page = tuple(line for line in screen.speech() if line and line.strip())
        focus = getattr(screen, "focus", None)
        button = focus.focused if focus is not None else None
        key = (focus.focus, button.label, button.value) if button is not None else None
        if screen is not self._screen or page != self._page:
            fresh = self._screen is None  # just switched on: the "Speech on" line goes first
            again = self._heard.get(screen) == page  # back on a screen as it was: only where focus is
            self._screen, self._page, self._focus_key = screen, page, key
            self._heard[screen] = page
            lines = [] if again else list(page)
            focused = screen.speech_focus()
            if focused:
                lines.append(focused)
            self._say(lines, interrupt=not fresh)
        elif key != self._focus_key:
            self._focus_key = key
            focused = screen.speech_focus()
            if focused:
                self._say([focused], interrupt=True)

    def tick(self) -> int | None:
        """Every loop turn: play what is ready; report an engine that could not start, once.
        Returns ms until the loop should look again (None: nothing more to play)."""
        speaker = self._speaker
        if speaker is None:
            return None
        speaker.pump()
        problem = speaker.take_problem()
        if problem and problem not in self.app.notices:
            self.app.notices.append(problem)
            if self.app.screen is not None and self.app.screen.name == "title":
                self.app.relayout()
        return speaker.wait_ms()

    def shutdown(self) -> None:
        if self._speaker is not None:
            self._speaker.shutdown()
