"""The progress file itself: where it lives, WAL and transactions, damaged files set aside,
a file from a newer Rapport left alone, and the upgrade from layout 1."""

import json
import re
import sqlite3

import platformdirs
import pytest

from game.progress import DB_NAME, ENDED, PLAYING, SCHEMA_VERSION, ProgressError, ProgressStore, data_dir
from game.progress import schema as schema_module
from game.progress.schema import APPLICATION_ID
from game.story import PlayState

from .helpers import TickingClock, scenario

MINI_SC = scenario()


def fill(folder, attempts=1):
    with ProgressStore.open(folder) as store:
        ana = store.get_or_create_profile("Ana")
        for _ in range(attempts):
            run = store.start_attempt(ana, MINI_SC)
            run.state.choose("apologise")
            run.attempt.save(run.state)
    return folder / DB_NAME


# -- where it lives ---------------------------------------------------------------------------
def test_the_folder_comes_from_the_option_then_the_environment_then_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("RAPPORT_DATA_DIR", raising=False)
    assert data_dir() == data_dir(None) == __import__("pathlib").Path(platformdirs.user_data_dir("rapport", appauthor=False))
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(tmp_path / "lab"))
    assert data_dir() == tmp_path / "lab"
    assert data_dir(tmp_path / "mine") == tmp_path / "mine"
    with ProgressStore.open() as store:
        assert store.path == tmp_path / "lab" / DB_NAME and store.path.exists()


def test_a_folder_that_cannot_be_made_is_one_plain_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ProgressError, match="cannot create the progress folder"):
        ProgressStore.open(blocker / "sub")


