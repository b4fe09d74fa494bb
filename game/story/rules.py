"""The rules of play, as plain functions over meters, flags and visit counts.

PlayState, the analysis and the benchmarks all call these, so a rule (clamping, routing, which
ending resolves, which cue shows) is written exactly once.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from .model import BANDS, DEFAULT_BAND_THRESHOLDS, Choice, Cue, Effects, Ending, Node, Scenario

NEUTRAL_CUE = Cue("neutral", "")


def apply_effects(scenario: Scenario, meters: dict[str, int], flags: frozenset, effects: Effects) -> frozenset:
    """Change ``meters`` in place (clamped to each meter's bounds); return the new flags."""
    for name, delta in effects.meters.items():
        meters[name] = scenario.meters[name].clamp(meters[name] + delta)
    if effects.set_flags or effects.clear_flags:
        flags = (flags | effects.set_flags) - effects.clear_flags
    return flags


def values_after(scenario: Scenario, names: Sequence[str], effects: Effects) -> Callable[[tuple], tuple] | None:
    """apply_effects for meters kept as a tuple of values in the order of ``names`` (the
    analysis's states): a function from the values before to the values after, each changed
    meter clamped to its bounds as Meter.clamp does; None when ``effects`` change no meter of
    ``names``. The flags are not its business (apply_effects' second half)."""
    steps = tuple((k, effects.meters[name], scenario.meters[name].min, scenario.meters[name].max)
                  for k, name in enumerate(names) if name in effects.meters)
    if not steps:
        return None
    missing = set(effects.meters) - set(names)
    if missing:
        raise ValueError(f"values_after: the effects change {sorted(missing)}, which are not kept")

    def after(values: tuple) -> tuple:
        out = list(values)
        for k, delta, low, high in steps:
            x = out[k] + delta
            out[k] = low if x < low else high if x > high else x
        return tuple(out)

    return after


def is_offered(choice: Choice, meters: Mapping[str, int], flags: frozenset, visits: Mapping[str, int]) -> bool:
    return choice.condition is None or choice.condition.test(meters, flags, visits)


def lock_reason(choice: Choice) -> str:
    """Why a locked choice is not offered, in words a class can discuss."""
    if choice.locked_hint:
        return choice.locked_hint
    return choice.condition.describe() if choice.condition else ""


def route_target(node: Node, meters: Mapping[str, int], flags: frozenset, visits: Mapping[str, int]) -> str:
    """The node a route or continue node leads to: the first route whose condition holds."""
    for route in node.routes:
        if route.condition is None or route.condition.test(meters, flags, visits):
            return route.next
    # The loader requires an unconditional last route, so this is unreachable for loaded scenes.
    raise RuntimeError(f'node "{node.id}" has no route that applies')


def resolve_ending(scenario: Scenario, node: Node, meters: Mapping[str, int], flags: frozenset,
                   visits: Mapping[str, int]) -> Ending:
    """The ending an end node resolves to: its first candidate whose condition holds."""
    for ending_id in node.end or ():
        ending = scenario.ending(ending_id)
        if ending is not None and ending.holds(meters, flags, visits):
            return ending
    raise RuntimeError(f'end node "{node.id}" resolved no ending')  # the loader requires a fallback


def cue_for(scenario: Scenario, meters: Mapping[str, int], flags: frozenset, visits: Mapping[str, int]) -> Cue:
    for cue in scenario.cues:
        if cue.condition is None or cue.condition.test(meters, flags, visits):
            return cue
    return NEUTRAL_CUE


def relationship_band(meters: Mapping[str, int], thresholds: Mapping[str, int] = DEFAULT_BAND_THRESHOLDS) -> str:
    """'closed', 'cautious' or 'open', from the mean of trust and openness."""
    mean = (meters.get("trust", 0) + meters.get("openness", 0)) / 2
    band = BANDS[0]
    for name in BANDS[1:]:
        if mean >= thresholds[name]:
            band = name
    return band


# The nearest format-1 expression to a format-2 face, for views that still draw expressions.
_BEAT_EXPRESSIONS = {"worry": "worried", "fear": "worried", "grief": "upset", "shame": "upset", "anger": "angry"}


def expression_for(beat: str, band: str) -> str:
    if beat in ("calm", "relief"):
        return {"open": "warm", "cautious": "neutral"}.get(band, "guarded")
    return _BEAT_EXPRESSIONS.get(beat, "neutral")
