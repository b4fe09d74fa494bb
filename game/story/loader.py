"""Read a scene file into a Scenario, collecting every problem rather than stopping at the first.

Reading happens in two passes: the first checks each part's shape and builds the model while
remembering where every reference (a `next`, a meter, a flag) stands; the second checks that
those references exist, once everything has been read.
"""

from __future__ import annotations

import gc
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import spec
from .conditions import AllOf, AnyOf, Condition, FlagSet, Met, MeterRange, Not, Raised, Visited, duty_rule
from .diagnostics import ERROR, WARNING, Diagnostic, ScenarioError, did_you_mean
from .model import (
    BANDS,
    BEATS,
    CONNECTION,
    DEFAULT_BAND_THRESHOLDS,
    DEFAULT_LANGUAGE,
    DIFFICULTIES,
    EXPRESSIONS,
    FORMAT_VERSION,
    FORMATS,
    LANGUAGE_PATTERN,
    MET_FLAG_PREFIX,
    OUTCOMES,
    REQUIRED_METERS,
    RESPECT,
    RESPONSE_KINDS,
    SETTINGS,
    TAGS,
    Choice,
    Client,
    Cue,
    Duty,
    Effects,
    Ending,
    Meter,
    Node,
    Reaction,
    Route,
    Scenario,
    frozen_map,
    met_flag,
)
from .traps import trap_diagnostics
from .wording import label_problem, proper_names
from .yamlsrc import Pos, YList, YMap, read_text, read_yaml
from .yamlsrc import describe_value as _kind

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")


NO_FLAGS: frozenset = frozenset()  # one empty set, not two per choice
NO_EFFECTS = Effects()


