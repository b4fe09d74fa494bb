"""A class session record as files for the instructor's records: JSON (everything) and CSV
(one row per decision, for a spreadsheet).

The CSV keeps rewound decisions too, with the path they belonged to, so a "what if" is as
visible in the spreadsheet as in the session. Vote columns are empty where no vote was held.
Each meter the scene has gets a before and an after column (trust and openness always come
first, so spreadsheets made from older sessions keep their columns).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from game.outfile import OutFileError, write_whole
from game.words import count

BASE_METERS = ("trust", "openness")
_LEADING = ("session", "date", "scenario", "path", "decision", "step", "node", "client_said",
            "choice", "choice_text", "practice_or_pitfall", "chosen_by", "votes_total", "votes_for_choice",
            "phones", "hands", "vote_result", "class_winner")
_TRAILING = ("rewound", "path_ending")
CSV_COLUMNS = _LEADING + tuple(f"{m}_{when}" for m in BASE_METERS for when in ("before", "after")) + _TRAILING


def record_meters(record: dict) -> list[str]:
    """The meters in a record: trust and openness, then any others in the order first met."""
    names = list(BASE_METERS)
    for d in record["decisions"]:
        for name in list(d["before"]) + list(d["after"]):
            if name not in names:
                names.append(name)
    return names


def csv_columns(record: dict) -> tuple[str, ...]:
    meters = tuple(f"{m}_{when}" for m in record_meters(record) for when in ("before", "after"))
    return _LEADING + _rubric_columns(record) + meters + _TRAILING


def _rubric_columns(record: dict) -> tuple[str, ...]:
    # A course rubric in use when the session was exported names each practice or pitfall in the
    # course's words too, in a column beside Rapport's own.
    return ("rubric",) if isinstance(record.get("rubric"), dict) else ()


def with_rubric(record: dict, rubric) -> dict:
    """The record as exported with ``rubric`` (game.records.rubric.Rubric or None) beside it."""
    if rubric is None:
        return record
    return {**record, "rubric": {"name": rubric.name, "map": dict(rubric.names)}}

CHOSEN_BY_WORDS = {"vote": "class vote", "override": "facilitator, after a vote",
                   "facilitator": "facilitator (no vote)"}


def session_json(record: dict) -> str:
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def _vote_result(vote: dict) -> str:
    """"ask-gently 5 (3 phones, 2 hands); explain-first 2 (2 phones)": short enough for one cell
    (the labels are in choice_text and class_winner, and the JSON has everything)."""
    parts = []
    for c in vote["counts"]:
        how = [count(n, word) for n, word in ((c["devices"], "phone"), (c["hands"], "hand")) if n]
        parts.append(f"{c['choice']} {c['total']}" + (f" ({', '.join(how)})" if how else ""))
    return "; ".join(parts)


def session_rows(record: dict) -> list[dict]:
    votes = {v["number"]: v for v in record["votes"]}
    endings = {b["number"]: b.get("ending_title") or "" for b in record["branches"]}
    meters = record_meters(record)
    rubric = record.get("rubric")
    rubric_names = rubric.get("map", {}) if isinstance(rubric, dict) else None
    rows = []
    for d in record["decisions"]:
        vote = votes.get(d.get("vote"))
        count = next((c for c in vote["counts"] if c["choice"] == d["choice"]), None) if vote else None
        winners = vote["winners"] if vote else []
        labels = {c["choice"]: c["label"] for c in vote["counts"]} if vote else {}
        rows.append({
            "session": record.get("id", record["uuid"]),
            "date": record["started_at"][:10],
            "scenario": record["scenario"]["id"],
            "path": d["branch"],
            "decision": d["number"],
            "step": d["step"],
            "node": d["node"],
            "client_said": d["prompt"],
            "choice": d["choice"],
            "choice_text": d["choice_text"],
            "practice_or_pitfall": d["tag"],
            **({"rubric": rubric_names.get(d["tag"], "")} if rubric_names is not None else {}),
            "chosen_by": CHOSEN_BY_WORDS.get(d["chosen_by"], d["chosen_by"]),
            "votes_total": vote["total"] if vote else "",
            "votes_for_choice": count["total"] if count else "",
            "phones": count["devices"] if count else "",
            "hands": count["hands"] if count else "",
            "vote_result": _vote_result(vote) if vote else "",
            "class_winner": " / ".join(labels.get(w, w) for w in winners),
            **{f"{m}_{when}": d[when].get(m, "") for m in meters for when in ("before", "after")},
            "rewound": "yes" if d.get("undone_at") else "no",
            "path_ending": endings.get(d["branch"], ""),
        })
    return rows


def session_csv(record: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_columns(record), lineterminator="\r\n")
    writer.writeheader()
    for row in session_rows(record):
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def _safe_cell(value):
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a '.

    Choice labels come from scene files; a file shared between colleagues should not be able
    to put a live formula into someone's spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_name(record: dict) -> str:
    """rapport-class-2030-01-31-waiting-room-7: date, scenario and session number."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", record["scenario"]["id"]).strip("-").lower() or "scenario"
    return f"rapport-class-{record['started_at'][:10]}-{slug}-{record.get('id', record['uuid'][:8])}"


def write_export(record: dict, folder: Path) -> tuple[Path, Path]:
    """Write NAME.json and NAME.csv into ``folder`` (made if needed); return both paths.

    Each file is written beside its place and then renamed, so a half-written export never
    takes the place of a whole one. Raises OSError when the folder cannot be written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    base = export_name(record)
    written = []
    # The CSV starts with a byte-order mark: without it Excel reads UTF-8 as another encoding.
    for suffix, text, encoding in ((".json", session_json(record), "utf-8"),
                                   (".csv", session_csv(record), "utf-8-sig")):
        path = folder / (base + suffix)
        try:  # a fresh temporary file, renamed: never written through a link planted beside it
            write_whole(path, text.encode(encoding), private=True)
        except OutFileError as exc:
            raise OSError(str(exc)) from None
        written.append(path)
    return written[0], written[1]
