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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.story.diagnostics import ERROR, WARNING, Diagnostic, did_you_mean

# Where the rubric in use lives, and whether there is one: game/records/rubric_file.py (the window
# asks before its first frame, and most computers have no rubric for it to load).
from .rubric_file import ENV_RUBRIC, RUBRIC_FILE, rubric_in_use, rubric_path  # noqa: F401

MAX_RUBRIC_BYTES = 256 * 1024
MAX_NAME = 200
MAX_ENTRIES = 500  # Rapport has a dozen practices and pitfalls and a few duties a scene

# -- diagnostic codes (RP08xx, listed in docs/records.md) ------------------------------------
SHAPE = "RP0801"  # error: not the shape of a rubric (keys, types, lengths)
UNKNOWN = "RP0802"  # warning: a key that names no practice, pitfall or duty Rapport knows


class RubricError(ValueError):
    """A rubric that cannot be used. ``str()`` is one line (file:line:col: what was expected, its
    control characters shown escaped); ``diagnostics`` holds every problem found."""

    def __init__(self, message: str | Diagnostic, diagnostics: Iterable[Diagnostic] = ()):
        self.diagnostics = list(diagnostics) or ([message] if isinstance(message, Diagnostic) else [])
        super().__init__(str(message))


@dataclass(frozen=True)
class Rubric:
    name: str
    names: Mapping[str, str] = field(default_factory=dict)  # tag or duty id -> the rubric's words

    def label(self, key: str) -> str | None:
        return self.names.get(key)


def known_keys(scenarios: Iterable = ()) -> list[str]:
    """What a rubric may name: Rapport's practices and pitfalls, and the duties of ``scenarios``."""
    from game.story.model import TAG_LABELS

    keys = list(TAG_LABELS)
    for scenario in scenarios:
        keys.extend(d.id for d in scenario.duties if d.id not in keys)
    return keys


def load_rubric(path: str | Path) -> Rubric:
    """The rubric in the file at ``path``; RubricError (its first problem, file:line:col) if it
    cannot be used."""
    return check_rubric(path)[0]


def check_rubric(path: str | Path, known: Iterable[str] | None = None) -> tuple[Rubric, list[Diagnostic]]:
    """Read and check a rubric file with the safe YAML reader every file Rapport takes from a
    person goes through (game.story.yamlsrc: no aliases, tags, devices, huge or deep files).
    Returns the rubric and its warnings (with ``known``: keys that name nothing Rapport knows,
    with a did-you-mean); raises RubricError when it cannot be used."""
    from game.story.yamlsrc import read_text

    text, problems = read_text(path, "rubric", MAX_RUBRIC_BYTES)
    if text is None:
        raise RubricError(problems[0], problems)
    return check_rubric_text(text, str(path), known)


