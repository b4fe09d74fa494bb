"""PlayState: everything that changes while one encounter is played, apart from the scenario.

The state offers choices (reporting locked ones with their reason), applies a choice, rewinds to
any earlier step, and saves as versioned JSON keyed by stable ids. It is deterministic: the same
choices on the same scenario always give the same state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

from . import rules
from .model import EXPRESSION_FACES, MET_FLAG_PREFIX, Choice, Cue, Ending, Node, Scenario

SAVE_FORMAT = "rapport-play-state"
# Changelog of the saved play state (a bump needs an upgrade step in _UPGRADES below):
#   1  the first: node, meters, flags, visits, ending, rewinds, and each step of the history.
#   2  (scene format 2) "reacting": the id of the choice whose reaction is showing, or null.
SAVE_VERSION = 2

# A bound on the steps taken without a decision: passing through text-less nodes inside one
# step, and reading on from one node to the next. The loader refuses scenes that loop for ever
# without a decision (traps.py); this keeps a scene that slips past it from hanging a caller.
MAX_PASSES = 10_000
MAX_READ_ON = 10_000

CHOICE = "choice"
CONTINUE = "continue"
REACTION = "reaction"  # after a choice with a reaction: the client's answer shows, then advance()
ENDED = "ended"


class PlayError(ValueError):
    """A request that does not fit the current state (an unknown or locked choice, say)."""


class SaveError(ValueError):
    """A saved state that cannot be restored; the message says why in plain words."""


@dataclass(frozen=True)
class Option:
    choice: Choice
    available: bool
    reason: str | None = None


@dataclass(frozen=True)
class Step:
    """One thing the player did: a choice made, or reading on past a node."""

    index: int
    node_id: str
    choice_id: str | None
    before: Mapping[str, int]
    after: Mapping[str, int]
    flags_before: frozenset
    visits_before: Mapping[str, int]

    def delta(self, meter: str) -> int:
        return self.after.get(meter, 0) - self.before.get(meter, 0)


@dataclass(frozen=True)
class Line:
    """One line of the conversation log."""

    role: str  # 'narration', 'client', 'speaker' (someone else, e.g. an interpreter) or 'worker'
    speaker: str
    text: str
    node_id: str
    step: int | None = None  # the step whose choice this worker line (or reaction line) follows
    reaction: bool = False  # the client's immediate reaction to the worker's line before it


class PlayState:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.node_id = scenario.start
        self.meters: dict[str, int] = scenario.start_meters
        self.flags: frozenset = frozenset()
        self.visits: dict[str, int] = {}
        self.history: list[Step] = []
        self.ending: Ending | None = None
        self.rewinds = 0
        self.reacting: Choice | None = None  # the choice whose reaction is showing
        self._read_on = 0  # advance() calls since the last decision

    @classmethod
    def start(cls, scenario: Scenario) -> "PlayState":
        state = cls(scenario)
        state._enter(scenario.start)
        return state

    def copy(self) -> "PlayState":
        """An independent state at the same place: acting on it leaves this one as it is (a front
        end works out what a move would show without making it). Steps, flags, choices and
        endings are immutable and shared; the meters, visits and history are copied."""
        other = PlayState.__new__(PlayState)
        other.__dict__.update(self.__dict__)
        other.meters, other.visits, other.history = dict(self.meters), dict(self.visits), list(self.history)
        return other

    # -- reading the state -------------------------------------------------------------------
    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def status(self) -> str:
        if self.ending is not None:
            return ENDED
        if self.reacting is not None:
            return REACTION
        return CHOICE if self.node.choices else CONTINUE

    @property
    def is_over(self) -> bool:
        return self.ending is not None

    def options(self) -> list[Option]:
        """Every choice of this node, available or locked (with the reason it is locked)."""
        if self.reacting is not None or self.ending is not None:
            return []
        out = []
        for choice in self.node.choices:
            if rules.is_offered(choice, self.meters, self.flags, self.visits):
                out.append(Option(choice, True))
            else:
                out.append(Option(choice, False, rules.lock_reason(choice)))
        return out

    def available(self) -> list[Choice]:
        if self.reacting is not None or self.ending is not None:
            return []
        return [c for c in self.node.choices if rules.is_offered(c, self.meters, self.flags, self.visits)]

    def cue(self) -> Cue:
        """The format-1 view of the face: an expression and a posture line (format 2 scenes
        give the nearest expression to their beat and band, and the band's posture)."""
        if self.scenario.format >= 2:
            beat, band = self.face()
            return Cue(rules.expression_for(beat, band), self.scenario.postures.get(band, ""))
        cue = rules.cue_for(self.scenario, self.meters, self.flags, self.visits)
        if self.node.expression:
            return Cue(self.node.expression, cue.posture)
        return cue

    def band(self) -> str:
        return rules.relationship_band(self.meters, self.scenario.bands)

    def face(self) -> tuple[str, str]:
        """(beat, band) the portrait shows now. Format 2: the moment's beat, or the reaction's
        beat while a reaction shows, with the band from the meters. Format 1: the expression
        of the cue (or the node) read as a face."""
        if self.scenario.format < 2:
            cue = rules.cue_for(self.scenario, self.meters, self.flags, self.visits)
            return EXPRESSION_FACES.get(self.node.expression or cue.expression, ("calm", "cautious"))
        if self.reacting is not None and self.reacting.reaction is not None:
            beat = self.reacting.reaction.beat
        else:
            beat = self.node.beat or "calm"
        return beat, self.band()

    def posture(self) -> str:
        return self.cue().posture

    def raised_duties(self) -> list[str]:
        """Duty ids raised so far (a moment raising them has been reached), in scene order."""
        return [d.id for d in self.scenario.duties
                if any(self.visits.get(n, 0) for n in self.scenario.raising_nodes(d.id))]

    def met_duties(self) -> list[str]:
        return [d.id for d in self.scenario.duties if MET_FLAG_PREFIX + d.id in self.flags]

    def moment(self):
        """What a front end shows now (see game/story/moment.py)."""
        from .moment import build_moment

        return build_moment(self)

    @property
    def decisions(self) -> list[Step]:
        return [s for s in self.history if s.choice_id is not None]

    # -- acting ------------------------------------------------------------------------------
    def choose(self, choice_id: str) -> Step:
        if self.ending is not None:
            raise PlayError("the encounter has ended")
        if self.reacting is not None:
            raise PlayError("the client is reacting; read on (advance) before choosing")
        choice = self.node.choice(choice_id)
        if choice is None:
            raise PlayError(f'node "{self.node_id}" has no choice "{choice_id}"')
        if not rules.is_offered(choice, self.meters, self.flags, self.visits):
            raise PlayError(f'choice "{choice_id}" is locked: {rules.lock_reason(choice)}')
        before = dict(self.meters)
        flags_before, visits_before = self.flags, dict(self.visits)
        self.flags = rules.apply_effects(self.scenario, self.meters, self.flags, choice.effects)
        step = Step(len(self.history), self.node_id, choice.id, before, dict(self.meters), flags_before, visits_before)
        self.history.append(step)
        self._read_on = 0
        if choice.reaction is not None:
            self.reacting = choice
        else:
            self._enter(choice.next)
        return step

    def advance(self) -> Step:
        """Read on: past a reaction into the choice's next moment, or past a node that has no
        choices. Reading past a reaction is part of the choice's step and adds none."""
        if self.ending is not None:
            raise PlayError("the encounter has ended")
        if self.reacting is not None:
            choice, self.reacting = self.reacting, None
            self._enter(choice.next)
            return self.history[-1]
        node = self.node
        if node.choices:
            raise PlayError(f'node "{node.id}" waits for a choice')
        if self._read_on >= MAX_READ_ON:
            raise PlayError(f'the story read on {MAX_READ_ON:,} times without a decision (at node "{node.id}"): '
                            f'the scene loops without a way out')
        self._read_on += 1
        step = Step(len(self.history), node.id, None, dict(self.meters), dict(self.meters), self.flags, dict(self.visits))
        self.history.append(step)
        self._enter(rules.route_target(node, self.meters, self.flags, self.visits))
        return step

    def rewind(self, step_index: int) -> None:
        """Go back to just before step ``step_index``, as if it had never been taken."""
        if not 0 <= step_index < len(self.history):
            raise PlayError(f"there is no step {step_index} to rewind to")
        step = self.history[step_index]
        if step.node_id not in self.scenario.nodes:
            raise PlayError(f'step {step_index} was at node "{step.node_id}", which no longer exists in this scenario')
        self.node_id = step.node_id
        self.meters = self._fit_meters(step.before)
        self.flags = step.flags_before & self.scenario.flags
        self.visits = dict(step.visits_before)
        del self.history[step_index:]
        self._read_on = 0
        self.ending = None
        self.reacting = None
        self.rewinds += 1

    def _enter(self, node_id: str) -> None:
        # Route nodes without text pass straight through; the loader guarantees each has a
        # fallback route, so this always stops at a node that waits or ends.
        nodes = self.scenario.nodes
        for _ in range(MAX_PASSES):
            self.visits[node_id] = self.visits.get(node_id, 0) + 1
            node = nodes[node_id]
            self.node_id = node_id
            if node.end is not None:
                self.ending = rules.resolve_ending(self.scenario, node, self.meters, self.flags, self.visits)
                return
            if node.choices or node.has_text:
                return
            node_id = rules.route_target(node, self.meters, self.flags, self.visits)
        raise PlayError(f'the story passed through {MAX_PASSES:,} nodes without text or choices (last "{node_id}"): '
                        f'the scene loops without a way out')

    def _fit_meters(self, saved: Mapping[str, int]) -> dict[str, int]:
        """Saved meter values fitted to the scenario as it is now: new meters start fresh."""
        out = {}
        for name, meter in self.scenario.meters.items():
            value = saved.get(name, meter.start)
            out[name] = meter.clamp(value) if isinstance(value, int) and not isinstance(value, bool) else meter.start
        return out

    # -- the conversation log ---------------------------------------------------------------
    def transcript(self) -> list[Line]:
        lines: list[Line] = []
        for step in self.history:
            lines.extend(self.node_lines(step.node_id))
            if step.choice_id is not None:
                node = self.scenario.nodes.get(step.node_id)
                choice = node.choice(step.choice_id) if node else None
                text = choice.text if choice else f"({step.choice_id})"
                lines.append(Line("worker", "You", text, step.node_id, step.index))
                if choice is not None:
                    lines.extend(self.reaction_lines(choice, step.node_id, step.index))
        if self.reacting is None:
            lines.extend(self.node_lines(self.node_id))
        return lines

    def reaction_lines(self, choice: Choice, node_id: str, step: int | None = None) -> list[Line]:
        r = choice.reaction
        if r is None:
            return []
        out = []
        if r.narration:
            out.append(Line("narration", "", r.narration, node_id, step, True))
        if r.says:
            out.append(Line("client", self.scenario.client.name, r.says, node_id, step, True))
        return out

    def node_lines(self, node_id: str) -> list[Line]:
        node = self.scenario.nodes.get(node_id)
        if node is None:
            return []
        out = []
        if node.narration:
            out.append(Line("narration", "", node.narration, node_id))
        if node.says:
            if node.speaker:
                out.append(Line("speaker", node.speaker, node.says, node_id))
            else:
                out.append(Line("client", self.scenario.client.name, node.says, node_id))
        return out

    # -- saving ------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "scenario": self.scenario.id,
            "scenario_version": self.scenario.version,
            "node": self.node_id,
            "meters": dict(self.meters),
            "flags": sorted(self.flags),
            "visits": dict(self.visits),
            "ending": self.ending.id if self.ending else None,
            "rewinds": self.rewinds,
            "reacting": self.reacting.id if self.reacting else None,
            "history": [
                {
                    "node": s.node_id,
                    "choice": s.choice_id,
                    "before": dict(s.before),
                    "after": dict(s.after),
                    "flags_before": sorted(s.flags_before),
                    "visits_before": dict(s.visits_before),
                }
                for s in self.history
            ],
        }

    @classmethod
    def from_json(cls, scenario: Scenario, data: Any) -> "PlayState":
        """Restore a saved state against ``scenario`` as it is now; raise SaveError if it can't."""
        data = upgrade_save(data)
        if data.get("scenario") != scenario.id:
            raise SaveError(f'this save belongs to scenario "{data.get("scenario")}", not "{scenario.id}"')
        data = check_save(data)
        node_id = data.get("node")
        if not isinstance(node_id, str) or node_id not in scenario.nodes:
            raise SaveError(f'the saved place "{node_id}" no longer exists in "{scenario.title}" '
                            f'(the scene file was changed); restart the scenario')
        state = cls(scenario)
        state.node_id = node_id
        state.meters = state._fit_meters(_mapping(data, "meters"))
        state.flags = frozenset(f for f in _list(data, "flags") if f in scenario.flags)
        state.visits = {k: v for k, v in _mapping(data, "visits").items() if isinstance(v, int)}
        state.rewinds = data.get("rewinds") if isinstance(data.get("rewinds"), int) else 0
        for i, raw in enumerate(_list(data, "history")):
            if not isinstance(raw, dict) or not isinstance(raw.get("node"), str):
                raise SaveError(f"step {i + 1} of the saved history is damaged")
            choice = raw.get("choice")
            # Fitted like the meters now: a step saved without a meter (the scene has gained one
            # since, or the file was edited) starts it fresh, so every point of the debrief's
            # trajectory names every meter and nothing after has to guess.
            state.history.append(Step(
                i, raw["node"], choice if isinstance(choice, str) else None,
                state._fit_meters(_mapping(raw, "before")), state._fit_meters(_mapping(raw, "after")),
                frozenset(_list(raw, "flags_before")), _mapping(raw, "visits_before"),
            ))
        node = scenario.nodes[node_id]
        reacting = data.get("reacting")
        if reacting is not None:
            choice = node.choice(reacting) if isinstance(reacting, str) else None
            if choice is None:
                raise SaveError(f'the saved reaction to "{reacting}" no longer fits "{scenario.title}" '
                                '(the scene file was changed); restart the scenario')
            if choice.reaction is not None:
                state.reacting = choice
            else:  # the scene no longer has this reaction: read on as it would now
                state._enter(choice.next)
            return state
        if node.end is not None:
            state.ending = rules.resolve_ending(scenario, node, state.meters, state.flags, state.visits)
        elif not node.choices and not node.has_text:
            raise SaveError(f'the saved place "{node_id}" is no longer a place to stop; restart the scenario')
        return state


