"""`rapport rubric`: use a course's rubric on this computer, so the debrief, the statements and
`rapport export` show its names for practices, pitfalls and duties beside Rapport's own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError


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
    from ..records.rubric import RUBRIC_FILE, RubricError, rubric_in_use, rubric_path, use_rubric
    from ..settings import default_dir

    folder = default_dir()
    if args.use:
        if not Path(args.use).exists():
            raise CommandError(f"{args.use}: no such file")
        try:
            kept = use_rubric(folder, args.use)
        except RubricError as exc:  # a file with a mistake: exit 1, like a scene with errors
            print(f"rapport: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        rubric, _ = rubric_in_use(folder)
        print(f'Using "{rubric.name if rubric else args.use}" ({len(rubric.names) if rubric else 0} names); '
              f"kept in {kept}.")
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
    rubric, problem = rubric_in_use(folder)
    if problem:
        raise CommandError(problem)
    if rubric is None:
        print("No rubric is in use. `rapport rubric --use FILE` uses one.")
        return EXIT_OK
    path, named = rubric_path(folder)
    print(f"{rubric.name} ({path}{', named by $RAPPORT_RUBRIC' if named else ''})")
    for key, name in sorted(rubric.names.items()):
        print(f"  {key}: {name}")
    return EXIT_OK
