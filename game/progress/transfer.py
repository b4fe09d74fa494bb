"""Export one profile's progress as JSON, and import it on another computer without duplicates.

Attempts keep their UUIDs, so importing the same file twice adds nothing the second time. An
attempt already here is replaced only by a copy that continued it (a higher revision that still
contains every step recorded here); one played further on both computers is kept as it is here
and reported, never merged into something that did not happen.
"""

from __future__ import annotations

import json
import sys
import uuid as uuidlib
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from game.infile import NotAFileError, TooLargeError, read_capped
from game.outfile import OutFileError, write_whole
from game.story.state import SaveError, check_save, check_step

from .database import ProgressError, guarded, write
from .records import STATUSES, ImportReport
from .recording import dumps
from .reflection import dumps_reflection, loads_reflection
from .reflection import problem as reflection_problem
from .store import ProgressStore, clean_name

EXPORT_FORMAT = "rapport-progress"
# Changelog of `rapport export` files:
#   1  the first: one profile, its attempts (state, steps, rewound ones too, rewind log) and endings found.
#      An attempt may carry "reflection": {"answers": {question: answer}} (optional; older files lack it).
EXPORT_VERSION = 1

_ATTEMPT_COLUMNS = ("uuid", "scenario_id", "scenario_version", "scenario_title", "started_at", "updated_at",
                    "ended_at", "status", "ending_id", "replay", "rewinds", "revision", "origin_uuid", "origin_seq",
                    "mode")
_STEP_COLUMNS = ("seq", "parent_seq", "step_index", "node_id", "choice_id", "meters_before", "meters_after",
                 "flags_before", "visits_before", "made_at", "undone_at")
_JSON_STEP_FIELDS = {"meters_before", "meters_after", "flags_before", "visits_before"}


class TransferError(ProgressError):
    """An export file that cannot be imported; the message names the place and what was expected."""


class UnreadableError(TransferError):
    """There is no export to read where the user pointed: no such file, no permission."""


@guarded
def export_profile(store: ProgressStore, name: str, *, now: str | None = None) -> dict[str, Any]:
    """Everything stored for profile ``name``, as a JSON-ready dict."""
    from game import __version__

    profile = store.require_profile(name)
    conn = store.conn
    attempts = []
    for row in conn.execute(f"SELECT id, {', '.join(_ATTEMPT_COLUMNS)}, state_json, reflection FROM attempts "
                            "WHERE profile_id = ? ORDER BY started_at, id", (profile.id,)).fetchall():
        attempt = dict(zip(_ATTEMPT_COLUMNS, row[1:-2]))
        attempt["replay"] = bool(attempt["replay"])
        attempt["state"] = _json_or_text(row[-2])
        reflection = loads_reflection(row[-1])
        if reflection:
            attempt["reflection"] = {"answers": reflection}
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


