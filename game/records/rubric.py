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

import yaml

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
