"""The complete example in docs/scene-format.md loads, plays to its best ending and matches the schema."""

import json
import re
from pathlib import Path

import jsonschema
import yaml

from game.story import PlayState, parse_scenario
from game.story.schema import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "scene-format.md"


def example_text() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return max(blocks, key=len)  # the complete example is the long block


def test_documented_example_is_a_clean_playable_scene():
    scenario, diagnostics = parse_scenario(example_text(), "scene-format.md")
    assert scenario is not None and diagnostics == [], [str(d) for d in diagnostics]
    state = PlayState.start(scenario)
    for choice in ("apologise", "ask-directly", "agree-goal"):
        while state.status != "choice":
            state.advance()
        state.choose(choice)
    while not state.is_over:
        state.advance()
    assert state.ending.outcome == "best" and state.ending.ripple
    jsonschema.validate(yaml.safe_load(example_text()), json.loads(render()))
