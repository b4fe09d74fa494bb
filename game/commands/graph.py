"""`rapport graph SCENARIO`: the story map as DOT or Mermaid text, or as SVG/PNG through Graphviz."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import EXIT_OK, CommandError
from ..story.graph import to_dot, to_mermaid
from ..outfile import OutFileError, write_whole
from .common import load_named

TEXT_FORMATS = ("dot", "mermaid")
IMAGE_FORMATS = ("svg", "png")
SUFFIXES = {".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid", ".svg": "svg", ".png": "png"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "graph", help="draw the story map (DOT, Mermaid, or SVG/PNG with Graphviz)",
        description="Draw a scenario's story map: nodes grouped by scene, choices labelled with id and practice "
                    "and coloured by their effect on trust (green up, red down), conditions on the edges, "
                    "endings coloured by outcome. svg and png need Graphviz's `dot` program.")
    p.add_argument("scenario", help="a scenario id or a scene file")
    p.add_argument("--format", choices=TEXT_FORMATS + IMAGE_FORMATS,
                   help="output format (default: from the --out suffix, else dot)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output (- is standard output)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.out == "-":  # the usual name for standard output, not a file called "-"
        args.out = None
    fmt = args.format or (SUFFIXES.get(Path(args.out).suffix.lower()) if args.out else None) or "dot"
    if fmt == "png" and not args.out and sys.stdout.isatty():
        raise CommandError("png is binary: give --out FILE.png (or pipe the output)")
    dot_program = shutil.which("dot") if fmt in IMAGE_FORMATS else None
    if fmt in IMAGE_FORMATS and dot_program is None:
        raise CommandError(f"{fmt} output needs Graphviz's `dot` program, which was not found on PATH; "
                           f"install Graphviz, or use --format dot or --format mermaid")
    scenario = load_named(args.scenario, args)
    if fmt == "mermaid":
        data: bytes = to_mermaid(scenario).encode("utf-8")
    else:
        data = to_dot(scenario).encode("utf-8")
        if fmt in IMAGE_FORMATS:
            data = render(dot_program, data, fmt)
    if args.out:
        try:
            write_whole(args.out, data)  # never onto a device, a folder or through a link
        except OutFileError as exc:
            raise CommandError(str(exc)) from None
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK


def render(dot_program: str, source: bytes, fmt: str) -> bytes:
    try:
        done = subprocess.run([dot_program, f"-T{fmt}"], input=source, capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CommandError(f"Graphviz `dot` failed: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CommandError(f"Graphviz `dot` failed: {reason[0] if reason else f'exit status {done.returncode}'}")
    return done.stdout