def check_rubric_text(text: str, name: str, known: Iterable[str] | None = None) -> tuple[Rubric, list[Diagnostic]]:
    """check_rubric on a rubric file's ``text`` (``name``: the file, as messages name it)."""
    from game.story.yamlsrc import YList, YMap, clean_text, read_yaml
    from game.story.yamlsrc import describe_value as kind_of

    data, problems = read_yaml(text, name, index=False, kind="rubric", limit=MAX_RUBRIC_BYTES)
    warnings = [d for d in problems if d.severity != ERROR]
    errors = [d for d in problems if d.severity == ERROR]

    def refuse(pos: tuple[int, int], message: str) -> None:
        errors.append(Diagnostic(name, pos[0], pos[1], message, ERROR, SHAPE))

    if not errors and not isinstance(data, YMap):
        refuse((1, 1), f"a rubric is a mapping with name: and map:, found {kind_of(data)}")
    rubric_name, names = "", {}
    if not errors:
        for key in data:
            if key not in ("name", "map"):
                refuse(data.key_pos[key], f'unknown key "{_short(key)}"{did_you_mean(str(key), ("name", "map"))}; '
                                          f"a rubric has name: (its title) and map: (Rapport's names to its own)")
        value = data.get("name")
        where = data.value_pos.get("name", data.pos)
        if not isinstance(value, str) or not value.strip():
            refuse(where, f"name: should be the rubric's title (text), found {kind_of(value)}")
        elif len(value) > MAX_NAME:
            refuse(where, f"name: is {len(value):,} characters long; a rubric's title has at most {MAX_NAME}")
        else:
            rubric_name = " ".join(clean_text(value).split())
        mapping = data.get("map")
        where = data.value_pos.get("map", data.pos)
        if not isinstance(mapping, YMap) or not mapping:
            found = "an empty mapping" if isinstance(mapping, YMap) else kind_of(mapping)
            refuse(where, "map: should map Rapport's practices, pitfalls or duty ids to the rubric's names "
                          f"(empathy: \"2.1 Engages with empathy\"), found {found}")
        elif len(mapping) > MAX_ENTRIES:
            refuse(where, f"map: has {len(mapping):,} entries; a rubric names at most {MAX_ENTRIES}")
        else:
            for key, value in mapping.items():
                at = mapping.value_pos[key]
                if not isinstance(key, str) or isinstance(key, (YMap, YList)) or not key.strip():
                    refuse(mapping.key_pos[key], f"a key of map: should be a practice, pitfall or duty id such as "
                                                 f"empathy, found {kind_of(key)}")
                elif not isinstance(value, str) or not value.strip():
                    refuse(at, f'map: "{_short(key)}" should be the rubric\'s name for it (text), found {kind_of(value)}')
                elif len(value) > MAX_NAME:
                    refuse(at, f'map: "{_short(key)}" is {len(value):,} characters long; a name has at most {MAX_NAME}')
                else:
                    where_key = mapping.key_pos[key]
                    key = clean_text(key).strip()
                    names[key] = " ".join(clean_text(value).split())
                    if known is not None and key not in known:
                        known = list(known)
                        warnings.append(Diagnostic(
                            name, *where_key, f'"{_short(key)}" names no practice, pitfall or duty Rapport '
                                                          f"knows{did_you_mean(key, known)}; it shows nowhere",
                            WARNING, UNKNOWN))
        if not errors and not rubric_name:
            refuse(data.value_pos.get("name", data.pos), "name: has no words once control characters are left out")
    if errors:
        raise RubricError(errors[0], errors)
    return Rubric(rubric_name, names), warnings


def _short(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def use_rubric(config_folder: str | Path, source: str | Path) -> Path:
    """Check ``source`` and keep a copy as the rubric in use; a rubric already in use is kept
    beside it as ``rubric.yaml.previous`` rather than lost."""
    from game.outfile import OutFileError, write_whole
    from game.story.yamlsrc import read_text

    text, problems = read_text(source, "rubric", MAX_RUBRIC_BYTES)
    if text is None:
        raise RubricError(problems[0], problems)
    check_rubric_text(text, str(source))  # refuses a broken file before anything is written
    target = Path(config_folder) / RUBRIC_FILE
    text_bytes = text.encode("utf-8")  # the very text checked (the file is read once)
    try:
        Path(config_folder).mkdir(parents=True, exist_ok=True)
        if target.exists():
            write_whole(target.with_name(RUBRIC_FILE + ".previous"), target.read_bytes())
        write_whole(target, text_bytes)
    except (OSError, OutFileError) as exc:
        raise RubricError(f"{target}: cannot keep the rubric there ({getattr(exc, 'strerror', None) or exc})") from None
    return target


def rubric_export(rubric: Rubric | None) -> dict | None:
    """The rubric as an export carries it: {"name": ..., "map": {key: name}}."""
    return None if rubric is None else {"name": rubric.name, "map": dict(rubric.names)}


def rubric_from_export(data: object, source: str) -> Rubric:
    """A rubric carried in an export file (already size-checked as part of the file): held to
    the same rules as a rubric file, its text cleaned the same way."""
    from game.story.yamlsrc import clean_text

    def text(value: object) -> str | None:
        if not isinstance(value, str) or len(value) > MAX_NAME:
            return None
        return " ".join(clean_text(value).split()) or None

    if not isinstance(data, dict) or set(data) - {"name", "map"}:
        raise RubricError(f'{source}: "rubric" should be {{"name": ..., "map": {{...}}}}')
    name, mapping = text(data.get("name")), data.get("map")
    if name is None:
        raise RubricError(f'{source}: "rubric"."name" should be text up to {MAX_NAME} characters')
    if not isinstance(mapping, dict) or len(mapping) > MAX_ENTRIES or not all(
            isinstance(k, str) and k.strip() and text(v) for k, v in mapping.items()):
        raise RubricError(f'{source}: "rubric"."map" should map at most {MAX_ENTRIES} practices, pitfalls or duty ids '
                          f"to names (text up to {MAX_NAME} characters)")
    return Rubric(name, {clean_text(k): text(v) or "" for k, v in mapping.items()})
