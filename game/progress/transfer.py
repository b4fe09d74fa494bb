"""Export one profile's progress as JSON, and import it on another computer without duplicates.

Attempts keep their UUIDs, so importing the same file twice adds nothing the second time. An
attempt already here is replaced only by a copy that continued it (a higher revision that still
contains every step recorded here); one played further on both computers is kept as it is here
and reported, never merged into something that did not happen.
"""

from __future__ import annotations

import json
from typing import Any

from .database import ProgressError, guarded, write
from .records import STATUSES, ImportReport
from .recording import dumps
from .store import ProgressStore, clean_name

EXPORT_FORMAT = "rapport-progress"
# Changelog of `rapport export` files:
#   1  the first: one profile, its attempts (state, steps, rewound ones too, rewind log) and endings found.
EXPORT_VERSION = 1

_ATTEMPT_COLUMNS = ("uuid", "scenario_id", "scenario_version", "scenario_title", "started_at", "updated_at",
                    "ended_at", "status", "ending_id", "replay", "rewinds", "revision", "origin_uuid", "origin_seq")
_STEP_COLUMNS = ("seq", "parent_seq", "step_index", "node_id", "choice_id", "meters_before", "meters_after",
                 "flags_before", "visits_before", "made_at", "undone_at")
_JSON_STEP_FIELDS = {"meters_before", "meters_after", "flags_before", "visits_before"}


class TransferError(ProgressError):
    """An export file that cannot be imported; the message names the place and what was expected."""


@guarded
def export_profile(store: ProgressStore, name: str, *, now: str | None = None) -> dict[str, Any]:
    """Everything stored for profile ``name``, as a JSON-ready dict."""
    from game import __version__

    profile = store.require_profile(name)
    conn = store.conn
    attempts = []
    for row in conn.execute(f"SELECT id, {', '.join(_ATTEMPT_COLUMNS)}, state_json FROM attempts "
                            "WHERE profile_id = ? ORDER BY started_at, id", (profile.id,)).fetchall():
        attempt = dict(zip(_ATTEMPT_COLUMNS, row[1:-1]))
        attempt["replay"] = bool(attempt["replay"])
        attempt["state"] = _json_or_text(row[-1])
        attempt["steps"] = [
            {k: (_json_or_text(v) if k in _JSON_STEP_FIELDS and v is not None else v) for k, v in zip(_STEP_COLUMNS, s)}
            for s in conn.execute(f"SELECT {', '.join(_STEP_COLUMNS)} FROM steps WHERE attempt_id = ? ORDER BY seq",
                                  (row[0],)).fetchall()]
        attempt["rewind_log"] = [{"to_step": t, "at": at} for t, at in conn.execute(
            "SELECT to_step, at FROM rewinds WHERE attempt_id = ? ORDER BY id", (row[0],)).fetchall()]
        attempts.append(attempt)
    endings = [{"scenario_id": s, "ending_id": e, "first_found_at": at, "attempt_uuid": u}
               for s, e, at, u in conn.execute("SELECT scenario_id, ending_id, first_found_at, attempt_uuid FROM endings_found "
                                                "WHERE profile_id = ? ORDER BY first_found_at", (profile.id,)).fetchall()]
    return {
        "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "rapport": __version__,
        "exported_at": now or store.clock(),
        "profile": {"name": profile.name, "created_at": profile.created_at},
        "attempts": attempts, "endings_found": endings,
    }


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # a damaged value travels as it is, so nothing is lost on the way


