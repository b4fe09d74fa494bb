"""Turning a PlayState into stored steps, and stored steps back into a PlayState.

Saving compares the state's history with the steps already stored for the attempt: the common
part stays, stored steps past it were taken back (a rewind) and are marked undone, and the new
steps are added after it. So one call after every choice, continue or rewind records exactly
what happened, and a save that failed is made good by the next one.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .attempt_records import StepRecord
    from game.story import PlayState, Scenario


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_steps(conn: sqlite3.Connection, attempt_id: int, state: PlayState, now: str) -> int:
    """Bring the stored steps of ``attempt_id`` in line with ``state.history``; return how many
    stored steps a rewind took back (inside the caller's transaction)."""
    active = conn.execute(
        "SELECT seq, step_index, node_id, choice_id, meters_before, meters_after FROM steps "
        "WHERE attempt_id = ? AND undone_at IS NULL ORDER BY step_index, seq", (attempt_id,)).fetchall()
    history = state.history
    same = 0
    while same < len(active) and same < len(history):
        seq, index, node_id, choice_id, before, after = active[same]
        step = history[same]
        # Meters compare as values, not text: rows written by layout 1 or an import may be
        # spaced differently.
        if (index, node_id, choice_id, _load(before, None), _load(after, None)) != (
                same, step.node_id, step.choice_id, dict(step.before), dict(step.after)):
            break
        same += 1
    undone = len(active) - same
    if undone:
        conn.execute("UPDATE steps SET undone_at = ? WHERE attempt_id = ? AND undone_at IS NULL AND seq IN (%s)"
                     % ",".join(str(row[0]) for row in active[same:]), (now, attempt_id))
        conn.execute("INSERT INTO rewinds (attempt_id, to_step, at) VALUES (?, ?, ?)", (attempt_id, same, now))
    parent = active[same - 1][0] if same else None
    seq = conn.execute("SELECT coalesce(max(seq), 0) FROM steps WHERE attempt_id = ?", (attempt_id,)).fetchone()[0]
    for step in history[same:]:
        seq += 1
        conn.execute(
            "INSERT INTO steps (attempt_id, seq, parent_seq, step_index, node_id, choice_id, meters_before, "
            "meters_after, flags_before, visits_before, made_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (attempt_id, seq, parent, step.index, step.node_id, step.choice_id, dumps(dict(step.before)),
             dumps(dict(step.after)), dumps(sorted(step.flags_before)), dumps(dict(step.visits_before)), now))
        parent = seq
    return undone


def read_steps(conn: sqlite3.Connection, attempt_id: int) -> list[StepRecord]:
    from .attempt_records import StepRecord

    rows = conn.execute(
        "SELECT seq, parent_seq, step_index, node_id, choice_id, meters_before, meters_after, flags_before, "
        "visits_before, made_at, undone_at FROM steps WHERE attempt_id = ? ORDER BY seq", (attempt_id,)).fetchall()
    return [StepRecord(seq, parent, index, node, choice, _load(before, {}), _load(after, {}),
                       _load(flags, None), _load(visits, None), made, undone)
            for seq, parent, index, node, choice, before, after, flags, visits, made, undone in rows]


def _load(text: str | None, default: Any) -> Any:
    if text is None:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def chain_to(steps: list[StepRecord], seq: int) -> list[StepRecord]:
    """The steps that led to step ``seq`` (following ``parent_seq``), first to last, itself included."""
    by_seq = {s.seq: s for s in steps}
    if seq not in by_seq:
        raise LookupError(f"no step {seq} in this attempt")
    chain = []
    step: StepRecord | None = by_seq[seq]
    while step is not None and len(chain) <= len(steps):  # the bound guards against a damaged loop
        chain.append(step)
        step = by_seq.get(step.parent_seq) if step.parent_seq is not None else None
    chain.reverse()
    return chain


def state_before(scenario: Scenario, steps: list[StepRecord], seq: int) -> PlayState:
    """The play state just before step ``seq`` was taken, as the core's own rewind makes it.

    Raises SaveError (from the core) when the scenario no longer has the places involved."""
    from game.story import PlayState
    from game.story.state import SAVE_FORMAT, SAVE_VERSION

    chain = chain_to(steps, seq)
    data = {
        "format": SAVE_FORMAT, "version": SAVE_VERSION, "scenario": scenario.id,
        "scenario_version": scenario.version, "node": chain[-1].node_id, "meters": dict(chain[-1].after),
        "flags": [], "visits": {}, "ending": None, "rewinds": 0,
        "history": [{"node": s.node_id, "choice": s.choice_id, "before": s.before, "after": s.after,
                     "flags_before": s.flags_before or [], "visits_before": s.visits_before or {}} for s in chain],
    }
    state = PlayState.from_json(scenario, data)
    state.rewind(len(chain) - 1)
    state.rewinds = 0  # a fresh attempt from here has not rewound anything yet
    return state
