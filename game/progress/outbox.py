"""The xAPI outbox: statements wait in the progress database until a learning record store has
them. A statement's id is fixed when it is queued, so sending it again after a crash or a lost
answer is the same statement (the store keeps one), never a second one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Iterable

from .database import guarded, write

if TYPE_CHECKING:
    from .store import ProgressStore

# After a failed send, wait this long before the next try (doubling up to the last).
RETRY_DELAYS = (5, 15, 60, 300, 900)
MAX_ERROR = 500


@dataclass(frozen=True)
class Queued:
    row: int
    statement_id: str
    body: dict
    tries: int


def _later(seconds: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds") \
        .replace("+00:00", "Z")


@guarded
def queue_statements(store: "ProgressStore", statements: Iterable[dict], *, profile: str | None = None,
                     attempt_uuid: str | None = None) -> int:
    """Add statements to the outbox (one transaction); return how many were new."""
    profile_id = None
    if profile is not None:
        found = store.profile(profile)
        profile_id = found.id if found else None
    added = 0
    with write(store.conn):
        for statement in statements:
            cur = store.conn.execute(
                "INSERT OR IGNORE INTO xapi_outbox (statement_id, profile_id, attempt_uuid, body, queued_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (statement["id"], profile_id, attempt_uuid, json.dumps(statement, sort_keys=True), store.clock()))
            added += cur.rowcount
    return added


@guarded
def due(store: "ProgressStore", limit: int = 50) -> list[Queued]:
    """Unsent statements whose next try is due, oldest first."""
    now = store.clock()
    rows = store.conn.execute(
        "SELECT id, statement_id, body, tries FROM xapi_outbox WHERE sent_at IS NULL "
        "AND (next_try_at IS NULL OR next_try_at <= ?) ORDER BY id LIMIT ?", (now, limit)).fetchall()
    out = []
    for row, sid, body, tries in rows:
        try:
            out.append(Queued(row, sid, json.loads(body), tries))
        except ValueError:
            continue  # a damaged row stays where it is, for a person to look at
    return out


@guarded
def mark_sent(store: "ProgressStore", rows: Iterable[int]) -> None:
    rows = list(rows)
    if not rows:
        return
    with write(store.conn):
        store.conn.executemany("UPDATE xapi_outbox SET sent_at = ?, last_error = NULL WHERE id = ?",
                               [(store.clock(), r) for r in rows])


@guarded
def mark_failed(store: "ProgressStore", rows: Iterable[int], error: str) -> None:
    with write(store.conn):
        for row in rows:
            tries = store.conn.execute("SELECT tries FROM xapi_outbox WHERE id = ?", (row,)).fetchone()
            delay = RETRY_DELAYS[min(tries[0] if tries else 0, len(RETRY_DELAYS) - 1)]
            store.conn.execute("UPDATE xapi_outbox SET tries = tries + 1, next_try_at = ?, last_error = ? WHERE id = ?",
                               (_later(delay), error[:MAX_ERROR], row))


@guarded
def retry_now(store: "ProgressStore") -> None:
    """Make every waiting statement due at once (the user asked to send now)."""
    with write(store.conn):
        store.conn.execute("UPDATE xapi_outbox SET next_try_at = NULL WHERE sent_at IS NULL")


@guarded
def counts(store: "ProgressStore") -> dict:
    sent, waiting = store.conn.execute(
        "SELECT count(sent_at), count(*) - count(sent_at) FROM xapi_outbox").fetchone()
    return {"sent": sent, "waiting": waiting}


@guarded
def statements_for(store: "ProgressStore", profile: str) -> list[dict]:
    """Every statement about ``profile``, sent or not, in the order they were made."""
    found = store.require_profile(profile)
    out = []
    for (body,) in store.conn.execute("SELECT body FROM xapi_outbox WHERE profile_id = ? ORDER BY id", (found.id,)):
        try:
            out.append(json.loads(body))
        except ValueError:
            continue
    return out