# -- reading an export -------------------------------------------------------------------------
def parse_export(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TransferError(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    check_export(data, source)
    return data


def check_export(data: Any, source: str) -> None:
    """Raise TransferError naming the first place where ``data`` is not a Rapport export."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise TransferError(f'{source}: not a Rapport progress export (expected "format": "{EXPORT_FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TransferError(f'{source}: "version" should be a whole number')
    if version > EXPORT_VERSION:
        raise TransferError(f"{source}: made by a newer Rapport (export version {version}); update Rapport to import it")
    profile = data.get("profile")
    _need(isinstance(profile, dict) and isinstance(profile.get("name"), str), source, '"profile"', 'an object with a "name"')
    _need(isinstance(data.get("attempts"), list), source, '"attempts"', "a list")
    _need(isinstance(data.get("endings_found", []), list), source, '"endings_found"', "a list")
    for n, attempt in enumerate(data["attempts"], 1):
        where = f"attempt {n}"
        _need(isinstance(attempt, dict), source, where, "an object")
        for key in ("uuid", "scenario_id", "started_at", "updated_at"):
            _need(isinstance(attempt.get(key), str) and attempt[key], source, f'{where} "{key}"', "text")
        for key in ("scenario_version", "rewinds", "revision"):
            _need(_is_int(attempt.get(key)), source, f'{where} "{key}"', "a whole number")
        _need(attempt.get("status") in STATUSES, source, f'{where} "status"', "one of " + ", ".join(STATUSES))
        # A state that was already damaged travels as text, so the rest of the attempt is not lost.
        _need(isinstance(attempt.get("state"), (dict, str)), source, f'{where} "state"', "an object (the saved play state)")
        _need(isinstance(attempt.get("steps"), list), source, f'{where} "steps"', "a list")
        seqs = set()
        for m, step in enumerate(attempt["steps"], 1):
            at = f"{where} step {m}"
            _need(isinstance(step, dict), source, at, "an object")
            for key in ("seq", "step_index"):
                _need(_is_int(step.get(key)), source, f'{at} "{key}"', "a whole number")
            _need(isinstance(step.get("node_id"), str), source, f'{at} "node_id"', "text")
            _need(isinstance(step.get("made_at"), str), source, f'{at} "made_at"', "text")
            _need(step["seq"] not in seqs, source, f'{at} "seq"', "a number not used by another step")
            seqs.add(step["seq"])
        for m, rewind in enumerate(attempt.get("rewind_log", []), 1):
            _need(isinstance(rewind, dict) and _is_int(rewind.get("to_step")) and isinstance(rewind.get("at"), str),
                  source, f"{where} rewind {m}", 'an object with "to_step" and "at"')
    for n, found in enumerate(data.get("endings_found", []), 1):
        _need(isinstance(found, dict) and all(isinstance(found.get(k), str) for k in
                                              ("scenario_id", "ending_id", "first_found_at", "attempt_uuid")),
              source, f"ending found {n}", "an object with scenario_id, ending_id, first_found_at and attempt_uuid")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _need(ok: bool, source: str, where: str, expected: str) -> None:
    if not ok:
        raise TransferError(f"{source}: {where} should be {expected}")


# -- importing ---------------------------------------------------------------------------------
@guarded
def import_export(store: ProgressStore, data: dict[str, Any], *, as_name: str | None = None,
                  source: str = "import") -> ImportReport:
    """Bring an export into ``store`` in one transaction (all of it or nothing)."""
    check_export(data, source)
    name = clean_name(as_name if as_name is not None else data["profile"]["name"])
    store.get_or_create_profile(name)
    profile = store.require_profile(name)
    report = ImportReport(profile.name)
    conn = store.conn
    with write(conn):
        for attempt in data["attempts"]:
            _import_attempt(conn, profile.id, attempt, report)
        for found in data.get("endings_found", []):
            cursor = conn.execute(
                "INSERT OR IGNORE INTO endings_found (profile_id, scenario_id, ending_id, first_found_at, attempt_uuid) "
                "VALUES (?, ?, ?, ?, ?)",
                (profile.id, found["scenario_id"], found["ending_id"], found["first_found_at"], found["attempt_uuid"]))
            if cursor.rowcount:
                report.endings_added += 1
            else:  # keep the earliest time it was found on either computer
                conn.execute("UPDATE endings_found SET first_found_at = ?, attempt_uuid = ? WHERE profile_id = ? "
                             "AND scenario_id = ? AND ending_id = ? AND first_found_at > ?",
                             (found["first_found_at"], found["attempt_uuid"], profile.id, found["scenario_id"],
                              found["ending_id"], found["first_found_at"]))
        latest = max([a["updated_at"] for a in data["attempts"]], default=None)
        if latest:
            conn.execute("UPDATE profiles SET last_used_at = max(last_used_at, ?) WHERE id = ?", (latest, profile.id))
    return report


def _import_attempt(conn, profile_id: int, attempt: dict, report: ImportReport) -> None:
    here = conn.execute("SELECT id, profile_id, revision FROM attempts WHERE uuid = ?", (attempt["uuid"],)).fetchone()
    if here is None:
        attempt_id = _insert_attempt(conn, profile_id, attempt)
        _insert_children(conn, attempt_id, attempt)
        report.added += 1
        return
    attempt_id, owner, revision = here
    if owner != profile_id:
        report.conflicts.append(f"attempt {attempt['uuid']} belongs to another profile here; kept there")
        return
    if attempt["revision"] <= revision:
        report.unchanged += 1
        return
    if not _continues(conn, attempt_id, attempt["steps"]):
        report.conflicts.append(f'attempt {attempt["uuid"]} at "{attempt["scenario_id"]}" was played further on both '
                                f"computers; the copy here was kept")
        return
    values = [_column_value(attempt, c) for c in _ATTEMPT_COLUMNS[1:]]
    conn.execute(f"UPDATE attempts SET {', '.join(c + ' = ?' for c in _ATTEMPT_COLUMNS[1:])}, state_json = ? WHERE id = ?",
                 (*values, _state_text(attempt["state"]), attempt_id))
    conn.execute("DELETE FROM steps WHERE attempt_id = ?", (attempt_id,))  # every one is in the newer copy
    conn.execute("DELETE FROM rewinds WHERE attempt_id = ?", (attempt_id,))
    _insert_children(conn, attempt_id, attempt)
    report.updated += 1


def _continues(conn, attempt_id: int, incoming_steps: list[dict]) -> bool:
    """Whether the incoming steps contain every step stored here unchanged (apart from an undo mark)."""
    incoming = {s["seq"]: (s.get("step_index"), s.get("node_id"), s.get("choice_id"), s.get("made_at"))
                for s in incoming_steps}
    for seq, index, node, choice, made in conn.execute(
            "SELECT seq, step_index, node_id, choice_id, made_at FROM steps WHERE attempt_id = ?", (attempt_id,)):
        if incoming.get(seq) != (index, node, choice, made):
            return False
    return True


def _column_value(attempt: dict, column: str) -> Any:
    value = attempt.get(column)
    if column == "replay":
        return 1 if value else 0
    if column == "scenario_title":
        return value if isinstance(value, str) else ""
    return value


def _state_text(state: dict | str) -> str:
    return state if isinstance(state, str) else dumps(state)


def _insert_attempt(conn, profile_id: int, attempt: dict) -> int:
    columns = ("profile_id",) + _ATTEMPT_COLUMNS + ("state_json",)
    values = [profile_id] + [_column_value(attempt, c) for c in _ATTEMPT_COLUMNS] + [_state_text(attempt["state"])]
    cursor = conn.execute(f"INSERT INTO attempts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values)
    return cursor.lastrowid


def _insert_children(conn, attempt_id: int, attempt: dict) -> None:
    for step in attempt["steps"]:
        values = [step.get(c) for c in _STEP_COLUMNS]
        values = [dumps(v) if c in _JSON_STEP_FIELDS and v is not None else v for c, v in zip(_STEP_COLUMNS, values)]
        values[_STEP_COLUMNS.index("meters_before")] = values[_STEP_COLUMNS.index("meters_before")] or "{}"
        values[_STEP_COLUMNS.index("meters_after")] = values[_STEP_COLUMNS.index("meters_after")] or "{}"
        conn.execute(f"INSERT INTO steps (attempt_id, {', '.join(_STEP_COLUMNS)}) "
                     f"VALUES (?, {', '.join('?' * len(_STEP_COLUMNS))})", [attempt_id] + values)
    for rewind in attempt.get("rewind_log", []):
        conn.execute("INSERT INTO rewinds (attempt_id, to_step, at) VALUES (?, ?, ?)",
                     (attempt_id, rewind["to_step"], rewind["at"]))
