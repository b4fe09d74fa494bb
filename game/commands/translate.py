"""`rapport translate SCENE --lang es [--out FILE]`: write or refresh a scene's translation file."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .common import load_named, scenario_path
from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError

LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def language_code(text: str) -> str:
    """An argparse type: a language code such as es or pt_BR."""
    if not LANGUAGE.match(text):
        shown = text[:20] if text.isprintable() else repr(text[:20])
        raise argparse.ArgumentTypeError(f"expected a language code such as es or pt_BR, not {shown}")
    return text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "translate", help="write a scene's translation file to fill in, or bring one up to date",
        description="Write scenes/translations/LANG/SCENE.yaml (beside the scene) with every line a player "
                    "reads and its source text beside it. An existing file keeps every translation: new "
                    "lines are added, lines whose source changed are marked with was:, and the file as it "
                    "was is kept as FILE.bak (.bak2 ...) before anything is written. See docs/languages.md.")
    p.add_argument("scenario", help="a scenario id (see `rapport list`) or a scene file")
    p.add_argument("--lang", required=True, type=language_code, metavar="LANG",
                   help="the language to translate into, e.g. es")
    p.add_argument("--out", metavar="FILE", help="where to write (default: translations/LANG/ID.yaml beside the scene; "
                                                 "- prints a fresh translation file to standard output)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..outfile import OutFileError, check_out, write_whole
    from ..story.diagnostics import ERROR, shown
    from ..story.translation import language_name, previous_entries, render, translation_path

    scene_file = scenario_path(args.scenario, args)
    scenario = load_named(args.scenario, args)
    if args.lang == scenario.source_language:
        raise CommandError(f'"{scenario.id}" is written in {args.lang} already; give the language to translate into')
    if args.out == "-":  # a fresh file on standard output: nothing read, nothing written
        sys.stdout.write(render(scenario, args.lang, str(scene_file), {}, None, []))
        return EXIT_OK
    out = Path(args.out) if args.out else translation_path(scene_file, scenario.id, args.lang)
    try:
        check_out(out)
    except OutFileError as exc:
        raise CommandError(str(exc)) from None
    old, notes, retired, checked = {}, None, [], None
    if out.exists():
        old, notes, retired, checked = previous_entries(scenario, out, args.lang)
        if not checked.used:  # a file with a mistake: exit 1, like a scene with errors
            for d in checked.diagnostics:
                if d.severity == ERROR:
                    print(d, file=sys.stderr)
            print(f"rapport: {shown(str(out))} cannot be read as a translation of \"{scenario.id}\" into {args.lang} "
                  f"(the problems are above); fix it first — nothing was written", file=sys.stderr)
            return EXIT_PROBLEMS
    text = render(scenario, args.lang, str(scene_file), old, notes, retired)
    backup = None
    if out.exists():
        try:
            if out.read_text(encoding="utf-8") == text:
                _report(out, scenario, args.lang, retired, None, unchanged=True)
                return EXIT_OK
        except (OSError, UnicodeDecodeError):
            pass
        backup = _backup(out)
        if backup is None:
            raise CommandError(f"could not keep a copy of {out} before updating it; nothing was written")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_whole(out, text.encode("utf-8"))
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
    except OutFileError as exc:
        raise CommandError(str(exc)) from None
    _report(out, scenario, args.lang, retired, backup)
    print(f"Next: fill in the {language_name(args.lang)} lines, then `rapport validate --lang {args.lang} "
          f"{scenario.id}` and `rapport play --text {scenario.id} --lang {args.lang}`.")
    return EXIT_OK


def _backup(path: Path) -> Path | None:
    """Copy the file as it was beside itself: NAME.bak, NAME.bak2 … An earlier copy is never
    written over, and one with the same content is reused. None: it could not be copied."""
    from ..settings_file import keep_copy

    return keep_copy(path, ".bak")


def _report(out: Path, scenario, language: str, retired: list, backup: Path | None, unchanged: bool = False) -> None:
    from ..story.translation import check_translation

    now = check_translation(scenario, out, language)
    verb = "Unchanged" if unchanged else "Wrote"
    parts = [f"{now.translated} of {now.lines} lines translated"]
    if now.outdated:
        parts.append(f"{len(now.outdated)} outdated (marked was:)")
    if retired:
        parts.append(f"{len(retired)} whose ids left the scene kept as comments at the end")
    print(f"{verb} {out}: {', '.join(parts)}.")
    if backup is not None:
        print(f"The file as it was is kept as {backup}.")
