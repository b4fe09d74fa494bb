"""`rapport play`, `rapport list`, and bare `rapport`."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import EXIT_OK, EXIT_PROBLEMS, CommandError
from ..story import build_debrief, load_library
from ..terminal.player import ScriptError, TerminalPlayer, play_scripted
from ..terminal.text import Style, debrief_text
from .common import folders, load_named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="play a scenario (in the window, or in the terminal with --text)")
    p.add_argument("scenario", help="a scenario id (see `rapport list`) or a scene file")
    p.add_argument("--text", action="store_true", help="play in the terminal as plain text (works with screen readers)")
    p.add_argument("--choices", metavar="N,N,…",
                   help="play non-interactively: choice numbers (1 = first offered) or choice ids, comma-separated")
    p.add_argument("--json", action="store_true", help="with --choices: print the ending and debrief as JSON")
    p.add_argument("--coach", action="store_true", help="show a coach note after each choice")
    p.add_argument("--fullscreen", action="store_true", help="open the window fullscreen")
    p.set_defaults(func=run_play)

    p = sub.add_parser("list", help="list the scenarios found")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=run_list)


def run_play(args: argparse.Namespace) -> int:
    if args.json and not args.choices:
        raise CommandError("--json needs --choices (it prints the result of a scripted play)")
    scenario = load_named(args.scenario, args)
    if args.choices is not None:
        try:
            state = play_scripted(scenario, args.choices.split(","))
        except ScriptError as exc:
            raise CommandError(str(exc)) from None
        debrief = build_debrief(scenario, state)
        if args.json:
            print(json.dumps({"scenario": scenario.id, "finished": state.is_over,
                              "node": state.node_id, "debrief": debrief.to_dict()}, indent=2))
        elif state.is_over:
            print(debrief_text(debrief, Style(sys.stdout.isatty())))
        if not state.is_over:
            print(f'rapport: the choices ran out at node "{state.node_id}" before an ending', file=sys.stderr)
            return EXIT_PROBLEMS
        return EXIT_OK
    if args.text:
        return TerminalPlayer(scenario, coach=args.coach).run()
    return _window(args, scenario.id)


def run_list(args: argparse.Namespace) -> int:
    lib = load_library(folders(args))
    scenarios = lib.sorted()
    if args.json:
        print(json.dumps([{"id": s.id, "title": s.title, "difficulty": s.difficulty, "minutes": s.minutes,
                           "file": str(lib.files[s.id])} for s in scenarios], indent=2))
    else:
        for s in scenarios:
            print(f"{s.id:24} {s.title}  ({s.difficulty}, ~{s.minutes} min)")
    if lib.errors:
        print(f"rapport: {len(lib.errors)} problem(s) in scene files; run `rapport validate` to see them", file=sys.stderr)
    return EXIT_OK


def run_default(args: argparse.Namespace) -> int:
    """Bare `rapport`: the window where there is a display, else the terminal player."""
    return _window(args, None)


def _window(args: argparse.Namespace, scenario_id: str | None) -> int:
    try:
        from ..ui.launcher import NoDisplayError, launch
    except ImportError:
        return _terminal_menu(args) if scenario_id is None else TerminalPlayer(load_named(scenario_id, args)).run()
    try:
        return launch(scenario_id, scenes_dirs=folders(args), fullscreen=getattr(args, "fullscreen", False),
                      data_dir=getattr(args, "data_dir", None))
    except NoDisplayError as exc:
        print(f"rapport: no display available ({exc}); play in the terminal with `rapport play --text SCENARIO` "
              f"(`rapport list` shows the scenarios)", file=sys.stderr)
        return EXIT_PROBLEMS


def _terminal_menu(args: argparse.Namespace) -> int:
    lib = load_library(folders(args))
    scenarios = lib.sorted()
    if not scenarios:
        raise CommandError("no scenarios found; run `rapport validate` to see why")
    print("Rapport — choose an encounter:\n")
    for n, s in enumerate(scenarios, 1):
        print(f"  {n}) {s.title}  ({s.difficulty}, ~{s.minutes} min)")
    while True:
        try:
            answer = input(f"\nNumber (1-{len(scenarios)}, q to quit): ").strip()
        except EOFError:
            return EXIT_OK
        if answer == "q":
            return EXIT_OK
        if answer.isdigit() and 1 <= int(answer) <= len(scenarios):
            return TerminalPlayer(scenarios[int(answer) - 1]).run()
