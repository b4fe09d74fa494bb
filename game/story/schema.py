"""Build the published JSON Schema for scene files from the same tables the loader checks.

`python -m game.story.schema` rewrites game/story/scene.schema.json; a test fails when the
committed file and the tables disagree, so editors and the loader never drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import spec
from .model import BANDS, BEATS, DIFFICULTIES, EXPRESSIONS, FORMATS, OUTCOMES, RESPECT, RESPONSE_KINDS, SETTINGS, TAGS

SCHEMA_PATH = Path(__file__).with_name("scene.schema.json")

TEXT = {"type": "string", "minLength": 1}
INT = {"type": "integer"}
ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"}
TEXT_LIST = {"type": "array", "items": TEXT}


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def _object(table: dict, properties: dict, description: str) -> dict:
    assert set(table) == set(properties), sorted(set(table) ^ set(properties))
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": [k for k, required in table.items() if required],
        "properties": properties,
    }


def build_schema() -> dict:
    cond = {"$ref": "#/$defs/condition"}
    condition = {
        "description": "A condition on meters, flags or visited nodes; combine with all / any / not.",
        "oneOf": [
            {**_object(spec.METER_CONDITION_KEYS, {"meter": TEXT, "at_least": INT, "at_most": INT},
                       "Holds when the meter is within the bounds."),
             "anyOf": [{"required": ["at_least"]}, {"required": ["at_most"]}]},
            _object({"flag": True}, {"flag": TEXT}, "Holds when the flag is set."),
            _object({"visited": True}, {"visited": ID}, "Holds when the node has been reached."),
            _object({"met": True}, {"met": ID}, "Holds when the duty has been met (format 2)."),
            _object({"raised": True}, {"raised": ID}, "Holds when the duty has been raised (format 2)."),
            _object({"all": True}, {"all": {"type": "array", "minItems": 1, "items": cond}}, "Every condition holds."),
            _object({"any": True}, {"any": {"type": "array", "minItems": 1, "items": cond}}, "At least one holds."),
            _object({"not": True}, {"not": cond}, "The condition does not hold."),
        ],
    }
    flag_list = {"type": "array", "items": TEXT}
    effects = {
        "type": "object",
        "description": "Meter changes (trust: 5) and flag changes (set: [flag], clear: [flag]).",
        "properties": {"set": flag_list, "clear": flag_list},
        "additionalProperties": INT,
    }
    id_list = {"type": "array", "items": ID}
    reaction = _object(spec.REACTION_KEYS, {"beat": _enum(BEATS), "says": TEXT, "narration": TEXT},
                       "What the client visibly does at once (format 2): a beat and says and/or narration.")
    reaction["anyOf"] = [{"required": ["says"]}, {"required": ["narration"]}]
    choice = _object(spec.CHOICE_KEYS, {
        "id": ID, "text": TEXT, "tag": _enum(TAGS), "kind": _enum(RESPONSE_KINDS),
        "effects": {"$ref": "#/$defs/effects"}, "feedback": TEXT, "next": ID, "if": cond,
        "locked_hint": TEXT, "respect": {"type": "array", "items": _enum(RESPECT)}, "meets": id_list,
        "reaction": {"$ref": "#/$defs/reaction"},
    }, "One of the worker's responses (format 2 also needs kind and reaction).")
    route = _object(spec.ROUTE_KEYS, {"if": cond, "next": ID}, "Taken when its condition holds.")
    node = _object(spec.NODE_KEYS, {
        "says": TEXT, "speaker": TEXT, "narration": TEXT, "facilitator": TEXT, "disclosure": TEXT,
        "expression": _enum(EXPRESSIONS), "scene": TEXT,
        "choices": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/choice"}},
        "next": ID,
        "routes": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/route"}},
        "end": {"oneOf": [{"const": True}, {"type": "array", "minItems": 1, "items": ID}]},
        "beat": _enum(BEATS), "raises": id_list,
    }, "One moment of the encounter; exactly one of choices, next, routes or end.")
    node["oneOf"] = [{"required": [k]} for k in spec.NODE_EXITS]
    meter = _object(spec.METER_KEYS, {"start": INT, "min": INT, "max": INT}, "A hidden meter.")
    cue = _object(spec.CUE_KEYS, {"if": cond, "expression": _enum(EXPRESSIONS), "posture": TEXT},
                  "A nonverbal cue rule; the first that holds wins.")
    ending = _object(spec.ENDING_KEYS, {
        "id": ID, "title": TEXT, "text": TEXT, "outcome": _enum(OUTCOMES), "if": cond, "precedence": INT,
        "ripple": TEXT,
    }, "An ending; end nodes resolve the first whose condition holds, highest precedence first.")
    client = _object(spec.CLIENT_KEYS, {
        "name": TEXT, "age": {"type": "integer", "minimum": 1, "maximum": 129}, "pronouns": TEXT,
        "background": TEXT, "presenting": TEXT, "portrait": TEXT,
    }, "Who the client is.")
    duty = _object(spec.DUTY_KEYS, {"id": ID, "title": TEXT, "why": TEXT, "source": TEXT},
                   "A duty a moment can raise and a choice can meet (format 2).")
    bands = _object(spec.BANDS_KEYS, {"cautious": INT, "open": INT},
                    "Thresholds on the mean of trust and openness where each band starts.")
    postures = _object(spec.POSTURE_KEYS, dict.fromkeys(BANDS, TEXT), "One line of body language per band.")
    scenario = _object(spec.SCENARIO_KEYS, {
        "format": {"enum": list(FORMATS)},
        "place": TEXT, "bands": bands, "alliance_goal": INT, "postures": postures,
        "duties": {"type": "array", "items": {"$ref": "#/$defs/duty"}}, "debrief_questions": TEXT_LIST,
        "language": {"type": "string", "pattern": "^[a-z]{2,3}(_[A-Z]{2})?$",
                     "description": "The language the scene is written in (default en)."},
        "id": ID, "version": {"type": "integer", "minimum": 1},
        "title": TEXT, "summary": TEXT, "setting": _enum(SETTINGS), "difficulty": _enum(DIFFICULTIES),
        "minutes": {"type": "integer", "minimum": 1}, "content_notes": TEXT_LIST, "objectives": TEXT_LIST,
        "client": {"$ref": "#/$defs/client"},
        "meters": {"type": "object", "required": ["trust", "openness"],
                   "additionalProperties": {"$ref": "#/$defs/meter"}},
        "flags": flag_list, "cues": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/cue"}},
        "start": ID,
        "nodes": {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/$defs/node"}},
        "endings": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/ending"}},
    }, "A Rapport client encounter (scene format 1 or 2). See docs/scene-format.md.")
    # Keys whose requirement depends on the format (spec.FORMAT_*); the loader checks the rest
    # (kind and ripple in format 2, beats on moments with text).
    scenario["allOf"] = [{
        "if": {"properties": {"format": {"const": 2}}, "required": ["format"]},
        "then": {"required": list(spec.FORMAT_2_REQUIRED["scenario"]),
                 "properties": dict.fromkeys(spec.FORMAT_1_ONLY["scenario"], False)},
        "else": {"required": list(spec.FORMAT_1_REQUIRED["scenario"]),
                 "properties": dict.fromkeys(spec.FORMAT_2_ONLY["scenario"], False)},
    }]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rapport.invalid/scene.schema.json",
        "title": "Rapport scene",
        **scenario,
        "$defs": {"condition": condition, "effects": effects, "choice": choice, "route": route, "node": node,
                  "meter": meter, "cue": cue, "ending": ending, "client": client, "reaction": reaction,
                  "duty": duty},
    }


def render() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
