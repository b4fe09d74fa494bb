"""A progress file that says it has the current layout but does not (a table or a column dropped,
a BLOB or a number where text belongs, a layout that cannot be upgraded) is damaged: `profiles`,
`export`, `play --profile` and the window keep it aside whole, start a fresh one and say so in a
sentence. Never a traceback, never the user's file deleted or written over."""

import hashlib
import io
import sqlite3

import pytest

from game.cli import main
from game.progress import DB_NAME, ProgressStore
from game.progress.database import layout_problem
from game.progress.schema import create_current

from .test_transfer import played


def layout():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    create_current(conn)
    tables = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
              for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    return tables


TABLES = layout()
DAMAGE = (
    [(f"drop table {t}", [f"DROP TABLE {t}"]) for t in TABLES]
    + [(f"drop column {t}.{c}", [f"CREATE TABLE x AS SELECT {', '.join(o for o in TABLES[t] if o != c)} FROM {t}",
                                 f"DROP TABLE {t}", f"ALTER TABLE x RENAME TO {t}"])
       for t in TABLES for c in TABLES[t]]
    + [(f"blob in {t}.{c}", [f"UPDATE {t} SET {c} = x'00ff' WHERE rowid = (SELECT min(rowid) FROM {t})"])
       for t in ("profiles", "attempts", "steps", "endings_found") for c in TABLES[t] if c != "id" and not c.endswith("_id")]
    + [("text in attempts.revision", ["UPDATE attempts SET revision = 'many'"]),
       ("a real in steps.step_index", ["UPDATE steps SET step_index = 1.5"]),
       ("a view in place of a table", ["ALTER TABLE profiles RENAME TO p", "CREATE VIEW profiles AS SELECT * FROM p"]),
       ("unique rule lost", ["CREATE TABLE p AS SELECT * FROM profiles", "DROP TABLE profiles",
                             "ALTER TABLE p RENAME TO profiles"])]
)
COMMANDS = (["profiles"], ["profiles", "--json"], ["export", "--profile", "Ana", "--out", "-"],
            ["play", "--text", "mini", "--profile", "Ana"])


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("healthy")
    played(folder)
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return (folder / DB_NAME).read_bytes()


def damaged(folder, healthy, statements):
    path = folder / DB_NAME
    path.write_bytes(healthy)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = delete")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("n, label", list(enumerate(d[0] for d in DAMAGE)))
def test_a_damaged_layout_is_kept_aside_and_a_fresh_file_started(capsys, monkeypatch, tmp_path, healthy, n, label):
    original = damaged(tmp_path, healthy, DAMAGE[n][1])
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    monkeypatch.setenv("RAPPORT_SCENES", str(tmp_path / "scenes"))
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "mini.yaml").write_text(__import__("tests.story.helpers", fromlist=["MINI"]).MINI)
    argv = COMMANDS[n % len(COMMANDS)]  # every command meets every kind of damage across the run
    code = main(["--data-dir", str(tmp_path), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "The progress file could not be read (" in err and "a new, empty one was started" in err, err
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(DB_NAME + ".damaged-") and p.suffix != ".part"
            and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and hashlib.sha256(kept[0].read_bytes()).digest() == hashlib.sha256(original).digest()
    assert code in (0, 2)  # export: the new file has no profile "Ana" (exit 2, said in a line)
    with ProgressStore.open(tmp_path) as store:
        assert store.notices == [] and layout_problem(store.conn) is None


def test_a_file_from_a_newer_rapport_is_left_alone_and_said_so(capsys, tmp_path, healthy):
    original = damaged(tmp_path, healthy, ["PRAGMA user_version = 99"])
    for argv in COMMANDS[:3]:
        code = main(["--data-dir", str(tmp_path), *argv])
        _, err = capsys.readouterr()
        assert code == 2 and err.count("\n") == 1 and "written by a newer version of Rapport (layout 99)" in err
    assert (tmp_path / DB_NAME).read_bytes() == original  # not upgraded, not moved, not written
    store = ProgressStore.open_or_temporary(tmp_path)  # the window: plays on, in memory, and says so
    assert store.temporary and "newer version of Rapport" in store.notices[0]
    store.close()


def test_an_old_layout_that_cannot_be_upgraded_is_kept_aside(tmp_path, healthy):
    original = damaged(tmp_path, healthy, ["PRAGMA user_version = 1"])  # layout 1 had a "choices" table
    with ProgressStore.open(tmp_path) as store:
        assert "could not be upgraded" in store.notices[0] and "a new, empty one was started" in store.notices[0]
    kept = next(tmp_path.glob(DB_NAME + ".damaged-*[0-9]"))
    assert kept.read_bytes() == original
