"""Class sessions in the progress database: saved after every step, listed, read back whole.

A session arrives as the plain record of ``game.classroom.record.ClassRecord.to_dict()``.
Each save writes the whole record in one transaction (its child rows are replaced): a class
session is a few dozen rows, and a save that holds everything can never leave half a record.
The tables are described in schema.py (layout 3).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass

from .database import ProgressError, _plain, write
from .store import ProgressStore

RECORD_FORMAT = "rapport-class-session"
# Changelog of the class session record (stored in layout 3 tables, exported as JSON):
#   1  the first: scenario, branches, decisions (with who took them), votes with counts per
#      choice as {"choice", "label", "devices", "hands", "total"}.
RECORD_VERSION = 1


@dataclass(frozen=True)
class ClassSessionSummary:
    """One line of `rapport sessions`."""

    id: int
    uuid: str
    scenario_id: str
    scenario_title: str
    started_at: str
    ended_at: str | None
    ending_title: str | None
    decisions: int   # taken, on every path
    votes: int
    branches: int


def _guard(action: str):
    def wrap(function):
        @functools.wraps(function)
        def guarded(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except sqlite3.Error as exc:
                raise ProgressError(_plain(exc, action).replace("progress", "the class session record", 1)) from exc
        return guarded
    return wrap


@_guard("saved")
def save_class_session(store: ProgressStore, record: dict) -> int:
    """Write (or rewrite) the session ``record``; return its number in the database."""
    conn = store.conn
    scenario = record["scenario"]
    ending = record.get("ending") or {}
    with write(conn):
        conn.execute(
            "INSERT INTO class_sessions (uuid, scenario_id, scenario_version, scenario_title, started_at, "
            "updated_at, ended_at, ending_id, ending_title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (uuid) DO UPDATE SET updated_at = excluded.updated_at, ended_at = excluded.ended_at, "
            "ending_id = excluded.ending_id, ending_title = excluded.ending_title, "
            "scenario_version = excluded.scenario_version, scenario_title = excluded.scenario_title",
            (record["uuid"], scenario["id"], scenario["version"], scenario["title"], record["started_at"],
             record["updated_at"], record.get("ended_at"), ending.get("id"), ending.get("title")))
        session_id = conn.execute("SELECT id FROM class_sessions WHERE uuid = ?", (record["uuid"],)).fetchone()[0]
        for table in ("class_decisions", "class_vote_counts", "class_votes", "class_branches"):
            conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
        for b in record["branches"]:
            conn.execute("INSERT INTO class_branches (session_id, branch, from_step, from_decision, started_at, "
                         "ending_id, ending_title, outcome, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (session_id, b["number"], b["from_step"], b["from_decision"], b["started_at"], b.get("ending"),
                          b.get("ending_title"), b.get("outcome"), b.get("ended_at")))
        for v in record["votes"]:
            conn.execute("INSERT INTO class_votes (session_id, vote, branch, step_index, node_id, phones, opened_at, "
                         "closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (session_id, v["number"], v["branch"], v["step"], v["node"], 1 if v["phones"] else 0,
                          v["opened_at"], v.get("closed_at")))
            for position, c in enumerate(v["counts"], start=1):
                conn.execute("INSERT INTO class_vote_counts (session_id, vote, position, choice_id, label, devices, "
                             "hands) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (session_id, v["number"], position, c["choice"], c["label"], c["devices"], c["hands"]))
        for d in record["decisions"]:
            conn.execute("INSERT INTO class_decisions (session_id, seq, branch, step_index, node_id, prompt, choice_id, "
                         "choice_text, tag, chosen_by, vote, meters_before, meters_after, made_at, undone_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (session_id, d["number"], d["branch"], d["step"], d["node"], d["prompt"], d["choice"],
                          d["choice_text"], d["tag"], d["chosen_by"], d.get("vote"), _dumps(d["before"]),
                          _dumps(d["after"]), d["made_at"], d.get("undone_at")))
    return session_id


@_guard("read")
def list_class_sessions(store: ProgressStore) -> list[ClassSessionSummary]:
    """Every class session, the newest first."""
    rows = store.conn.execute(
        "SELECT s.id, s.uuid, s.scenario_id, s.scenario_title, s.started_at, s.ended_at, s.ending_title, "
        "(SELECT count(*) FROM class_decisions d WHERE d.session_id = s.id), "
        "(SELECT count(*) FROM class_votes v WHERE v.session_id = s.id), "
        "(SELECT count(*) FROM class_branches b WHERE b.session_id = s.id) "
        "FROM class_sessions s ORDER BY s.started_at DESC, s.id DESC").fetchall()
    return [ClassSessionSummary(*row) for row in rows]


@_guard("read")
def load_class_session(store: ProgressStore, ref: str | int) -> dict:
    """The whole record of one session, by its number (as `rapport sessions` lists it) or by
    its uuid (or the start of it). ProgressError when there is no such session."""
    conn = store.conn
    text = str(ref).strip()
    row = None
    if text.isascii() and text.isdigit() and len(text) <= 18:  # fits SQLite's INTEGER
        row = conn.execute("SELECT * FROM class_sessions WHERE id = ?", (int(text),)).fetchone()
    elif len(text) >= 4:
        found = conn.execute("SELECT * FROM class_sessions WHERE uuid LIKE ? ESCAPE '\\'",
                             (text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",)).fetchall()
        if len(found) > 1:
            raise ProgressError(f'"{text}" matches {len(found)} class sessions; give more of the id')
        row = found[0] if found else None
    if row is None:
        count = conn.execute("SELECT count(*) FROM class_sessions").fetchone()[0]
        hint = "run `rapport sessions` to see them" if count else "no class sessions have been recorded yet"
        raise ProgressError(f'there is no class session "{text[:40]}" ({hint})')
    (session_id, uuid, scenario_id, scenario_version, scenario_title, started_at, updated_at, ended_at,
     ending_id, ending_title) = row
    branches = [
        {"number": b, "from_step": f, "from_decision": fd, "started_at": s, "ending": e, "ending_title": t,
         "outcome": o, "ended_at": x}
        for b, f, fd, s, e, t, o, x in conn.execute(
            "SELECT branch, from_step, from_decision, started_at, ending_id, ending_title, outcome, ended_at "
            "FROM class_branches "
            "WHERE session_id = ? ORDER BY branch", (session_id,))]
    votes = []
    for number, branch, step, node, phones, opened, closed in conn.execute(
            "SELECT vote, branch, step_index, node_id, phones, opened_at, closed_at FROM class_votes "
            "WHERE session_id = ? ORDER BY vote", (session_id,)).fetchall():
        counts = [{"choice": c, "label": label, "devices": dv, "hands": h, "total": dv + h}
                  for c, label, dv, h in conn.execute(
                      "SELECT choice_id, label, devices, hands FROM class_vote_counts WHERE session_id = ? AND vote = ? "
                      "ORDER BY position", (session_id, number))]
        best = max((c["total"] for c in counts), default=0)
        votes.append({"number": number, "branch": branch, "step": step, "node": node, "phones": bool(phones),
                      "opened_at": opened, "closed_at": closed, "counts": counts,
                      "total": sum(c["total"] for c in counts),
                      "winners": [c["choice"] for c in counts if best and c["total"] == best]})
    decisions = [
        {"number": seq, "branch": branch, "step": step, "node": node, "prompt": prompt, "choice": choice,
         "choice_text": text_, "tag": tag, "chosen_by": by, "vote": vote, "before": _loads(before),
         "after": _loads(after), "made_at": made, "undone_at": undone}
        for seq, branch, step, node, prompt, choice, text_, tag, by, vote, before, after, made, undone in conn.execute(
            "SELECT seq, branch, step_index, node_id, prompt, choice_id, choice_text, tag, chosen_by, vote, "
            "meters_before, meters_after, made_at, undone_at FROM class_decisions WHERE session_id = ? ORDER BY seq",
            (session_id,))]
    ending_branch = next((b for b in reversed(branches) if b["ending"]), None)
    return {
        "format": RECORD_FORMAT, "version": RECORD_VERSION, "id": session_id, "uuid": uuid,
        "scenario": {"id": scenario_id, "version": scenario_version, "title": scenario_title},
        "started_at": started_at, "updated_at": updated_at, "ended_at": ended_at,
        "ending": ({"id": ending_id, "title": ending_title, "outcome": ending_branch["outcome"] if ending_branch else None}
                   if ending_id else None),
        "branches": branches, "decisions": decisions, "votes": votes,
    }


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _loads(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return {}
