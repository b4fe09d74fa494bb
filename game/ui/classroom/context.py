"""What every facilitator screen shares: the class session, the vote desk, the session record,
and a projector theme of its own.

The projector theme is built from the facilitator's classroom settings (large text by default,
high contrast on request), never from the student's settings, so the same machine can serve a
class at 4 m and a student at 50 cm. Facilitator screens mix in ``Projected`` to draw with it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from game.classroom.config import ClassroomSettings, ClassroomStore
from game.classroom.session import ClassSession
from game.classroom.voting import VoteDesk
from game.progress import ProgressError, ProgressStore
from game.progress.class_sessions import save_class_session
from game.settings import Settings
from game.ui.theme import Theme
from game.ui.widgets import UI


class ClassContext:
    """One facilitator's visit to Classroom mode: settings, and the session being run (if any)."""

    def __init__(self, app, *, settings: ClassroomSettings | None = None, store: ClassroomStore | None = None,
                 port: int | None = None, phones: bool | None = None, progress_dir: str | Path | None = None,
                 vote_host: str = "0.0.0.0") -> None:
        self.app = app
        self.store = store or ClassroomStore(app.store.folder)
        notices: list[str] = []
        if settings is None:
            settings, notices = self.store.load()
        self.settings = settings
        self.notices = notices          # shown once on the classroom screen
        # --port and --no-votes apply to this run only; the file keeps the facilitator's usual choice.
        self.port = port if port is not None else settings.port
        self.phones = phones if phones is not None else settings.phones
        self.progress_dir = progress_dir
        self.vote_host = vote_host
        self.session: ClassSession | None = None
        self.desk: VoteDesk | None = None
        self.record: ProgressStore | None = None
        self._owns_record = False
        self.record_id: int | None = None
        self.problem: str | None = None  # why the session record could not be saved just now
        self.saved_note: str | None = None  # where the last session went, for the Classroom screen
        self._ui: UI | None = None
        self._ui_key = None

    # -- the projector theme --------------------------------------------------------------
    @property
    def ui(self) -> UI:
        size = self.app.window.get_size()
        key = (size, self.settings.text_size, self.settings.high_contrast)
        if key != self._ui_key:
            base = Theme.build(size, Settings(high_contrast=self.settings.high_contrast))
            self._ui = UI(replace(base, text_scale=self.settings.text_scale), self.app.text)
            self._ui_key = key
        return self._ui

    def change(self, **changes) -> None:
        """Change a classroom setting: applied at once, saved for next time."""
        self.settings = replace(self.settings, **changes)
        if ("port" in changes or "phones" in changes) and self.desk is not None:
            self.close_vote()  # the server is about to stop: the vote so far is kept as it stands
        if "port" in changes:
            self.port = self.settings.port
            if self.desk is not None:
                self.desk.set_port(self.port)
        if "phones" in changes:
            self.phones = self.settings.phones
            if self.desk is not None:
                self.desk.set_phones(self.phones)
        problem = self.store.save(self.settings)
        if problem and problem not in self.notices:
            self.notices.append(problem)
        self.app.relayout()

    # -- the session ----------------------------------------------------------------------
    def begin(self, scenario) -> ClassSession:
        """Start a class session on ``scenario`` (ending any session still running)."""
        self.end()
        self.session = ClassSession(scenario)
        self.desk = VoteDesk(port=self.port, phones=self.phones, host=self.vote_host)
        if self.record is None:
            # One database per run: the window's own progress store, unless this visit names a folder.
            shared = getattr(self.app, "progress", None)
            self._owns_record = shared is None or self.progress_dir is not None
            self.record = ProgressStore.open_or_temporary(self.progress_dir) if self._owns_record else shared
            if self.record.temporary:
                self.problem = self.record.notices[0]
        self.record_id = None
        self.save()
        return self.session

    def save(self) -> None:
        """Write the session record; a failure is shown on screen and the class plays on."""
        if self.session is None or self.record is None or self.record.temporary:
            return
        try:
            self.record_id = save_class_session(self.record, self.session.to_dict())
            self.problem = None
        except ProgressError as exc:
            self.problem = str(exc)[:1].upper() + str(exc)[1:] + ". The class can go on; the next step saves again."

    def close_vote(self):
        """Close the vote now open, if any, and record its tally; return the tally (or None)."""
        if self.desk is None or self.session is None or self.session.open_vote is None:
            return None
        tally = self.desk.close()
        self.session.vote_closed(tally)
        self.save()
        return tally

    def end(self) -> None:
        """End the session: close any vote, free the port, save the record (safe to repeat)."""
        self.close_vote()
        if self.desk is not None:
            self.desk.stop()
        if self.session is not None:
            self.session.close()
            self.save()
            if self.record_id is not None:
                self.saved_note = (f"Class session {self.record_id} ({self.session.scenario.title}) is saved: "
                                   f"`rapport sessions` lists it, `rapport sessions export {self.record_id}` "
                                   f"writes it as JSON and CSV.")
        self.session = None
        self.desk = None
        if self.record is not None:
            if self._owns_record:
                self.record.close()
            self.record = None


class Projected:
    """Mix into a facilitator screen (before its Screen class): draw with the projector theme,
    and end the class session when the game quits.

    While such a screen draws, ``app.ui`` is the projector's too, so shared helpers that take
    the app (the background, the dimmed view under an overlay) match the facilitator's choice.

    The app's loop calls the top screen's ``update`` once more in the turn in which it quits,
    so that is where the vote server is stopped and the record closed, whichever way the
    window was closed."""

    ctx: ClassContext

    @property
    def ui(self):
        return self.ctx.ui

    def draw(self, surface) -> None:
        student_ui, self.app.ui = self.app.ui, self.ctx.ui
        try:
            super().draw(surface)
        finally:
            self.app.ui = student_ui

    def update(self, now_ms: int):
        if not self.app.running:
            self.ctx.end()
            return None
        return super().update(now_ms)
