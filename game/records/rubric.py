"""A course's own rubric: names for Rapport's practices, pitfalls and duties in the words of a
programme's competency framework, read from a small YAML file an instructor writes.

    name: BSW engagement rubric
    map:
      empathy: "2.1 Engages with empathy"
      judging: "2.4 Avoids judgement"
      ask-about-suicide: "4.2 Assesses risk"

The file is untrusted: a mistake gives one message with the file, the line and what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.i18n import _

MAX_RUBRIC_BYTES = 256 * 1024
MAX_NAME = 200


class RubricError(ValueError):
    pass


@dataclass(frozen=True)
class Rubric:
    name: str
    names: Mapping[str, str] = field(default_factory=dict)  # tag or duty id -> the rubric's words

    def label(self, key: str) -> str | None:
        return self.names.get(key)


def load_rubric(path: str | Path) -> Rubric:
    import yaml  # here: the window asks for a rubric before its first frame, mostly to find none

    path = Path(path)
    try:
        if path.stat().st_size > MAX_RUBRIC_BYTES:
            raise RubricError(f"{path}: larger than {MAX_RUBRIC_BYTES // 1024} KB; a rubric is a short list of names")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        # Plain YAML only; aliases are refused so a shared file cannot blow up in memory.
        for token in yaml.scan(text):
            if isinstance(token, (yaml.AliasToken, yaml.AnchorToken, yaml.TagToken)):
                mark = token.start_mark
                raise RubricError(f"{path}:{mark.line + 1}:{mark.column + 1}: anchors, aliases and tags are not "
                                  "allowed in a rubric file")
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise RubricError(f"{path}:{where}: YAML syntax: {exc.problem}") from None
    except (yaml.YAMLError, RecursionError):
        raise RubricError(f"{path}: not readable YAML") from None
    if not isinstance(data, dict):
        raise RubricError(f"{path}:1:1: expected a mapping with `name` and `map`")
    unknown = sorted(set(map(str, data)) - {"name", "map"})
    if unknown:
        raise RubricError(f'{path}: unknown key "{unknown[0]}"; a rubric has `name` and `map`')
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise RubricError(f"{path}: `name` should be the rubric's name (text up to {MAX_NAME} characters)")
    mapping = data.get("map")
    if not isinstance(mapping, dict) or not mapping:
        raise RubricError(f"{path}: `map` should map practices, pitfalls or duty ids to the rubric's names")
    names = {}
    for key, value in mapping.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
            raise RubricError(f'{path}: in `map`, "{key}" should map to the rubric\'s name for it (text up to '
                              f"{MAX_NAME} characters)")
        names[key] = " ".join(value.split())
    return Rubric(" ".join(name.split()), names)


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
    try:
        return load_rubric(path), None
    except RubricError as exc:
        return None, _("The course rubric is not used: {problem}").format(problem=exc)


def use_rubric(config_folder: str | Path, source: str | Path) -> Path:
    """Check ``source`` and keep a copy as the rubric in use; a rubric already in use is kept
    beside it as ``rubric.yaml.previous`` rather than lost."""
    from game.outfile import OutFileError, write_whole

    load_rubric(source)  # refuses a broken file before anything is written
    target = Path(config_folder) / RUBRIC_FILE
    text = Path(source).read_bytes()
    try:
        Path(config_folder).mkdir(parents=True, exist_ok=True)
        if target.exists():
            write_whole(target.with_name(RUBRIC_FILE + ".previous"), target.read_bytes())
        write_whole(target, text)
    except (OSError, OutFileError) as exc:
        raise RubricError(f"{target}: cannot keep the rubric there ({getattr(exc, 'strerror', None) or exc})") from None
    return target


def rubric_export(rubric: Rubric | None) -> dict | None:
    """The rubric as an export carries it: {"name": ..., "map": {key: name}}."""
    return None if rubric is None else {"name": rubric.name, "map": dict(rubric.names)}


def rubric_from_export(data: object, source: str) -> Rubric:
    """A rubric carried in an export file (already size-checked as part of the file)."""
    if not isinstance(data, dict) or set(data) - {"name", "map"}:
        raise RubricError(f'{source}: "rubric" should be {{"name": ..., "map": {{...}}}}')
    name, mapping = data.get("name"), data.get("map")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise RubricError(f'{source}: "rubric"."name" should be text up to {MAX_NAME} characters')
    if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() and len(v) <= MAX_NAME for k, v in mapping.items()):
        raise RubricError(f'{source}: "rubric"."map" should map practices, pitfalls or duty ids to names')
    return Rubric(" ".join(name.split()), {k: " ".join(v.split()) for k, v in mapping.items()})
