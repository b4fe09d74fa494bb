"""The published JSON Schema matches the loader's tables and accepts every shipped scene."""

import json

import jsonschema
import pytest
import yaml

from game.story import parse_scenario
from game.story.library import scene_files, shipped_scene_dir
from game.story.schema import SCHEMA_PATH, render


def test_committed_schema_is_up_to_date():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), "run: python -m game.story.schema"


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(render()))


@pytest.mark.parametrize("path", scene_files([shipped_scene_dir()]), ids=lambda p: p.stem)
def test_shipped_scene_matches_schema(path):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_what_the_loader_rejects():
    schema = json.loads(render())
    validator = jsonschema.Draft202012Validator(schema)
    scene = yaml.safe_load((shipped_scene_dir() / "waiting-room.yaml").read_text())
    scene["nodes"]["arrival"]["choices"][0]["tag"] = "rush"
    scene["nodes"]["arrival"]["sayz"] = "typo"
    assert len(list(validator.iter_errors(scene))) >= 2
    loaded, diagnostics = parse_scenario(yaml.safe_dump(scene, sort_keys=False), "edited.yaml")
    messages = [d.message for d in diagnostics if d.severity == "error"]
    assert loaded is None and len(messages) == 2
    assert any('"rush"' in m for m in messages) and any('"sayz"' in m for m in messages)
