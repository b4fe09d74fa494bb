"""The window's side of students' progress: endings found, autosave, and what Continue opens.

Storage is game.progress.ProgressStore (``app.progress``). This module keeps screens free of its
details: the endings record the select and debrief screens read, the autosave listener on the
app's session events, the Continue offer, and dates as a player reads them. Every ProgressError
becomes a line on screen and play goes on: a save that fails is made good by the next one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from game.progress import AttemptSummary, Profile, ProfileEndings, ProgressError, ProgressStore


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


def endings_for(store: ProgressStore, profile: Profile | None) -> EndingsRecord:
    return ProfileEndings(store, profile) if profile is not None else SessionEndings()


def temporary_store() -> ProgressStore:
    """A store in memory, for an App built without one: progress lasts while the window is open."""
    from game.progress.database import write
    from game.progress.schema import create_current

    conn = sqlite3.connect(":memory:", isolation_level=None)
    with write(conn):
        create_current(conn)
    return ProgressStore(conn, None, [])


def first_profile(store: ProgressStore) -> Profile | None:
    """Who plays when the game opens: the only profile on a machine with one; nobody (the title
    asks) on a shared machine with several, so no student carries on as the last one by mistake."""
    try:
        profiles = store.profiles()
    except ProgressError:
        return None
    return profiles[0] if len(profiles) == 1 else None


def problem_line(exc: ProgressError) -> str:
    return f"Your progress could not be saved just now ({exc}). Play goes on; the next save catches up."


class Autosave:
    """Listens to the app's session events and keeps the attempt saved after every change.

    "start" opens a new attempt (and sets aside an unfinished one of the same scenario that the
    player restarted), "resume" carries on a stored one, anything else (a step, a rewind, the
    ending, a reload) saves the whole state. Without a profile nothing is stored.
    """

    def __init__(self, app) -> None:
        self.app = app
        self._current = None  # the session seen last
        self._saved: str | None = None  # the state last written, to skip identical saves

    def __call__(self, event: str, session) -> None:
        app = self.app
        if event in ("start", "resume"):
            if event == "start":
                self._set_aside_restarted(session)
            self._current, self._saved = session, None
            if event == "resume":
                self._saved = self._key(session.state)
                return
        if app.profile is None:
            return
        key = self._key(session.state)
        if session.attempt is not None and key == self._saved:
            return
        try:
            if session.attempt is None:  # a new attempt, or one whose first save failed
                session.attempt = app.progress.start_attempt(app.profile, session.scenario, session.state).attempt
            else:
                session.attempt.save(session.state)
        except ProgressError as exc:
            app.save_problem = problem_line(exc)
            return
        self._saved = key
        app.save_problem = None

    @staticmethod
    def _key(state) -> str:
        return json.dumps(state.to_json(), sort_keys=True)

    def _set_aside_restarted(self, session) -> None:
        old = self._current
        if (old is None or old is session or old.attempt is None or old.state.is_over
                or old.scenario.id != session.scenario.id):
            return
        try:
            self.app.progress.set_aside(old.attempt.uuid)  # kept in the history, no longer under Continue
        except ProgressError:
            pass  # it stays "playing": Continue may offer it again, which loses nothing


@dataclass(frozen=True)
class ContinueOffer:
    detail: str  # the second line of the Continue button
    saved: AttemptSummary | None  # None: the encounter still open in this window


def continue_offer(app) -> ContinueOffer | None:
    """What Continue on the title screen returns to, if anything."""
    session = app.session
    if session is not None and not session.state.is_over:
        made = len(session.state.decisions)
        return ContinueOffer(f"{session.scenario.title} · {choices(made)} so far", None)
    if app.profile is None:
        return None
    try:
        saved = app.progress.continuable(app.profile)
    except ProgressError:
        return None  # the title stays usable; the next save will say what is wrong
    if saved is None:
        return None
    title = saved.scenario_title or saved.scenario_id
    return ContinueOffer(f"{title} · {choices(saved.decisions)} so far · saved {when(saved.updated_at)}", saved)


def choices(n: int) -> str:
    return f"{n} choice" + ("" if n == 1 else "s")


def when(stamp: str | None, now: datetime | None = None) -> str:
    """A stored UTC time as the player reads it, in local time: "today 14:03", "3 Mar 2025 09:15"."""
    if not stamp:
        return "unknown time"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    now = now or datetime.now().astimezone()
    clock = f"{moment:%H:%M}"
    days = (now.date() - moment.date()).days
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"yesterday {clock}"
    return f"{moment.day} {moment:%b %Y} {clock}"
