"""`rapport report INPUTS… --out report.html`: one page on how a class played."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EXIT_OK, CommandError, input_error


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a class report (HTML, and CSV if asked) from exported attempts",
                       description="Read students' exports (`rapport export`), class sessions (`rapport sessions "
                                   "export`) and xAPI statements (`rapport xapi`, or JSON pulled from a learning "
                                   "record store) and write one self-contained HTML page.")
    p.add_argument("inputs", nargs="+", metavar="FILE", help="exported files to read")
    p.add_argument("--out", required=True, metavar="FILE", help="the HTML page to write")
    p.add_argument("--csv", metavar="FILE", help="also write one row per attempt for a spreadsheet")
    p.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="name students Student 1, 2, … instead of by their profile names")
    p.add_argument("--rubric", metavar="FILE", help="a YAML file naming practices, pitfalls and duties in your "
                                                    "programme's rubric (default: the one the exports carry)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..records.html import render_html
    from ..records.report import anonymised, report_csv, summarise
    from ..records.rubric import RubricError, load_rubric
    from ..records.sources import SourceError, read_inputs
    from ..story import load_library
    from ..story.yamlsrc import NO_FILE
    from .common import scene_targets

    outputs = [Path(args.out)] + ([Path(args.csv)] if args.csv else [])
    for out in outputs:
        _check_output(out)
    try:
        rubric = load_rubric(args.rubric) if args.rubric else None
    except RubricError as exc:  # a rubric with a mistake: exit 1 (not there at all: 2)
        raise input_error(str(exc), missing=any(d.code == NO_FILE for d in exc.diagnostics)) from None
    library = load_library(scene_targets([], args))
    try:
        carried: list = []
        attempts, notes = read_inputs(args.inputs, library.scenarios, carried)
    except SourceError as exc:  # an input that is not an export: exit 1 (nothing to read there: 2)
        raise input_error(str(exc), missing=exc.unreadable) from None
    if rubric is None and carried:
        rubric = _carried_rubric(carried, notes)
    if args.anonymise:
        attempts = anonymised(attempts)
    reports = summarise(attempts, rubric.names if rubric else None)
    page = render_html(reports, inputs=len(args.inputs), notes=notes, anonymised=args.anonymise,
                       rubric_name=rubric.name if rubric else None)
    _write(Path(args.out), page, "utf-8")
    if args.csv:
        _write(Path(args.csv), report_csv(attempts), "utf-8-sig")  # the mark tells Excel it is UTF-8
    for note in notes:
        print(f"rapport: {note}", file=sys.stderr)
    print(f"{len(attempts)} attempt(s) in {len(reports)} scenario(s) -> {args.out}"
          + (f" and {args.csv}" if args.csv else ""), file=sys.stderr)
    return EXIT_OK


def _carried_rubric(carried: list, notes: list[str]):
    """The rubric the students' exports carry, when they agree on one (else a note and none)."""
    from ..records.rubric import RubricError, rubric_from_export

    rubrics = []
    for source, data in carried:
        try:
            rubrics.append(rubric_from_export(data, source))
        except RubricError as exc:
            notes.append(f"{exc}; its rubric is not used")
    if not rubrics:
        return None
    if any(r != rubrics[0] for r in rubrics[1:]):
        notes.append("the exports carry different rubrics; none is used (name one with --rubric)")
        return None
    return rubrics[0]


def _check_output(path: Path) -> None:
    if path.is_symlink():
        raise CommandError(f"{path} is a symbolic link; give the path of a new or ordinary file")
    if path.exists() and not path.is_file():
        raise CommandError(f"{path} is not an ordinary file; give the path of a new or ordinary file")
    if not path.parent.exists():
        raise CommandError(f"the folder {path.parent} does not exist")


def _write(path: Path, text: str, encoding: str) -> None:
    # Written to a fresh temporary file beside its place (never one a link planted there leads
    # to) and renamed, so a failed write never leaves half a report.
    from ..outfile import OutFileError, write_whole

    try:
        write_whole(path, text.encode(encoding), private=True)
    except OutFileError as exc:
        raise CommandError(str(exc)) from None
