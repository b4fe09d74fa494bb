"""The story core: scenarios, play state, rules, debriefs. Pure Python; never imports pygame.

Names are loaded on first use (PEP 562): importing one part (``game.story.model`` for the
window's title screen, say) does not load the YAML loader, the library or the debrief with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Each public name and the module under game.story that defines it.
_WHERE: dict[str, str] = {
    **dict.fromkeys(('Condition',), "conditions"),
    **dict.fromkeys(('Debrief', 'build_debrief'), "debrief"),
    **dict.fromkeys(('ERROR', 'WARNING', 'Diagnostic', 'ScenarioError'), "diagnostics"),
    **dict.fromkeys(('Library', 'load_library', 'resolve_scenario', 'scene_dirs'), "library"),
    **dict.fromkeys(('check_file', 'load_scenario', 'parse_scenario'), "loader"),
    **dict.fromkeys(('DIFFICULTIES', 'EXPRESSIONS', 'OUTCOMES', 'PITFALLS', 'PRACTICES', 'RESPONSE_KINDS',
                     'SETTINGS', 'TAG_LABELS', 'TAGS', 'Choice', 'Client', 'Cue', 'Ending', 'Meter', 'Node',
                     'Scenario'), "model"),
    **dict.fromkeys(('Moment',), "moment"),
    **dict.fromkeys(('CHOICE', 'CONTINUE', 'ENDED', 'REACTION', 'Line', 'Option', 'PlayError', 'PlayState',
                     'SaveError', 'Step'), "state"),
}
__all__ = list(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


if TYPE_CHECKING:  # what type checkers and editors see, unchanged
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
