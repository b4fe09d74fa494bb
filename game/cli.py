"""The `rapport` command. Each subcommand lives in its own module under game/commands/ and
registers itself here; this module only builds the parser and turns failures into one line."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from . import __version__
from .commands.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CommandError, InputError

# Every subcommand: (name, module under game.commands, one-line help), in the order --help lists
# them. Only the chosen command's module is imported (its register(subparsers) adds its parsers
# and sets `func`); the others appear in --help from this table alone, so `rapport --help` and
# `rapport list` do not import the story core, progress or analysis they do not use.
COMMANDS = (
    ("play", "play", "play a scenario (in the window, or in the terminal with --text)"),
    ("list", "play", "list the scenarios found"),
    ("validate", "validate", "check scene files or folders for mistakes"),
    ("translate", "translate", "write a scene's translation file to fill in, or bring one up to date"),
    ("profiles", "progress", "list the student profiles and their progress"),
    ("export", "progress", "write one student's attempts as JSON (to hand in or archive)"),
    ("import", "progress", "bring in attempts exported on another computer (never twice)"),
    ("analyze", "analyze", "check every path of a scenario: dead ends, unreachable endings, loops, figures"),
    ("graph", "graph", "draw the story map (DOT, Mermaid, or SVG/PNG with Graphviz)"),
    ("new", "new", "start a new scenario from a commented template"),
    ("class", "classroom", "run a scenario with a class: facilitator mode, with votes from phones"),
    ("sessions", "classroom", "list the class sessions run in facilitator mode, or export one"),
    ("report", "report", "write a class report (HTML, and CSV if asked) from exported attempts"),
    ("xapi", "xapi", "learning records: connect to your course's LRS, send, or write statements to a file"),
    ("rubric", "rubric", "use your course's rubric: its names beside Rapport's in debriefs and records"),
)
COMMAND_MODULES = tuple(dict.fromkeys(module for _, module, _ in COMMANDS))
_GLOBAL_WITH_VALUE = ("--scenes", "--data-dir")

if TYPE_CHECKING:
    import argparse


def chosen_command(argv: list[str]) -> str | None:
    """The subcommand named on the command line (None: none, or only --help/--version)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif arg == "--":
            continue
        elif not arg.startswith("-"):
            return arg
    return None


def wants_help(argv: list[str]) -> bool:
    """Whether the command line asks for help (``-h``, ``--help`` or an abbreviation of it)."""
    return any((len(arg) >= 3 and "--help".startswith(arg)) or (arg.startswith("-h") and not arg.startswith("--"))
               for arg in argv)


def build_parser(command: str | None = None, listing: bool = True) -> argparse.ArgumentParser:
    """The parser; ``command`` (a name from COMMANDS) gets its full arguments, the others only
    their name and help. ``build_parser("*")`` registers every command in full (tests, docs).
    ``listing=False`` leaves the other commands out altogether: bare `rapport` (no command, no
    help asked) parses the same without them, and making their parsers cost several ms of
    argparse's gettext look-ups before the window's first frame."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="rapport",
        description="Rapport: role-play client encounters for social-work education.",
        epilog="With no command, Rapport opens the game window (or the terminal player where there is no display).",
    )
    parser.add_argument("--version", action="version", version=f"rapport {__version__}")
    parser.add_argument("--scenes", action="append", default=[], metavar="FOLDER",
                        help="also load scenarios from FOLDER (may be repeated)")
    # Its own dest: a subcommand's --data-dir (profiles, export, import) would otherwise reset it.
    parser.add_argument("--data-dir", dest="global_data_dir", metavar="DIR",
                        help="keep students' progress in DIR (default: $RAPPORT_DATA_DIR, else the per-user "
                             "data folder); settings stay in the per-user config folder")
    parser.add_argument("--assessed", dest="global_assessed", action="store_true",
                        help="assessed attempts only (no coach notes, no going back; feedback in the debrief), "
                             "for a lab; the same as RAPPORT_ASSESSED_ONLY=1 or the lab lock in lab.json")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {module for name, module, _ in COMMANDS if command in (name, "*")}
    registered: set[str] = set()
    for name, module, help_text in COMMANDS:
        if module in modules:
            if module not in registered:
                registered.add(module)
                importlib.import_module(f"game.commands.{module}").register(sub)
        elif listing:
            sub.add_parser(name, help=help_text, add_help=False)
    return parser


def bare_args() -> Any:
    """What the parser makes of an empty command line (bare `rapport`, the window), without
    importing argparse or building the parser: a few ms before the first frame. A test checks it
    against ``build_parser().parse_args([])``."""
    from types import SimpleNamespace

    return SimpleNamespace(command=None, scenes=[], global_data_dir=None, global_assessed=False)


def tolerant_output() -> None:
    """Let standard output and error show any text: on a console that cannot encode a character
    (a Windows console in cp1252, PYTHONIOENCODING=ascii, a file name that is not UTF-8) it is
    written as an escape (\\u2192) instead of ending the command with a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream already written through a buffer in another way
                pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    tolerant_output()
    from .i18n import tame_language_environment

    tame_language_environment()  # before argparse asks gettext for its words
    args: Any
    if not argv:
        args = bare_args()
    else:
        command = chosen_command(argv)
        args = build_parser(command, listing=command is not None or wants_help(argv)).parse_args(argv)

    if getattr(args, "data_dir", None) is None:
        args.data_dir = args.global_data_dir  # `rapport --data-dir DIR COMMAND`
    args.assessed = bool(getattr(args, "assessed", False) or args.global_assessed)  # `rapport --assessed [play]`
    if args.command is None:
        from .commands.play import run_default

        func = run_default
    else:
        func = args.func
    try:
        return func(args)
    except CommandError as exc:
        print(f"rapport: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS if isinstance(exc, InputError) else EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        # A scene file's problems. Looked up, not imported: a command that never loaded the story
        # core cannot raise its errors, and `rapport` opens its window before loading it.
        scenario_error = getattr(sys.modules.get("game.story"), "ScenarioError", None)
        if scenario_error is None or not isinstance(exc, scenario_error):
            raise
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
