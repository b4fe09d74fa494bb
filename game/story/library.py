"""Finding and loading the scenario library: every scene file in the scene folders."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import ERROR, Diagnostic
from .model import Scenario

if TYPE_CHECKING:
    from .translation import Translation

from .places import ENV_SCENES, scene_dirs, shipped_scene_dir  # noqa: F401 (the names this module always had)

SCENE_SUFFIXES = (".yaml", ".yml")
TRANSLATION_CODES = ("RP07",)


def scene_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            try:
                files.extend(sorted(f for f in p.iterdir() if f.suffix in SCENE_SUFFIXES and not f.is_dir()))
            except OSError:
                continue  # an unreadable folder: load_library says so
        elif p.is_file() or p.exists():  # a device or a pipe is refused by the reader with a message
            files.append(p)
    return files


@dataclass
class Library:
    """Every scenario found (in display order once loaded), the problems found on the way, and
    where each scenario came from. The window, the terminal and the commands share it."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # scenario id -> file
    # The language asked for (None: each scene in its own), and per scenario id the translation
    # used, with what it lacks (game/story/translation.py).
    language: str | None = None
    translations: dict[str, Translation] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def notices(self) -> list[str]:
        """One line per scene file that failed to load (its first error): enough for a player.
        (A translation's problems are the translator's: the scene still plays, and `rapport
        validate` lists them.)"""
        first: dict[str, str] = {}
        for diagnostic in self.errors:
            if diagnostic.code.startswith(TRANSLATION_CODES):
                continue
            first.setdefault(diagnostic.file, str(diagnostic))
        return list(first.values())

    @property
    def translation_problems(self) -> list[tuple[Scenario, bool, Diagnostic]]:
        """Each scenario whose translation has errors: the scenario, whether the translation is
        used at all (False: the scene plays wholly in its own language), and the first error.
        The window says so in a line; `rapport validate --lang` lists every problem."""
        out = []
        for scenario_id, translation in self.translations.items():
            errors = translation.errors
            if errors and scenario_id in self.scenarios:
                out.append((self.scenarios[scenario_id], translation.used, errors[0]))
        return out

    def sorted(self) -> list[Scenario]:
        order = {"introductory": 0, "intermediate": 1, "advanced": 2}
        # Graded difficulty: easiest first, and within a level the shortest (the tutorial) first.
        return sorted(self.scenarios.values(), key=lambda s: (order.get(s.difficulty, 3), s.minutes, s.title))


def load_library(paths: list[str | Path] | str | Path | None = None, language: str | None = None) -> Library:
    """Load every scene file in ``paths`` (folders or files; default: scene_dirs()).

    ``language`` (a code such as "es"): each scenario with a translation file into it
    (``translations/<language>/<id>.yaml`` beside the scene) comes in that language, with the
    scene's own words wherever the translation has none; the translation's problems and the
    lines it lacks join the diagnostics. Ids, conditions and effects never change."""
    from .loader import check_file  # here, so finding the scene folders never loads the YAML parser
    from .translation import translate

    if paths is None:
        folders = scene_dirs()
    elif isinstance(paths, (str, Path)):
        folders = [Path(paths)]
    else:
        folders = [Path(p) for p in paths]
    lib = Library(language=language)
    for folder in folders:
        if folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
            lib.diagnostics.append(Diagnostic(str(folder), 0, 0, "cannot read this scene folder (permission denied)",
                                              code="RP0117"))
    for path in scene_files(folders):
        scenario, diagnostics = check_file(path)
        lib.diagnostics.extend(diagnostics)
        if scenario is None:
            continue
        if scenario.id in lib.scenarios:
            lib.diagnostics.append(Diagnostic(str(path), 1, 1,
                                              f'scenario id "{scenario.id}" is already used by {lib.files[scenario.id]}',
                                              code="RP0116"))
            continue
        if language:
            scenario, translation = translate(scenario, path, language)
            if translation is not None:
                lib.translations[scenario.id] = translation
                lib.diagnostics.extend(translation.diagnostics)
        lib.scenarios[scenario.id] = scenario
        lib.files[scenario.id] = path
    lib.scenarios = {s.id: s for s in lib.sorted()}
    return lib


class NotASceneFile(LookupError):
    """The name is there, but is a folder, a device or a pipe where a scene file was expected."""


def resolve_scenario(name: str, folders: list[Path] | None = None) -> Path:
    """A scene file from a path or a scenario id; raise LookupError with a one-line reason
    (NotASceneFile when the name is there but is no file)."""
    as_path = Path(name)
    if as_path.suffix in SCENE_SUFFIXES or os.sep in name:
        if as_path.is_file():
            return as_path
        if as_path.is_dir():
            raise NotASceneFile(f"{name}: is a folder; give a scene file (a .yaml file) in it")
        if as_path.exists():
            raise NotASceneFile(f"{name}: not an ordinary file (a device or a pipe); expected a scene file")
        raise LookupError(f"{name}: no such file")
    files = scene_files(folders or scene_dirs())
    for f in files:
        if f.stem == name:
            return f
    known = sorted(f.stem for f in files)
    raise LookupError(f'no scenario "{name}"; known scenarios: {", ".join(known) or "none"}')
