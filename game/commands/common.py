"""What several subcommands share: finding scene folders and loading a scenario by name."""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import CommandError
from ..story import Scenario, load_scenario, resolve_scenario, scene_dirs


def folders(args: argparse.Namespace) -> list[Path]:
    return scene_dirs(getattr(args, "scenes", []))


def scenario_path(name: str, args: argparse.Namespace) -> Path:
    try:
        return resolve_scenario(name, folders(args))
    except LookupError as exc:
        raise CommandError(str(exc)) from None


def scene_targets(names: list[str], args: argparse.Namespace) -> list[Path]:
    """Files, folders or scenario ids from the command line (default: every scene folder).

    A name that looks like a path (a .yaml suffix or a slash) must exist; anything else is an id."""
    out: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir() or path.is_file():
            out.append(path)
        elif path.suffix in (".yaml", ".yml") or "/" in name:
            raise CommandError(f"{name}: no such file or folder")
        else:
            out.append(scenario_path(name, args))
    return out or folders(args)


def load_named(name: str, args: argparse.Namespace) -> Scenario:
    """Load a scenario by id or path; an unknown name is a CommandError, a broken file a ScenarioError."""
    return load_scenario(scenario_path(name, args))
