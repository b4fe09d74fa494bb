"""Opening the progress database safely: damaged files set aside, old layouts upgraded,
every write one short transaction.

Why these settings: WAL lets a second window read while the first writes and survives a kill
at any instruction; ``synchronous=FULL`` makes each commit reach the disk before it returns, so
a power cut keeps every autosave that finished; ``BEGIN IMMEDIATE`` takes the write lock up
front so two processes queue on the busy timeout instead of failing halfway through.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .location import move_aside
from .schema import APPLICATION_ID, SCHEMA_VERSION, UPGRADES, create_current

BUSY_TIMEOUT_S = 15.0
DAMAGE_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


class ProgressError(Exception):
    """A problem with the progress file, in one plain sentence for the player."""


class _Damaged(Exception):
    """The file is not a healthy Rapport database; the message says why."""


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; every write goes through `write()`.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorname", "") in DAMAGE_CODES


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it reaches the file, or none of it."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise ProgressError(_plain(exc)) from exc
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise ProgressError(_plain(exc)) from exc


def _plain(exc: sqlite3.Error, action: str = "saved") -> str:
    name = getattr(exc, "sqlite_errorname", "")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return (f"progress could not be {action}: another Rapport window kept the progress file busy; "
                f"it will be saved with your next step")
    if name == "SQLITE_FULL":
        return f"progress could not be {action}: the disk is full"
    if name in DAMAGE_CODES:
        return (f"progress could not be {action}: the progress file has been damaged ({exc}); restart Rapport "
                f"to keep the damaged file aside and start a new one")
    if name in ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR") or name.startswith("SQLITE_IOERR"):
        return f"progress could not be {action}: the progress file cannot be used ({exc})"
    return f"progress could not be {action} ({exc})"


def guarded(method: Callable) -> Callable:
    """Let only ProgressError out of a store method: the window catches one kind of error,
    shows its message, and play goes on."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise ProgressError(_plain(exc, "read" if method.__name__ in READ_ONLY else "saved")) from exc

    return wrapper


READ_ONLY = {"profiles", "profile", "require_profile", "continuable", "endings_found", "gallery", "history",
             "attempt", "debrief", "state_at", "export_profile", "found"}


def open_database(path: Path, journal: str = "wal", *, read_only_ok: bool = False) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating, upgrading or replacing as needed) the database at ``path``.

    Returns the connection and notices for the player. A damaged or foreign file is renamed
    beside the new one, never deleted. Raises ProgressError when the file cannot be used at
    all (made by a newer Rapport, a folder without write permission...).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProgressError(f"cannot create the progress folder {path.parent}: {exc.strerror or exc}") from exc
    notices: list[str] = []
    try:
        conn = _open_checked(path, journal, notices)
        if not read_only_ok:
            _check_writable(conn, path)
        return conn, notices
    except _Damaged as damage:
        try:
            kept = move_aside(path)
        except FileNotFoundError:
            kept = None  # another Rapport process moved it aside a moment ago
        except OSError as exc:
            raise ProgressError(f"the progress file {path} is damaged ({damage}) and could not be moved aside "
                                f"({exc.strerror or exc}); close other Rapport windows and try again") from exc
        if kept is not None:
            notices.append(f"The progress file could not be read ({damage}). It was kept as {kept} "
                           f"and a new, empty one was started.")
    conn = _open_checked(path, journal, notices)
    if not read_only_ok:
        _check_writable(conn, path)
    return conn, notices


