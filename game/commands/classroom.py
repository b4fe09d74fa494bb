"""`rapport class SCENARIO` (facilitator mode) and `rapport sessions` (the class session record)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError
from ..progress import ENV_DATA_DIR, ProgressError
from .common import folders, load_named, short
from .progress import _open as open_store


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 5 or not 1024 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1024 to 65535, not {short(text, 20)}")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    data_help = f"the progress folder, where sessions are kept (default: ${ENV_DATA_DIR}, else the per-user data folder)"

    p = sub.add_parser("class", help="run a scenario with a class: facilitator mode, with votes from phones")
    p.add_argument("scenario", help="a scenario id (see `rapport list`) or a scene file")
    p.add_argument("--port", type=_port, metavar="N",
                   help="the port phones connect to for voting (default: the classroom setting, 8765)")
    p.add_argument("--no-votes", action="store_true",
                   help="no phone voting: nothing listens on the network; count a show of hands instead")
    p.add_argument("--fullscreen", action="store_true", help="open the window fullscreen (for the projector)")
    p.add_argument("--data-dir", metavar="DIR", help=data_help)
    p.set_defaults(func=run_class)

    p = sub.add_parser("sessions", help="list the class sessions run in facilitator mode, or export one")
    p.add_argument("--data-dir", metavar="DIR", help=data_help)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=run_sessions)
    actions = p.add_subparsers(dest="sessions_action", metavar="ACTION")
    e = actions.add_parser("export", help="write one session as JSON and CSV for your records")
    e.add_argument("id", metavar="ID", help="the session's number (from `rapport sessions`) or its id")
    e.add_argument("--out", metavar="DIR", default=".", help="the folder to write into (default: here)")
    e.add_argument("--data-dir", metavar="DIR", dest="export_data_dir", help=data_help)
    e.set_defaults(func=run_export_session)


def run_class(args: argparse.Namespace) -> int:
    scenario = load_named(args.scenario, args)
    try:
        from ..ui.classroom import launch_class
        from ..ui.launcher import NoDisplayError
    except ImportError as exc:
        raise CommandError(f"facilitator mode needs the game window, which cannot start here ({exc})") from None
    try:
        return launch_class(scenario, port=args.port, phones=False if args.no_votes else None,
                            scenes_dirs=folders(args), fullscreen=args.fullscreen, data_dir=args.data_dir)
    except NoDisplayError as exc:
        print(f"rapport: no display available ({exc}); facilitator mode needs a screen to project",
              file=sys.stderr)
        return EXIT_PROBLEMS


def run_sessions(args: argparse.Namespace) -> int:
    from ..progress.class_sessions import list_class_sessions

    with open_store(args) as store:
        try:
            sessions = list_class_sessions(store)
        except ProgressError as exc:
            raise CommandError(str(exc)) from None
    if args.json:
        print(json.dumps([s.__dict__ for s in sessions], indent=2))
    elif not sessions:
        print("No class sessions yet: run one with `rapport class SCENARIO` or Classroom on the title screen.")
    else:
        for s in sessions:
            when = s.started_at[:16].replace("T", " ")
            ending = f"ended: {s.ending_title}" if s.ending_title else "no ending reached"
            paths = f", {s.branches} paths" if s.branches > 1 else ""
            open_ = "" if s.ended_at else " (not closed)"
            print(f"{s.id:4}  {when}  {s.scenario_title or s.scenario_id}: {s.decisions} decision(s), "
                  f"{s.votes} vote(s){paths}, {ending}{open_}")
    return EXIT_OK


def run_export_session(args: argparse.Namespace) -> int:
    from ..classroom.export import with_rubric, write_export
    from ..progress.class_sessions import load_class_session
    from ..records.rubric import rubric_in_use
    from ..settings import default_dir

    args.data_dir = args.export_data_dir or args.data_dir  # given before or after "export"
    with open_store(args) as store:
        try:
            record = load_class_session(store, args.id)
        except ProgressError as exc:
            raise CommandError(str(exc)) from None
    rubric, problem = rubric_in_use(default_dir())
    if problem:
        print(f"rapport: {problem}", file=sys.stderr)
    try:
        json_path, csv_path = write_export(with_rubric(record, rubric), Path(args.out))
    except OSError as exc:
        raise CommandError(f"cannot write into {args.out}: {exc.strerror or exc}") from None
    print(f"Wrote class session {record['id']} ({record['scenario']['title']}, {record['started_at'][:10]}) "
          f"to {json_path} and {csv_path}")
    return EXIT_OK
