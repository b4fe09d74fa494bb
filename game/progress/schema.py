"""The progress database layout, and the steps that bring an older layout up to date.

The layout version lives in ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file as
Rapport's. A new database gets the current layout directly; an older one runs each upgrade step
in turn, every step in its own transaction, so a kill halfway leaves the old layout intact.

Layout history
  1  profiles; attempts (with the autosaved PlayState JSON); ``choices``: every step taken, with
     meters before and after and an ``undone`` mark for steps taken back by a rewind.
  2  ``choices`` becomes ``steps``: each step also keeps the flags and visit counts before it and
     the step it followed (``parent_seq``), so "try again from here" can rebuild the state at any
     step, even one later rewound; attempts gain status, revision, updated time, scenario title
     and where a retry came from; rewinds are logged with their time; endings found are kept
     per profile (a rewind past an ending no longer forgets that it was found); profiles gain
     ``last_used_at`` for the title screen's order.
  3  class sessions (facilitator mode): ``class_sessions`` with its ``class_branches`` (each path
     tried), ``class_votes`` and ``class_vote_counts`` (phones and raised hands per choice) and
     ``class_decisions`` (every choice the class took, rewound ones kept and marked undone).
  4  records for the course: attempts gain ``mode`` (practice or assessed) and ``reflection`` (the
     student's answers to the debrief questions, JSON); ``xapi_outbox`` queues xAPI statements
     until a learning record store has them (each statement's id is fixed when it is queued, so
     a statement sent again after a crash is the same statement, never a second one).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Callable

APPLICATION_ID = 0x52415050  # "RAPP"
SCHEMA_VERSION = 4  # changelog: the layouts 1-4 in this module's docstring; add a line there per bump

# Layout 3: class sessions. Kept apart from CURRENT's student tables so the upgrade from
# layout 2 creates exactly what a new file has.
CLASS_TABLES = """
CREATE TABLE class_sessions (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,
    scenario_id       TEXT NOT NULL,
    scenario_version  INTEGER NOT NULL,
    scenario_title    TEXT NOT NULL DEFAULT '',
    started_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    ended_at          TEXT,                  -- NULL until the facilitator ends the session
    ending_id         TEXT,                  -- the ending of the latest path that reached one
    ending_title      TEXT
);
CREATE INDEX class_sessions_by_start ON class_sessions (started_at);
CREATE TABLE class_branches (
    session_id    INTEGER NOT NULL REFERENCES class_sessions(id),
    branch        INTEGER NOT NULL,          -- 1 for the first path; each rewind starts the next
    from_step     INTEGER NOT NULL,          -- history index the path started from ...
    from_decision INTEGER NOT NULL,          -- ... decision N of the path it went back on
    started_at    TEXT NOT NULL,
    ending_id     TEXT,
    ending_title  TEXT,
    outcome       TEXT,
    ended_at      TEXT,
    PRIMARY KEY (session_id, branch)
);
CREATE TABLE class_votes (
    session_id  INTEGER NOT NULL REFERENCES class_sessions(id),
    vote        INTEGER NOT NULL,            -- 1, 2, ... in the order opened
    branch      INTEGER NOT NULL,
    step_index  INTEGER NOT NULL,            -- the decision voted on (history index)
    node_id     TEXT NOT NULL,
    phones      INTEGER NOT NULL CHECK (phones IN (0, 1)),  -- 0: raised hands only
    opened_at   TEXT NOT NULL,
    closed_at   TEXT,
    PRIMARY KEY (session_id, vote)
);
CREATE TABLE class_vote_counts (
    session_id  INTEGER NOT NULL,
    vote        INTEGER NOT NULL,
    position    INTEGER NOT NULL,            -- the choice's place in the vote, from 1
    choice_id   TEXT NOT NULL,
    label       TEXT NOT NULL,
    devices     INTEGER NOT NULL CHECK (devices >= 0),
    hands       INTEGER NOT NULL CHECK (hands >= 0),
    PRIMARY KEY (session_id, vote, position),
    FOREIGN KEY (session_id, vote) REFERENCES class_votes(session_id, vote)
);
CREATE TABLE class_decisions (
    session_id     INTEGER NOT NULL REFERENCES class_sessions(id),
    seq            INTEGER NOT NULL,         -- 1, 2, ... in the order taken, across paths
    branch         INTEGER NOT NULL,
    step_index     INTEGER NOT NULL,
    node_id        TEXT NOT NULL,
    prompt         TEXT NOT NULL DEFAULT '', -- what the client had said
    choice_id      TEXT NOT NULL,
    choice_text    TEXT NOT NULL,
    tag            TEXT NOT NULL DEFAULT '',
    chosen_by      TEXT NOT NULL CHECK (chosen_by IN ('vote', 'override', 'facilitator')),
    vote           INTEGER,                  -- the vote held on it, if any
    meters_before  TEXT NOT NULL,
    meters_after   TEXT NOT NULL,
    made_at        TEXT NOT NULL,
    undone_at      TEXT,                     -- set when a rewind took it back
    PRIMARY KEY (session_id, seq)
);
"""

# Layout 4: the outbox for xAPI statements.
RECORDS_TABLES = """
CREATE TABLE xapi_outbox (
    id            INTEGER PRIMARY KEY,
    statement_id  TEXT NOT NULL UNIQUE,      -- the statement's own id (a UUID), fixed when queued
    profile_id    INTEGER REFERENCES profiles(id),   -- NULL for a class session's statements
    attempt_uuid  TEXT,                      -- the attempt (or class session) it belongs to
    body          TEXT NOT NULL,             -- the statement as JSON
    queued_at     TEXT NOT NULL,
    sent_at       TEXT,                      -- NULL until a learning record store accepted it
    tries         INTEGER NOT NULL DEFAULT 0,
    next_try_at   TEXT,                      -- after a failed send: not before this time
    last_error    TEXT
);
CREATE INDEX xapi_outbox_unsent ON xapi_outbox (sent_at, id);
"""

CURRENT = """
CREATE TABLE profiles (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL UNIQUE,      -- casefolded name: "Ana" and "ana" are one student
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE attempts (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,  -- stable across export and import
    profile_id        INTEGER NOT NULL REFERENCES profiles(id),
    scenario_id       TEXT NOT NULL,
    scenario_version  INTEGER NOT NULL,      -- the version last played against
    scenario_title    TEXT NOT NULL DEFAULT '',
    started_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    ended_at          TEXT,
    status            TEXT NOT NULL CHECK (status IN ('playing', 'ended', 'abandoned', 'set-aside')),
    ending_id         TEXT,
    replay            INTEGER NOT NULL CHECK (replay IN (0, 1)),
    rewinds           INTEGER NOT NULL DEFAULT 0,
    revision          INTEGER NOT NULL DEFAULT 0,  -- autosaves so far; a newer copy wins on import
    origin_uuid       TEXT,                  -- "try again from here": the attempt it came from
    origin_seq        INTEGER,               -- ... and the step in it
    state_json        TEXT NOT NULL,         -- the autosaved PlayState (game.story.PlayState.to_json)
    mode              TEXT NOT NULL DEFAULT 'practice' CHECK (mode IN ('practice', 'assessed')),
    reflection        TEXT                   -- the debrief questions and the student's answers (JSON)
);
CREATE INDEX attempts_by_profile ON attempts (profile_id, status, updated_at);
CREATE TABLE steps (
    id             INTEGER PRIMARY KEY,
    attempt_id     INTEGER NOT NULL REFERENCES attempts(id),
    seq            INTEGER NOT NULL,         -- order recorded within the attempt, from 1
    parent_seq     INTEGER,                  -- the step this one followed; NULL for the first
    step_index     INTEGER NOT NULL,         -- index in the play state's history
    node_id        TEXT NOT NULL,
    choice_id      TEXT,                     -- NULL: reading on past a node without choices
    meters_before  TEXT NOT NULL,
    meters_after   TEXT NOT NULL,
    flags_before   TEXT,                     -- NULL when unknown (recorded under layout 1)
    visits_before  TEXT,
    made_at        TEXT NOT NULL,
    undone_at      TEXT,                     -- set when a rewind took this step back
    UNIQUE (attempt_id, seq)
);
CREATE TABLE rewinds (
    id          INTEGER PRIMARY KEY,
    attempt_id  INTEGER NOT NULL REFERENCES attempts(id),
    to_step     INTEGER NOT NULL,            -- history index the player went back to
    at          TEXT NOT NULL
);
CREATE INDEX rewinds_by_attempt ON rewinds (attempt_id);
CREATE TABLE endings_found (
    profile_id      INTEGER NOT NULL REFERENCES profiles(id),
    scenario_id     TEXT NOT NULL,
    ending_id       TEXT NOT NULL,
    first_found_at  TEXT NOT NULL,
    attempt_uuid    TEXT NOT NULL,           -- the attempt that found it first
    PRIMARY KEY (profile_id, scenario_id, ending_id)
);
""" + CLASS_TABLES + RECORDS_TABLES


def create_current(conn: sqlite3.Connection) -> None:
    """Lay out an empty database at the current version (inside the caller's transaction)."""
    for statement in _statements(CURRENT):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# -- upgrades ---------------------------------------------------------------------------------
def _upgrade_1_to_2(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE profiles ADD COLUMN last_used_at TEXT NOT NULL DEFAULT ''")
    conn.execute("""UPDATE profiles SET last_used_at = max(created_at, coalesce(
                        (SELECT max(started_at) FROM attempts WHERE attempts.profile_id = profiles.id), ''))""")

    # Attempts and steps gain NOT NULL and CHECK columns, which SQLite can only add by rebuilding
    # the table (https://sqlite.org/lang_altertable.html#otheralter); the caller has turned
    # foreign keys off and checks them before committing.
    conn.execute("""CREATE TABLE attempts_v2 (
        id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, profile_id INTEGER NOT NULL REFERENCES profiles(id),
        scenario_id TEXT NOT NULL, scenario_version INTEGER NOT NULL, scenario_title TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL, updated_at TEXT NOT NULL, ended_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('playing', 'ended', 'abandoned', 'set-aside')),
        ending_id TEXT, replay INTEGER NOT NULL CHECK (replay IN (0, 1)), rewinds INTEGER NOT NULL DEFAULT 0,
        revision INTEGER NOT NULL DEFAULT 0, origin_uuid TEXT, origin_seq INTEGER, state_json TEXT NOT NULL)""")
    conn.execute("""INSERT INTO attempts_v2 (id, uuid, profile_id, scenario_id, scenario_version, started_at,
                        updated_at, ended_at, status, ending_id, replay, rewinds, revision, state_json)
                    SELECT a.id, a.uuid, a.profile_id, a.scenario_id, a.scenario_version, a.started_at,
                        max(a.started_at, coalesce(a.ended_at, ''),
                            coalesce((SELECT max(made_at) FROM choices c WHERE c.attempt_id = a.id), '')),
                        a.ended_at, CASE WHEN a.ended_at IS NULL THEN 'playing' ELSE 'ended' END,
                        a.ending_id, CASE WHEN a.replay THEN 1 ELSE 0 END, a.rewinds,
                        (SELECT count(*) FROM choices c WHERE c.attempt_id = a.id), a.state_json
                    FROM attempts a""")

    conn.execute("""CREATE TABLE steps (
        id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id), seq INTEGER NOT NULL,
        parent_seq INTEGER, step_index INTEGER NOT NULL, node_id TEXT NOT NULL, choice_id TEXT,
        meters_before TEXT NOT NULL, meters_after TEXT NOT NULL, flags_before TEXT, visits_before TEXT,
        made_at TEXT NOT NULL, undone_at TEXT, UNIQUE (attempt_id, seq))""")
    # Layout 1 recorded steps in order (by id); a step followed the latest earlier step of the
    # same attempt one index lower. Undone steps get their attempt's last update as undo time,
    # the best that layout 1 knew.
    conn.execute("""INSERT INTO steps (id, attempt_id, seq, step_index, node_id, choice_id, meters_before,
                        meters_after, made_at, undone_at)
                    SELECT c.id, c.attempt_id,
                        (SELECT count(*) FROM choices e WHERE e.attempt_id = c.attempt_id AND e.id <= c.id),
                        c.step_index, c.node_id, c.choice_id, c.meters_before, c.meters_after, c.made_at,
                        CASE WHEN c.undone THEN (SELECT updated_at FROM attempts_v2 a WHERE a.id = c.attempt_id) END
                    FROM choices c""")
    conn.execute("""UPDATE steps SET parent_seq = (
                        SELECT p.seq FROM steps p WHERE p.attempt_id = steps.attempt_id
                            AND p.step_index = steps.step_index - 1 AND p.seq < steps.seq
                        ORDER BY p.seq DESC LIMIT 1)
                    WHERE step_index > 0""")
    _backfill_step_context(conn)

    conn.execute("""CREATE TABLE endings_found (
        profile_id INTEGER NOT NULL REFERENCES profiles(id), scenario_id TEXT NOT NULL, ending_id TEXT NOT NULL,
        first_found_at TEXT NOT NULL, attempt_uuid TEXT NOT NULL, PRIMARY KEY (profile_id, scenario_id, ending_id))""")
    conn.execute("""INSERT OR IGNORE INTO endings_found (profile_id, scenario_id, ending_id, first_found_at, attempt_uuid)
                    SELECT profile_id, scenario_id, ending_id, ended_at, uuid FROM attempts_v2
                    WHERE ending_id IS NOT NULL ORDER BY ended_at, id""")

    conn.execute("DROP TABLE choices")
    conn.execute("DROP TABLE attempts")
    conn.execute("ALTER TABLE attempts_v2 RENAME TO attempts")
    conn.execute("CREATE INDEX attempts_by_profile ON attempts (profile_id, status, updated_at)")
    conn.execute("""CREATE TABLE rewinds (id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id),
                        to_step INTEGER NOT NULL, at TEXT NOT NULL)""")
    conn.execute("CREATE INDEX rewinds_by_attempt ON rewinds (attempt_id)")


def _backfill_step_context(conn: sqlite3.Connection) -> None:
    """Flags and visits before each step still on its attempt's path, from the autosaved state.

    Steps already rewound under layout 1 keep NULL: nothing recorded what they were."""
    rows = conn.execute("SELECT id, state_json FROM attempts_v2").fetchall()
    for attempt_id, state_json in rows:
        try:
            history = json.loads(state_json).get("history", [])
        except (ValueError, AttributeError):
            continue  # a damaged autosave stays as it is; resuming it reports the damage
        if not isinstance(history, list):
            continue
        for index, step in enumerate(history):
            if not isinstance(step, dict):
                continue
            conn.execute(
                "UPDATE steps SET flags_before = ?, visits_before = ? "
                "WHERE attempt_id = ? AND step_index = ? AND undone_at IS NULL",
                (json.dumps(sorted(step.get("flags_before") or [])),
                 json.dumps(step.get("visits_before") or {}, sort_keys=True), attempt_id, index))


def _upgrade_2_to_3(conn: sqlite3.Connection) -> None:
    """Class sessions arrive: new tables only, nothing existing changes."""
    for statement in _statements(CLASS_TABLES):
        conn.execute(statement)


def _upgrade_3_to_4(conn: sqlite3.Connection) -> None:
    """Modes, reflections and the xAPI outbox: every existing attempt was a practice attempt."""
    conn.execute("ALTER TABLE attempts ADD COLUMN mode TEXT NOT NULL DEFAULT 'practice' "
                 "CHECK (mode IN ('practice', 'assessed'))")
    conn.execute("ALTER TABLE attempts ADD COLUMN reflection TEXT")
    for statement in _statements(RECORDS_TABLES):
        conn.execute(statement)


# Each entry takes a database from version N to N + 1.
UPGRADES: dict[int, Callable[[sqlite3.Connection], None]] = {1: _upgrade_1_to_2, 2: _upgrade_2_to_3,
                                                               3: _upgrade_3_to_4}