def _check_writable(conn: sqlite3.Connection, path: Path) -> None:
    """Raise ProgressError when the file opened can be read but not written (a read-only folder,
    disk or file): said once, at the start, instead of at every autosave."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # A change that is never committed: only an actual write finds out (the lock alone
            # is granted on a read-only disk).
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            return  # another window is saving: it is writable
        conn.close()
        if name.startswith("SQLITE_READONLY"):
            raise ProgressError(f"the progress file {path} can be read but not written (the folder, the disk "
                                f"or the file is read-only)") from exc
        raise ProgressError(f"the progress file {path} cannot be written ({exc})") from exc


def _inspect(path: Path) -> None:
    """Raise _Damaged if the existing file at ``path`` is not a healthy Rapport database.

    The look is read-only on purpose: a read-write connection to a damaged file would, on
    closing, fold its -wal companion into it and delete it, and the kept copy must be whole."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                               isolation_level=None)
    except sqlite3.Error:
        return  # cannot even look; the real open below says why
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise _Damaged(f"it failed the integrity check: {problems[0]}")
        app_id, version, tables = _ids(conn)
        if app_id != APPLICATION_ID and not (app_id == 0 and tables == 0):
            raise _Damaged("it is not a Rapport progress file")
        if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
            # Said before any read-write connection: even setting the journal mode writes the file.
            raise _newer(path, version)
        if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
            problem = layout_problem(conn)
            if problem:
                raise _Damaged(problem)
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            raise _Damaged(str(exc)) from exc
        # Busy or locked is not damage: another window is writing. The real open waits for it.
    finally:
        conn.close()


