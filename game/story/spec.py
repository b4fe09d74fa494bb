"""Which keys each part of a scene file takes.

The loader checks scene files against these tables, and a test checks that the published JSON
Schema (scene.schema.json, for authors' editors) names exactly the same keys.
"""

from __future__ import annotations

REQUIRED = True
OPTIONAL = False

SCENARIO_KEYS = {
    "format": REQUIRED,
    "id": REQUIRED,
    "version": OPTIONAL,
    "title": REQUIRED,
    "summary": REQUIRED,
    "setting": REQUIRED,
    "difficulty": REQUIRED,
    "minutes": REQUIRED,
    "content_notes": OPTIONAL,
    "objectives": REQUIRED,
    "client": REQUIRED,
    "meters": REQUIRED,
    "flags": OPTIONAL,
    "cues": REQUIRED,
    "start": REQUIRED,
    "nodes": REQUIRED,
    "endings": REQUIRED,
}

CLIENT_KEYS = {
    "name": REQUIRED,
    "age": REQUIRED,
    "pronouns": REQUIRED,
    "background": REQUIRED,
    "presenting": REQUIRED,
    "portrait": REQUIRED,
}

METER_KEYS = {"start": REQUIRED, "min": OPTIONAL, "max": OPTIONAL}

CUE_KEYS = {"if": OPTIONAL, "expression": REQUIRED, "posture": REQUIRED}

NODE_KEYS = {
    "says": OPTIONAL,
    "speaker": OPTIONAL,
    "narration": OPTIONAL,
    "facilitator": OPTIONAL,
    "disclosure": OPTIONAL,
    "expression": OPTIONAL,
    "scene": OPTIONAL,
    "choices": OPTIONAL,
    "next": OPTIONAL,
    "routes": OPTIONAL,
    "end": OPTIONAL,
}
NODE_EXITS = ("choices", "next", "routes", "end")

CHOICE_KEYS = {
    "id": REQUIRED,
    "text": REQUIRED,
    "tag": REQUIRED,
    "kind": OPTIONAL,
    "effects": OPTIONAL,
    "feedback": REQUIRED,
    "next": REQUIRED,
    "if": OPTIONAL,
    "locked_hint": OPTIONAL,
}

ROUTE_KEYS = {"if": OPTIONAL, "next": REQUIRED}

ENDING_KEYS = {
    "id": REQUIRED,
    "title": REQUIRED,
    "text": REQUIRED,
    "outcome": REQUIRED,
    "if": OPTIONAL,
    "precedence": OPTIONAL,
}

# Besides meter names, an effects mapping takes these.
EFFECT_FLAG_KEYS = ("set", "clear")

# A condition is a mapping with exactly one of these forms.
CONDITION_FORMS = ("meter", "flag", "visited", "all", "any", "not")
METER_CONDITION_KEYS = {"meter": REQUIRED, "at_least": OPTIONAL, "at_most": OPTIONAL}
