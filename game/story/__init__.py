"""The story core: scenarios, play state, rules, debriefs. Pure Python; never imports pygame."""

from .conditions import Condition
from .debrief import Debrief, build_debrief
from .diagnostics import ERROR, WARNING, Diagnostic, ScenarioError
from .library import Library, load_library, resolve_scenario, scene_dirs
from .loader import check_file, load_scenario, parse_scenario
from .model import (
    DIFFICULTIES,
    EXPRESSIONS,
    OUTCOMES,
    PITFALLS,
    PRACTICES,
    RESPONSE_KINDS,
    SETTINGS,
    TAG_LABELS,
    TAGS,
    Choice,
    Client,
    Cue,
    Ending,
    Meter,
    Node,
    Scenario,
)
from .moment import Moment
from .state import CHOICE, CONTINUE, ENDED, REACTION, Line, Option, PlayError, PlayState, SaveError, Step

__all__ = [name for name in dir() if not name.startswith("_")]
