"""`rapport rubric`: use a course's rubric on this computer, so the debrief, the statements and
`rapport export` show its names for practices, pitfalls and duties beside Rapport's own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CommandError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rubric", help="use your course's rubric: its names beside Rapport's in debriefs and records",
                       description="A rubric is a small YAML file your instructor hands out (docs/records.md). "
                                   "A lab can name one for every student with $RAPPORT_RUBRIC instead.")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--use", metavar="FILE", help="check the rubric file and use it from now on")
    what.add_argument("--forget", action="store_true", help="stop using a rubric (a copy stays as rubric.yaml.previous)")
    what.add_argument("--show", action="store_true", help="show the rubric in use and its names")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..records.rubric import RUBRIC_FILE, RubricError, rubric_path, use_rubric
    from ..settings import default_dir
    from ..story.yamlsrc import NO_FILE

    folder = default_dir()
    if args.use:
        try:
            rubric, warnings = _checked(args.use)  # a misspelt key is named (a warning); then it is kept
            kept = use_rubric(folder, args.use)
        except RubricError as exc:  # a file with a mistake: exit 1, like a scene with errors
            print(f"rapport: {exc}", file=sys.stderr)
            missing = any(d.code == NO_FILE for d in exc.diagnostics)
            if not missing:
                print(f"rapport: the rubric is not used; {_in_use(folder)}", file=sys.stderr)
            return EXIT_USAGE if missing else EXIT_PROBLEMS
        for warning in warnings:
            print(warning, file=sys.stderr)
        print(f'Using "{_shown(rubric.name)}" ({len(rubric.names)} names); kept in {_shown(str(kept))}.')
        path, named = rubric_path(folder)
        if named:
            print(f"Note: $RAPPORT_RUBRIC names {_shown(str(path))}, which is used instead while it is set.")
        return EXIT_OK
    if args.forget:
        target = folder / RUBRIC_FILE
        if target.exists():
            try:
                target.replace(target.with_name(RUBRIC_FILE + ".previous"))
            except OSError as exc:
                raise CommandError(f"{target}: cannot set it aside ({exc.strerror or exc})") from None
            print("No rubric is used now; the last one is kept as rubric.yaml.previous.")
        else:
            print("No rubric was in use.")
        return EXIT_OK
    path, named = rubric_path(folder)
    if named or path.exists():
        try:
            rubric, warnings = _checked(path)
        except RubricError as exc:
            print(f"rapport: the course rubric is not used: {exc}", file=sys.stderr)
            return EXIT_USAGE if any(d.code == NO_FILE for d in exc.diagnostics) else EXIT_PROBLEMS
    else:
        rubric, warnings = None, []
    if rubric is None:
        print("No rubric is in use. `rapport rubric --use FILE` uses one.")
        return EXIT_OK
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(f"{_shown(rubric.name)} ({_shown(str(path))}{', named by $RAPPORT_RUBRIC' if named else ''})")
    for key, name in sorted(rubric.names.items()):
        print(f"  {_shown(key)}: {_shown(name)}")
    return EXIT_OK


def _checked(path):
    """The rubric at ``path`` and its warnings: keys that name no practice, pitfall or duty of any
    scene found (the scenes are read only when a key is not one of Rapport's practices)."""
    from ..records.rubric import check_rubric, known_keys
    from ..story import load_library

    rubric, warnings = check_rubric(path, None)
    if set(rubric.names) - set(known_keys()):
        rubric, warnings = check_rubric(path, known_keys(load_library().scenarios.values()))
    return rubric, warnings


def _in_use(folder: Path) -> str:
    from ..records.rubric import RUBRIC_FILE, rubric_path

    path, named = rubric_path(folder)
    if named:
        return f"$RAPPORT_RUBRIC names {_shown(str(path))}, which is used as before"
    if (folder / RUBRIC_FILE).exists():
        return f"the one in use ({_shown(str(folder / RUBRIC_FILE))}) stays in use"
    return "none was in use"


def _shown(text: str) -> str:
    """Text from a file as the terminal shows it: control characters escaped, never sent."""
    from ..story.diagnostics import shown

    return shown(text)