def _mapping(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise SaveError(f'the saved "{key}" is damaged: expected a mapping')
    return value


def _list(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise SaveError(f'the saved "{key}" is damaged: expected a list')
    return value


# Each entry upgrades a save from version N to N + 1. Version 1 is the first; when the save
# shape changes, bump SAVE_VERSION and add the step here so old saves keep loading.
def _v1_to_v2(data: dict) -> dict:
    """Version 2 adds the reaction being shown; a version 1 save never shows one."""
    return {**data, "reacting": None}


_UPGRADES: dict[int, Any] = {1: _v1_to_v2}


def upgrade_save(data: Any) -> dict:
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("this is not a Rapport saved game")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError("the saved game has no valid format version")
    if version > SAVE_VERSION:
        raise SaveError(f"this save was made by a newer version of Rapport (save format {version}); update Rapport to open it")
    while version < SAVE_VERSION:
        data = _UPGRADES[version](data)
        version += 1
        data["version"] = version
    return data


# -- checking a save before anything uses it ----------------------------------------------------
# A save may come from another computer (an import) or a damaged file: every value is checked
# for its type here, once, so nothing later (the debrief, a rewind) meets a meter that is text.
# The same check serves the game's own saves and imports, so they are held to one standard.
WHOLE_LIMIT = 2**63 - 1  # SQLite's INTEGER range: the progress store keeps these numbers


def check_save(data: Any) -> dict:
    """``data`` upgraded to the current save version, with every value's type checked.

    Raises SaveError naming the first damaged place. Keys a save may lack get their defaults
    in ``PlayState.from_json``; unknown keys are left alone."""
    data = upgrade_save(data)
    _check_text(data, "scenario", "the saved game")
    if "scenario_version" in data:
        _check_whole(data["scenario_version"], 'the saved "scenario_version"')
    _check_text(data, "node", "the saved game")
    check_meters(data.get("meters", {}), 'the saved "meters"')
    _check_names(data.get("flags", []), 'the saved "flags"')
    _check_counts(data.get("visits", {}), 'the saved "visits"')
    if data.get("ending") is not None and not isinstance(data["ending"], str):
        raise SaveError('the saved "ending" is damaged: expected the id of an ending')
    if "rewinds" in data:
        _check_whole(data["rewinds"], 'the saved "rewinds"', low=0)
    if data.get("reacting") is not None and not isinstance(data["reacting"], str):
        raise SaveError('the saved "reacting" is damaged: expected the id of a choice or null')
    history = data.get("history", [])
    if not isinstance(history, list):
        raise SaveError('the saved "history" is damaged: expected a list')
    for i, step in enumerate(history):
        check_step(step, f"step {i + 1} of the saved history")
    return data


def check_step(step: Any, where: str) -> None:
    """Raise SaveError if one saved history step (or a recorded one in the same shape) is damaged."""
    if not isinstance(step, dict):
        raise SaveError(f"{where} is damaged: expected a mapping")
    if not isinstance(step.get("node"), str) or not step["node"]:
        raise SaveError(f'{where} is damaged: "node" should be the id of a node')
    if step.get("choice") is not None and not isinstance(step["choice"], str):
        raise SaveError(f'{where} is damaged: "choice" should be the id of a choice or null')
    check_meters(step.get("before", {}), f'{where}, "before",')
    check_meters(step.get("after", {}), f'{where}, "after",')
    if step.get("flags_before") is not None:
        _check_names(step["flags_before"], f'{where}, "flags_before",')
    if step.get("visits_before") is not None:
        _check_counts(step["visits_before"], f'{where}, "visits_before",')


def check_meters(value: Any, where: str) -> None:
    """Meter values: a mapping of meter names to whole numbers."""
    if not isinstance(value, dict):
        raise SaveError(f"{where} is damaged: expected meter names with whole numbers")
    for name, number in value.items():
        _check_whole(number, f'{where} meter "{_short(name)}"')


def _check_counts(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise SaveError(f"{where} is damaged: expected node ids with visit counts")
    for name, number in value.items():
        _check_whole(number, f'{where} "{_short(name)}"', low=0)


def _check_names(value: Any, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise SaveError(f"{where} is damaged: expected a list of names")


def _check_text(data: dict, key: str, where: str) -> None:
    if not isinstance(data.get(key), str) or not data[key]:
        raise SaveError(f'{where} is damaged: "{key}" should be text')


def _check_whole(value: Any, where: str, low: int = -WHOLE_LIMIT) -> None:
    if _whole(value) and low <= value <= WHOLE_LIMIT:
        return
    expected = "a whole number" if low < 0 else f"a whole number from {low} up"
    raise SaveError(f"{where} is damaged: expected {expected}, found {_describe(value)}")


def _describe(value: Any) -> str:
    """A few words for a found value, never the whole of a huge one."""
    if _whole(value):
        return "a number too large to keep" if abs(value) > WHOLE_LIMIT else str(value)
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return _short(json.dumps(value) if isinstance(value, (str, bool, float)) or value is None else repr(value))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _short(text: Any, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"