class _Reader:
    """One scene file's first pass: shape checks and model building."""

    def __init__(self, filename: str):
        self.file = filename
        self.diagnostics: list[Diagnostic] = []
        self.meters: dict[str, Meter] = {}
        self.meter_names: set[str] = set()  # declared, even if broken: no cascade of "not declared"
        self.declared_flags: set[str] = set()
        # references resolved in the second pass: (what, name, pos)
        self.node_refs: list[tuple[str, Pos, str]] = []
        self.meter_refs: list[tuple[str, Pos]] = []
        self.flag_tests: list[tuple[str, Pos]] = []
        self.flag_writes: list[tuple[str, Pos]] = []
        self.ending_refs: list[tuple[str, Pos, str]] = []
        self.duty_refs: list[tuple[str, Pos, str]] = []
        self.duty_pos: dict[str, Pos] = {}
        self.raising: dict[str, list[str]] = {}  # duty id -> node ids that raise it (pre-pass)
        self.fmt = 1
        # Effects are immutable and most choices share a few: one object per distinct effects
        # (a 50,000-node scene has 150,000 choices and a dozen different effects).
        self.effects_seen: dict[tuple, Effects] = {}

    # -- reporting -------------------------------------------------------------------------
    def error(self, pos: Pos, message: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, pos[0], pos[1], message, ERROR, code))

    def warn(self, pos: Pos, message: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, pos[0], pos[1], message, WARNING, code))

    # -- shape helpers ---------------------------------------------------------------------
    def mapping(self, value: Any, pos: Pos, what: str, table: dict[str, bool],
                extra_keys: tuple[str, ...] = (), part: str | None = None) -> YMap | None:
        """Check that ``value`` is a mapping with only known keys and every required key."""
        if not isinstance(value, YMap):
            self.error(pos, f"{what} should be a mapping of keys to values, found {_kind(value)}", "RP0203")
            return None
        known = tuple(table) + extra_keys
        for key in value:
            if key not in known:
                self.error(value.key_pos[key], f'{what}: unknown key "{key}"{did_you_mean(str(key), known)}; expected one of {", ".join(known)}', "RP0201")
        for key, required in table.items():
            if required and key not in value:
                self.error(value.pos, f'{what}: missing required key "{key}"', "RP0202")
        if part is not None:
            self.format_keys(value, what, part)
        return value

    def format_keys(self, m: YMap, what: str, part: str) -> None:
        """Keys that belong to the other scene format, and keys this format requires."""
        if self.fmt == 1:
            for key in spec.FORMAT_2_ONLY.get(part, ()):
                if key in m:
                    self.error(m.key_pos[key], f'{what}: "{key}" is a format 2 key; set `format: 2` at the top (see docs/scene-format.md) or remove it', "RP0404")
            for key in spec.FORMAT_1_REQUIRED.get(part, ()):
                if key not in m:
                    self.error(m.pos, f'{what}: missing required key "{key}"', "RP0202")
        else:
            for key in spec.FORMAT_1_ONLY.get(part, ()):
                if key in m:
                    hint = "postures (one line per band)" if key == "cues" else "beat (the face comes from the beat and the band)"
                    self.error(m.key_pos[key], f'{what}: "{key}" is not used in format 2; use {hint}', "RP0404")
            for key in spec.FORMAT_2_REQUIRED.get(part, ()):
                if key not in m:
                    self.error(m.pos, f'{what}: format 2 needs "{key}": {FORMAT_2_HINTS[key]}', FORMAT_2_CODES[key])

    def text(self, m: YMap, key: str, what: str, required: bool = True) -> str | None:
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            if value is None and not required:
                return None
            self.error(m.value_pos[key], f'{what}: "{key}" should be text, found {_kind(value)}', "RP0204")
            return None
        return value.strip()

    def integer(self, m: YMap, key: str, what: str) -> int | None:
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(m.value_pos[key], f'{what}: "{key}" should be a whole number, found {_kind(value)}', "RP0205")
            return None
        return value

    def text_list(self, m: YMap, key: str, what: str) -> tuple[str, ...]:
        if key not in m or m[key] is None:
            return ()
        value = m[key]
        if not isinstance(value, YList):
            self.error(m.value_pos[key], f'{what}: "{key}" should be a list of text, found {_kind(value)}', "RP0206")
            return ()
        out = []
        for item, pos in zip(value, value.item_pos):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.error(pos, f'{what}: each item of "{key}" should be text, found {_kind(item)}', "RP0206")
        return tuple(out)

    def one_of(self, m: YMap, key: str, what: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(m, key, what)
        if value is not None and value not in allowed:
            self.error(m.value_pos[key], f'{what}: "{key}" is "{value}"{did_you_mean(value, allowed)}; expected one of {", ".join(allowed)}', "RP0207")
            return None
        return value

    def identifier(self, m: YMap, key: str, what: str) -> str | None:
        value = self.text(m, key, what)
        if value is not None and not ID_PATTERN.match(value):
            self.error(m.value_pos[key], f'{what}: "{value}" is not a valid id; use letters, digits, "-" and "_" without spaces', "RP0208")
            return None
        return value

    # -- conditions ------------------------------------------------------------------------
    def condition(self, value: Any, pos: Pos, what: str) -> Condition | None:
        if not isinstance(value, YMap):
            self.error(pos, f"{what}: a condition should be a mapping such as {{meter: trust, at_least: 50}}, found {_kind(value)}", "RP0209")
            return None
        forms = [k for k in value if k in spec.CONDITION_FORMS]
        if len(forms) != 1:
            unknown = [k for k in value if k not in spec.CONDITION_FORMS and k not in spec.METER_CONDITION_KEYS]
            if unknown:
                key = unknown[0]
                self.error(value.key_pos[key], f'{what}: unknown condition key "{key}"{did_you_mean(str(key), spec.CONDITION_FORMS + ("at_least", "at_most"))}; expected one of {", ".join(spec.CONDITION_FORMS)}', "RP0209")
            else:
                self.error(value.pos, f"{what}: a condition needs exactly one of {', '.join(spec.CONDITION_FORMS)}, found {', '.join(forms) or 'none'}", "RP0209")
            return None
        form = forms[0]
        if form == "meter":
            m = self.mapping(value, pos, f"{what} (meter condition)", spec.METER_CONDITION_KEYS)
            if m is None:
                return None
            name = self.text(m, "meter", what)
            lo = self.integer(m, "at_least", what)
            hi = self.integer(m, "at_most", what)
            if name is None:
                return None
            self.meter_refs.append((name, m.value_pos["meter"]))
            if lo is None and hi is None:
                self.error(m.pos, f'{what}: a meter condition needs "at_least", "at_most" or both', "RP0210")
                return None
            if lo is not None and hi is not None and lo > hi:
                self.error(m.pos, f"{what}: at_least {lo} is above at_most {hi}, so this can never hold", "RP0210")
            return MeterRange(name, lo, hi)
        if len(value) != 1:
            extra = next(k for k in value if k != form)
            self.error(value.key_pos[extra], f'{what}: "{extra}" does not go with "{form}" in one condition; combine conditions with all/any', "RP0209")
            return None
        inner, inner_pos = value[form], value.value_pos[form]
        if form in ("flag", "visited", "met", "raised"):
            if not isinstance(inner, str):
                named = {"flag": "flag", "visited": "node"}.get(form, "duty")
                self.error(inner_pos, f'{what}: "{form}" should name a {named}, found {_kind(inner)}', "RP0209")
                return None
            if form == "flag":
                self.flag_tests.append((inner, inner_pos))
                return FlagSet(inner)
            if form in ("met", "raised"):
                self.duty_refs.append((inner, inner_pos, f'{what}: "{form}"'))
                if form == "met":
                    return Met(met_flag(inner), duty=inner)
                return Raised(tuple(Visited(n) for n in self.raising.get(inner, ())), duty=inner)
            self.node_refs.append((inner, inner_pos, f'{what}: "visited"'))
            return Visited(inner)
        if form == "not":
            item = self.condition(inner, inner_pos, what)
            return Not(item) if item else None
        if not isinstance(inner, YList) or not inner:
            self.error(inner_pos, f'{what}: "{form}" should be a list of conditions, found {_kind(inner)}', "RP0209")
            return None
        items = [self.condition(c, p, what) for c, p in zip(inner, inner.item_pos)]
        conditions = tuple(i for i in items if i is not None)
        if len(conditions) != len(items):
            return None
        return (AllOf if form == "all" else AnyOf)(conditions)

    def optional_condition(self, m: YMap, what: str) -> Condition | None:
        if "if" not in m:
            return None
        return self.condition(m["if"], m.value_pos["if"], what)

    # -- parts of a scene ------------------------------------------------------------------
    def read_meters(self, value: Any, pos: Pos) -> None:
        if not isinstance(value, YMap):
            self.error(pos, f"meters should be a mapping such as trust: {{start: 40}}, found {_kind(value)}", "RP0203")
            return
        for name, spec_value in value.items():
            what = f'meter "{name}"'
            name_pos = value.key_pos[name]
            if not isinstance(name, str) or not NAME_PATTERN.match(name):
                self.error(name_pos, f"{what}: a meter name uses lower-case letters, digits, '-' and '_'", "RP0211")
                continue
            if name in spec.EFFECT_FLAG_KEYS:
                self.error(name_pos, f'{what}: "{name}" is reserved for flag effects; choose another name', "RP0211")
                continue
            self.meter_names.add(name)
            m = self.mapping(spec_value, value.value_pos[name], what, spec.METER_KEYS)
            if m is None:
                continue
            start = self.integer(m, "start", what)
            low = self.integer(m, "min", what)
            high = self.integer(m, "max", what)
            low = 0 if low is None else low
            high = 100 if high is None else high
            if start is None:
                continue
            if low >= high:
                self.error(m.pos, f"{what}: min {low} must be below max {high}", "RP0212")
                continue
            if not low <= start <= high:
                self.error(m.value_pos["start"], f"{what}: start {start} is outside its bounds {low}–{high}", "RP0212")
                continue
            self.meters[name] = Meter(name, start, low, high)
        for required in REQUIRED_METERS:
            if required not in value:
                self.error(value.pos, f'meters: "{required}" is required (every scenario has trust and openness)', "RP0213")
        if self.fmt == 2 and "alliance" not in value:
            self.error(value.pos, 'meters: format 2 needs an "alliance" meter (agreed goals and tasks), e.g. alliance: { start: 0 }', "RP0402")

    def read_client(self, value: Any, pos: Pos) -> Client | None:
        m = self.mapping(value, pos, "client", spec.CLIENT_KEYS)
        if m is None:
            return None
        fields = {k: self.text(m, k, "client") for k in ("name", "pronouns", "background", "presenting", "portrait")}
        age = self.integer(m, "age", "client")
        if age is not None and not 0 < age < 130:
            self.error(m.value_pos["age"], f"client: age {age} should be between 1 and 129", "RP0214")
        if age is None or any(v is None for v in fields.values()):
            return None
        return Client(age=age, **fields)  # type: ignore[arg-type]

    def read_cues(self, value: Any, pos: Pos) -> tuple[Cue, ...]:
        if not isinstance(value, YList) or not value:
            self.error(pos, f"cues should be a list of rules with expression and posture, found {_kind(value)}", "RP0215")
            return ()
        cues = []
        for i, (item, ipos) in enumerate(zip(value, value.item_pos)):
            what = f"cue {i + 1}"
            m = self.mapping(item, ipos, what, spec.CUE_KEYS)
            if m is None:
                continue
            expression = self.one_of(m, "expression", what, EXPRESSIONS)
            posture = self.text(m, "posture", what)
            condition = self.optional_condition(m, what)
            if expression and posture and ("if" not in m or condition):
                cues.append(Cue(expression, posture, condition))
        if cues and cues[-1].condition is not None:
            self.warn(value.item_pos[-1], "cues: the last rule has an `if`; add a final rule without one so the client always has an expression", "RP0215")
        return tuple(cues)

    def read_effects(self, value: Any, pos: Pos, what: str) -> Effects:
        if not isinstance(value, YMap):
            self.error(pos, f"{what}: effects should be a mapping such as {{trust: 5, set: [flag]}}, found {_kind(value)}", "RP0216")
            return NO_EFFECTS
        deltas: dict[str, int] = {}
        flag_sets: dict[str, frozenset] = {"set": NO_FLAGS, "clear": NO_FLAGS}
        for key, delta in value.items():
            kpos, vpos = value.key_pos[key], value.value_pos[key]
            if key in spec.EFFECT_FLAG_KEYS:
                flags = delta if isinstance(delta, YList) else None
                if flags is None or not all(isinstance(f, str) for f in flags):
                    self.error(vpos, f'{what}: "{key}" should be a list of flag names, found {_kind(delta)}', "RP0216")
                    continue
                for flag, fpos in zip(flags, flags.item_pos):
                    self.flag_writes.append((flag, fpos))
                flag_sets[key] = frozenset(flags)
                continue
            if isinstance(delta, bool) or not isinstance(delta, int):
                self.error(vpos, f'{what}: the change to "{key}" should be a whole number such as 5 or -3, found {_kind(delta)}', "RP0216")
                continue
            self.meter_refs.append((str(key), kpos))
            deltas[str(key)] = delta
        key = (tuple(deltas.items()), flag_sets["set"], flag_sets["clear"])
        found = self.effects_seen.get(key)
        if found is None:
            found = self.effects_seen[key] = Effects(frozen_map(deltas), flag_sets["set"], flag_sets["clear"])
        return found

    def read_choice(self, value: Any, pos: Pos, node_id: str, seen: dict[str, Pos]) -> Choice | None:
        what = f'node "{node_id}", choice'
        m = self.mapping(value, pos, what, spec.CHOICE_KEYS)
        if m is None:
            return None
        cid = self.identifier(m, "id", what)
        if cid:
            what = f'node "{node_id}", choice "{cid}"'
            if cid in seen:
                self.error(m.value_pos["id"], f'{what}: duplicate choice id (first at line {seen[cid][0]})', "RP0217")
            seen[cid] = m.value_pos["id"]
        self.format_keys(m, what, "choice")
        text = self.text(m, "text", what)
        tag = self.one_of(m, "tag", what, TAGS)
        kind = self.one_of(m, "kind", what, RESPONSE_KINDS) if "kind" in m else None
        feedback = self.text(m, "feedback", what)
        nxt = self.text(m, "next", what)
        if nxt:
            self.node_refs.append((nxt, m.value_pos["next"], f'{what}: "next"'))
        effects = self.read_effects(m["effects"], m.value_pos["effects"], what) if "effects" in m else NO_EFFECTS
        condition = self.optional_condition(m, what)
        hint = self.text(m, "locked_hint", what) if "locked_hint" in m else None
        respect = self.word_list(m, "respect", what, RESPECT)
        meets = self.duty_list(m, "meets", what)
        reaction = None
        if "reaction" in m:
            reaction = self.read_reaction(m["reaction"], m.value_pos["reaction"], what)
        elif self.fmt == 2:
            self.warn(m.pos, f'{what} has no reaction; add reaction: {{beat: …, says: … or narration: …}} so the client visibly answers it', "RP0407")
        else:
            self.warn(m.pos, f'{what} has no reaction (format 1); when moving to format 2 add kind: and reaction: {{beat: …, says: … or narration: …}}', "RP0430")
        if tag == CONNECTION and effects.meters.get("trust", 0) > CONNECTION_TRUST_MAX:
            self.warn(m.value_pos.get("effects", m.pos), f'{what}: a connection choice raises trust by {effects.meters["trust"]}; connection is not rapport, keep it to {CONNECTION_TRUST_MAX} or less', "RP0419")
        if meets:
            effects = replace(effects, set_flags=effects.set_flags | frozenset(met_flag(d) for d in meets))
        if None in (cid, text, tag, feedback, nxt) or ("if" in m and condition is None) or ("reaction" in m and reaction is None):
            return None
        return Choice(cid, text, tag, feedback, nxt, kind, effects, condition, hint,  # type: ignore[arg-type]
                      respect, meets, reaction)

    def word_list(self, m: YMap, key: str, what: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        if key in m:
            items = self.text_list(m, key, what)
            value = m[key]
            for item, ipos in zip(items, value.item_pos if isinstance(value, YList) else ()):
                if item not in allowed:
                    self.error(ipos, f'{what}: "{key}" holds "{item}"{did_you_mean(item, allowed)}; expected one of {", ".join(allowed)}', "RP0207")
                else:
                    out.append(item)
        return tuple(out)

    def duty_list(self, m: YMap, key: str, what: str) -> tuple[str, ...]:
        if key not in m:
            return ()
        items = self.text_list(m, key, what)
        value = m[key]
        for item, ipos in zip(items, value.item_pos if isinstance(value, YList) else ()):
            self.duty_refs.append((item, ipos, f'{what}: "{key}"'))
        return items

    def read_reaction(self, value: Any, pos: Pos, what: str) -> Reaction | None:
        what = f"{what}, reaction"
        m = self.mapping(value, pos, what, spec.REACTION_KEYS)
        if m is None:
            return None
        beat = self.one_of(m, "beat", what, BEATS)
        says = self.text(m, "says", what) if "says" in m else None
        narration = self.text(m, "narration", what) if "narration" in m else None
        if not says and not narration:
            self.error(m.pos, f"{what}: give the client's visible answer as says, narration or both", "RP0408")
            return None
        return Reaction(beat, says, narration) if beat else None

    def read_node(self, node_id: Any, value: Any, key_pos: Pos, pos: Pos) -> Node | None:
        if not isinstance(node_id, str) or not ID_PATTERN.match(node_id):
            self.error(key_pos, f'node id "{node_id}" is not valid; use letters, digits, "-" and "_" without spaces', "RP0208")
            return None
        what = f'node "{node_id}"'
        m = self.mapping(value, pos, what, spec.NODE_KEYS, part="node")
        if m is None:
            return None
        texts = {k: self.text(m, k, what) for k in ("says", "speaker", "narration", "facilitator", "disclosure", "scene")}
        expression = self.one_of(m, "expression", what, EXPRESSIONS) if "expression" in m else None
        beat = self.one_of(m, "beat", what, BEATS) if "beat" in m else None
        raises = self.duty_list(m, "raises", what)
        if self.fmt == 2 and "beat" not in m and (texts["says"] or texts["narration"]):
            self.error(m.pos, f"{what}: format 2 needs a beat on every moment with text: one of {', '.join(BEATS)}", "RP0405")
        exits = [k for k in spec.NODE_EXITS if k in m]
        if not exits:
            self.error(m.pos, f"{what} has no way on; add choices, next, routes or end", "RP0218")
            return None
        if len(exits) > 1:
            self.error(m.key_pos[exits[1]], f'{what}: use only one of choices, next, routes or end (found {" and ".join(exits)})', "RP0218")
            return None
        exit_key = exits[0]
        choices: list[Choice] = []
        routes: list[Route] = []
        end = None
        if exit_key == "choices":
            items = m["choices"]
            if not isinstance(items, YList) or not items:
                self.error(m.value_pos["choices"], f"{what}: choices should be a list with at least one choice, found {_kind(items)}", "RP0219")
                return None
            seen: dict[str, Pos] = {}
            parsed = [self.read_choice(c, p, node_id, seen) for c, p in zip(items, items.item_pos)]
            choices = [c for c in parsed if c is not None]
            if choices and all(c.condition is not None for c in choices):
                self.warn(m.value_pos["choices"], f"{what}: every choice has an `if`; when none holds the encounter stops here. Give one choice no `if`", "RP0220")
        elif exit_key == "next":
            nxt = self.text(m, "next", what)
            if nxt:
                self.node_refs.append((nxt, m.value_pos["next"], f'{what}: "next"'))
                routes = [Route(nxt)]
        elif exit_key == "routes":
            items = m["routes"]
            if not isinstance(items, YList) or not items:
                self.error(m.value_pos["routes"], f"{what}: routes should be a list of {{if, next}}, found {_kind(items)}", "RP0219")
                return None
            for i, (item, ipos) in enumerate(zip(items, items.item_pos)):
                rwhat = f"{what}, route {i + 1}"
                r = self.mapping(item, ipos, rwhat, spec.ROUTE_KEYS)
                if r is None:
                    continue
                nxt = self.text(r, "next", rwhat)
                condition = self.optional_condition(r, rwhat)
                if nxt:
                    self.node_refs.append((nxt, r.value_pos["next"], f'{rwhat}: "next"'))
                    routes.append(Route(nxt, condition))
            if routes and routes[-1].condition is not None:
                self.error(items.item_pos[-1], f"{what}: the last route needs no `if`, so the encounter always goes on", "RP0221")
        else:
            end = self.read_end(m["end"], m.value_pos["end"], what)
            if end is None:
                return None
        return Node(node_id, texts["says"], texts["speaker"], texts["narration"], texts["facilitator"],
                    texts["disclosure"], expression, texts["scene"], tuple(choices), tuple(routes), end,
                    beat, raises)

    def read_end(self, value: Any, pos: Pos, what: str) -> tuple[str, ...] | None:
        if value is True:
            return ("*",)
        if isinstance(value, YList) and value and all(isinstance(v, str) for v in value):
            for eid, epos in zip(value, value.item_pos):
                self.ending_refs.append((eid, epos, what))
            return tuple(value)
        self.error(pos, f'{what}: "end" should be true or a list of ending ids, found {_kind(value)}', "RP0222")
        return None

    def read_endings(self, value: Any, pos: Pos) -> tuple[list[Ending], dict[str, Pos]]:
        endings: list[Ending] = []
        where: dict[str, Pos] = {}
        if not isinstance(value, YList) or not value:
            self.error(pos, f"endings should be a list of endings, found {_kind(value)}", "RP0223")
            return endings, where
        for i, (item, ipos) in enumerate(zip(value, value.item_pos)):
            what = f"ending {i + 1}"
            m = self.mapping(item, ipos, what, spec.ENDING_KEYS)
            if m is None:
                continue
            eid = self.identifier(m, "id", what)
            if eid:
                what = f'ending "{eid}"'
                if eid in where:
                    self.error(m.value_pos["id"], f"{what}: duplicate ending id (first at line {where[eid][0]})", "RP0223")
                    continue
                where[eid] = ipos
            self.format_keys(m, what, "ending")
            title = self.text(m, "title", what)
            text = self.text(m, "text", what)
            outcome = self.one_of(m, "outcome", what, OUTCOMES)
            precedence = self.integer(m, "precedence", what) or 0
            condition = self.optional_condition(m, what)
            ripple = self.text(m, "ripple", what) if "ripple" in m else None
            if None in (eid, title, text, outcome) or ("if" in m and condition is None):
                continue
            endings.append(Ending(eid, title, text, outcome, precedence, condition, ripple))  # type: ignore[arg-type]
        return endings, where

    # -- format 2 parts --------------------------------------------------------------------
    def read_bands(self, m: YMap) -> dict[str, int]:
        bands = dict(DEFAULT_BAND_THRESHOLDS)
        if "bands" not in m:
            return bands
        b = self.mapping(m["bands"], m.value_pos["bands"], "bands", spec.BANDS_KEYS)
        if b is None:
            return bands
        for key in spec.BANDS_KEYS:
            value = self.integer(b, key, "bands")
            if value is not None:
                bands[key] = value
        if not 0 < bands["cautious"] < bands["open"] <= 100:
            self.error(b.pos, f'bands: expected 0 < cautious < open <= 100, found cautious {bands["cautious"]}, open {bands["open"]}', "RP0415")
        return bands

    def read_postures(self, m: YMap) -> dict[str, str]:
        if "postures" not in m:
            return {}
        p = self.mapping(m["postures"], m.value_pos["postures"], "postures", spec.POSTURE_KEYS)
        if p is None:
            return {}
        out = {}
        for band in BANDS:
            line = self.text(p, band, "postures")
            if line is None:
                continue
            out[band] = line
            low = line.lower()
            for word in POSTURE_CONTRADICTIONS.get(band, ()) + POSTURE_CONTRADICTIONS["*"]:
                if word in low:
                    drawn = "any band" if word in POSTURE_CONTRADICTIONS["*"] else f"the {band} band"
                    self.warn(p.value_pos[band], f'postures: the {band} line says "{word}", which the portrait for {drawn} does not draw; describe hands, arms, shoulders, gaze or leaning as drawn: {POSTURE_DRAWN[band]}', "RP0417")
        return out

    def read_duties(self, m: YMap) -> list[Duty]:
        if "duties" not in m or m["duties"] is None:
            return []
        value = m["duties"]
        if not isinstance(value, YList):
            self.error(m.value_pos["duties"], f"duties should be a list of {{id, title, why, source}}, found {_kind(value)}", "RP0203")
            return []
        duties: list[Duty] = []
        for i, (item, ipos) in enumerate(zip(value, value.item_pos)):
            what = f"duty {i + 1}"
            d = self.mapping(item, ipos, what, spec.DUTY_KEYS)
            if d is None:
                continue
            did = self.identifier(d, "id", what)
            if did:
                what = f'duty "{did}"'
                if did in self.duty_pos:
                    self.error(d.value_pos["id"], f"{what}: duplicate duty id (first at line {self.duty_pos[did][0]})", "RP0418")
                    continue
                self.duty_pos[did] = ipos
            fields = [self.text(d, k, what) for k in ("title", "why", "source")]
            if did and None not in fields:
                duties.append(Duty(did, *fields))  # type: ignore[arg-type]
        return duties


FORMAT_2_HINTS = {
    "place": "where the scene is set (country / state), e.g. place: England",
    "postures": "one line of body language per band: closed, cautious, open",
    "kind": "the response kind, one of " + ", ".join(RESPONSE_KINDS),
    "ripple": "what happened weeks later because of this conversation",
}
FORMAT_2_CODES = {"place": "RP0401", "postures": "RP0403", "kind": "RP0406", "ripple": "RP0409"}
CONNECTION_TRUST_MAX = 3
# Posture words the portrait of a band never draws (the art: closed = arms crossed, body turned
# away; cautious = hands clasped, upright; open = arms open, leaning in), and a smile, which no
# band line may promise since the beat decides it. Clothes and gaze depend on the client and the
# beat: the portrait's own checker (game/ui/art/poses.py, docs/faces.md) reads those.
POSTURE_DRAWN = {"closed": "arms crossed, body turned away", "cautious": "hands clasped, upright",
                 "open": "arms open, leaning in"}
POSTURE_CONTRADICTIONS = {
    "closed": ("leans in", "leaning in", "lean in", "leans forward", "open hands", "arms open"),
    "cautious": ("arms open", "arms crossed", "arms folded", "leans in", "leaning in"),
    "open": ("arms folded", "folded arms", "arms crossed", "crossed arms", "turned away", "turns away"),
    "*": ("smil",),
}



def parse_scenario(text: str, filename: str = "<scene>", source: Path | None = None) -> tuple[Scenario | None, list[Diagnostic]]:
    """Read scene text; return the scenario (None when there are errors) and every diagnostic."""
    data, problems = read_yaml(text, filename)
    if data is None:
        return None, problems
    r = _Reader(filename)
    r.diagnostics.extend(problems)
    if isinstance(data, YMap) and data.get("format") in FORMATS and not isinstance(data.get("format"), bool):
        r.fmt = data["format"]
    top = r.mapping(data, (1, 1), "scenario", spec.SCENARIO_KEYS, part="scenario")
    if top is None:
        return None, r.diagnostics

    fmt = r.integer(top, "format", "scenario")
    if fmt is not None and fmt not in FORMATS:
        newer = " — this scene needs a newer version of Rapport" if fmt > FORMAT_VERSION else ""
        r.error(top.value_pos["format"], f"format {fmt} is not supported; expected {' or '.join(map(str, FORMATS))}{newer}", "RP0224")
    sid = r.identifier(top, "id", "scenario")
    if sid and source is not None and source.stem != sid:
        r.warn(top.value_pos["id"], f'the id "{sid}" differs from the file name "{source.name}"; name the file {sid}.yaml', "RP0225")
    version = r.integer(top, "version", "scenario")
    meta = {k: r.text(top, k, "scenario") for k in ("title", "summary")}
    setting = r.one_of(top, "setting", "scenario", SETTINGS)
    difficulty = r.one_of(top, "difficulty", "scenario", DIFFICULTIES)
    minutes = r.integer(top, "minutes", "scenario")
    content_notes = r.text_list(top, "content_notes", "scenario")
    objectives = r.text_list(top, "objectives", "scenario")
    if "objectives" in top and not objectives:
        r.error(top.value_pos["objectives"], "scenario: list at least one learning objective", "RP0226")
    client = r.read_client(top["client"], top.value_pos["client"]) if "client" in top else None
    if "meters" in top:
        r.read_meters(top["meters"], top.value_pos["meters"])
    r.declared_flags = set(r.text_list(top, "flags", "scenario"))
    if "flags" in top and isinstance(top["flags"], YList):
        for flag, fpos in zip(top["flags"], top["flags"].item_pos):
            if isinstance(flag, str) and flag.strip().startswith(MET_FLAG_PREFIX[0]):
                r.error(fpos, f'flag "{flag}": names starting with "{MET_FLAG_PREFIX[0]}" are reserved for duties met; choose another name', "RP0228")
    cues = r.read_cues(top["cues"], top.value_pos["cues"]) if "cues" in top and r.fmt == 1 else ()
    place = r.text(top, "place", "scenario") if "place" in top else None
    bands = r.read_bands(top)
    postures = r.read_postures(top)
    duties = r.read_duties(top)
    questions = r.text_list(top, "debrief_questions", "scenario")
    language = r.text(top, "language", "scenario") if "language" in top else None
    if language is not None and not re.match(LANGUAGE_PATTERN, language):
        r.error(top.value_pos["language"], f'scenario: "language" is "{language[:20]}"; expected a language code such as en, es or pt_BR', "RP0207")
        language = None
    alliance_goal = r.integer(top, "alliance_goal", "scenario") if "alliance_goal" in top else None
    alliance = r.meters.get("alliance")
    if alliance_goal is not None and alliance is not None and not alliance.min < alliance_goal <= alliance.max:
        r.error(top.value_pos["alliance_goal"], f"alliance_goal {alliance_goal} is outside the alliance meter's range {alliance.min}–{alliance.max}", "RP0416")

    nodes: dict[str, Node] = {}
    node_pos: dict[str, Pos] = {}
    raw_nodes = top.get("nodes")
    if "nodes" in top:
        if not isinstance(raw_nodes, YMap) or not raw_nodes:
            r.error(top.value_pos["nodes"], f"nodes should be a mapping from node id to node, found {_kind(raw_nodes)}", "RP0227")
        else:
            # which moments raise each duty, before any condition `{raised: …}` is read
            for node_id, value in raw_nodes.items():
                raises = value.get("raises") if isinstance(value, YMap) else None
                if isinstance(raises, YList):
                    for duty in raises:
                        if isinstance(duty, str):
                            r.raising.setdefault(duty.strip(), []).append(str(node_id))
            for node_id, value in raw_nodes.items():
                node = r.read_node(node_id, value, raw_nodes.key_pos[node_id], raw_nodes.value_pos[node_id])
                node_pos[str(node_id)] = raw_nodes.key_pos[node_id]
                if node is not None:
                    nodes[node.id] = node
    start = r.text(top, "start", "scenario")
    if start:
        r.node_refs.append((start, top.value_pos["start"], 'scenario: "start"'))
    endings, ending_pos = r.read_endings(top["endings"], top.value_pos["endings"]) if "endings" in top else ([], {})
    if duties:
        guard = duty_rule([d.id for d in duties], r.raising)
        endings = [replace(e, guard=guard) if e.outcome in GUARDED_OUTCOMES else e for e in endings]

    _check_references(r, node_pos, ending_pos)
    _check_duties(r, duties, nodes)
    _check_disclosures(r, nodes, node_pos, client)
    nodes = _resolve_end_candidates(r, nodes, node_pos, endings, ending_pos)
    if start and start in node_pos:
        _warn_unreachable(r, start, nodes, node_pos)

    if start and start in nodes:  # loops the player could never leave (traps.py, RP051x)
        r.diagnostics.extend(trap_diagnostics(r.file, nodes, start, node_pos))
    if any(d.severity == ERROR for d in r.diagnostics):
        return None, r.diagnostics
    flags = set(r.declared_flags) | {met_flag(d.id) for d in duties}
    scenario = Scenario(
        id=sid, version=version or 1, title=meta["title"], summary=meta["summary"],  # type: ignore[arg-type]
        setting=setting, difficulty=difficulty, minutes=minutes,  # type: ignore[arg-type]
        content_notes=content_notes, objectives=objectives, client=client,  # type: ignore[arg-type]
        meters=frozen_map(r.meters), flags=frozenset(flags), cues=cues,
        start=start, nodes=frozen_map(nodes), endings=tuple(endings), source=source,  # type: ignore[arg-type]
        format=r.fmt, place=place, bands=frozen_map(bands),
        alliance_goal=alliance_goal if alliance_goal is not None else DEFAULT_ALLIANCE_GOAL,
        postures=frozen_map(postures), duties=tuple(duties), debrief_questions=questions,
        language=language or DEFAULT_LANGUAGE, source_language=language or DEFAULT_LANGUAGE,
    )
    return scenario, r.diagnostics


GUARDED_OUTCOMES = ("best", "good")
DEFAULT_ALLIANCE_GOAL = 50


def _check_duties(r: _Reader, duties: list[Duty], nodes: dict[str, Node]) -> None:
    for did, pos, what in r.duty_refs:
        if did not in r.duty_pos:
            r.error(pos, f'{what} names duty "{did}", which is not declared under duties{did_you_mean(did, r.duty_pos)}', "RP0311")
    met = {d for n in nodes.values() for c in n.choices for d in c.meets}
    for duty in duties:
        if not r.raising.get(duty.id):
            r.warn(r.duty_pos[duty.id], f'duty "{duty.id}" is never raised: add raises: [{duty.id}] to the moment that makes it a duty', "RP0411")
        elif duty.id not in met:
            r.warn(r.duty_pos[duty.id], f'duty "{duty.id}" is raised but no choice meets it, so no best or good ending can follow; add meets: [{duty.id}] to the choice that does it', "RP0412")


def _check_disclosures(r: _Reader, nodes: dict[str, Node], node_pos: dict[str, Pos], client: Any) -> None:
    """A disclosure label is a clause with its own subject: the debrief says "… didn't trust you
    enough to tell you that <label>" (wording.py)."""
    if r.fmt < 2:
        return
    texts = [n.says for n in nodes.values()] + [n.narration for n in nodes.values()]
    texts += [c.reaction.says for n in nodes.values() for c in n.choices if c.reaction]
    if client is not None:
        texts += [client.name, client.background, client.presenting]
    names = proper_names(*texts) | set((client.name if client is not None else "").split())
    for node in nodes.values():
        if node.disclosure:
            problem = label_problem(node.disclosure, names)
            if problem:
                r.warn(node_pos.get(node.id, (0, 0)), f'node "{node.id}": disclosure "{node.disclosure}" will not read in the '
                       f'debrief ("… didn\'t trust you enough to tell you that …"): {problem}', "RP0421")


def _check_references(r: _Reader, node_pos: dict[str, Pos], ending_pos: dict[str, Pos]) -> None:
    for target, pos, what in r.node_refs:
        if target not in node_pos:
            r.error(pos, f'{what} names node "{target}", which does not exist{did_you_mean(target, node_pos)}', "RP0301")
    meter_names = r.meter_names
    for name, pos in r.meter_refs:
        if name not in meter_names:
            r.error(pos, f'meter "{name}" is not declared under meters{did_you_mean(name, meter_names)}', "RP0302")
    for flag, pos in r.flag_tests + r.flag_writes:
        if flag not in r.declared_flags:
            r.error(pos, f'flag "{flag}" is not declared under flags{did_you_mean(flag, r.declared_flags)}', "RP0303")
    written = {f for f, _ in r.flag_writes}
    tested = {f for f, _ in r.flag_tests}
    for flag in sorted(r.declared_flags - written):
        if flag in tested:
            r.warn((0, 0), f'flag "{flag}" is tested but no choice ever sets it', "RP0304")
    for eid, pos, what in r.ending_refs:
        if eid not in ending_pos:
            r.error(pos, f'{what}: "end" names ending "{eid}", which does not exist{did_you_mean(eid, ending_pos)}', "RP0305")


def _resolve_end_candidates(r: _Reader, nodes: dict[str, Node], node_pos: dict[str, Pos],
                            endings: list[Ending], ending_pos: dict[str, Pos]) -> dict[str, Node]:
    """Give each end node its candidate endings in the order they are tried; check fallbacks."""
    order = sorted(range(len(endings)), key=lambda i: -endings[i].precedence)  # stable: file order
    by_id = {e.id: e for e in endings}
    resolvable: set[str] = set()
    out = dict(nodes)
    for node in nodes.values():
        if node.end is None:
            continue
        wanted = set(by_id) if node.end == ("*",) else {e for e in node.end if e in by_id}
        candidates = tuple(endings[i].id for i in order if endings[i].id in wanted)
        if endings and not any(by_id[e].condition is None for e in candidates):
            r.error(node_pos[node.id], f'end node "{node.id}" has no fallback ending: add an ending without `if` to its endings so it always resolves', "RP0306")
        elif endings and any(by_id[e].guard is not None for e in candidates) and not any(
                by_id[e].condition is None and by_id[e].guard is None for e in candidates):
            r.error(node_pos[node.id], f'end node "{node.id}" has no mixed or poor fallback: with duties, a best or good ending cannot resolve while a raised duty is unmet, so add a mixed or poor ending without `if` to its endings', "RP0413")
        # an ending that always holds stops the search: later candidates can never resolve here
        for eid in candidates:
            resolvable.add(eid)
            if by_id[eid].condition is None and by_id[eid].guard is None:
                break
        out[node.id] = replace(node, end=candidates)
    if not any(n.end is not None for n in nodes.values()) and nodes:
        r.error((0, 0), "no node ends the encounter; give at least one node `end: true`", "RP0307")
    for e in endings:
        if e.id not in resolvable and any(n.end is not None for n in nodes.values()):
            r.error(ending_pos[e.id], f'ending "{e.id}" can never be resolved: no end node lists it, or an ending without `if` with higher precedence always wins first', "RP0308")
    if endings and not any(e.outcome == "best" for e in endings):
        r.warn(ending_pos[endings[0].id], 'no ending has outcome "best"; mark the breakthrough ending so tests and the gallery know it', "RP0309")
    return out


def _warn_unreachable(r: _Reader, start: str, nodes: dict[str, Node], node_pos: dict[str, Pos]) -> None:
    seen = {start}
    stack = [start]
    while stack:
        node = nodes.get(stack.pop())
        if node is None:
            continue
        for nxt in [c.next for c in node.choices] + [rt.next for rt in node.routes]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    for node_id, pos in node_pos.items():
        if node_id not in seen:
            r.warn(pos, f'node "{node_id}" can never be reached from "{start}"', "RP0310")


def check_file(path: str | Path) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one file; return the scenario (or None) and all diagnostics, warnings included."""
    path = Path(path)
    text, problems = read_text(path)  # size-limited: a device or a huge file is refused unread
    if text is None:
        return None, problems
    enabled = gc.isenabled()
    gc.disable()  # the data read and the scene built from it only grow: collecting would find nothing
    try:
        return parse_scenario(text, str(path), path)
    except Exception as exc:  # a safety net: one file must never stop a library, a window or a command
        return None, [Diagnostic(str(path), 0, 0, f"this file could not be read ({type(exc).__name__}); "
                                                  f"please report it with the file attached", code="RP0115")]
    finally:
        if enabled:
            gc.enable()


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate one scene file; raise ScenarioError with every problem found."""
    scenario, diagnostics = check_file(path)
    if scenario is None:
        raise ScenarioError(diagnostics)
    return scenario
