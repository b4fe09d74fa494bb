"""Layout 3 (class sessions): a layout-2 file is upgraded in place, keeps every student record,
ends up exactly like a new file, and then stores class sessions."""

import json
import sqlite3

from game.progress import DB_NAME, ENDED, SCHEMA_VERSION, ProgressStore
from game.progress.class_sessions import list_class_sessions, load_class_session, save_class_session
from game.progress.schema import APPLICATION_ID
from game.story import PlayState

from .helpers import TickingClock, scenario
from .test_database import layout

MINI_SC = scenario()

# Layout 2 exactly as it was, written out by hand rather than taken from the code under test.
LAYOUT_2 = f"""
CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL, last_used_at TEXT NOT NULL DEFAULT '');
CREATE TABLE attempts (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,
    profile_id INTEGER NOT NULL REFERENCES profiles(id), scenario_id TEXT NOT NULL,
    scenario_version INTEGER NOT NULL, scenario_title TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('playing', 'ended', 'abandoned', 'set-aside')), ending_id TEXT,
    replay INTEGER NOT NULL CHECK (replay IN (0, 1)), rewinds INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0, origin_uuid TEXT, origin_seq INTEGER, state_json TEXT NOT NULL);
CREATE INDEX attempts_by_profile ON attempts (profile_id, status, updated_at);
CREATE TABLE steps (id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    seq INTEGER NOT NULL, parent_seq INTEGER, step_index INTEGER NOT NULL, node_id TEXT NOT NULL, choice_id TEXT,
    meters_before TEXT NOT NULL, meters_after TEXT NOT NULL, flags_before TEXT, visits_before TEXT,
    made_at TEXT NOT NULL, undone_at TEXT, UNIQUE (attempt_id, seq));
CREATE TABLE rewinds (id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    to_step INTEGER NOT NULL, at TEXT NOT NULL);
CREATE INDEX rewinds_by_attempt ON rewinds (attempt_id);
CREATE TABLE endings_found (profile_id INTEGER NOT NULL REFERENCES profiles(id), scenario_id TEXT NOT NULL,
    ending_id TEXT NOT NULL, first_found_at TEXT NOT NULL, attempt_uuid TEXT NOT NULL,
    PRIMARY KEY (profile_id, scenario_id, ending_id));
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = 2;
"""


def build_layout_2(path):
    """A layout-2 file with one finished attempt by Ana."""
    state = PlayState.start(MINI_SC)
    state.choose("apologise")
    state.advance()
    state.advance()
    conn = sqlite3.connect(path)
    conn.executescript(LAYOUT_2)
    conn.execute("INSERT INTO profiles VALUES (1, 'Ana', 'ana', '2025-01-01T09:00:00.000Z', '2025-01-01T09:05:00.000Z')")
    conn.execute("INSERT INTO attempts VALUES (1, 'uuid-a', 1, 'mini', 1, 'The Waiting Room', '2025-01-01T09:01:00.000Z', "
                 "'2025-01-01T09:05:00.000Z', '2025-01-01T09:05:00.000Z', 'ended', 'opened-up', 0, 0, 3, NULL, NULL, ?)",
                 (json.dumps(state.to_json()),))
    for seq, step in enumerate(state.history, start=1):
        conn.execute("INSERT INTO steps (attempt_id, seq, parent_seq, step_index, node_id, choice_id, meters_before, "
                     "meters_after, flags_before, visits_before, made_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (seq, seq - 1 or None, step.index, step.node_id, step.choice_id, json.dumps(dict(step.before)),
                      json.dumps(dict(step.after)), json.dumps(sorted(step.flags_before)),
                      json.dumps(dict(step.visits_before)), f"2025-01-01T09:0{seq + 1}:00.000Z"))
    conn.execute("INSERT INTO endings_found VALUES (1, 'mini', 'opened-up', '2025-01-01T09:05:00.000Z', 'uuid-a')")
    conn.commit()
    conn.close()


def test_a_layout_2_file_gains_the_class_tables_and_loses_nothing(tmp_path):
    build_layout_2(tmp_path / DB_NAME)
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        assert f"upgraded from layout 2 to {SCHEMA_VERSION}" in store.notices[0]
        assert (tmp_path / f"{DB_NAME}.layout-2-backup").exists()
        with ProgressStore.open(tmp_path / "fresh") as fresh:
            assert layout(store.conn) == layout(fresh.conn)
        ana = store.profile("Ana")
        [done] = store.history(ana)
        assert (done.status, done.ending_id, done.decisions) == (ENDED, "opened-up", 1)
        assert [s.choice_id for s in store.attempt("uuid-a").steps] == ["apologise", None, None]
        assert store.endings_found(ana, "mini") == {"opened-up"}
        assert list_class_sessions(store) == []

        record = {"uuid": "class-1", "scenario": {"id": "mini", "version": 1, "title": "The Waiting Room"},
                  "started_at": "2025-02-01T10:00:00.000Z", "updated_at": "2025-02-01T10:01:00.000Z",
                  "ended_at": None, "ending": None, "branches": [
                      {"number": 1, "from_step": 0, "from_decision": 1, "started_at": "2025-02-01T10:00:00.000Z", "ending": None,
                       "ending_title": None, "outcome": None, "ended_at": None}],
                  "decisions": [], "votes": []}
        number = save_class_session(store, record)
        assert load_class_session(store, number)["branches"][0]["from_step"] == 0
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
