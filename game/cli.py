"""The `rapport` command. Each subcommand lives in its own module under game/commands/ and
registers itself here; this module only builds the parser and turns failures into one line."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .commands.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CommandError
from .story import ScenarioError

# Modules under game.commands, each with register(subparsers) setting `func` on its parser.
COMMAND_MODULES = ("play", "validate", "progress", "analyze", "graph", "new", "classroom")

def build_parser() -> argparse.ArgumentParser:
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"game.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "data_dir", None) is None:
        args.data_dir = args.global_data_dir  # `rapport --data-dir DIR COMMAND`
    if args.command is None:
        from .commands.play import run_default

        func = run_default
    else:
        func = args.func
    try:
        return func(args)
    except ScenarioError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_PROBLEMS
    except CommandError as exc:
        print(f"rapport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
