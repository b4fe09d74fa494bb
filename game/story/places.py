"""Where scene files are found: the shipped scenes, $RAPPORT_SCENES, and folders a command names.

Apart from the library so that `rapport` can name its folders before its first frame without
loading the story model (the scenes themselves are read just after the window is up)."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # game/
ENV_SCENES = "RAPPORT_SCENES"


def shipped_scene_dir() -> Path:
    """The scenes that come with Rapport: the repository's scenes/ in a checkout, else the wheel's copy."""
    checkout = _PACKAGE.parent / "scenes"
    if checkout.is_dir():
        return checkout
    return _PACKAGE / "_data" / "scenes"


def scene_dirs(extra: list[str | Path] | None = None) -> list[Path]:
    """Shipped scenes, then any folders named in $RAPPORT_SCENES, then ``extra``."""
    dirs = [shipped_scene_dir()]
    for part in os.environ.get(ENV_SCENES, "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()))
    dirs.extend(Path(p) for p in extra or [])
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique
