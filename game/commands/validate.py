"""`rapport validate [PATH …]`: check scene files and folders."""

from __future__ import annotations

import argparse
import json
import sys

from .errors import EXIT_OK, EXIT_PROBLEMS
from ..story import ERROR, load_library
from ..story.analysis import DEFAULT_STATE_LIMIT, trapped_loops
from ..story.duties import check_duties
from .common import scene_targets


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scene files or folders for mistakes",
                       description="Check scene files or folders. Prints file:line:col: message for each problem; "
                                   "exit 0 when there are no errors, 1 when there are.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="scene files, folders or scenario ids (default: every scene folder)")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lib = load_library(scene_targets(args.paths, args))
    for scenario in lib.sorted():  # loops only conditions close, and dead ends (RP0504, RP0502)
        found = trapped_loops(scenario)
        if found:
            lib.diagnostics.extend(found)
    for scenario in lib.sorted():  # the duty rule on every path (engine, issue 12)
        if scenario.duties:
            lib.diagnostics.extend(check_duties(scenario, str(lib.files[scenario.id]), DEFAULT_STATE_LIMIT))
    errors = [d for d in lib.diagnostics if d.severity == ERROR]
    if args.json:
        print(json.dumps({
            "ok": not errors,
            "scenarios": sorted(lib.scenarios),
            "problems": [d.to_dict() for d in lib.diagnostics],
        }, indent=2))
    else:
        for d in lib.diagnostics:
            print(d)
        warnings = len(lib.diagnostics) - len(errors)
        summary = f"{len(lib.scenarios)} scenario(s) checked: {len(errors)} error(s), {warnings} warning(s)"
        if not lib.files and not lib.diagnostics:
            summary = "no scene files found"
        print(summary, file=sys.stderr)
    return EXIT_PROBLEMS if errors or not (lib.files or lib.diagnostics) else EXIT_OK
