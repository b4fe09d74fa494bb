"""What every facilitator screen shares: the class run (game.classroom.run: the play, the votes
and the record), where the record is stored, and a projector theme of its own.

The projector theme is built from the facilitator's classroom settings (large text by default,
high contrast on request), never from the student's settings, so the same machine can serve a
class at 4 m and a student at 50 cm. Facilitator screens mix in ``Projected`` to draw with it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from game.classroom.config import ClassroomSettings, ClassroomStore
from game.classroom.export import with_rubric, write_export
from game.classroom.run import ClassRun
from game.classroom.voting import VoteDesk
from game.i18n import _
from game.progress import ProgressError, ProgressStore
from game.progress.class_sessions import load_class_session
from game.records.recorder import LearningRecords
from game.settings import Settings
from game.ui.theme import Theme
from game.ui.widgets import UI


BODY_PX = 22      # the theme's design size for body text
BODY_SHARE = 25   # projector body text is at most the window's height / this


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
        self.run: ClassRun | None = None
        self.records: LearningRecords | None = None  # the class's xAPI recorder, while a run lasts
        self.record_store: ProgressStore | None = None  # where class session records are kept
        self._owns_store = False
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
            # The wall shows any window at the same size, so text keeps to a share of the window's
            # height: body text at most 1/25 of it. (The window scale follows the narrower side,
            # which would otherwise make a 16:9 picture's text half as big again as a 4:3 one's.)
            cap = size[1] / BODY_SHARE / (BODY_PX * base.scale)
            self._ui = UI(replace(base, text_scale=min(self.settings.text_scale, max(1.0, cap))), self.app.text)
            self._ui_key = key
        return self._ui

    def change(self, **changes) -> None:
        """Change a classroom setting: applied at once, saved for next time."""
        self.settings = replace(self.settings, **changes)
        desk = self.run.desk if self.run is not None else None
        if ("port" in changes or "phones" in changes) and self.run is not None:
            self.run.close_vote()  # the server is about to stop: the vote so far is kept as it stands
        if "port" in changes:
            self.port = self.settings.port
            if desk is not None:
                desk.set_port(self.port)
        if "phones" in changes:
            self.phones = self.settings.phones
            if desk is not None:
                desk.set_phones(self.phones)
        problem = self.store.save(self.settings)
        if problem and problem not in self.notices:
            self.notices.append(problem)
        self.app.relayout()

    @property
    def problem(self) -> str | None:
        """What the facilitator must know while the class goes on: the run's own problem (a
        record not kept), else learning records that could not be queued."""
        run_problem = self.run.problem if self.run is not None else None
        return run_problem or (self.records.recorder.problem if self.records is not None else None)

    # -- the session ----------------------------------------------------------------------
    def begin(self, scenario) -> ClassRun:
        """Start a class session on ``scenario`` (ending any session still running)."""
        self.end()
        if self.record_store is None:
            # One database per run: the window's own progress store, unless this visit names a folder.
            shared = getattr(self.app, "progress", None)
            self._owns_store = shared is None or self.progress_dir is not None
            self.record_store = ProgressStore.open_or_temporary(self.progress_dir) if self._owns_store else shared
        desk = VoteDesk(port=self.port, phones=self.phones, host=self.vote_host, room_size=self.settings.room_size)
        # The class's learning records: a Group actor named for this session (queued with the
        # record; sent when a learning record store is connected).
        label = f"Class session {datetime.now().strftime('%Y-%m-%d %H:%M')}, {scenario.title}"
        rubric = getattr(self.app, "rubric", None)
        self.records = LearningRecords(self.record_store, lambda: label, self.app.store.folder, group=True,
                                       rubric=rubric.names if rubric else None)
        self.run = ClassRun(scenario, desk=desk, store=self.record_store, play_listeners=[self.records.recorder])
        return self.run

    def _export(self, run) -> str:
        """Write the ended session as JSON and CSV beside the progress data; say where, in words
        (an instructor sees a folder, never a command line)."""
        fields = {"id": run.record_id, "title": run.scenario.title}
        store = self.record_store
        if store is None or store.path is None:
            return _("Class session {id} ({title}) is saved for as long as this window is open.").format(**fields)
        folder = Path(store.path).parent / "class-sessions"
        try:
            record = with_rubric(load_class_session(store, run.record_id), getattr(self.app, "rubric", None))
            json_path, _csv = write_export(record, folder)
        except (OSError, ProgressError) as exc:
            return _("Class session {id} ({title}) is saved on this computer. A copy for your records could not "
                     "be written into {folder}: {problem}.").format(folder=folder, problem=exc, **fields)
        return _("Class session {id} ({title}) is saved on this computer. A copy for your records (JSON and CSV) "
                 "is in {folder}, named {name}.").format(folder=folder, name=json_path.stem, **fields)

    def end(self) -> None:
        """End the session: close any vote, free the port, save the record (safe to repeat)."""
        run = self.run
        if run is not None:
            run.end()
            if self.records is not None:
                self.records.stop()
            if run.record_id is not None:
                self.saved_note = self._export(run)
        self.run = None
        if self.record_store is not None:
            if self._owns_store:
                self.record_store.close()
            self.record_store = None


class Projected:
    """Mix into a facilitator screen (before its Screen class): draw with the projector theme.

    While such a screen draws, ``app.ui`` is the projector's too, so shared helpers that take
    the app (the background, the dimmed view under an overlay) match the facilitator's choice."""

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
