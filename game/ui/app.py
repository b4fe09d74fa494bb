"""The App: one window, a stack of screens, and a loop that sleeps when nothing moves.

``App.step(events)`` is the whole loop body: map events to intents, hand them to the top
screen, advance animations, draw if anything changed. ``run`` feeds it real events and blocks
in ``pygame.event.wait`` while idle; the test Pilot feeds it the same queue with a fake clock.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pygame

from game import i18n
from game.records.rubric_file import rubric_in_use
from game.settings import Settings, SettingsStore
from game.ui import input as ix
from game.ui.artwork import ArtCache
from game.ui.navigator import Navigator
from game.ui.progress import temporary_store
from game.ui.text import TextCache
from game.ui.theme import Theme
from game.ui.widgets import UI
from game.ui.window import MIN_SIZE  # the smallest window the layout is designed for

if TYPE_CHECKING:
    from game.play import Autosave, EndingsRecord, PlaySession
    from game.records.recorder import LearningRecords
    from game.story import Library

FRAME_MS = 16  # while something animates
VEIL_ROWS = 64  # the overlays' veil is laid in bands this tall (App.dim)


class App:
    def __init__(self, library, store: SettingsStore, *, settings: Settings | None = None,
                 notices: list[str] | None = None, endings: EndingsRecord | None = None,
                 progress=None, size: tuple[int, int] = (1280, 720), clock=None,
                 assessed_only: bool = False) -> None:
        # A Library, or a function that loads one: the title screen does not need scenarios,
        # so loading them waits until just after the first frame is on screen.
        self._library = library
        self._load_library = library if callable(library) else None  # reloaded when the language changes
        self.store = store
        self.settings = settings or Settings()
        i18n.set_language(self.settings.language)  # None: the system's language
        self.notices = list(notices or [])  # shown once on the title screen
        # Students' progress (game.progress.ProgressStore) and who is playing; the endings
        # record follows the profile unless the caller fixed one.
        self.progress = progress if progress is not None else temporary_store()
        self.profile = None
        self._endings_fixed = endings is not None
        self._endings = endings
        self.clock = clock or (lambda: int(time.monotonic() * 1000))
        self.session: PlaySession | None = None  # the encounter in progress (what Continue returns to)
        # `rapport --assessed` or the lab lock (game.settings.assessed_only): every attempt assessed.
        self.assessed_only = assessed_only
        # The autosave, the endings record, the xAPI recorder and the play listeners are made on
        # first use (the properties below): the title's first frame needs none of them, and the
        # recorder's HTTP and e-mail modules alone cost about as much as opening the window.
        self._autosave: Autosave | None = None
        self._records: LearningRecords | None = None
        self._play_listeners: list | None = None
        # A course's rubric (`rapport rubric --use`): its names beside Rapport's in the debrief and statements.
        self.rubric, rubric_problem = rubric_in_use(store.folder)
        if rubric_problem:
            self.notices.append(rubric_problem)
        self.screens: list = []
        self.nav = Navigator(self)  # builds the screens and decides which follows which
        self.running = True
        self.dirty = True
        self.frames = 0  # frames actually drawn (tests and benchmarks read it)
        self.window_changed = False  # the window was re-created (the idle waiter re-checks it)
        self.painter = None  # the screen that drew the window's last frame
        self.collect_after_first_frame = False  # launch(): turn the cycle collector back on after it
        # RAPPORT_UI_TRACE=file: after each frame, write the screen name and its buttons there.
        import os

        self.trace_path = os.environ.get("RAPPORT_UI_TRACE") or None
        self.mapper = ix.InputMapper()
        self.art = ArtCache()
        self.text = TextCache()
        self._veil = None
        from game.ui.sound import Sounds

        self.sounds = Sounds(self.settings.volume)
        from game.ui.speech import Narrator

        # Self-voicing (Shift+V or the setting): speaks the screen on top after each change.
        self.voice = Narrator(self, self.settings.speech)
        self._windowed_size = size
        self._icon_set = False
        pygame.display.set_caption("Rapport")
        self.window = self._open_window(size, self.settings.fullscreen)
        self.text.max_bytes = TextCache.budget(self.window.get_size())
        self.ui = UI(Theme.build(self.window.get_size(), self.settings), self.text)

    @property
    def library(self) -> Library:
        if callable(self._library):
            self._library = self._library()
        return self._library

    @property
    def endings(self) -> EndingsRecord:
        """The endings this player found (or the record the caller fixed)."""
        if self._endings is None:
            from game.play import endings_for

            self._endings = endings_for(self.progress, self.profile)
        return self._endings

    @endings.setter
    def endings(self, record: EndingsRecord) -> None:
        self._endings = record

    @property
    def autosave(self) -> Autosave:
        if self._autosave is None:
            from game.play import Autosave

            self._autosave = Autosave(self.progress)
            self._autosave.profile = self.profile
        return self._autosave

    @property
    def records(self) -> LearningRecords:
        """xAPI statements for the course (queued with the progress; sent when an LRS is connected)."""
        if self._records is None:
            from game.records.recorder import LearningRecords

            self._records = LearningRecords(self.progress, lambda: self.profile.name if self.profile else None,
                                            self.store.folder, rubric=self.rubric.names if self.rubric else None)
        return self._records

    @property
    def play_listeners(self) -> list:
        """Every attempt started or resumed in this window is told to these (game.play listeners:
        the autosave, the endings found, the xAPI recorder; later ones append here)."""
        if self._play_listeners is None:
            from game.play import EndingsFound

            self._play_listeners = [self.autosave, EndingsFound(lambda: self.endings), self.records.recorder]
        return self._play_listeners

    @property
    def save_problem(self) -> str | None:
        """Why the last autosave failed, until one succeeds (the play screen shows it)."""
        return self.autosave.problem

    @property
    def play_problems(self) -> list[str]:
        """What the play panel must say until it is put right: a failed autosave, learning
        records that could not be queued."""
        return [p for p in (self.autosave.problem, self.records.recorder.problem) if p]

    def start_session(self, scenario, mode: str = "practice") -> PlaySession:
        """Begin an encounter (practice or assessed: always assessed when the lab locks it);
        drawings made for another scenario are let go to bound memory."""
        self._forget_art_unless(scenario.id)
        mode = "assessed" if self.assessed_only else mode
        from game.play import PlaySession

        self.session = PlaySession.start(scenario, self.play_listeners, mode=mode)
        return self.session

    def resume_session(self, resumed) -> PlaySession:
        """Carry on a stored attempt (a game.progress.Resumed) in place of the current session."""
        self._forget_art_unless(resumed.state.scenario.id)
        from game.play import PlaySession

        self.session = PlaySession.resume(resumed, self.play_listeners)
        return self.session

    def _forget_art_unless(self, scenario_id: str) -> None:
        from game.ui.allocator import return_large_blocks

        return_large_blocks()  # an encounter's pictures are large: give them back when let go
        if self.session is None or self.session.scenario.id != scenario_id:
            self.art.forget()

    def use_profile(self, profile) -> None:
        """Switch who is playing. An encounter saved under another profile leaves the window
        (it is in that profile's Continue); one not stored yet is kept under the new profile."""
        self.profile = profile
        if self._autosave is not None:
            self._autosave.profile = profile
            self._autosave.problem = None
        if not self._endings_fixed:
            self._endings = None  # read again for this profile when next asked
        attempt = self.session.attempt if self.session is not None else None
        if attempt is not None and (profile is None or attempt.profile.id != profile.id):
            self.session = None

    # --- window ---------------------------------------------------------------------------
    def _open_window(self, size, fullscreen: bool) -> pygame.Surface:
        if not self._icon_set:  # before the window opens: SDL would load pygame's own otherwise
            from game.ui.icon import window_icon

            pygame.display.set_icon(window_icon())
            self._icon_set = True
        if fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(size, pygame.RESIZABLE)

    def toggle_fullscreen(self) -> None:
        full = not bool(self.window.get_flags() & pygame.FULLSCREEN)
        if full:
            self._windowed_size = self.window.get_size()
        self.window = self._open_window(self._windowed_size, full)
        self.window_changed = True
        self.painter = None
        self.change_settings(fullscreen=full)

    def _resized(self) -> None:
        self.window = pygame.display.get_surface()
        w, h = self.window.get_size()
        if not self.window.get_flags() & pygame.FULLSCREEN and (w < MIN_SIZE[0] or h < MIN_SIZE[1]):
            # Below the designed minimum text cannot fit at the largest size: grow back.
            self.window = pygame.display.set_mode((max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])),
                                                  pygame.RESIZABLE)
        self.relayout()

    def relayout(self) -> None:
        self.ui.theme = Theme.build(self.window.get_size(), self.settings)
        self.text.max_bytes = TextCache.budget(self.window.get_size())
        self._veil = None
        for screen in self.screens:
            self._layout(screen)
        self.dirty = True

    def _layout(self, screen) -> None:
        screen.layout()
        screen.invalidate(static=True)

    # --- settings -------------------------------------------------------------------------
    def change_settings(self, **changes) -> None:
        from dataclasses import replace

        self.settings = replace(self.settings, **changes)
        if "volume" in changes:
            self.sounds.volume = self.settings.volume
            self.play_sound("choice")  # let the player hear the new level
        if "speech" in changes:
            self.voice.set_enabled(self.settings.speech)
        problem = self.store.save(self.settings)
        if problem and problem not in self.notices:
            self.notices.append(problem)
        if "language" in changes:
            self.change_language()
        self.relayout()

    def change_language(self) -> None:
        """Use the language setting from now on: every screen's text is re-made by the relayout
        that follows, and the scenes are read again in that language (launcher.build_library
        passes i18n.current_language()) the next time the library is wanted."""
        i18n.set_language(self.settings.language)
        if self._load_library is not None:
            self._library = self._load_library

    # --- screen stack ---------------------------------------------------------------------
    @property
    def screen(self):
        return self.screens[-1] if self.screens else None

    def push(self, screen) -> None:
        if self.dirty:
            self.painter = None  # something changed since the last frame: the window is behind it
        if self.screens and not screen.overlay:
            self.screen.release()  # covered completely: its cached layer can go
        self.screens.append(screen)
        self._layout(screen)
        screen.enter()
        self.dirty = True

    def pop(self) -> None:
        gone = self.screens.pop()
        gone.leave()
        gone.release()  # its layer serves the next screen
        if self.screens:
            self._layout(self.screen)
            self.screen.reveal()
        self.dirty = True

    def replace(self, screen) -> None:
        gone = self.screens.pop()
        gone.leave()
        gone.release()  # its layer serves the new screen (a screen left behind is garbage that
        # the collector may not visit for a long while: it must not keep a window-sized layer)
        self.push(screen)

    def reset_to(self, screen) -> None:
        """Leave every screen and start again from this one (e.g. back to the title)."""
        self._leave_all()
        self.push(screen)

    def _leave_all(self) -> None:
        while self.screens:
            gone = self.screens.pop()
            gone.leave()  # the top first: a screen leaves before the one it covered
            gone.release()

    def quit(self) -> None:
        """Stop the loop; every screen leaves (a class session's vote server stops with its screen).
        The window's size and place are remembered for next time."""
        self.running = False
        self._leave_all()
        if self._records is not None:
            self._records.stop()
        self.voice.shutdown()
        self.remember_window()

    def toggle_speech(self) -> None:
        """Shift+V: speech on or off, kept in the settings like any other."""
        self.change_settings(speech=not self.settings.speech)

    def remember_window(self) -> None:
        from game.ui.window import last_geometry

        if self.window.get_flags() & pygame.FULLSCREEN:
            return  # the windowed size stays what it was
        size, position = last_geometry()
        size = list(size) if size else None
        position = list(position) if position else None
        if (size, position) != (self.settings.window_size, self.settings.window_position):
            from dataclasses import replace

            self.settings = replace(self.settings, window_size=size, window_position=position)
            self.store.save(self.settings)

    # --- loop -----------------------------------------------------------------------------
    def step(self, events) -> int | None:
        """Run one loop turn; return ms until the next frame is wanted, or None if idle."""
        for event in events:
            # A focused text field takes typed keys as text (asked per event: focus can move).
            self.mapper.text_mode = bool(self.screen is not None and getattr(self.screen, "wants_text", False))
            for intent in self.mapper.map(event):
                self.dispatch(intent)
        wait = None
        now = self.clock()
        if self.screen is not None:
            wait = self.screen.update(now)
        if self.dirty and self.running:
            self.voice.observe()  # before the sounds' tick: a line to speak keeps the device open
        for later in (self.voice.tick(), self.sounds.tick(now)):
            if later is not None:
                wait = later if wait is None else min(wait, later)
        if self.dirty and self.running:
            self.draw()
        elif self.screen is not None and self.screen.behind():
            self.screen.catch_up()  # what the last frame left for after it was on screen
        elif self.running and self.screen is not None and self.screen.ahead():
            self.screen.work_ahead()  # at rest: paint what is certain to come next (one turn)
        if self.running and self.screen is not None and (self.screen.behind() or self.screen.ahead()):
            wait = 0  # come back at once for it
        return wait

    def play_sound(self, name: str) -> None:
        self.sounds.play(name, self.clock())

    def dispatch(self, intent: ix.Intent) -> None:
        k = intent.kind
        if k == ix.QUIT:
            self.quit()
        elif k == ix.RESIZE:
            self._resized()
        elif k == ix.EXPOSE:
            self.dirty = True
        elif k == ix.ART_READY:
            if self.screen is not None:
                self.screen.invalidate(static=True)
        elif k == ix.FULLSCREEN:
            self.toggle_fullscreen()
        elif k == ix.SPEECH:
            self.toggle_speech()
        elif self.screen is not None:
            self.screen.handle(intent)

    def draw(self) -> None:
        self.screen.draw(self.window)
        self.painter = self.screen  # the window shows this screen's picture, whole
        # A screen that changed only a part (the play screen's portrait fade) says which.
        rects = self.screen.updated_rects() if hasattr(self.screen, "updated_rects") else None
        if rects:
            pygame.display.update(rects)
        else:
            pygame.display.flip()
        self.frames += 1
        self.dirty = False
        if self.trace_path:
            self._write_trace()

    def _write_trace(self) -> None:
        """For driving the real window from outside (tests/ui/xvfb_tour.py): what is on screen."""
        import json
        import os

        buttons = []
        for b in self.screen.buttons():
            rect = b.rect if b.clip is None else b.rect.clip(b.clip)
            if rect.width and rect.height:
                buttons.append({"label": b.label, "rect": [rect.x, rect.y, rect.w, rect.h]})
        data = {"screen": self.screen.name, "frame": self.frames, "size": list(self.window.get_size()),
                "buttons": buttons, "cpu_ms": round(time.process_time() * 1000, 2)}
        tmp = self.trace_path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, self.trace_path)

    def draw_below(self, overlay, surface: pygame.Surface) -> None:
        """Paint the screens under an overlay, dimmed, into the overlay's cached layer."""
        from game.ui import text as text_module

        index = self.screens.index(overlay)
        if index == 0:
            surface.fill(self.ui.pal.background)
            return
        probe, text_module.probe = text_module.probe, None  # only the top screen is measured
        try:
            self.screens[index - 1].draw(surface)
        finally:
            text_module.probe = probe
        self.dim(surface)

    def dim(self, surface: pygame.Surface, areas: list | None = None) -> None:
        """Lay the overlays' veil over ``surface`` (only over ``areas``, when given).

        Every pixel of the veil is the same colour, so a strip of it as wide as the window,
        laid band after band, blends each pixel as one window-sized veil would: it reads 64 rows
        of veil instead of a window of them (3.5 MB at 1280x720, 33 MB at 4K, kept and read
        again at each veiling)."""
        width = surface.get_width()
        if self._veil is None or self._veil.get_width() < width:
            self._veil = pygame.Surface((width, VEIL_ROWS), pygame.SRCALPHA)
            self._veil.fill(self.ui.pal.dim)
        veil, rows = self._veil, VEIL_ROWS
        for area in areas if areas is not None else [surface.get_rect()]:
            area = pygame.Rect(area).clip(surface.get_rect())
            for y in range(area.y, area.bottom, rows):
                surface.blit(veil, (area.x, y), (0, 0, area.width, min(rows, area.bottom - y)))

    def invalidate_all(self) -> None:
        """Re-make every cached layer (tests measuring text draws use it)."""
        for screen in self.screens:
            screen.invalidate(static=True)
        self.dirty = True

    def run(self) -> int:
        """The real loop: sleep while idle, wake on events or when an animation needs a frame."""
        wait = self.step(pygame.event.get())
        if self.collect_after_first_frame:
            import gc

            gc.enable()  # launch() held the cycle collector back until the first frame was drawn
        from game.ui.idle import Waiter  # after the first frame, as is finding the X connection

        waiter = Waiter()
        _ = self.library  # the window is up: now read the scenarios and open the sound device
        self.sounds.start()
        try:  # controllers announce themselves (those already plugged in too) as device-added events
            pygame.joystick.init()
        except pygame.error:
            pass  # no joystick support here: keys and the mouse still work
        while self.running:
            events = waiter.wait(wait)
            wait = self.step(events)
            if self.window_changed:
                waiter.refresh()
                self.window_changed = False
        return 0
