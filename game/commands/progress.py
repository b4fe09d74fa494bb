"""`rapport profiles`, `rapport export` and `rapport import`: students' progress from the terminal."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import time

from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError, input_error
from ..progress import ENV_DATA_DIR, ProgressError, ProgressStore, export_profile, import_export, parse_export
from ..progress.transfer import UnreadableError, read_export, write_export


def register(sub: argparse._SubParsersAction) -> None:
    data_help = f"the progress folder (default: ${ENV_DATA_DIR}, else the per-user data folder)"

    p = sub.add_parser("profiles", help="list the student profiles and their progress")
    p.add_argument("--data-dir", metavar="DIR", help=data_help)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=run_profiles)

    p = sub.add_parser("export", help="write one student's attempts as JSON (to hand in or archive)")
    p.add_argument("--profile", required=True, metavar="NAME", help="the profile to export")
    p.add_argument("--out", metavar="FILE",
                   help="where to write it (default: rapport-NAME-DATE.json here; - for standard output)")
    p.add_argument("--data-dir", metavar="DIR", help=data_help)
    p.add_argument("--rubric", metavar="FILE", help="name practices, pitfalls and duties in this rubric too "
                                                    "(default: the rubric in use, `rapport rubric --show`)")
    p.set_defaults(func=run_export)

    p = sub.add_parser("import", help="bring in attempts exported on another computer (never twice)")
    p.add_argument("file", metavar="FILE", help="a file written by `rapport export` (- for standard input)")
    p.add_argument("--as", dest="as_name", metavar="NAME", help="import into this profile instead of the exported one")
    p.add_argument("--data-dir", metavar="DIR", help=data_help)
    p.set_defaults(func=run_import)


def _open(args: argparse.Namespace, *, read_only_ok: bool = False) -> ProgressStore:
    try:
        store = ProgressStore.open(args.data_dir, read_only_ok=read_only_ok)
    except ProgressError as exc:
        raise CommandError(str(exc)) from None
    for notice in store.notices:
        print(f"rapport: {notice}", file=sys.stderr)
    return store


def run_profiles(args: argparse.Namespace) -> int:
    with _open(args, read_only_ok=True) as store:
        rows = []
        try:
            for profile in store.profiles():
                attempts = store.history(profile)
                endings = store.conn.execute("SELECT count(*) FROM endings_found WHERE profile_id = ?",
                                             (profile.id,)).fetchone()[0]
                rows.append({"name": profile.name, "attempts": len(attempts),
                             "finished": sum(1 for a in attempts if a.status == "ended"),
                             "assessed": sum(1 for a in attempts if a.mode == "assessed"),
                             "endings_found": endings, "last_used": profile.last_used_at})
        except (ProgressError, sqlite3.Error) as exc:  # changed under us by another program
            raise CommandError(f"the progress file could not be read: {exc}") from None
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("No profiles yet: a profile is made when a student picks a name on the title screen.")
    else:
        for r in rows:
            print(f"{r['name']:24} {r['attempts']:3} attempt(s) ({r['assessed']} assessed), {r['finished']} finished, "
                  f"{r['endings_found']} ending(s) found, last used {r['last_used'][:10]}")
    return EXIT_OK


def default_export_name(profile: str, today: str | None = None) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", profile).strip("-").lower() or "profile"
    return f"rapport-{slug}-{today or time.strftime('%Y-%m-%d')}.json"


def run_export(args: argparse.Namespace) -> int:
    with _open(args, read_only_ok=True) as store:
        try:
            data = export_profile(store, args.profile)
        except ProgressError as exc:
            raise CommandError(str(exc)) from None
    rubric = _export_rubric(getattr(args, "rubric", None))
    if rubric is not None:
        data["rubric"] = rubric
    if args.out == "-":
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return EXIT_OK
    try:
        out = write_export(data, args.out or default_export_name(data["profile"]["name"]))
    except ProgressError as exc:
        raise CommandError(str(exc)) from None
    print(f'Wrote {len(data["attempts"])} attempt(s) of "{data["profile"]["name"]}" to {out}')
    return EXIT_OK


def _export_rubric(path: str | None) -> dict | None:
    """The rubric an export carries (its names beside Rapport's for the report): the one named,
    else the one in use on this computer; a broken rubric in use is left out with a warning."""
    from ..records.rubric import RubricError, load_rubric, rubric_export, rubric_in_use
    from ..settings import default_dir
    from ..story.yamlsrc import NO_FILE

    if path:
        try:
            return rubric_export(load_rubric(path))
        except RubricError as exc:
            raise input_error(str(exc), missing=any(d.code == NO_FILE for d in exc.diagnostics)) from None
    rubric, problem = rubric_in_use(default_dir())
    if problem:
        print(f"rapport: {problem}", file=sys.stderr)
    return rubric_export(rubric)


def run_import(args: argparse.Namespace) -> int:
    try:
        text, source = read_export(args.file)
        data = parse_export(text, source)
    except UnreadableError as exc:  # nothing to read there: exit 2
        raise CommandError(str(exc)) from None
    except ProgressError as exc:  # read, but not a usable export: exit 1, nothing imported
        print(f"rapport: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    with _open(args) as store:
        try:
            report = import_export(store, data, as_name=args.as_name, source=source)
        except ProgressError as exc:  # rolled back: nothing of it was kept
            print(f"rapport: {exc}; nothing was imported", file=sys.stderr)
            return EXIT_PROBLEMS
    print(f"Imported into {report.summary()}")
    for conflict in report.conflicts:
        print(f"  {conflict}")
    return EXIT_OK