def _open_checked(path: Path, journal: str, notices: list[str]) -> sqlite3.Connection:
    _inspect(path)
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise ProgressError(f"cannot open the progress file {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _lay_out(conn, path, notices)
        # After the layout is known to be good: setting the journal mode writes to the file, and a
        # file found damaged on the way must be kept exactly as it was.
        _set_journal(conn, journal)
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_damage(exc):
            raise _Damaged(str(exc)) from exc
        raise ProgressError(f"cannot open the progress file {path}: {exc}") from exc
    except BaseException:
        conn.close()
        raise


def _set_journal(conn: sqlite3.Connection, journal: str) -> None:
    # Changing the journal mode needs the file to itself; when another window has it open the
    # mode it already has is kept (every Rapport process asks for the same one anyway).
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute(f"PRAGMA journal_mode = {journal}").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorname", "") not in ("SQLITE_BUSY", "SQLITE_LOCKED") or time.monotonic() > deadline:
                return
            time.sleep(0.05)


def _ids(conn: sqlite3.Connection) -> tuple[int, int, int]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return app_id, version, tables


def _lay_out(conn: sqlite3.Connection, path: Path, notices: list[str]) -> None:
    app_id, version, tables = _ids(conn)
    if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
        return
    if app_id == 0 and tables == 0:
        with write(conn):
            # Another process may have laid it out while we waited for the lock.
            app_id, version, tables = _ids(conn)
            if app_id == 0 and tables == 0:
                create_current(conn)
                return
    if app_id != APPLICATION_ID:
        raise _Damaged("it is not a Rapport progress file")
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    if version < 1:
        raise _Damaged(f"it has no valid layout version ({version})")
    _upgrade(conn, path, version, notices)


# -- is the layout what this version of Rapport reads? -----------------------------------------
# A file can say it has the current layout and still not have it: a table or a column dropped by
# hand or by a tool, a BLOB or a number where text belongs (SQLite stores any value in any
# column). The game would then fail on some later screen; such a file is treated as damaged when
# it is opened instead: kept aside whole, and a fresh one started, with a notice.
_Shape = tuple[dict[str, tuple[str, int, int]], set[tuple[str, ...]], dict[str, object]]
_EXPECTED: dict[str, _Shape] = {}

# Every table's columns, and every column of its unique indexes, in one query each (a query per
# table and per column cost a few milliseconds before the title screen's first frame).
_COLUMNS = """SELECT m.name, c.name, c.type, c."notnull", c.dflt_value, c.pk
              FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table'"""
_UNIQUE = """SELECT m.name, i.name, k.name FROM sqlite_master m JOIN pragma_index_list(m.name) i
             JOIN pragma_index_info(i.name) k WHERE m.type = 'table' AND i."unique" ORDER BY m.name, i.name, k.seqno"""


def _shapes(conn: sqlite3.Connection) -> dict[str, _Shape]:
    """Each table's columns (declared type, not null, primary key), the column lists of its
    unique indexes, and each column's default."""
    shapes: dict[str, _Shape] = {}
    for table, name, kind, notnull, default, pk in conn.execute(_COLUMNS).fetchall():
        columns, _unique, defaults = shapes.setdefault(table, ({}, set(), {}))
        columns[name] = (kind.upper(), notnull, pk)
        defaults[name] = default
    indexes: dict[tuple[str, str], list] = {}
    for table, index, column in conn.execute(_UNIQUE).fetchall():
        indexes.setdefault((table, index), []).append(column)
    for (table, _index), columns in indexes.items():
        if table in shapes:
            shapes[table][1].add(tuple(columns))
    return shapes


def _expected_layout() -> dict[str, _Shape]:
    if not _EXPECTED:
        model = sqlite3.connect(":memory:", isolation_level=None)
        try:
            create_current(model)
            _EXPECTED.update(_shapes(model))
        finally:
            model.close()
    return _EXPECTED


def layout_problem(conn: sqlite3.Connection) -> str | None:
    """What is missing or of the wrong kind in a database of the current layout, in a few words;
    None when every table, column, unique index and stored value is what the game reads."""
    try:
        return _layout_problem(conn)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            return None  # another window is writing; not damage
        if _is_damage(exc):
            raise
        return f"its layout could not be read ({exc})"


def _layout_problem(conn: sqlite3.Connection) -> str | None:
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    shapes = _shapes(conn)
    for table, (columns, unique, _defaults) in _expected_layout().items():
        if table not in present:
            return f'its table "{table}" is missing'
        found, found_unique, defaults = shapes.get(table, ({}, set(), {}))
        for name, (kind, notnull, pk) in columns.items():
            if name not in found:
                return f'the column "{table}.{name}" is missing'
            if found[name] != (kind, notnull, pk):
                return f'the column "{table}.{name}" has been changed'
        for name, (_, notnull, _) in found.items():
            if name not in columns and notnull and defaults[name] is None:
                return f'it has an unknown required column "{table}.{name}"'
        if not unique <= found_unique:
            return f'the table "{table}" has lost a rule that keeps its entries unique'
        # One pass over each table: how many values of each column are of a type it must not hold.
        allowed = {name: ("'integer'" if kind == "INTEGER" else "'text'") + ("" if notnull or pk else ", 'null'")
                   for name, (kind, notnull, pk) in columns.items()}
        names = list(allowed)
        counts = conn.execute("SELECT " + ", ".join(f'count(*) FILTER (WHERE typeof("{n}") NOT IN ({allowed[n]}))'
                                                    for n in names) + f' FROM "{table}"').fetchone()
        for name, count in zip(names, counts):
            if count:
                wanted = "whole numbers" if columns[name][0] == "INTEGER" else "text"
                return f'{count} value(s) in "{table}.{name}" are not {wanted}'
    return None


def _newer(path: Path, version: int) -> ProgressError:
    return ProgressError(f"the progress file {path} was written by a newer version of Rapport (layout {version}); "
                         f"update Rapport to use it (it has not been changed)")


def _upgrade(conn: sqlite3.Connection, path: Path, version: int, notices: list[str]) -> None:
    backup = path.with_name(f"{path.name}.layout-{version}-backup")
    if not backup.exists():
        # A consistent copy of the old layout, kept in case an upgrade ever misjudges something.
        with sqlite3.connect(backup) as copy:
            conn.backup(copy)
        copy.close()
    start = version
    while True:
        conn.execute("PRAGMA foreign_keys = OFF")  # table rebuilds; checked before each commit
        try:
            with write(conn):
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                try:
                    UPGRADES[version](conn)
                except sqlite3.DatabaseError as exc:
                    if getattr(exc, "sqlite_errorname", "") in ("SQLITE_ERROR", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH"):
                        # The old layout is not what it says (a table or column gone): the
                        # transaction is rolled back, so the file is kept as it was.
                        raise _Damaged(f"its layout {version} could not be upgraded ({exc})") from exc
                    raise
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise ProgressError(f"upgrading the progress file from layout {version} failed: "
                                        f"{len(broken)} rows lost their link; the file was left as it was")
                conn.execute(f"PRAGMA user_version = {version + 1}")
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
    problem = layout_problem(conn)
    if problem:
        raise _Damaged(f"after the upgrade from layout {start}, {problem}")
    notices.append(f"The progress file was upgraded from layout {start} to {SCHEMA_VERSION}; "
                   f"a copy of the old one was kept as {backup}.")
