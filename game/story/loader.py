"""Read a scene file into a Scenario, collecting every problem rather than stopping at the first.

Reading happens in two passes: the first checks each part's shape and builds the model while
remembering where every reference (a `next`, a meter, a flag) stands; the second checks that
those references exist, once everything has been read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import spec
from .conditions import AllOf, AnyOf, Condition, FlagSet, MeterRange, Not, Visited
from .diagnostics import ERROR, WARNING, Diagnostic, ScenarioError, did_you_mean
from .model import (
    DIFFICULTIES,
    EXPRESSIONS,
    FORMAT_VERSION,
    OUTCOMES,
    REQUIRED_METERS,
    RESPONSE_KINDS,
    SETTINGS,
    TAGS,
    Choice,
    Client,
    Cue,
    Effects,
    Ending,
    Meter,
    Node,
    Route,
    Scenario,
    frozen_map,
)
from .yamlsrc import Pos, YList, YMap, read_yaml

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")


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

    # -- reporting -------------------------------------------------------------------------
    def error(self, pos: Pos, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, pos[0], pos[1], message, ERROR))

    def warn(self, pos: Pos, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, pos[0], pos[1], message, WARNING))

    # -- shape helpers ---------------------------------------------------------------------
    def mapping(self, value: Any, pos: Pos, what: str, table: dict[str, bool],
                extra_keys: tuple[str, ...] = ()) -> YMap | None:
        """Check that ``value`` is a mapping with only known keys and every required key."""
        if not isinstance(value, YMap):
            self.error(pos, f"{what} should be a mapping of keys to values, found {_kind(value)}")
            return None
        known = tuple(table) + extra_keys
        for key in value:
            if key not in known:
                self.error(value.key_pos[key], f'{what}: unknown key "{key}"{did_you_mean(str(key), known)}; expected one of {", ".join(known)}')
        for key, required in table.items():
            if required and key not in value:
                self.error(value.pos, f'{what}: missing required key "{key}"')
        return value

    def text(self, m: YMap, key: str, what: str, required: bool = True) -> str | None:
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            if value is None and not required:
                return None
            self.error(m.value_pos[key], f'{what}: "{key}" should be text, found {_kind(value)}')
            return None
        return value.strip()

    def integer(self, m: YMap, key: str, what: str) -> int | None:
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(m.value_pos[key], f'{what}: "{key}" should be a whole number, found {_kind(value)}')
            return None
        return value

    def text_list(self, m: YMap, key: str, what: str) -> tuple[str, ...]:
        if key not in m or m[key] is None:
            return ()
        value = m[key]
        if not isinstance(value, YList):
            self.error(m.value_pos[key], f'{what}: "{key}" should be a list of text, found {_kind(value)}')
            return ()
        out = []
        for item, pos in zip(value, value.item_pos):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.error(pos, f'{what}: each item of "{key}" should be text, found {_kind(item)}')
        return tuple(out)

    def one_of(self, m: YMap, key: str, what: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(m, key, what)
        if value is not None and value not in allowed:
            self.error(m.value_pos[key], f'{what}: "{key}" is "{value}"{did_you_mean(value, allowed)}; expected one of {", ".join(allowed)}')
            return None
        return value

    def identifier(self, m: YMap, key: str, what: str) -> str | None:
        value = self.text(m, key, what)
        if value is not None and not ID_PATTERN.match(value):
            self.error(m.value_pos[key], f'{what}: "{value}" is not a valid id; use letters, digits, "-" and "_" without spaces')
            return None
        return value

    # -- conditions ------------------------------------------------------------------------
    def condition(self, value: Any, pos: Pos, what: str) -> Condition | None:
        if not isinstance(value, YMap):
            self.error(pos, f"{what}: a condition should be a mapping such as {{meter: trust, at_least: 50}}, found {_kind(value)}")
            return None
        forms = [k for k in value if k in spec.CONDITION_FORMS]
        if len(forms) != 1:
            unknown = [k for k in value if k not in spec.CONDITION_FORMS and k not in spec.METER_CONDITION_KEYS]
            if unknown:
                key = unknown[0]
                self.error(value.key_pos[key], f'{what}: unknown condition key "{key}"{did_you_mean(str(key), spec.CONDITION_FORMS + ("at_least", "at_most"))}; expected one of {", ".join(spec.CONDITION_FORMS)}')
            else:
                self.error(value.pos, f"{what}: a condition needs exactly one of {', '.join(spec.CONDITION_FORMS)}, found {', '.join(forms) or 'none'}")
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
                self.error(m.pos, f'{what}: a meter condition needs "at_least", "at_most" or both')
                return None
            if lo is not None and hi is not None and lo > hi:
                self.error(m.pos, f"{what}: at_least {lo} is above at_most {hi}, so this can never hold")
            return MeterRange(name, lo, hi)
        if len(value) != 1:
            extra = next(k for k in value if k != form)
            self.error(value.key_pos[extra], f'{what}: "{extra}" does not go with "{form}" in one condition; combine conditions with all/any')
            return None
        inner, inner_pos = value[form], value.value_pos[form]
        if form in ("flag", "visited"):
            if not isinstance(inner, str):
                self.error(inner_pos, f'{what}: "{form}" should name a {"flag" if form == "flag" else "node"}, found {_kind(inner)}')
                return None
            if form == "flag":
                self.flag_tests.append((inner, inner_pos))
                return FlagSet(inner)
            self.node_refs.append((inner, inner_pos, f'{what}: "visited"'))
            return Visited(inner)
        if form == "not":
            item = self.condition(inner, inner_pos, what)
            return Not(item) if item else None
        if not isinstance(inner, YList) or not inner:
            self.error(inner_pos, f'{what}: "{form}" should be a list of conditions, found {_kind(inner)}')
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
            self.error(pos, f"meters should be a mapping such as trust: {{start: 40}}, found {_kind(value)}")
            return
        for name, spec_value in value.items():
            what = f'meter "{name}"'
            name_pos = value.key_pos[name]
            if not isinstance(name, str) or not NAME_PATTERN.match(name):
                self.error(name_pos, f"{what}: a meter name uses lower-case letters, digits, '-' and '_'")
                continue
            if name in spec.EFFECT_FLAG_KEYS:
                self.error(name_pos, f'{what}: "{name}" is reserved for flag effects; choose another name')
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
                self.error(m.pos, f"{what}: min {low} must be below max {high}")
                continue
            if not low <= start <= high:
                self.error(m.value_pos["start"], f"{what}: start {start} is outside its bounds {low}–{high}")
                continue
            self.meters[name] = Meter(name, start, low, high)
        for required in REQUIRED_METERS:
            if required not in value:
                self.error(value.pos, f'meters: "{required}" is required (every scenario has trust and openness)')

    def read_client(self, value: Any, pos: Pos) -> Client | None:
        m = self.mapping(value, pos, "client", spec.CLIENT_KEYS)
        if m is None:
            return None
        fields = {k: self.text(m, k, "client") for k in ("name", "pronouns", "background", "presenting", "portrait")}
        age = self.integer(m, "age", "client")
        if age is not None and not 0 < age < 130:
            self.error(m.value_pos["age"], f"client: age {age} should be between 1 and 129")
        if age is None or any(v is None for v in fields.values()):
            return None
        return Client(age=age, **fields)  # type: ignore[arg-type]

    def read_cues(self, value: Any, pos: Pos) -> tuple[Cue, ...]:
        if not isinstance(value, YList) or not value:
            self.error(pos, f"cues should be a list of rules with expression and posture, found {_kind(value)}")
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
            self.warn(value.item_pos[-1], "cues: the last rule has an `if`; add a final rule without one so the client always has an expression")
        return tuple(cues)

    def read_effects(self, value: Any, pos: Pos, what: str) -> Effects:
        if not isinstance(value, YMap):
            self.error(pos, f"{what}: effects should be a mapping such as {{trust: 5, set: [flag]}}, found {_kind(value)}")
            return Effects()
        deltas: dict[str, int] = {}
        flag_sets: dict[str, frozenset] = {"set": frozenset(), "clear": frozenset()}
        for key, delta in value.items():
            kpos, vpos = value.key_pos[key], value.value_pos[key]
            if key in spec.EFFECT_FLAG_KEYS:
                flags = delta if isinstance(delta, YList) else None
                if flags is None or not all(isinstance(f, str) for f in flags):
                    self.error(vpos, f'{what}: "{key}" should be a list of flag names, found {_kind(delta)}')
                    continue
                for flag, fpos in zip(flags, flags.item_pos):
                    self.flag_writes.append((flag, fpos))
                flag_sets[key] = frozenset(flags)
                continue
            if isinstance(delta, bool) or not isinstance(delta, int):
                self.error(vpos, f'{what}: the change to "{key}" should be a whole number such as 5 or -3, found {_kind(delta)}')
                continue
            self.meter_refs.append((str(key), kpos))
            deltas[str(key)] = delta
        return Effects(frozen_map(deltas), flag_sets["set"], flag_sets["clear"])

    def read_choice(self, value: Any, pos: Pos, node_id: str, seen: dict[str, Pos]) -> Choice | None:
        what = f'node "{node_id}", choice'
        m = self.mapping(value, pos, what, spec.CHOICE_KEYS)
        if m is None:
            return None
        cid = self.identifier(m, "id", what)
        if cid:
            what = f'node "{node_id}", choice "{cid}"'
            if cid in seen:
                self.error(m.value_pos["id"], f'{what}: duplicate choice id (first at line {seen[cid][0]})')
            seen[cid] = m.value_pos["id"]
        text = self.text(m, "text", what)
        tag = self.one_of(m, "tag", what, TAGS)
        kind = self.one_of(m, "kind", what, RESPONSE_KINDS) if "kind" in m else None
        feedback = self.text(m, "feedback", what)
        nxt = self.text(m, "next", what)
        if nxt:
            self.node_refs.append((nxt, m.value_pos["next"], f'{what}: "next"'))
        effects = self.read_effects(m["effects"], m.value_pos["effects"], what) if "effects" in m else Effects()
        condition = self.optional_condition(m, what)
        hint = self.text(m, "locked_hint", what) if "locked_hint" in m else None
        if None in (cid, text, tag, feedback, nxt) or ("if" in m and condition is None):
            return None
        return Choice(cid, text, tag, feedback, nxt, kind, effects, condition, hint)  # type: ignore[arg-type]

    def read_node(self, node_id: Any, value: Any, key_pos: Pos, pos: Pos) -> Node | None:
        if not isinstance(node_id, str) or not ID_PATTERN.match(node_id):
            self.error(key_pos, f'node id "{node_id}" is not valid; use letters, digits, "-" and "_" without spaces')
            return None
        what = f'node "{node_id}"'
        m = self.mapping(value, pos, what, spec.NODE_KEYS)
        if m is None:
            return None
        texts = {k: self.text(m, k, what) for k in ("says", "speaker", "narration", "facilitator", "disclosure", "scene")}
        expression = self.one_of(m, "expression", what, EXPRESSIONS) if "expression" in m else None
        exits = [k for k in spec.NODE_EXITS if k in m]
        if not exits:
            self.error(m.pos, f"{what} has no way on; add choices, next, routes or end")
            return None
        if len(exits) > 1:
            self.error(m.key_pos[exits[1]], f'{what}: use only one of choices, next, routes or end (found {" and ".join(exits)})')
            return None
        exit_key = exits[0]
        choices: list[Choice] = []
        routes: list[Route] = []
        end = None
        if exit_key == "choices":
            items = m["choices"]
            if not isinstance(items, YList) or not items:
                self.error(m.value_pos["choices"], f"{what}: choices should be a list with at least one choice, found {_kind(items)}")
                return None
            seen: dict[str, Pos] = {}
            parsed = [self.read_choice(c, p, node_id, seen) for c, p in zip(items, items.item_pos)]
            choices = [c for c in parsed if c is not None]
            if choices and all(c.condition is not None for c in choices):
                self.warn(m.value_pos["choices"], f"{what}: every choice has an `if`; when none holds the encounter stops here. Give one choice no `if`")
        elif exit_key == "next":
            nxt = self.text(m, "next", what)
            if nxt:
                self.node_refs.append((nxt, m.value_pos["next"], f'{what}: "next"'))
                routes = [Route(nxt)]
        elif exit_key == "routes":
            items = m["routes"]
            if not isinstance(items, YList) or not items:
                self.error(m.value_pos["routes"], f"{what}: routes should be a list of {{if, next}}, found {_kind(items)}")
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
                self.error(items.item_pos[-1], f"{what}: the last route needs no `if`, so the encounter always goes on")
        else:
            end = self.read_end(m["end"], m.value_pos["end"], what)
            if end is None:
                return None
        return Node(node_id, texts["says"], texts["speaker"], texts["narration"], texts["facilitator"],
                    texts["disclosure"], expression, texts["scene"], tuple(choices), tuple(routes), end)

    def read_end(self, value: Any, pos: Pos, what: str) -> tuple[str, ...] | None:
        if value is True:
            return ("*",)
        if isinstance(value, YList) and value and all(isinstance(v, str) for v in value):
            for eid, epos in zip(value, value.item_pos):
                self.ending_refs.append((eid, epos, what))
            return tuple(value)
        self.error(pos, f'{what}: "end" should be true or a list of ending ids, found {_kind(value)}')
        return None

    def read_endings(self, value: Any, pos: Pos) -> tuple[list[Ending], dict[str, Pos]]:
        endings: list[Ending] = []
        where: dict[str, Pos] = {}
        if not isinstance(value, YList) or not value:
            self.error(pos, f"endings should be a list of endings, found {_kind(value)}")
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
                    self.error(m.value_pos["id"], f"{what}: duplicate ending id (first at line {where[eid][0]})")
                    continue
                where[eid] = ipos
            title = self.text(m, "title", what)
            text = self.text(m, "text", what)
            outcome = self.one_of(m, "outcome", what, OUTCOMES)
            precedence = self.integer(m, "precedence", what) or 0
            condition = self.optional_condition(m, what)
            if None in (eid, title, text, outcome) or ("if" in m and condition is None):
                continue
            endings.append(Ending(eid, title, text, outcome, precedence, condition))  # type: ignore[arg-type]
        return endings, where


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return f'"{text[:40]}{"…" if len(text) > 40 else ""}"'


def parse_scenario(text: str, filename: str = "<scene>", source: Path | None = None) -> tuple[Scenario | None, list[Diagnostic]]:
    """Read scene text; return the scenario (None when there are errors) and every diagnostic."""
    data, problems = read_yaml(text, filename)
    if data is None:
        return None, problems
    r = _Reader(filename)
    r.diagnostics.extend(problems)
    top = r.mapping(data, (1, 1), "scenario", spec.SCENARIO_KEYS)
    if top is None:
        return None, r.diagnostics

    fmt = r.integer(top, "format", "scenario")
    if fmt is not None and fmt != FORMAT_VERSION:
        newer = " — this scene needs a newer version of Rapport" if fmt > FORMAT_VERSION else ""
        r.error(top.value_pos["format"], f"format {fmt} is not supported; expected {FORMAT_VERSION}{newer}")
    sid = r.identifier(top, "id", "scenario")
    if sid and source is not None and source.stem != sid:
        r.warn(top.value_pos["id"], f'the id "{sid}" differs from the file name "{source.name}"; name the file {sid}.yaml')
    version = r.integer(top, "version", "scenario")
    meta = {k: r.text(top, k, "scenario") for k in ("title", "summary")}
    setting = r.one_of(top, "setting", "scenario", SETTINGS)
    difficulty = r.one_of(top, "difficulty", "scenario", DIFFICULTIES)
    minutes = r.integer(top, "minutes", "scenario")
    content_notes = r.text_list(top, "content_notes", "scenario")
    objectives = r.text_list(top, "objectives", "scenario")
    if "objectives" in top and not objectives:
        r.error(top.value_pos["objectives"], "scenario: list at least one learning objective")
    client = r.read_client(top["client"], top.value_pos["client"]) if "client" in top else None
    if "meters" in top:
        r.read_meters(top["meters"], top.value_pos["meters"])
    r.declared_flags = set(r.text_list(top, "flags", "scenario"))
    cues = r.read_cues(top["cues"], top.value_pos["cues"]) if "cues" in top else ()

    nodes: dict[str, Node] = {}
    node_pos: dict[str, Pos] = {}
    raw_nodes = top.get("nodes")
    if "nodes" in top:
        if not isinstance(raw_nodes, YMap) or not raw_nodes:
            r.error(top.value_pos["nodes"], f"nodes should be a mapping from node id to node, found {_kind(raw_nodes)}")
        else:
            for node_id, value in raw_nodes.items():
                node = r.read_node(node_id, value, raw_nodes.key_pos[node_id], raw_nodes.value_pos[node_id])
                node_pos[str(node_id)] = raw_nodes.key_pos[node_id]
                if node is not None:
                    nodes[node.id] = node
    start = r.text(top, "start", "scenario")
    if start:
        r.node_refs.append((start, top.value_pos["start"], 'scenario: "start"'))
    endings, ending_pos = r.read_endings(top["endings"], top.value_pos["endings"]) if "endings" in top else ([], {})

    _check_references(r, node_pos, ending_pos)
    nodes = _resolve_end_candidates(r, nodes, node_pos, endings, ending_pos)
    if start and start in node_pos:
        _warn_unreachable(r, start, nodes, node_pos)

    if any(d.severity == ERROR for d in r.diagnostics):
        return None, r.diagnostics
    scenario = Scenario(
        id=sid, version=version or 1, title=meta["title"], summary=meta["summary"],  # type: ignore[arg-type]
        setting=setting, difficulty=difficulty, minutes=minutes,  # type: ignore[arg-type]
        content_notes=content_notes, objectives=objectives, client=client,  # type: ignore[arg-type]
        meters=frozen_map(r.meters), flags=frozenset(r.declared_flags), cues=cues,
        start=start, nodes=frozen_map(nodes), endings=tuple(endings), source=source,  # type: ignore[arg-type]
    )
    return scenario, r.diagnostics


def _check_references(r: _Reader, node_pos: dict[str, Pos], ending_pos: dict[str, Pos]) -> None:
    for target, pos, what in r.node_refs:
        if target not in node_pos:
            r.error(pos, f'{what} names node "{target}", which does not exist{did_you_mean(target, node_pos)}')
    meter_names = r.meter_names
    for name, pos in r.meter_refs:
        if name not in meter_names:
            r.error(pos, f'meter "{name}" is not declared under meters{did_you_mean(name, meter_names)}')
    for flag, pos in r.flag_tests + r.flag_writes:
        if flag not in r.declared_flags:
            r.error(pos, f'flag "{flag}" is not declared under flags{did_you_mean(flag, r.declared_flags)}')
    written = {f for f, _ in r.flag_writes}
    tested = {f for f, _ in r.flag_tests}
    for flag in sorted(r.declared_flags - written):
        if flag in tested:
            r.warn((0, 0), f'flag "{flag}" is tested but no choice ever sets it')
    for eid, pos, what in r.ending_refs:
        if eid not in ending_pos:
            r.error(pos, f'{what}: "end" names ending "{eid}", which does not exist{did_you_mean(eid, ending_pos)}')


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
            r.error(node_pos[node.id], f'end node "{node.id}" has no fallback ending: add an ending without `if` to its endings so it always resolves')
        # an unconditional ending stops the search: later candidates can never resolve here
        for eid in candidates:
            resolvable.add(eid)
            if by_id[eid].condition is None:
                break
        out[node.id] = replace(node, end=candidates)
    if not any(n.end is not None for n in nodes.values()) and nodes:
        r.error((0, 0), "no node ends the encounter; give at least one node `end: true`")
    for e in endings:
        if e.id not in resolvable and any(n.end is not None for n in nodes.values()):
            r.error(ending_pos[e.id], f'ending "{e.id}" can never be resolved: no end node lists it, or an ending without `if` with higher precedence always wins first')
    if endings and not any(e.outcome == "best" for e in endings):
        r.warn(ending_pos[endings[0].id],
               'no ending has outcome "best"; mark the breakthrough ending so tests and the gallery know it')
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
            r.warn(pos, f'node "{node_id}" can never be reached from "{start}"')


def check_file(path: str | Path) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one file; return the scenario (or None) and all diagnostics, warnings included."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Diagnostic(str(path), 0, 0, "no such file")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Diagnostic(str(path), 0, 0, f"cannot read the file: {exc}")]
    return parse_scenario(text, str(path), path)


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate one scene file; raise ScenarioError with every problem found."""
    scenario, diagnostics = check_file(path)
    if scenario is None:
        raise ScenarioError(diagnostics)
    return scenario
