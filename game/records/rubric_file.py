"""Whether this computer uses a course rubric, and where its file is: kept apart from
game.records.rubric (which reads and checks one) so the window can ask before its first frame
without loading the rubric reader when there is no rubric, as on most computers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import _

if TYPE_CHECKING:
    from .rubric import Rubric

# A rubric in use on this computer: a copy kept beside the settings (`rapport rubric --use FILE`),
# or a file a lab image names in $RAPPORT_RUBRIC. The window's debrief, the terminal's, the
# statements and `rapport export` then show its names beside Rapport's own.
RUBRIC_FILE = "rubric.yaml"
ENV_RUBRIC = "RAPPORT_RUBRIC"


def rubric_path(config_folder: str | Path, environ: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """Where the rubric in use lives, and whether a lab named it (then it must be there)."""
    import os

    named = (os.environ if environ is None else environ).get(ENV_RUBRIC, "").strip()
    return (Path(named), True) if named else (Path(config_folder) / RUBRIC_FILE, False)


def rubric_in_use(config_folder: str | Path, environ: Mapping[str, str] | None = None) -> tuple[Rubric | None, str | None]:
    """The rubric this computer uses and, when its file cannot be used, a sentence saying why
    (no file at all: neither; play goes on without a rubric either way)."""
    path, named = rubric_path(config_folder, environ)
    if not named and not path.exists():
        return None, None
    from .rubric import RubricError, load_rubric

    try:
        return load_rubric(path), None
    except RubricError as exc:
        return None, _("The course rubric is not used: {problem}").format(problem=exc)
