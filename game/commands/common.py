"""What several subcommands share: finding scene folders and loading a scenario by name."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import CommandError
from ..story import Scenario, load_scenario, resolve_scenario, scene_dirs


def folders(args: argparse.Namespace) -> list[Path]:
    return scene_dirs(getattr(args, "scenes", []))


def scenario_path(name: str, args: argparse.Namespace) -> Path:
    try:
        return resolve_scenario(name, folders(args))
    except LookupError as exc:
        raise CommandError(str(exc)) from None


def load_named(name: str, args: argparse.Namespace) -> Scenario:
    """Load a scenario by id or path; an unknown name is a CommandError, a broken file a ScenarioError."""
    return load_scenario(scenario_path(name, args))
