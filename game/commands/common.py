"""What several subcommands share: finding scene folders and loading a scenario by name."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import CommandError, InputError
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from ..story import Scenario


def folders(args: argparse.Namespace) -> list[Path]:
    from ..story.places import scene_dirs  # no story model for a command that only needs folders

    for name in getattr(args, "scenes", []):
        _look(Path(name), name)
    return scene_dirs(getattr(args, "scenes", []))


def _look(path: Path, name: str) -> bool:
    """Whether ``path`` exists; a name the system refuses to look at (too long...) is a CommandError."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise CommandError(f"{short(name)}: not a usable path ({reason})") from None
    return True


def short(text: str, limit: int = 60) -> str:
    """A command-line value as a message may quote it: shortened, control characters escaped."""
    shown = text[:limit] + ("…" if len(text) > limit else "")
    return shown if shown.isprintable() else repr(shown)


def whole_number(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high`` written in ASCII digits.

    Anything else (``²``, ``1e3``, a number of 5,000 digits) is a usage error (exit 2) that says
    what was expected; int() alone would take ``²`` apart with a traceback or run for hours."""
    def parse(text: str) -> int:
        body = text[1:] if text[:1] == "-" else text
        if not (body.isascii() and body.isdigit()) or len(body) > len(str(max(abs(low), abs(high)))) + 1 \
                or not low <= int(text) <= high:
            import argparse

            raise argparse.ArgumentTypeError(f"expected a whole number from {low:,} to {high:,}, not {short(text, 20)!s}")
        return int(text)

    parse.__name__ = "whole number"
    return parse


def scenario_path(name: str, args: argparse.Namespace) -> Path:
    from ..story import resolve_scenario

    from ..story.library import NotASceneFile

    try:
        return resolve_scenario(name, folders(args))
    except NotASceneFile as exc:  # there, but not a file: bad input (1), not a missing one (2)
        raise InputError(str(exc)) from None
    except LookupError as exc:
        raise CommandError(str(exc)) from None


def scene_targets(names: list[str], args: argparse.Namespace) -> list[Path]:
    """Files, folders or scenario ids from the command line (default: every scene folder).

    A name that looks like a path (a .yaml suffix or a slash) must exist; anything else is an id."""
    out: list[Path] = []
    for name in names:
        path = Path(name)
        if _look(path, name):  # a folder, a file, or something else the reader refuses with a message
            out.append(path)
        elif path.suffix in (".yaml", ".yml") or "/" in name:
            raise CommandError(f"{name}: no such file or folder")
        else:
            out.append(scenario_path(name, args))
    return out or folders(args)


def load_named(name: str, args: argparse.Namespace, language: str | None = None) -> Scenario:
    """Load a scenario by id or path; an unknown name is a CommandError, a broken file a ScenarioError.

    ``language``: the scenario in that language where a translation file for it exists (the
    scene's own words for any line it lacks); a translation with errors says so in one line."""
    from ..story import load_scenario

    path = scenario_path(name, args)
    scenario = load_scenario(path)
    if language:
        from ..story.translation import translate

        scenario, translation = translate(scenario, path, language)
        if translation is not None and translation.errors:
            print(f"rapport: the {language} translation of \"{scenario.id}\" has {len(translation.errors)} problem(s), "
                  f"so some lines show untranslated; `rapport validate --lang {language} {scenario.id}` lists them",
                  file=sys.stderr)
    return scenario


def scene_language(args: argparse.Namespace) -> str:
    """The language scenes are shown in to players: `--lang`, else the language setting (the
    system's language when it is unset), as the window uses them. The interface's own words
    (game.i18n) follow it, so the terminal player speaks one language."""
    from .. import i18n

    chosen = getattr(args, "lang", None)
    if chosen:
        i18n.set_language(chosen)  # a scene language without an interface catalogue keeps English words
        return chosen
    return i18n.set_language(_language_setting())


def _language_setting() -> str | None:
    """The `language` of settings.json, read without side effects (a broken file is the window's
    to report and keep aside); None when unset or unreadable."""
    from ..settings import default_dir, parse_settings
    from ..settings_file import read_settings_file
    from ..settings import FILE_NAME

    try:
        text, _ = read_settings_file(default_dir() / FILE_NAME)
        if not text:
            return None
        settings, _ = parse_settings(text)
    except (OSError, ValueError):
        return None
    return settings.language
