"""`rapport validate [PATH …] [--lang LANG]`: check scene files and folders, and their translations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS
from ..story import ERROR, WARNING, load_library
from ..story.analysis import DEFAULT_STATE_LIMIT, collector_paused, trapped_loops
from ..story.duties import check_duties, duty_marked
from ..story.statespace import StateGraph
from ..story.library import scene_files
from ..story import translation as tr
from .common import scene_targets
from .translate import language_code


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scene files or folders for mistakes",
                       description="Check scene files or folders, and the translations beside them "
                                   "(translations/LANG/ID.yaml). Prints file:line:col: message for each problem; "
                                   "exit 0 when there are no errors, 1 when there are.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="scene files, folders, scenario ids or translation files (default: every scene folder)")
    p.add_argument("--lang", action="append", type=language_code, metavar="LANG",
                   help="check the translations into LANG (may be repeated): every scene without one is listed, "
                        "and every line not yet translated")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    targets = scene_targets(args.paths, args)
    scenes = [t for t in targets if not tr.is_translation_path(t)]
    named = [f for t in targets if tr.is_translation_path(t) for f in tr.translation_files(t)]
    for f in named:  # a translation named on its own is checked against its scene
        scene = tr.scene_file_for(f)
        if scene.is_file() and scene not in scenes:
            scenes.append(scene)
    lib = load_library(scenes)
    for scenario in lib.sorted():
        # The duty rule on every path (engine, issue 12) needs every state; the loops only
        # conditions close and the dead ends (RP0504, RP0502) are read from that same
        # exploration, as analyze does (a scene without duties is explored up to
        # VALIDATE_STATES for them alone).
        graph = None
        marked = duty_marked(scenario)
        if marked is not None:
            with collector_paused():
                graph = StateGraph(scenario, DEFAULT_STATE_LIMIT, marked=marked)
        found = trapped_loops(scenario, graph=graph)
        if found:
            lib.diagnostics.extend(found)
        if scenario.duties:
            lib.diagnostics.extend(check_duties(scenario, str(lib.files[scenario.id]), DEFAULT_STATE_LIMIT,
                                                graph=graph))
    # translations: those beside each scene (or the languages asked for), or the files named
    checked = tr.check_library(lib.scenarios, lib.files, args.lang, named if named else None)
    for t in checked:
        lib.diagnostics.extend(t.diagnostics)
    loaded = {str(p.resolve()) for p in lib.files.values()}
    for f in named:
        if str(tr.scene_file_for(f).resolve()) not in loaded and tr.scene_file_for(f).is_file() is False:
            lib.diagnostics.extend(tr.orphans([f.parent.parent.parent], [p.stem for p in scene_files([f.parent.parent.parent])]))
    folders = {Path(f).parent for f in scene_files(scenes)} if not named else set()
    for folder in sorted(folders):
        lib.diagnostics.extend(tr.orphans([folder], [p.stem for p in scene_files([folder])]))
    errors = [d for d in lib.diagnostics if d.severity == ERROR]
    warnings = [d for d in lib.diagnostics if d.severity == WARNING]
    if args.json:
        print(json.dumps({
            "ok": not errors,
            "scenarios": sorted(lib.scenarios),
            "problems": [d.to_dict() for d in lib.diagnostics],
            "translations": [t.summary() for t in checked],
        }, indent=2))
    else:
        for d in lib.diagnostics:
            print(d)
        summary = f"{len(lib.scenarios)} scenario(s) checked: {len(errors)} error(s), {len(warnings)} warning(s)"
        if not lib.files and not lib.diagnostics:
            summary = "no scene files found"
        print(summary, file=sys.stderr)
        if checked:
            print("translations: " + "; ".join(_line(t) for t in checked), file=sys.stderr)
    return EXIT_PROBLEMS if errors or not (lib.files or lib.diagnostics) else EXIT_OK


def _line(t: tr.Translation) -> str:
    extra = []
    if t.missing:
        extra.append(f"{len(t.missing)} missing")
    if t.outdated:
        extra.append(f"{len(t.outdated)} outdated")
    if any(d.code == tr.NO_FILE for d in t.diagnostics):
        extra = ["no translation yet"]
    elif not t.used:
        extra.append("not used")
    return f"{t.scene} {t.language} {t.translated}/{t.lines} lines" + (f" ({', '.join(extra)})" if extra else "")
