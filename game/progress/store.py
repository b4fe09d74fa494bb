"""ProgressStore: the small API the window, the terminal and the commands use for students'
progress: profiles, autosave and resume, endings found, and the history of attempts."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from game.i18n import _
from . import recording
from .database import ProgressError, guarded, open_database, write
from .endings import ending_hint
from .location import DB_NAME, data_dir, journal_mode
from .schema import create_current
from .records import ABANDONED, ENDED, PLAYING, SET_ASIDE, AttemptSummary, Profile, ProfileError

if TYPE_CHECKING:
    from game.story import Debrief, PlayState, Scenario

    from .attempt_records import AttemptRecord, GalleryEntry

MAX_NAME = 40
MODES = ("practice", "assessed")


class ResumeError(ProgressError):
    """A saved game that cannot be continued right now; the save itself is kept.

    ``message`` is for the player as it stands; ``can_restart`` says whether to offer
    "Restart the scenario" (False when the scenario is not installed at all)."""

    def __init__(self, message: str, saved: AttemptSummary, can_restart: bool):
        super().__init__(message)
        self.message = message
        self.saved = saved
        self.can_restart = can_restart


@dataclass(frozen=True)
class Resumed:
    """An attempt carried on, with its state as last saved."""

    attempt: "Attempt"
    state: PlayState
    notice: str | None = None  # e.g. the scenario was updated since the last save
    mode: str = "practice"  # how the attempt is played: practice or assessed


class Attempt:
    """A handle on one attempt being played: call ``save(state)`` after every change."""

    def __init__(self, store: "ProgressStore", uuid: str, profile: Profile, scenario_id: str):
        self.store, self.uuid, self.profile, self.scenario_id = store, uuid, profile, scenario_id

    def save(self, state: PlayState) -> None:
        self.store.save(self.uuid, state)

    def __repr__(self) -> str:
        return f"Attempt({self.uuid}, {self.profile.name!r}, {self.scenario_id!r})"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clean_name(name: str) -> str:
    """A profile name as stored: trimmed, inner spaces collapsed; ProfileError when unusable."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ProfileError("a profile needs a name")
    if len(cleaned) > MAX_NAME:
        raise ProfileError(f"a profile name can be at most {MAX_NAME} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise ProfileError("a profile name cannot contain control characters")
    return cleaned


_SUMMARY = """
SELECT a.id, a.uuid, p.name, a.scenario_id, a.scenario_title, a.scenario_version,
       (SELECT count(*) FROM attempts o WHERE o.profile_id = a.profile_id AND o.scenario_id = a.scenario_id
            AND (o.started_at < a.started_at OR (o.started_at = a.started_at AND o.id <= a.id))),
       a.started_at, a.updated_at, a.ended_at, a.status, a.ending_id, a.replay, a.rewinds,
       (SELECT count(*) FROM steps s WHERE s.attempt_id = a.id AND s.undone_at IS NULL AND s.choice_id IS NOT NULL),
       a.revision, a.origin_uuid, a.origin_seq, a.state_json, a.mode
FROM attempts a JOIN profiles p ON p.id = a.profile_id
"""


def _summary(row: tuple) -> AttemptSummary:
    return AttemptSummary(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
                          row[11], bool(row[12]), row[13], row[14], row[15], row[16], row[17], row[19])


class ProgressStore:
    def __init__(self, conn: sqlite3.Connection, path: Path | None, notices: list[str],
                 clock: Callable[[], str] = utc_now):
        self.conn = conn
        self.path = path
        self.notices = notices  # one-line messages for the title screen (a file set aside, upgraded...)
        self.clock = clock

    @classmethod
    def open(cls, data_folder: str | Path | None = None, *, journal: str | None = None,
             clock: Callable[[], str] = utc_now, read_only_ok: bool = False) -> "ProgressStore":
        """Open the progress of this computer (or of ``data_folder`` / $RAPPORT_DATA_DIR).

        Raises ProgressError when progress cannot be kept at all; the game can still be played.
        ``read_only_ok``: a file that can be read but not written is fine (listing, exporting)."""
        try:
            mode = journal_mode(journal)
        except ValueError as exc:
            raise ProgressError(str(exc)) from None
        path = data_dir(data_folder) / DB_NAME
        conn, notices = open_database(path, mode, read_only_ok=read_only_ok)
        return cls(conn, path, notices, clock)

    @classmethod
    def open_or_temporary(cls, data_folder: str | Path | None = None, *, journal: str | None = None,
                          clock: Callable[[], str] = utc_now) -> "ProgressStore":
        """Like ``open``, but never raises: when progress cannot be kept (a file from a newer
        Rapport, a read-only network drive...) the game gets a store in memory and a notice
        saying so, and can be played all the same."""
        try:
            return cls.open(data_folder, journal=journal, clock=clock)
        except ProgressError as exc:
            conn = sqlite3.connect(":memory:", isolation_level=None)
            with write(conn):
                create_current(conn)
            return cls(conn, None, [_("Progress cannot be kept this time: {problem}. You can play, but nothing "
                                      "will be remembered after Rapport closes.").format(problem=exc)], clock)

    @property
    def temporary(self) -> bool:
        """True for the in-memory store of ``open_or_temporary``: nothing outlives the game."""
        return self.path is None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "ProgressStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- profiles ---------------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        """Every profile, the most recently used first (the title screen's picker)."""
        rows = self.conn.execute("SELECT id, name, created_at, last_used_at FROM profiles "
                                 "ORDER BY last_used_at DESC, name_key").fetchall()
        return [Profile(*row) for row in rows]

    def profile(self, name: str) -> Profile | None:
        row = self.conn.execute("SELECT id, name, created_at, last_used_at FROM profiles WHERE name_key = ?",
                                (" ".join(str(name).split()).casefold(),)).fetchone()
        return Profile(*row) if row else None

    def create_profile(self, name: str) -> Profile:
        cleaned = clean_name(name)
        now = self.clock()
        with write(self.conn):
            try:
                self.conn.execute("INSERT INTO profiles (name, name_key, created_at, last_used_at) VALUES (?, ?, ?, ?)",
                                  (cleaned, cleaned.casefold(), now, now))
            except sqlite3.IntegrityError:
                raise ProfileError(f'there is already a profile called "{cleaned}"') from None
        return self.profile(cleaned)

    def get_or_create_profile(self, name: str) -> Profile:
        """The profile called ``name``, made if it does not exist yet (safe when two windows race)."""
        cleaned = clean_name(name)
        now = self.clock()
        with write(self.conn):
            self.conn.execute("INSERT OR IGNORE INTO profiles (name, name_key, created_at, last_used_at) "
                              "VALUES (?, ?, ?, ?)", (cleaned, cleaned.casefold(), now, now))
        return self.profile(cleaned)

    def require_profile(self, name: str) -> Profile:
        found = self.profile(name)
        if found is None:
            known = ", ".join(p.name for p in self.profiles()) or "none yet"
            raise ProfileError(f'no profile called "{" ".join(str(name).split())}" (profiles: {known})')
        return found

    # -- playing ----------------------------------------------------------------------------
    def start_attempt(self, profile: Profile, scenario: Scenario, state: PlayState | None = None, *,
                      origin: tuple[str, int] | None = None, mode: str = "practice") -> Resumed:
        """Begin a new attempt (saved at once) and return it with its state; ``mode`` is
        "practice" or "assessed" (ProgressError otherwise)."""
        import uuid  # here, not before the title's first frame: only a new attempt needs one

        from game.story import PlayState

        if mode not in MODES:
            raise ProgressError(f'an attempt is "practice" or "assessed", not {mode!r}')
        state = state if state is not None else PlayState.start(scenario)
        new_uuid = str(uuid.uuid4())
        now = self.clock()
        with write(self.conn):
            replay = self.conn.execute("SELECT EXISTS (SELECT 1 FROM attempts WHERE profile_id = ? AND scenario_id = ?)",
                                       (profile.id, scenario.id)).fetchone()[0]
            self.conn.execute(
                "INSERT INTO attempts (uuid, profile_id, scenario_id, scenario_version, scenario_title, started_at, "
                "updated_at, status, replay, origin_uuid, origin_seq, state_json, mode) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (new_uuid, profile.id, scenario.id, scenario.version, scenario.title, now, now, PLAYING, replay,
                 origin[0] if origin else None, origin[1] if origin else None, recording.dumps(state.to_json()), mode))
            self._save_in_transaction(new_uuid, state, now)
        return Resumed(Attempt(self, new_uuid, profile, scenario.id), state, mode=mode)

    def save(self, attempt_uuid: str, state: PlayState) -> None:
        """Autosave: record ``state`` (after a choice, a continue or a rewind) in one transaction.

        Raises ProgressError if it could not be written (busy for long, disk full); the state
        is complete in every save, so the next successful one makes good what this one missed."""
        with write(self.conn):
            self._save_in_transaction(attempt_uuid, state, self.clock())

    def _save_in_transaction(self, attempt_uuid: str, state: PlayState, now: str) -> None:
        row = self.conn.execute("SELECT id, profile_id, scenario_id, rewinds FROM attempts WHERE uuid = ?",
                                (attempt_uuid,)).fetchone()
        if row is None:
            raise ProgressError(f"there is no attempt {attempt_uuid} to save to")
        attempt_id, profile_id, scenario_id, rewinds = row
        if state.scenario.id != scenario_id:
            raise ProgressError(f'attempt {attempt_uuid} is of scenario "{scenario_id}", not "{state.scenario.id}"')
        recording.record_steps(self.conn, attempt_id, state, now)
        ending = state.ending.id if state.ending else None
        self.conn.execute(
            "UPDATE attempts SET state_json = ?, updated_at = ?, status = ?, ending_id = ?, "
            "ended_at = CASE WHEN ? IS NULL THEN NULL WHEN ending_id IS ? THEN coalesce(ended_at, ?) ELSE ? END, "
            "rewinds = ?, revision = revision + 1, scenario_version = ?, scenario_title = ? WHERE id = ?",
            (recording.dumps(state.to_json()), now, ENDED if ending else PLAYING, ending, ending, ending, now, now,
             max(rewinds, state.rewinds), state.scenario.version, state.scenario.title, attempt_id))
        if ending:
            self.conn.execute("INSERT OR IGNORE INTO endings_found (profile_id, scenario_id, ending_id, first_found_at, "
                              "attempt_uuid) VALUES (?, ?, ?, ?, ?)", (profile_id, scenario_id, ending, now, attempt_uuid))
        self.conn.execute("UPDATE profiles SET last_used_at = ? WHERE id = ?", (now, profile_id))

    def continuable(self, profile: Profile) -> AttemptSummary | None:
        """The attempt "Continue" returns to: the profile's latest unfinished one, if any."""
        row = self.conn.execute(_SUMMARY + " WHERE a.profile_id = ? AND a.status = ? "
                                "ORDER BY a.updated_at DESC, a.id DESC LIMIT 1", (profile.id, PLAYING)).fetchone()
        return _summary(row) if row else None

    def resume(self, profile: Profile, scenarios: Mapping[str, Scenario]) -> Resumed | None:
        """Continue the profile's latest unfinished attempt (None when there is none).

        Raises ResumeError, with the save kept, when it cannot be continued."""
        saved = self.continuable(profile)
        return self.resume_attempt(saved.uuid, scenarios) if saved else None

    def resume_attempt(self, attempt_uuid: str, scenarios: Mapping[str, Scenario]) -> Resumed:
        summary, state_json = self._row(attempt_uuid)
        title = summary.scenario_title or summary.scenario_id
        scenario = scenarios.get(summary.scenario_id)
        if scenario is None:
            raise ResumeError(_('Your saved game of "{title}" cannot be continued: that scenario is not installed '
                                'any more. The save is kept and can be continued when the scenario is back.').format(
                                    title=title), summary, can_restart=False)
        from game.story import PlayState

        try:
            data = json.loads(state_json)
            state = PlayState.from_json(scenario, data)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            reason = str(exc) if str(exc) else _("the save is damaged")
            raise ResumeError(_('Your saved game of "{title}" cannot be continued: {problem}. '
                                'The save is kept in your history.').format(title=scenario.title, problem=reason),
                              summary, can_restart=True) from None
        notice = None
        if data.get("scenario_version") != scenario.version:
            notice = _('"{title}" has been updated since you last played it; you continue where you left off.').format(
                title=scenario.title)
        profile = self.require_profile(summary.profile)
        with write(self.conn):
            self.conn.execute("UPDATE profiles SET last_used_at = ? WHERE id = ?", (self.clock(), profile.id))
        return Resumed(Attempt(self, attempt_uuid, profile, scenario.id), state, notice, summary.mode)

    def restart(self, attempt_uuid: str, scenario: Scenario) -> Resumed:
        """Start the scenario afresh in place of a save that cannot continue; the old attempt is
        kept (marked abandoned) in the history."""
        summary, _state = self._row(attempt_uuid)
        self._set_status(attempt_uuid, ABANDONED)
        return self.start_attempt(self.require_profile(summary.profile), scenario, mode=summary.mode)

    def set_aside(self, attempt_uuid: str) -> None:
        """Keep an unfinished attempt but stop offering it under Continue."""
        self._set_status(attempt_uuid, SET_ASIDE)

    # -- reflection -------------------------------------------------------------------------
    def save_reflection(self, attempt_uuid: str, questions_and_answers: Mapping[str, str]) -> dict[str, str]:
        """Keep the student's answers to the debrief questions with the attempt (replacing any
        kept before); blank answers are left out, and every answer is cut to a fair length.
        Returns what was kept."""
        from .reflection import clean_answers, dumps_reflection

        answers = clean_answers(questions_and_answers)
        with write(self.conn):
            done = self.conn.execute("UPDATE attempts SET reflection = ? WHERE uuid = ?",
                                     (dumps_reflection(answers) if answers else None, attempt_uuid))
            if done.rowcount == 0:
                raise ProgressError(f"there is no attempt {attempt_uuid}")
        return answers

    def reflection(self, attempt_uuid: str) -> dict[str, str]:
        """The answers kept with an attempt ({question: answer}, in the order asked); {} if none."""
        from .reflection import loads_reflection

        row = self.conn.execute("SELECT reflection FROM attempts WHERE uuid = ?", (attempt_uuid,)).fetchone()
        if row is None:
            raise ProgressError(f"there is no attempt {attempt_uuid}")
        return loads_reflection(row[0])

    def _set_status(self, attempt_uuid: str, status: str) -> None:
        with write(self.conn):
            self.conn.execute("UPDATE attempts SET status = ?, updated_at = ? WHERE uuid = ? AND status = ?",
                              (status, self.clock(), attempt_uuid, PLAYING))

    # -- endings ----------------------------------------------------------------------------
    def endings_found(self, profile: Profile, scenario_id: str) -> set[str]:
        rows = self.conn.execute("SELECT ending_id FROM endings_found WHERE profile_id = ? AND scenario_id = ?",
                                 (profile.id, scenario_id)).fetchall()
        return {r[0] for r in rows}

    def gallery(self, profile: Profile, scenario: Scenario) -> list[GalleryEntry]:
        """Every ending of ``scenario``: found ones with their text, locked ones with a hint once
        the scenario has been completed at least once."""
        from .attempt_records import GalleryEntry

        found = dict(self.conn.execute("SELECT ending_id, first_found_at FROM endings_found "
                                       "WHERE profile_id = ? AND scenario_id = ?", (profile.id, scenario.id)).fetchall())
        completed = bool(found)
        assessed = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT ending_id FROM attempts WHERE profile_id = ? AND scenario_id = ? AND mode = 'assessed' "
            "AND ending_id IS NOT NULL", (profile.id, scenario.id)).fetchall()}
        return [GalleryEntry(e, e.id in found, found.get(e.id),
                             None if e.id in found or not completed else ending_hint(e), e.id in assessed)
                for e in scenario.endings]

    # -- history ----------------------------------------------------------------------------
    def history(self, profile: Profile, scenario_id: str | None = None) -> list[AttemptSummary]:
        """The profile's attempts, newest first (optionally of one scenario)."""
        where, params = " WHERE a.profile_id = ?", [profile.id]
        if scenario_id is not None:
            where += " AND a.scenario_id = ?"
            params.append(scenario_id)
        rows = self.conn.execute(_SUMMARY + where + " ORDER BY a.started_at DESC, a.id DESC", params).fetchall()
        return [_summary(r) for r in rows]

    def attempt(self, attempt_uuid: str) -> AttemptRecord:
        """Everything stored about one attempt: steps (rewound ones too), rewinds, last state."""
        from .attempt_records import AttemptRecord, RewindRecord

        summary, state_json = self._row(attempt_uuid)
        attempt_id = self.conn.execute("SELECT id FROM attempts WHERE uuid = ?", (attempt_uuid,)).fetchone()[0]
        rewinds = [RewindRecord(*r) for r in self.conn.execute(
            "SELECT to_step, at FROM rewinds WHERE attempt_id = ? ORDER BY id", (attempt_id,)).fetchall()]
        try:
            state = json.loads(state_json)
        except ValueError:
            state = {}
        return AttemptRecord(summary, recording.read_steps(self.conn, attempt_id), rewinds,
                             state if isinstance(state, dict) else {})

    def debrief(self, attempt_uuid: str, scenario: Scenario) -> Debrief:
        """The debrief of a past attempt, rebuilt from what was stored (ResumeError if the
        scenario changed too much to rebuild it)."""
        from game.story import PlayState, build_debrief

        summary, state_json = self._row(attempt_uuid)
        try:
            state = PlayState.from_json(scenario, json.loads(state_json))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ResumeError(_('The debrief of this attempt at "{title}" cannot be rebuilt: {problem}.').format(
                title=scenario.title, problem=exc), summary, can_restart=True) from None
        profile = self.require_profile(summary.profile)
        return build_debrief(scenario, state, self.endings_found(profile, scenario.id))

    def state_at(self, attempt_uuid: str, seq: int, scenario: Scenario) -> PlayState:
        """The state just before recorded step ``seq`` of an attempt (on its path or rewound)."""
        record = self.attempt(attempt_uuid)
        try:
            return recording.state_before(scenario, record.steps, seq)
        except LookupError as exc:
            raise ProgressError(str(exc)) from None
        except (ValueError, TypeError, KeyError) as exc:
            raise ResumeError(_('That moment of "{title}" cannot be restored: {problem}.').format(
                title=scenario.title, problem=exc), record.summary, can_restart=True) from None

    def try_again_from(self, attempt_uuid: str, seq: int, scenario: Scenario, *,
                       mode: str = "practice") -> Resumed:
        """"Try again from here": a new attempt (practice unless said) that starts just before
        step ``seq`` of an old one."""
        state = self.state_at(attempt_uuid, seq, scenario)
        summary, _state = self._row(attempt_uuid)
        return self.start_attempt(self.require_profile(summary.profile), scenario, state, origin=(attempt_uuid, seq),
                                  mode=mode)

    def _row(self, attempt_uuid: str) -> tuple[AttemptSummary, str]:
        row = self.conn.execute(_SUMMARY + " WHERE a.uuid = ?", (attempt_uuid,)).fetchone()
        if row is None:
            raise ProgressError(f"there is no attempt {attempt_uuid}")
        return _summary(row), row[18]


# Every public method lets only ProgressError out (see database.guarded).
for _name, _member in list(vars(ProgressStore).items()):
    if not _name.startswith("_") and callable(_member) and not isinstance(_member, (classmethod, staticmethod)):
        setattr(ProgressStore, _name, guarded(_member))