def write_export(data: dict[str, Any], out: str | Path) -> Path:
    """Write an export to the file ``out``, whole or not at all; return where it went.

    Only a new or an existing ordinary file is written: a folder, a device (/dev/sda), a pipe or
    a symbolic link is refused with TransferError, never replaced by a file."""
    try:
        return write_whole(out, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"), private=True)
    except OutFileError as exc:
        raise TransferError(str(exc)) from None


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # a damaged value travels as it is, so nothing is lost on the way


# -- reading an export -------------------------------------------------------------------------
# An export is untrusted: it may come from another computer, by e-mail, or be any file at all.
# Every value is checked before anything is written, the play states by the story core's own
# save check (the one resuming a save uses), so what is imported can be resumed, rewound and
# debriefed like an attempt played here.
MAX_EXPORT_BYTES = 32 * 1024 * 1024  # a long-used profile exports to a few MB
MAX_DEPTH = 32  # an export nests about six levels deep
MAX_TEXT = 1000  # ids, titles, timestamps
WHOLE_LIMIT = 2**63 - 1  # SQLite's INTEGER range


def read_export(file: str | Path, stdin: IO[str] | None = None) -> tuple[str, str]:
    """The text of an export file (``-`` for standard input) and the name to show for it.

    Reads at most MAX_EXPORT_BYTES, so a device (/dev/zero) or a huge file is refused quickly.
    Raises UnreadableError when there is nothing to read (no such file, no permission)
    and TransferError when what was read cannot be an export."""
    source = "standard input" if str(file) == "-" else str(file)
    too_large = False
    try:
        if str(file) == "-":
            stream = stdin or sys.stdin
            buffer = getattr(stream, "buffer", None)
            raw = buffer.read(MAX_EXPORT_BYTES + 1) if buffer is not None else \
                stream.read(MAX_EXPORT_BYTES + 1).encode("utf-8", "surrogateescape")
        else:
            raw = read_capped(file, MAX_EXPORT_BYTES)  # a pipe or a device is refused, never waited on
    except TooLargeError:
        raw = b""  # a stand-in: the size is what is refused just below
        too_large = True
    except IsADirectoryError:  # there, but not a file: bad input, exit 1, as a device or a pipe
        raise TransferError(f"{source}: is a folder, not a file written by `rapport export`") from None
    except NotAFileError:  # read as far as the name goes, and refused: bad input, exit 1
        raise TransferError(f"{source}: not an ordinary file (a device or a pipe); expected a file written by "
                            f"`rapport export`") from None
    except (OSError, ValueError) as exc:
        raise UnreadableError(f"cannot read {source}: {getattr(exc, 'strerror', None) or exc}") from None
    if too_large or len(raw) > MAX_EXPORT_BYTES:
        raise TransferError(f"{source}: larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MB, far more than a Rapport "
                            f"export holds; not imported")
    try:
        return raw.decode("utf-8-sig"), source
    except UnicodeDecodeError as exc:
        raise TransferError(f"{source}: not UTF-8 text at byte {exc.start} (expected JSON written by "
                            f"`rapport export`)") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_export(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise TransferError(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise TransferError(f"{source}: nested too deeply to be a Rapport export (more than {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # a number of thousands of digits, NaN, Infinity
        reason = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise TransferError(f"{source}: not a Rapport export ({reason})") from None
    _check_depth(data, source)
    check_export(data, source)
    return data


def _check_depth(data: Any, source: str) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TransferError(f"{source}: nested too deeply to be a Rapport export (more than {MAX_DEPTH} levels)")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def check_export(data: Any, source: str) -> None:
    """Raise TransferError naming the first place where ``data`` is not a Rapport export, or
    holds a value the game could not use."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise TransferError(f'{source}: not a Rapport progress export (expected "format": "{EXPORT_FORMAT}")')
    version = data.get("version")
    if not _is_int(version) or version < 1:
        raise TransferError(f'{source}: "version" should be a whole number')
    if version > EXPORT_VERSION:
        raise TransferError(f"{source}: made by a newer Rapport (export version {version}); update Rapport to import it")
    _check_depth(data, source)
    check = _Checker(source)
    profile = data.get("profile")
    check.need(isinstance(profile, dict), '"profile"', 'an object with a "name"')
    check.text(profile, "name", '"profile"')
    if "created_at" in profile:
        check.time(profile, "created_at", '"profile"')
    check.need(isinstance(data.get("attempts"), list), '"attempts"', "a list")
    check.need(isinstance(data.get("endings_found", []), list), '"endings_found"', "a list")
    uuids: set[str] = set()
    for n, attempt in enumerate(data["attempts"], 1):
        where = f"attempt {n}"
        check.need(isinstance(attempt, dict), where, "an object")
        check.uuid(attempt, "uuid", where)
        check.need(attempt["uuid"].lower() not in uuids, f'{where} "uuid"', "an id not used by another attempt")
        uuids.add(attempt["uuid"].lower())
        check.text(attempt, "scenario_id", where)
        check.whole(attempt, "scenario_version", where)
        check.text(attempt, "scenario_title", where, optional=True, empty=True)
        for key in ("started_at", "updated_at"):
            check.time(attempt, key, where)
        check.time(attempt, "ended_at", where, optional=True)
        check.need(attempt.get("status") in STATUSES, f'{where} "status"', "one of " + ", ".join(STATUSES))
        check.text(attempt, "ending_id", where, optional=True)
        check.need(isinstance(attempt.get("replay", False), bool) or attempt.get("replay") in (0, 1),
                   f'{where} "replay"', "true or false")
        for key in ("rewinds", "revision"):
            check.whole(attempt, key, where, low=0)
        check.uuid(attempt, "origin_uuid", where, optional=True)
        check.whole(attempt, "origin_seq", where, low=1, optional=True)
        check.need(attempt.get("mode", "practice") in ("practice", "assessed"), f'{where} "mode"',
                   '"practice" or "assessed" (or left out: practice)')
        _check_state(check, attempt, where)
        if "reflection" in attempt:
            wrong = reflection_problem(attempt["reflection"])
            check.need(wrong is None, f'{where} "reflection"', wrong or "")
        check.need(isinstance(attempt.get("steps"), list), f'{where} "steps"', "a list")
        seqs: set[int] = set()
        for m, step in enumerate(attempt["steps"], 1):
            at = f"{where} step {m}"
            check.need(isinstance(step, dict), at, "an object")
            check.whole(step, "seq", at, low=1)
            check.whole(step, "parent_seq", at, low=1, optional=True)
            check.whole(step, "step_index", at, low=0)
            check.text(step, "node_id", at)
            check.text(step, "choice_id", at, optional=True)
            check.time(step, "made_at", at)
            check.time(step, "undone_at", at, optional=True)
            check.need(step["seq"] not in seqs, f'{at} "seq"', "a number not used by another step")
            seqs.add(step["seq"])
            # The same check as a step of a saved game's history (meters are whole numbers...).
            check.save_step({"node": step["node_id"], "choice": step.get("choice_id"),
                             "before": step.get("meters_before"), "after": step.get("meters_after"),
                             "flags_before": step.get("flags_before"), "visits_before": step.get("visits_before")}, at)
        rewinds = attempt.get("rewind_log", [])
        check.need(isinstance(rewinds, list), f'{where} "rewind_log"', "a list")
        for m, rewind in enumerate(rewinds, 1):
            at = f"{where} rewind {m}"
            check.need(isinstance(rewind, dict), at, 'an object with "to_step" and "at"')
            check.whole(rewind, "to_step", at, low=0)
            check.time(rewind, "at", at)
    for n, found in enumerate(data.get("endings_found", []), 1):
        where = f"ending found {n}"
        check.need(isinstance(found, dict), where,
                   "an object with scenario_id, ending_id, first_found_at and attempt_uuid")
        check.text(found, "scenario_id", where)
        check.text(found, "ending_id", where)
        check.time(found, "first_found_at", where)
        check.uuid(found, "attempt_uuid", where)


def _check_state(check: "_Checker", attempt: dict, where: str) -> None:
    state = attempt.get("state")
    # A state that was already damaged where it was exported travels as text, so the rest of the
    # attempt is not lost; it is kept as it is, and resuming it says it is damaged.
    if isinstance(state, str):
        return
    check.need(isinstance(state, dict), f'{where} "state"', "an object (the saved play state)")
    try:
        state = check_save(state)
    except SaveError as exc:
        raise TransferError(f'{check.source}: {where} "state": {exc}') from None
    check.need(state.get("scenario") == attempt["scenario_id"], f'{where} "state" "scenario"',
               f'"{_short(attempt["scenario_id"])}", the attempt\'s scenario')
    check.need(isinstance(state.get("node"), str) and bool(state["node"]), f'{where} "state" "node"',
               "the id of a node")


class _Checker:
    """One place for the shape of each kind of value, so every message reads the same way."""

    def __init__(self, source: str):
        self.source = source

    def need(self, ok: bool, where: str, expected: str) -> None:
        if not ok:
            raise TransferError(f"{self.source}: {where} should be {expected}")

    def text(self, data: dict, key: str, where: str, *, optional: bool = False, empty: bool = False) -> None:
        value = data.get(key)
        if value is None and optional:
            return
        self.need(isinstance(value, str) and (empty or bool(value.strip())) and len(value) <= MAX_TEXT
                  and value.isprintable(), f'{where} "{key}"',
                  f"text of at most {MAX_TEXT} characters, without control characters"
                  + (" (or null)" if optional else ""))

    def whole(self, data: dict, key: str, where: str, *, low: int = -WHOLE_LIMIT, optional: bool = False) -> None:
        value = data.get(key)
        if value is None and optional:
            return
        if _is_int(value) and abs(value) > WHOLE_LIMIT:
            expected = "a whole number small enough to keep (this one has %d digits)" % len(str(abs(value)))
        else:
            expected = "a whole number" + (f" from {low} up" if low > -WHOLE_LIMIT else "") + (" (or null)" if optional else "")
        self.need(_is_int(value) and low <= value <= WHOLE_LIMIT, f'{where} "{key}"', expected)

    def time(self, data: dict, key: str, where: str, *, optional: bool = False) -> None:
        value = data.get(key)
        if value is None and optional:
            return
        self.need(isinstance(value, str) and len(value) <= 40 and _is_time(value), f'{where} "{key}"',
                  "a date and time like 2026-01-31T09:30:00.000Z" + (" (or null)" if optional else ""))

    def uuid(self, data: dict, key: str, where: str, *, optional: bool = False) -> None:
        value = data.get(key)
        if value is None and optional:
            return
        self.need(isinstance(value, str) and _is_uuid(value), f'{where} "{key}"', "an attempt id (a UUID)")

    def save_step(self, step: dict, where: str) -> None:
        try:
            check_step(step, where)
        except SaveError as exc:
            raise TransferError(f"{self.source}: {exc}") from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_time(text: str) -> bool:
    try:
        datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return False
    return True


def _is_uuid(text: str) -> bool:
    try:
        uuidlib.UUID(text)
    except ValueError:
        return False
    return len(text) == 36


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# -- importing ---------------------------------------------------------------------------------
@guarded
def import_export(store: ProgressStore, data: dict[str, Any], *, as_name: str | None = None,
                  source: str = "import") -> ImportReport:
    """Bring an export into ``store`` in one transaction (all of it or nothing)."""
    check_export(data, source)
    name = clean_name(as_name if as_name is not None else data["profile"]["name"])
    conn = store.conn
    with write(conn):
        # The profile is made inside the transaction: a failed import leaves no empty profile behind.
        now = store.clock()
        conn.execute("INSERT OR IGNORE INTO profiles (name, name_key, created_at, last_used_at) VALUES (?, ?, ?, ?)",
                     (name, name.casefold(), now, now))
        profile = store.profile(name)
        report = ImportReport(profile.name)
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
        if "reflection" in attempt and conn.execute(  # answered on the other computer after the last choice
                "SELECT reflection IS NULL FROM attempts WHERE id = ?", (attempt_id,)).fetchone()[0]:
            conn.execute("UPDATE attempts SET reflection = ? WHERE id = ?", (_reflection_text(attempt), attempt_id))
            report.updated += 1
            return
        report.unchanged += 1
        return
    if not _continues(conn, attempt_id, attempt["steps"]):
        report.conflicts.append(f'attempt {attempt["uuid"]} at "{attempt["scenario_id"]}" was played further on both '
                                f"computers; the copy here was kept")
        return
    values = [_column_value(attempt, c) for c in _ATTEMPT_COLUMNS[1:]]
    conn.execute(f"UPDATE attempts SET {', '.join(c + ' = ?' for c in _ATTEMPT_COLUMNS[1:])}, state_json = ?, "
                 "reflection = coalesce(?, reflection) WHERE id = ?",
                 (*values, _state_text(attempt["state"]), _reflection_text(attempt), attempt_id))
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
    if column == "mode":
        return value or "practice"  # exports from before modes were all practice
    return value


def _state_text(state: dict | str) -> str:
    return state if isinstance(state, str) else dumps(state)


def _reflection_text(attempt: dict) -> str | None:
    value = attempt.get("reflection")
    return dumps_reflection(value["answers"]) if isinstance(value, dict) and value.get("answers") else None


def _insert_attempt(conn, profile_id: int, attempt: dict) -> int:
    columns = ("profile_id",) + _ATTEMPT_COLUMNS + ("state_json", "reflection")
    values = [profile_id] + [_column_value(attempt, c) for c in _ATTEMPT_COLUMNS] + [_state_text(attempt["state"]),
                                                                                     _reflection_text(attempt)]
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
