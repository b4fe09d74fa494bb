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
    "cues": OPTIONAL,  # required in format 1, not used in format 2 (FORMAT_1_ONLY)
    "start": REQUIRED,
    "nodes": REQUIRED,
    "endings": REQUIRED,
    "place": OPTIONAL,  # required in format 2 (FORMAT_2_REQUIRED)
    "bands": OPTIONAL,
    "alliance_goal": OPTIONAL,
    "postures": OPTIONAL,  # required in format 2
    "duties": OPTIONAL,
    "debrief_questions": OPTIONAL,
    "language": OPTIONAL,  # the language the scene is written in (default "en"); translations: translation.py
}
# Keys whose requirement depends on the format: the loader checks these, and the JSON Schema
# says the same with if/then on `format`.
FORMAT_1_REQUIRED = {"scenario": ("cues",)}
FORMAT_2_REQUIRED = {"scenario": ("place", "postures"), "choice": ("kind",), "ending": ("ripple",)}
FORMAT_2_ONLY = {"scenario": ("place", "bands", "alliance_goal", "postures", "duties", "debrief_questions"),
                 "node": ("beat", "raises"), "choice": ("respect", "meets", "reaction"), "ending": ("ripple",)}
FORMAT_1_ONLY = {"scenario": ("cues",), "node": ("expression",)}

BANDS_KEYS = {"cautious": REQUIRED, "open": REQUIRED}
POSTURE_KEYS = {"closed": REQUIRED, "cautious": REQUIRED, "open": REQUIRED}
DUTY_KEYS = {"id": REQUIRED, "title": REQUIRED, "why": REQUIRED, "source": REQUIRED}
REACTION_KEYS = {"beat": REQUIRED, "says": OPTIONAL, "narration": OPTIONAL}

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
    "beat": OPTIONAL,  # required in format 2 on every node with text
    "raises": OPTIONAL,
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
    "respect": OPTIONAL,
    "meets": OPTIONAL,
    "reaction": OPTIONAL,  # required in format 2 (a warning when missing)
}

ROUTE_KEYS = {"if": OPTIONAL, "next": REQUIRED}

ENDING_KEYS = {
    "id": REQUIRED,
    "title": REQUIRED,
    "text": REQUIRED,
    "outcome": REQUIRED,
    "if": OPTIONAL,
    "precedence": OPTIONAL,
    "ripple": OPTIONAL,  # required in format 2
}

# Besides meter names, an effects mapping takes these.
EFFECT_FLAG_KEYS = ("set", "clear")

# A condition is a mapping with exactly one of these forms.
CONDITION_FORMS = ("meter", "flag", "visited", "met", "raised", "all", "any", "not")
METER_CONDITION_KEYS = {"meter": REQUIRED, "at_least": OPTIONAL, "at_most": OPTIONAL}