# -- WAL and transactions ---------------------------------------------------------------------
def test_wal_and_full_sync_are_on(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_network_drive_journal_can_be_chosen(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORT_JOURNAL", "delete")
    with ProgressStore.open(tmp_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    monkeypatch.setenv("RAPPORT_JOURNAL", "fast")
    with pytest.raises(ProgressError, match='must be "wal" or "delete"'):
        ProgressStore.open(tmp_path)


def test_a_failed_save_leaves_no_half_written_step(tmp_path):
    with ProgressStore.open(tmp_path) as store:
        ana = store.get_or_create_profile("Ana")
        run = store.start_attempt(ana, MINI_SC)
        run.state.choose("apologise")
        # Sabotage the last statement of the save: the steps it wrote first must vanish too.
        store.conn.execute("CREATE TRIGGER no_profiles BEFORE UPDATE ON profiles BEGIN SELECT RAISE(FAIL, 'boom'); END")
        with pytest.raises(ProgressError, match=r"progress could not be saved \(boom\)"):
            run.attempt.save(run.state)
        assert store.conn.execute("SELECT count(*) FROM steps").fetchone()[0] == 0
        assert store.attempt(run.attempt.uuid).summary.revision == 1
        store.conn.execute("DROP TRIGGER no_profiles")
        run.attempt.save(run.state)  # the next save makes good what the failed one missed
        assert [s.choice_id for s in store.attempt(run.attempt.uuid).steps] == ["apologise"]


# -- damaged and foreign files ----------------------------------------------------------------
def kept_files(folder):
    return sorted(p for p in folder.iterdir() if ".damaged-" in p.name)


def test_a_file_that_is_not_a_database_is_kept_aside_and_a_fresh_one_started(tmp_path):
    junk = b"this is not a database, it is a shopping list\n" * 200
    (tmp_path / DB_NAME).write_bytes(junk)
    (tmp_path / (DB_NAME + "-wal")).write_bytes(b"stray wal")
    with ProgressStore.open(tmp_path) as store:
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert "could not be read (file is not a database)" in notice and "a new, empty one was started" in notice
        kept = kept_files(tmp_path)[0]
        assert str(kept) in notice and kept.read_bytes() == junk
        assert (tmp_path / (kept.name + "-wal")).read_bytes() == b"stray wal"  # its companion kept with it
        assert store.profiles() == [] and store.get_or_create_profile("Ana").name == "Ana"


def test_a_database_with_damaged_pages_is_kept_aside(tmp_path):
    path = fill(tmp_path, attempts=40)
    data = bytearray(path.read_bytes())
    assert len(data) > 6 * 4096 and not (tmp_path / (DB_NAME + "-wal")).exists()
    data[2 * 4096:5 * 4096] = b"\xa5" * (3 * 4096)
    path.write_bytes(bytes(data))
    with ProgressStore.open(tmp_path) as store:
        assert "could not be read" in store.notices[0]
        assert kept_files(tmp_path)[0].read_bytes() == bytes(data)
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.profiles() == []


def test_another_programs_database_is_kept_aside(tmp_path):
    other = sqlite3.connect(tmp_path / DB_NAME)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    with ProgressStore.open(tmp_path) as store:
        assert "not a Rapport progress file" in store.notices[0]
    kept = sqlite3.connect(kept_files(tmp_path)[0])
    assert kept.execute("SELECT name FROM sqlite_master").fetchall() == [("recipes",)]
    kept.close()


def test_a_file_from_a_newer_rapport_is_left_untouched(tmp_path):
    path = fill(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProgressError, match=r"written by a newer version of Rapport \(layout 99\)"):
        ProgressStore.open(tmp_path)
    assert path.read_bytes() == before and kept_files(tmp_path) == []

    with ProgressStore.open_or_temporary(tmp_path) as store:  # what the window does: play on
        assert store.temporary and "Progress cannot be kept this time" in store.notices[0]
        run = store.start_attempt(store.get_or_create_profile("Ana"), MINI_SC)
        run.state.choose("apologise")
        run.attempt.save(run.state)
        assert store.continuable(store.profile("Ana")).decisions == 1
    assert path.read_bytes() == before


# -- upgrading from layout 1 ------------------------------------------------------------------
# Layout 1 exactly as it was, written out by hand rather than taken from the code under test.
LAYOUT_1 = f"""
CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL);
CREATE TABLE attempts (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,
    profile_id INTEGER NOT NULL REFERENCES profiles(id), scenario_id TEXT NOT NULL,
    scenario_version INTEGER NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, ending_id TEXT,
    replay INTEGER NOT NULL, rewinds INTEGER NOT NULL DEFAULT 0, state_json TEXT NOT NULL);
CREATE TABLE choices (id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id),
    step_index INTEGER NOT NULL, node_id TEXT NOT NULL, choice_id TEXT, meters_before TEXT NOT NULL,
    meters_after TEXT NOT NULL, made_at TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0);
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = 1;
"""


def build_layout_1(path):
    """A layout-1 file as that version of Rapport left it: Ana finished one attempt (after
    taking back a first choice) and is halfway through a replay."""
    finished = PlayState.start(MINI_SC)
    finished.choose("straight-to-forms")
    finished.rewind(0)
    finished.choose("apologise")
    finished.advance()
    finished.advance()
    halfway = PlayState.start(MINI_SC)
    halfway.choose("apologise")
    conn = sqlite3.connect(path)
    conn.executescript(LAYOUT_1)
    conn.execute("INSERT INTO profiles VALUES (1, 'Ana', 'ana', '2024-01-01T09:00:00.000Z')")
    conn.execute("INSERT INTO attempts VALUES (1, 'uuid-finished', 1, 'mini', 1, '2024-01-01T09:01:00.000Z', "
                 "'2024-01-01T09:05:00.000Z', 'opened-up', 0, 1, ?)", (json.dumps(finished.to_json()),))
    conn.execute("INSERT INTO attempts VALUES (2, 'uuid-halfway', 1, 'mini', 1, '2024-01-02T09:00:00.000Z', "
                 "NULL, NULL, 1, 0, ?)", (json.dumps(halfway.to_json()),))
    rows = [
        (1, 0, "arrival", "straight-to-forms", {"trust": 40, "openness": 30}, {"trust": 30, "openness": 30}, "09:02", 1),
        (1, 0, "arrival", "apologise", {"trust": 40, "openness": 30}, {"trust": 55, "openness": 35}, "09:03", 0),
        (1, 1, "letter", None, {"trust": 55, "openness": 35}, {"trust": 55, "openness": 35}, "09:04", 0),
        (1, 2, "worry", None, {"trust": 55, "openness": 35}, {"trust": 55, "openness": 35}, "09:05", 0),
        (2, 0, "arrival", "apologise", {"trust": 40, "openness": 30}, {"trust": 55, "openness": 35}, "09:10", 0),
    ]
    for attempt, index, node, choice, before, after, time, undone in rows:
        day = "01" if attempt == 1 else "02"
        conn.execute("INSERT INTO choices (attempt_id, step_index, node_id, choice_id, meters_before, meters_after, "
                     "made_at, undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (attempt, index, node, choice, json.dumps(before), json.dumps(after),
                      f"2024-01-{day}T{time}:00.000Z", undone))
    conn.commit()
    conn.close()
    return halfway


def layout(conn):
    """Every table and index as SQLite describes it, comments and spacing aside."""
    out = {}
    for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"):
        text = re.sub(r"--[^\n]*", "", sql)
        out[(kind, name)] = re.sub(r"\s+", "", text).replace('"', "").lower()
    return out


def test_a_layout_1_file_is_upgraded_with_nothing_lost(tmp_path):
    path = tmp_path / DB_NAME
    halfway = build_layout_1(path)
    with ProgressStore.open(tmp_path, clock=TickingClock()) as store:
        assert f"upgraded from layout 1 to {SCHEMA_VERSION}" in store.notices[0]
        backup = tmp_path / f"{DB_NAME}.layout-1-backup"
        assert str(backup) in store.notices[0]
        old = sqlite3.connect(backup)
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT count(*) FROM choices").fetchone()[0] == 5
        old.close()
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

        with ProgressStore.open(tmp_path / "fresh") as fresh:
            assert layout(store.conn) == layout(fresh.conn)  # the same layout as a new file

        ana = store.profile("Ana")
        assert ana.last_used_at == "2024-01-02T09:00:00.000Z"
        done, replay = store.history(ana)[::-1]
        assert (done.status, done.ending_id, done.rewinds, done.decisions, done.replay) == (ENDED, "opened-up", 1, 1, False)
        assert (replay.status, replay.replay, replay.number, replay.updated_at) == (PLAYING, True, 2, "2024-01-02T09:10:00.000Z")
        assert store.endings_found(ana, "mini") == {"opened-up"}

        steps = store.attempt("uuid-finished").steps
        assert [(s.seq, s.parent_seq, s.choice_id, s.active) for s in steps] == [
            (1, None, "straight-to-forms", False), (2, None, "apologise", True), (3, 2, None, True), (4, 3, None, True)]
        assert steps[0].flags_before is None  # layout 1 never knew it
        assert steps[2].flags_before == ["apologised"] and steps[2].visits_before == {"arrival": 1, "letter": 1}

        # The upgraded file plays on: resume, save, rebuild a debrief, try again from a step.
        resumed = store.resume(ana, {"mini": MINI_SC})
        assert resumed.state.to_json() == halfway.to_json()
        resumed.state.advance()
        resumed.attempt.save(resumed.state)
        assert [(s.seq, s.parent_seq) for s in store.attempt("uuid-halfway").steps] == [(1, None), (2, 1)]
        assert store.debrief("uuid-finished", MINI_SC).ending.id == "opened-up"
        again = store.try_again_from("uuid-finished", 3, MINI_SC)
        assert again.state.node_id == "letter" and again.state.flags == frozenset({"apologised"})
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_upgrade_that_fails_leaves_layout_1_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / DB_NAME
    build_layout_1(path)

    def half_then_fail(conn):
        conn.execute("ALTER TABLE profiles ADD COLUMN last_used_at TEXT NOT NULL DEFAULT ''")
        conn.execute("DROP TABLE choices")
        raise ProgressError("the upgrade broke down")

    monkeypatch.setitem(schema_module.UPGRADES, 1, half_then_fail)
    with pytest.raises(ProgressError, match="broke down"):
        ProgressStore.open(tmp_path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM choices").fetchone()[0] == 5
    assert [c[1] for c in conn.execute("PRAGMA table_info(profiles)")] == ["id", "name", "name_key", "created_at"]
    conn.close()
    monkeypatch.undo()
    with ProgressStore.open(tmp_path) as store:  # and a working upgrade still goes through
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
