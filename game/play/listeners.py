"""The record-keepers that listen to a PlaySession: the autosave and the endings found.

Each is a callable taking a PlayEvent, so a front end hangs one on with ``session.listen(x)``
(or hands it to every session it starts). A save that fails never stops play: the autosave
keeps the reason in ``problem`` for the front end to show, and the next save catches up
(every save holds the whole state).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable, Protocol

from game.i18n import _
from game.progress import ProgressError

from .session import ENDING_REACHED, RESUMED, STARTED, PlayEvent, PlaySession

if TYPE_CHECKING:
    from game.progress import Profile, ProgressStore


def problem_line(exc: ProgressError) -> str:
    return _("Your progress could not be saved just now ({problem}). Play goes on; the next save catches up.").format(
        problem=exc)


class Autosave:
    """Keeps the attempt saved after every change, under ``profile`` (nothing is stored without one).

    A new attempt is stored at its first change (or at once when it starts); restarting the
    scenario sets the unfinished attempt it replaces aside, so Continue offers the new one. A
    resumed attempt is not written again until something changes.
    """

    def __init__(self, store: ProgressStore, profile: Profile | None = None,
                 on_problem: Callable[[str | None], None] | None = None) -> None:
        self.store = store
        self.profile = profile
        self.problem: str | None = None  # why the last save failed, until one succeeds
        self.on_problem = on_problem  # told each time the problem changes (None: saved again)
        self._current: PlaySession | None = None  # the session seen last
        self._saved: str | None = None  # the state last written, to skip identical saves

    def __call__(self, event: PlayEvent) -> None:
        session = event.session
        if event.kind in (STARTED, RESUMED):
            if event.kind == STARTED:
                self._set_aside_restarted(session)
            self._current, self._saved = session, None
            if event.kind == RESUMED:
                self._saved = self._key(session)
                return
        if self.profile is None:
            return
        key = self._key(session)
        if session.attempt is not None and key == self._saved:
            return
        try:
            if session.attempt is None:  # a new attempt, or one whose first save failed
                session.attempt = self.store.start_attempt(self.profile, session.scenario, session.state,
                                                             mode=session.mode).attempt
            else:
                session.attempt.save(session.state)
        except ProgressError as exc:
            self._report(problem_line(exc))
            return
        self._saved = key
        self._report(None)

    def _report(self, problem: str | None) -> None:
        changed = problem != self.problem
        self.problem = problem
        if changed and self.on_problem is not None:
            self.on_problem(problem)

    @staticmethod
    def _key(session: PlaySession) -> str:
        return json.dumps(session.state.to_json(), sort_keys=True)

    def _set_aside_restarted(self, session: PlaySession) -> None:
        old = self._current
        if (old is None or old is session or old.attempt is None or old.state.is_over
                or old.scenario.id != session.scenario.id):
            return
        try:
            self.store.set_aside(old.attempt.uuid)  # kept in the history, no longer under Continue
        except ProgressError:
            pass  # it stays "playing": Continue may offer it again, which loses nothing


class EndingsRecord(Protocol):
    def found(self, scenario_id: str) -> set[str]:
        """Ending ids this player has reached in the scenario."""

    def record(self, scenario_id: str, ending_id: str) -> None:
        """Remember that the player reached this ending."""


class SessionEndings:
    """Endings found since the game started, when nobody has picked a profile."""

    def __init__(self) -> None:
        self._found: dict[str, set[str]] = {}

    def found(self, scenario_id: str) -> set[str]:
        return set(self._found.get(scenario_id, ()))

    def record(self, scenario_id: str, ending_id: str) -> None:
        self._found.setdefault(scenario_id, set()).add(ending_id)


class EndingsFound:
    """Writes each ending reached into the endings record of whoever plays now (``record()``
    is asked at each ending, so switching profile needs no re-wiring)."""

    def __init__(self, record: Callable[[], EndingsRecord]) -> None:
        self.record = record

    def __call__(self, event: PlayEvent) -> None:
        if event.kind == ENDING_REACHED and event.ending is not None:
            self.record().record(event.session.scenario.id, event.ending.id)


def endings_for(store: ProgressStore, profile: Profile | None) -> EndingsRecord:
    """The endings record of ``profile`` (stored), or of this run only when nobody is named."""
    from game.progress import ProfileEndings

    return ProfileEndings(store, profile) if profile is not None else SessionEndings()
