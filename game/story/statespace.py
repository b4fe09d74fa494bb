"""Every reachable decision state of a scenario, each explored once, with the core's own rules.

A state is what the rules can observe when the player must choose: the node, the meters, the
flags some condition tests, and which of the nodes named by `visited` conditions have been
reached (a visit count only matters through `visited`, so the set is all that is kept).
Meters no condition reads (other than trust and openness, which the reports show) and flags
no condition tests are left out: they cannot change what happens.

Only decision states are stored. Reading on and routes are followed straight through with
rules.route_target, and arriving at an end node (rules.resolve_ending) moves to that ending's
sink: one state per ending. That keeps the graph to the places a path can branch, which in
real scenes is a small part of all the places a player passes. The analysis (analysis.py)
reads this graph; nothing here decides what is a problem.
"""

from __future__ import annotations

import time
from array import array
from collections import deque
from dataclasses import replace
from typing import Any

from . import rules
from .conditions import AllOf, AnyOf, Condition, FlagSet, MeterRange, Not, Visited, walk
from .budget import BYTES_PER_STATE, Budget, resident_bytes  # noqa: F401  (part of this module's API)
from .components import cyclic_components  # noqa: F401  (part of this module's API)
from .model import Effects, Node, Route, Scenario, frozen_map

REPORTED_METERS = ("trust", "openness")
KNOWN_CONDITIONS = (MeterRange, FlagSet, Visited, AllOf, AnyOf, Not)
MASK = (1 << 32) - 1
MASK64 = (1 << 64) - 1
VALUES = MASK << 32  # the values' part of a state key
_SAME_TAIL: dict[int, int] = {}  # marks a move whose tail is the state's own (in _explore)


class AnalysisError(ValueError):
    """The scenario cannot be analysed (a kind of condition the analysis does not know)."""


class _Seen(frozenset):
    """The visited nodes that conditions ask about, shaped like PlayState.visits for the rules."""

    def get(self, node_id: str, default: int = 0) -> int:
        return 1 if node_id in self else default


class StateGraph:
    """The decision states and the choices between them, built breadth first from the start.

    A state is packed into one int: node | values << 32 | flags << 64 | visited << 96, the last
    three being indexes into interning tables (``values`` and ``meter_dicts``, ``flag_sets``,
    ``seen_sets``). Sinks for endings have negative keys. Moves are compact arrays: the moves
    out of state i are ``dst[first[i]:first[i + 1]]`` with ``label`` the global choice index,
    or -1 for the move from a start that is not itself a decision.

    Besides the graph: ``ending_of`` (sink state -> ending index), ``dead_ends`` (decision
    states where nothing is offered), ``frozen`` (state -> the nodes of a loop of text-less
    nodes that pass to each other for ever), ``reached`` (per node), ``coverage`` (condition
    site -> [checked somewhere, held somewhere]) and meter ranges seen at end and route nodes.
    """

    def __init__(self, scenario: Scenario, limit: int | None = None, budget: Budget | None = None,
                 prune: bool = True, marked: Scenario | None = None, share_resolutions: bool = True):
        """Explore ``scenario``. Past ``limit`` states or the ``budget``, or on Ctrl-C, the
        exploration stops: ``complete`` is then False, ``stopped`` says why in a sentence, and
        states from ``unexplored`` on were reached but not followed.

        ``marked``: the same scenario with other endings at its end nodes (the duty check's,
        duties.marked_scenario). Each arrival at an end is then also resolved there, and
        ``marks`` gives, per move into a sink where ``marked`` resolves another ending than the
        scenario does (a marker), that ending of ``marked``; the
        duty check reads that instead of exploring the marked copy again. Left None (and
        ``marked`` None) when the marked endings read something this graph does not keep.

        ``share_resolutions``: arrivals at an end that differ only in meters no candidate
        ending reads share one resolution (False resolves each; the tests compare both)."""
        self.scenario = scenario
        self.budget = budget or Budget()
        if limit is not None and (self.budget.states is None or limit < self.budget.states):
            self.budget.states = limit
        self.complete = True
        self.stopped: str | None = None
        self.unexplored = 0
        self.node_ids = list(scenario.nodes)
        self.node_index = {n: i for i, n in enumerate(self.node_ids)}
        self.nodes = [scenario.nodes[n] for n in self.node_ids]
        conditions = _all_conditions(scenario)
        for c in conditions:
            for part in walk(c):
                if not isinstance(part, KNOWN_CONDITIONS):
                    raise AnalysisError(f"the analysis does not know the condition {type(part).__name__}")
        used_meters = set().union(*(c.meters_used() for c in conditions)) if conditions else set()
        self.meter_names = [m for m in scenario.meters if m in used_meters or m in REPORTED_METERS]
        self.tested_flags = frozenset(p.flag for c in conditions for p in walk(c) if isinstance(p, FlagSet))
        self.watched_nodes = frozenset(p.node for c in conditions for p in walk(c) if isinstance(p, Visited))
        self.limit = limit
        self.choices: list[tuple[int, Any]] = []  # global choice index -> (node index, Choice)
        self.coverage: dict[tuple, list[bool]] = {}
        self._effects: dict[tuple, int] = {}
        self._effect_list: list[Effects] = []
        self.plans = [self._plan(i, node) for i, node in enumerate(self.nodes)]
        if prune:
            self.live_flags, self.live_seen = self._liveness(conditions)
        else:  # every tested flag and watched node kept everywhere (the tests compare both)
            self.live_flags = [self.tested_flags] * len(self.nodes)
            self.live_seen = [self.watched_nodes] * len(self.nodes)
        self.values: list[tuple] = []
        self.meter_dicts: list[dict[str, int]] = []
        self.flag_sets: list[frozenset] = []
        self.seen_sets: list[Any] = []  # _Seen: frozensets the rules read as visit counts
        self.states: list[int] = []
        self.first = array("q")
        self.dst = array("i")  # 32-bit: the state limit keeps indexes well below 2**31
        self.label = array("i")
        self.ending_of: dict[int, int] = {}  # sink state -> index in scenario.endings
        self.dead_ends: list[int] = []
        self.frozen: dict[int, tuple[str, ...]] = {}
        self.reached = bytearray(len(self.nodes))
        self.arrival: dict[int, list[list[int]]] = {}  # ending index -> [lowest, highest] per meter
        self.passing: dict[int, list[list[int]]] = {}  # end or route node index -> the same
        self.marked = marked if marked is not None and self._keeps_enough_for(marked) else None
        self.marks: dict[int, int] = {}  # move index -> ending of ``marked``, where it differs
        self._share_resolutions = share_resolutions
        self._order: array | None = None
        self._fewest: tuple[array, array, array] | None = None
        self._explore()

    # -- preparing -----------------------------------------------------------------------
    def _plan(self, index: int, node: Node) -> tuple:
        if node.end is not None:
            return ("end", node, {eid: k for k, eid in enumerate(node.end)})
        if node.choices:
            plan = []
            for k, choice in enumerate(node.choices):
                label = len(self.choices)
                self.choices.append((index, choice))
                plan.append((choice, label, self.node_index[choice.next], self._effect_id(choice.effects)))
                if choice.condition is not None:
                    self.coverage[("choice", index, k)] = [False, False]
            return ("choice", node, plan)
        # A probe copy of the node whose routes lead to their own positions: the core's
        # route_target then says which route applied, which both moves and records coverage.
        probe = replace(node, routes=tuple(Route(str(k), r.condition) for k, r in enumerate(node.routes)))
        targets = [self.node_index[r.next] for r in node.routes]
        for k, r in enumerate(node.routes):
            if r.condition is not None:
                self.coverage[("route", index, k)] = [False, False]
        return ("pass", node, (probe, targets, any(r.condition is not None for r in node.routes)))

    def _liveness(self, conditions: list[Condition]) -> tuple[list[frozenset], list[frozenset]]:
        """Per node, the tested flags and the watched nodes some condition can still read from
        there on (at the node or after it, on some link). A flag or visit no condition can read
        any more cannot change what happens, so states that differ only there are one state:
        the graph stays exact for every condition, ending, cue and meter, with fewer states.

        Cue conditions are read at every moment with text, so what they read stays live
        everywhere; meters are never dropped (the reports and the faces read them)."""
        nodes, index = self.nodes, self.node_index
        everywhere_flags = frozenset(p.flag for c in self.scenario.cues if c.condition
                                     for p in walk(c.condition) if isinstance(p, FlagSet))
        everywhere_seen = frozenset(p.node for c in self.scenario.cues if c.condition
                                    for p in walk(c.condition) if isinstance(p, Visited))

        def reads(conds: list) -> tuple[frozenset, frozenset]:
            parts = [p for c in conds if c is not None for p in walk(c)]
            return (frozenset(p.flag for p in parts if isinstance(p, FlagSet)),
                    frozenset(p.node for p in parts if isinstance(p, Visited)))

        flags: list[frozenset] = []
        seen: list[frozenset] = []
        succ: list[list[int]] = []
        for node in nodes:
            if node.end is not None:
                # An ending reads its condition and, for best and good, the duty rule (its guard).
                conds = [c for e in self.scenario.endings if e.id in node.end for c in (e.condition, e.guard)]
            else:
                conds = [c.condition for c in node.choices] + [r.condition for r in node.routes]
            f, w = reads(conds)
            flags.append(f | everywhere_flags)
            seen.append(w | everywhere_seen)
            succ.append([index[c.next] for c in node.choices] + [index[r.next] for r in node.routes])
        pred: list[list[int]] = [[] for _ in nodes]
        for i, targets in enumerate(succ):
            for t in targets:
                pred[t].append(i)
        work = list(range(len(nodes)))
        queued = bytearray([1]) * len(nodes)
        while work:
            i = work.pop()
            queued[i] = 0
            for p in pred[i]:
                f, w = flags[p] | flags[i], seen[p] | seen[i]
                if len(f) != len(flags[p]) or len(w) != len(seen[p]):
                    flags[p], seen[p] = f, w
                    if not queued[p]:
                        queued[p] = 1
                        work.append(p)
        return flags, seen

    def _effect_id(self, effects: Effects) -> int:
        """The effects with only what the state keeps, numbered so equal effects share a cache."""
        kept = {m: d for m, d in effects.meters.items() if m in self.meter_names}
        sets, clears = effects.set_flags & self.tested_flags, effects.clear_flags & self.tested_flags
        key = (tuple(sorted(kept.items())), sets, clears)
        if key not in self._effects:
            self._effects[key] = len(self._effect_list)
            self._effect_list.append(Effects(frozen_map(kept), sets, clears))
        return self._effects[key]

    def _keeps_enough_for(self, marked: Scenario) -> bool:
        """Whether the states at each end node keep everything ``marked``'s endings there read."""
        names = set(self.meter_names)
        if set(marked.nodes) != set(self.node_ids):
            return False
        by_id = {e.id: e for e in marked.endings}
        for i, node_id in enumerate(self.node_ids):
            node = marked.nodes[node_id]
            if (node.end is None) != (self.nodes[i].end is None):
                return False
            if node.end is None:
                continue
            for eid in node.end:
                e = by_id.get(eid)
                if e is None:
                    return False
                for c in (e.condition, e.guard):
                    for p in walk(c) if c is not None else ():
                        if not isinstance(p, KNOWN_CONDITIONS):
                            return False
                        if isinstance(p, MeterRange) and p.meter not in names:
                            return False
                        if isinstance(p, FlagSet) and p.flag not in self.live_flags[i]:
                            return False
                        if isinstance(p, Visited) and p.node not in self.live_seen[i]:
                            return False
        return True

    # -- exploring -----------------------------------------------------------------------
    def _explore(self) -> None:
        sc = self.scenario
        names = self.meter_names
        values, meter_dicts, flag_sets, seen_sets = self.values, self.meter_dicts, self.flag_sets, self.seen_sets
        # The rules read visits as a mapping: each visited set also as a dict {node id: 1}, whose
        # get is the dict's own (a _Seen's is a Python method, called by every `visited` test).
        seen_maps: list[dict[str, int]] = []
        values_index: dict[tuple, int] = {}
        flags_index: dict[frozenset, int] = {}
        seen_index: dict[frozenset, int] = {}

        def intern_values(v: tuple) -> int:
            found = values_index.get(v)
            if found is None:
                found = values_index[v] = len(values)
                values.append(v)
                meter_dicts.append(dict(zip(names, v)))
            return found

        def intern_flags(f: frozenset) -> int:
            found = flags_index.get(f)
            if found is None:
                found = flags_index[f] = len(flag_sets)
                flag_sets.append(f)
            return found

        def intern_seen(s: frozenset) -> int:
            found = seen_index.get(s)
            if found is None:
                found = seen_index[s] = len(seen_sets)
                seen_sets.append(_Seen(s))
                seen_maps.append(dict.fromkeys(s, 1))
            return found

        # Dropping what no condition can read any more (see _liveness): one table per distinct
        # live set, from an interned flag set (or visited set) to the interned part still live.
        live_ids: dict[frozenset, int] = {}
        flag_live = [live_ids.setdefault(f, len(live_ids)) for f in self.live_flags]
        flag_keep: list[frozenset] = list(live_ids)  # dicts keep insertion order: index k is id k
        live_ids = {}
        seen_live = [live_ids.setdefault(w, len(live_ids)) for w in self.live_seen]
        seen_keep: list[frozenset] = list(live_ids)

        pairs: dict[tuple[int, int], int] = {}
        pair_of = [pairs.setdefault(p, len(pairs)) for p in zip(flag_live, seen_live)]
        tails: list[dict[int, int]] = [{} for _ in pairs]
        tail_of = [tails[pair_of[n]] for n in range(len(pair_of))]  # per node, the table of its live tails

        def live_tail(node: int, f: int, s: int) -> int:
            """The flags and visits of a state at ``node`` still read from there, packed
            (flags << 64 | visits << 96), and remembered in the node's table by (f, s)."""
            f2 = intern_flags(flag_sets[f] & flag_keep[flag_live[node]])
            s2 = intern_seen(seen_sets[s] & seen_keep[seen_live[node]])
            tail = tail_of[node][f | s << 32] = f2 << 64 | s2 << 96
            return tail

        index: dict[int, int] = {}
        states, first, dst, label = self.states, self.first, self.dst, self.label
        plans, node_ids, reached, coverage = self.plans, self.node_ids, self.reached, self.coverage
        effect_list = self._effect_list
        effect_cache: list[dict[int, int]] = [{} for _ in effect_list]  # values|flags<<32 -> values<<32|flags<<64 after
        # Per effect: the meters it changes, as the rule applies them to a tuple of values
        # (rules.values_after; None: no meter changes), and the flags it sets and clears.
        effect_values = [rules.values_after(sc, names, e) for e in effect_list]
        effect_flags = [(e.set_flags, e.clear_flags) if e.set_flags or e.clear_flags else None for e in effect_list]
        seen_after: dict[tuple[int, int], int] = {}
        end_cache: dict[int, int] = {}  # arrival at an end node (packed like a state) -> its sink
        # Which ending an arrival resolves depends only on what its candidates read: the meters
        # they name, and the flags and visits still live there (all the state keeps at an end).
        # So arrivals that differ only in other meters share one resolution.
        marked = self.marked
        marked_nodes = [marked.nodes[n] for n in node_ids] if marked is not None else []
        marked_index = {e.id: k for k, e in enumerate(marked.endings)} if marked is not None else {}
        end_reads: list[tuple[int, ...]] = []
        for i, p in enumerate(plans):
            reads: set[str] = set()
            if p[0] == "end":
                candidates = [e for e in sc.endings if e.id in p[1].end]
                if marked is not None:
                    candidates += [e for e in marked.endings if e.id in (marked_nodes[i].end or ())]
                reads = {q.meter for e in candidates for c in (e.condition, e.guard) if c is not None
                         for q in walk(c) if isinstance(q, MeterRange)}
            end_reads.append(tuple(k for k, m in enumerate(names) if m in reads))
        resolved: dict[Any, tuple[int, int]] = {}  # (node, values read, live tail) -> (ending, mark)
        end_marks: dict[int, int] = {}  # arrival -> ending index in ``marked``
        last_mark = [-1]
        marks = self.marks
        share = self._share_resolutions
        is_watched = [n in self.watched_nodes for n in node_ids]
        direct = [p[0] == "choice" and not w for p, w in zip(plans, is_watched)]
        route_target, resolve_ending, cue_for = rules.route_target, rules.resolve_ending, rules.cue_for
        ending_index = {e.id: k for k, e in enumerate(sc.endings)}
        sinks = [-1] * len(sc.endings)
        for k in range(len(sc.endings)):
            coverage[("ending", k)] = [False, False]
        cue_sites = [c.condition is not None for c in sc.cues]
        for k, has_condition in enumerate(cue_sites):
            if has_condition:
                coverage[("cue", k)] = [False, False]
        cue_index = {id(c): k for k, c in enumerate(sc.cues)}
        cues_pending = [any(cue_sites)]
        # The meter ranges seen at arrivals (per ending) and at end and route nodes: the values
        # met there, in sets (adding one already there is cheap), folded into ranges when a set
        # grows past _FOLD_AT (scenes whose states nearly all have values of their own) and
        # once the exploration is over (_fold).
        arrival_seen: dict[int, set[int]] = {}
        passing_seen: dict[int, set[int]] = {}
        arrival_ranges: dict[int, list[list[int]]] = {}
        passing_ranges: dict[int, list[list[int]]] = {}
        routes_done = bytearray(len(plans))  # every conditional route of the node has applied
        ends_done = bytearray(len(plans))  # every ending an end node lists has resolved somewhere
        # A chain of text-less nodes longer than this must repeat a place: nothing in it
        # changes but the visited set, which can grow only so often.
        pass_nodes = sum(1 for p in plans if p[0] == "pass")
        freeze_after = pass_nodes * (len(self.watched_nodes) + 1) + 1

        def add(key: int) -> int:
            found = index[key] = len(states)
            states.append(key)
            return found

        def check_cues(meters, flags, seen) -> None:
            shown = cue_index.get(id(cue_for(sc, meters, flags, seen)))
            cues_pending[0] = self._cover_cues(shown, cue_sites)

        def go(node: int, vf: int, s: int) -> int:
            """Enter ``node`` and pass on until the player must choose or an ending resolves."""
            v, f = vf & MASK, vf >> 32
            steps = 0
            while True:
                reached[node] = 1
                if is_watched[node]:
                    after = seen_after.get((s, node))
                    if after is None:
                        after = seen_after[(s, node)] = intern_seen(seen_sets[s] | {node_ids[node]})
                    s = after
                kind, nd, plan = plans[node]
                if kind == "choice":
                    tail = tail_of[node].get(f | s << 32)
                    if tail is None:
                        tail = live_tail(node, f, s)
                    key = node | v << 32 | tail
                    found = index.get(key)
                    if found is None:
                        found = index[key] = len(states)
                        states.append(key)
                    return found
                if kind == "pass" and not plan[2]:  # no route has a condition: the first applies
                    if cues_pending[0] and nd.has_text:
                        check_cues(meter_dicts[v], flag_sets[f], seen_maps[s])
                    node = plan[1][0]
                    steps += 1
                    if steps > freeze_after:
                        return freeze(node, vf, s)
                    continue
                meters, flags, seen = meter_dicts[v], flag_sets[f], seen_maps[s]
                if cues_pending[0] and (kind == "end" or nd.has_text):
                    check_cues(meters, flags, seen)
                if kind == "end":
                    tail = tail_of[node].get(f | s << 32)
                    if tail is None:
                        tail = live_tail(node, f, s)
                    end_key = node | v << 32 | tail
                    known = end_cache.get(end_key)
                    if known is not None:  # the same arrival again: already resolved and recorded
                        if marked is not None:
                            last_mark[0] = end_marks.get(end_key, -1)
                        return known
                    held = values[v]
                    read_key = (node, tuple([held[k] for k in end_reads[node]]), tail) if share else end_key
                    found_end = resolved.get(read_key)
                    if found_end is None:  # resolve it, and record what resolving checked
                        ending = resolve_ending(sc, nd, meters, flags, seen)
                        e = ending_index[ending.id]
                        for eid in nd.end[:plan[ending.id] + 1]:
                            coverage[("ending", ending_index[eid])][0] = True
                        coverage[("ending", e)][1] = True
                        mark = -1  # kept only where the marked copy resolves another ending
                        if marked is not None:
                            other = resolve_ending(marked, marked_nodes[node], meters, flags, seen).id
                            mark = -1 if other == ending.id else marked_index[other]
                        found_end = resolved[read_key] = (e, mark)
                    e = found_end[0]
                    if marked is not None:
                        last_mark[0] = found_end[1]
                        if found_end[1] >= 0:
                            end_marks[end_key] = found_end[1]
                    seen_v = arrival_seen.get(e)
                    if seen_v is None:
                        arrival_seen[e] = {v}
                    else:
                        seen_v.add(v)
                        if len(seen_v) > _FOLD_AT:
                            _fold(arrival_ranges, e, seen_v, values)
                    if not ends_done[node]:  # ranges here only explain an ending never reached
                        seen_v = passing_seen.setdefault(node, set())
                        seen_v.add(v)
                        if len(seen_v) > _FOLD_AT:
                            _fold(passing_ranges, node, seen_v, values)
                        ends_done[node] = all(coverage[("ending", ending_index[eid])][1] for eid in nd.end)
                    if sinks[e] == -1:
                        sinks[e] = add(-1 - e)
                        self.ending_of[sinks[e]] = e
                    end_cache[end_key] = sinks[e]
                    return sinks[e]
                probe, targets, conditional = plan
                taken = int(route_target(probe, meters, flags, seen))
                if conditional and not routes_done[node]:
                    for k in range(taken + 1):
                        site = coverage.get(("route", node, k))
                        if site is not None:
                            site[0] = True
                            if k == taken:
                                site[1] = True
                    seen_v = passing_seen.setdefault(node, set())  # to explain a route that never applies, if one doesn't
                    seen_v.add(v)
                    if len(seen_v) > _FOLD_AT:
                        _fold(passing_ranges, node, seen_v, values)
                    routes_done[node] = all(coverage.get(("route", node, k), (True, True))[1] for k in range(len(targets)))
                node = targets[taken]
                steps += 1
                if steps > freeze_after:
                    return freeze(node, vf, s)

        def freeze(node: int, vf: int, s: int) -> int:
            """The chain loops for ever: a state of its own, marked with the loop's nodes."""
            chain: list[tuple[int, int]] = []
            v, f = vf & MASK, vf >> 32
            while (node, s) not in chain:
                chain.append((node, s))
                if is_watched[node]:
                    s = intern_seen(seen_sets[s] | {node_ids[node]})
                probe, targets, _ = plans[node][2]
                node = targets[int(route_target(probe, meter_dicts[v], flag_sets[f], seen_maps[s]))]
            loop = chain[chain.index((node, s)):]
            key = node | vf << 32 | s << 96
            found = index.get(key)
            if found is None:
                found = add(key)
                self.frozen[found] = tuple(sorted({node_ids[n] for n, _ in loop}))
            return found

        start = self.node_index[sc.start]
        start_vf = intern_values(tuple(sc.meters[m].start for m in names)) | intern_flags(frozenset()) << 32
        no_seen = intern_seen(frozenset())
        if plans[start][0] == "choice":
            go(start, start_vf, no_seen)
        else:  # state 0 is the start itself, with one move to wherever it leads
            add(start | start_vf << 32 | no_seen << 96)
        budget = self.budget
        cap = budget.states if budget.states is not None else 1 << 62
        mark = 0
        deadline = None if budget.seconds is None else budget.started + budget.seconds * budget.explore_share
        base = resident_bytes() or 0
        next_report = budget.started + 0.5  # half a second into the whole analysis, not into this pass
        # Per decision node, each choice as a tuple: its condition's test (None: no `if`, which
        # rules.is_offered always offers) with its coverage site, its label, where it leads, its
        # effects' cache and number, and when it leads straight to a decision (see below) the
        # table of live tails there (None: the move walks with go()). The test is what
        # rules.is_offered calls (choice.condition.test), called here without the wrapper.
        # A decision whose live flags and visits are those of the decision before it, reached
        # by effects that change no flag, has the same tail as the state the move leaves
        # (SAME_TAIL): the tail of a state is already what is live there.
        cplans: list[tuple[Any, ...]] = [tuple((choice.condition.test if choice.condition is not None else None,
                         coverage[("choice", n, k)] if choice.condition is not None else None,
                         lab, nxt, effect_cache[eid], eid,
                         (_SAME_TAIL if pair_of[nxt] == pair_of[n] and effect_flags[eid] is None else tail_of[nxt])
                         if direct[nxt] else None)
                        for k, (choice, lab, nxt, eid) in enumerate(p[2])) if p[0] == "choice" else ()
                  for n, p in enumerate(plans)]
        is_choice = [p[0] == "choice" for p in plans]
        # Nodes where some choice has a condition: only there (or while a cue is still to be
        # covered) are a state's meters, flags and visits looked up before its moves.
        tests_here = [any(c[0] is not None for c in cp) for cp in cplans]
        # Entering a node that is not a plain decision (a route, an end, a watched node) walks
        # with go(); the same entry (node, values, flags, visits) reached again from another
        # state ends where it did (go's records are the same each time), so it is remembered
        # for a while. Sinks reached while the duty check's marks are read are not remembered.
        go_memo: dict[int, int] = {}
        go_memo_size = 1 << 17
        frozen, dead_ends = self.frozen, self.dead_ends
        states_append, first_append, dst_append, label_append = states.append, first.append, dst.append, label.append
        index_get = index.get
        i = 0
        try:
            for i, key in enumerate(states):  # the list grows while it is read: each state once
                mark = len(states)
                if mark > cap:
                    self._stop(i, f"it reached its limit of {cap:,} states")
                    break
                if not i & 1023:  # the rest of the budget, now and then
                    reason = self._over_budget(mark, deadline, base)
                    if reason is not None:
                        self._stop(i, reason)
                        break
                    if budget.progress is not None and time.monotonic() >= next_report:
                        next_report = time.monotonic() + 0.5
                        budget.progress(mark, len(dst), time.monotonic() - budget.started,
                                        budget.memory_now(mark, base))
                first_append(len(dst))
                if key < 0 or (frozen and i in frozen):
                    continue
                node_i, vf, s = key & MASK, key >> 32 & MASK64, key >> 96
                if not is_choice[node_i]:  # the start, when it is not a decision
                    dst_append(go(node_i, vf, s))
                    label_append(-1)
                    if marked is not None and states[dst[-1]] < 0 and last_mark[0] >= 0:
                        marks[len(dst) - 1] = last_mark[0]
                    continue
                if tests_here[node_i] or cues_pending[0]:
                    meters, flags, seen = meter_dicts[vf & MASK], flag_sets[vf >> 32], seen_maps[s]
                    if cues_pending[0]:
                        check_cues(meters, flags, seen)
                moves_before = len(dst)
                s_high = s << 32
                s_top = key >> 96 << 96
                for test, site, choice_label, nxt, cache, effect_id, tail_table in cplans[node_i]:
                    if test is not None:
                        if not test(meters, flags, seen):  # the core's condition, as rules.is_offered tests it
                            site[0] = True
                            continue
                        site[0] = site[1] = True
                    after = cache.get(vf)  # the values and flags after, packed as in a key (<< 32)
                    if after is None:
                        step = effect_values[effect_id]
                        v = vf & MASK
                        nv = v if step is None else intern_values(step(values[v]))
                        change = effect_flags[effect_id]
                        nf = vf >> 32 if change is None else intern_flags((flag_sets[vf >> 32] | change[0]) - change[1])
                        after = cache[vf] = nv << 32 | nf << 64
                    if tail_table is _SAME_TAIL:  # the flags are the state's: its tail is the tail there
                        nxt_key = nxt | after | s_top
                        found = index_get(nxt_key)
                        if found is None:
                            found = index[nxt_key] = len(states)
                            states_append(nxt_key)
                    elif tail_table is not None:  # a decision straight after a decision: no need to walk
                        tail = tail_table.get(after >> 64 | s_high)
                        if tail is None:
                            tail = live_tail(nxt, after >> 64, s)
                        nxt_key = nxt | (after & VALUES) | tail
                        found = index_get(nxt_key)
                        if found is None:
                            found = index[nxt_key] = len(states)
                            states_append(nxt_key)
                    else:
                        entry = nxt | after | s_top
                        found = go_memo.get(entry)
                        if found is None:
                            found = go(nxt, after >> 32, s)
                            if marked is not None and states[found] < 0:
                                if last_mark[0] >= 0:
                                    marks[len(dst)] = last_mark[0]
                            else:
                                if len(go_memo) >= go_memo_size:
                                    go_memo.clear()
                                go_memo[entry] = found
                    dst_append(found)
                    label_append(choice_label)
                if len(dst) == moves_before:  # nothing offered
                    dead_ends.append(i)
            else:
                i = len(states)
        except KeyboardInterrupt:
            # Ctrl-C in the middle of a state: forget its moves, keep what was established.
            if len(first) > i:
                for late in [k for k in marks if k >= first[i]]:
                    del marks[late]
                del dst[first[i]:], label[first[i]:]
                del first[i:]
            for table in (self.ending_of, self.frozen):  # first reached by the moves just forgotten
                for late in [t for t in table if t >= mark]:
                    del table[late]
            self._stop(i, "it was interrupted (Ctrl-C)")
        if not self.complete:
            first.extend([len(dst)] * (len(states) - i))  # reached, not followed: no moves
        first.append(len(dst))
        for key in states:  # decisions reached by the direct step above
            if key >= 0:
                reached[key & MASK] = 1
        for met, ranges, out in ((arrival_seen, arrival_ranges, self.arrival), (passing_seen, passing_ranges, self.passing)):
            for at, indexes in met.items():  # in the order each was first met
                _fold(ranges, at, indexes, values)
                out[at] = ranges[at]

    def _over_budget(self, states: int, deadline: float | None, base: int) -> str | None:
        """A sentence saying which bound the exploration has reached, or None."""
        b = self.budget
        if deadline is not None and time.monotonic() > deadline:
            return f"its time budget of {b.seconds:g} s ran out"
        if b.memory is not None and b.memory_now(states, base) > b.memory:
            return f"it reached its memory budget of {b.memory / 1048576:,.0f} MB"
        return None

    def _stop(self, i: int, reason: str) -> None:
        self.complete = False
        self.stopped = reason
        self.unexplored = i

    def _cover_cues(self, taken: int | None, has_condition: list[bool]) -> bool:
        """Record one check of the cue rules: those before ``taken`` were checked and failed.
        Returns whether some rule has still never held (so the checks must go on)."""
        count = len(has_condition)
        last = count - 1 if taken is None else taken
        for k in range(last + 1):
            if has_condition[k]:
                site = self.coverage[("cue", k)]
                site[0] = True
                if k == taken:
                    site[1] = True
        return not all(self.coverage[("cue", k)][1] for k in range(count) if has_condition[k])

    # -- reading states ------------------------------------------------------------------
    def is_sink(self, state: int) -> bool:
        return self.states[state] < 0

    def node_index_of(self, state: int) -> int:
        return self.states[state] & MASK

    def node_of(self, state: int) -> str:
        return self.node_ids[self.states[state] & MASK]

    def values_of(self, state: int) -> tuple:
        return self.values[self.states[state] >> 32 & MASK]

    def flags_of(self, state: int) -> frozenset:
        return self.flag_sets[self.states[state] >> 64 & MASK]

    def choice_id(self, label: int) -> str:
        return self.choices[label][1].id

    def decision_ranges(self, nodes: set[int] | None = None) -> dict[int, list[list[int]]]:
        """Lowest and highest meter values at each decision node (or at those of ``nodes``),
        over its states."""
        by_node: dict[int, set[int]] = {}
        if nodes is None:
            # each distinct (node, values) once: far fewer than the states (a sink's key,
            # negative, masked the same way, is taken out again)
            pairs = set(map(MASK64.__and__, self.states))
            for sink in self.ending_of:
                pairs.discard(self.states[sink] & MASK64)
        else:  # only the states at those nodes (a sink's masked key names no node)
            pairs = {key & MASK64 for key in self.states if key & MASK in nodes}
        for pair in pairs:
            found = by_node.get(pair & MASK)
            if found is None:
                by_node[pair & MASK] = {pair >> 32}
            else:
                found.add(pair >> 32)
        values = self.values
        out: dict[int, list[list[int]]] = {}
        for node, indexes in by_node.items():
            columns = zip(*[values[v] for v in indexes])
            out[node] = [[min(c), max(c)] for c in columns]
        return out

    def topological_order(self) -> array:
        """The states no loop leads into, in topological order (Kahn's, from state 0, each
        state's moves in order): all of them when the graph has no loop. Computed once and
        shared by the passes that read the graph in this order (analysis, balance)."""
        order = self._order
        if order is None:
            first, dst = self.first, self.dst
            waiting = self.moves_in()
            out = [0] if waiting and waiting[0] == 0 else []
            append = out.append
            for s in out:  # grows while it is read: each state once, after all its moves in
                for t in dst[first[s]:first[s + 1]]:
                    w = waiting[t] - 1
                    waiting[t] = w
                    if not w:
                        append(t)
            order = self._order = array("i", out)
        return order

    def moves_in(self) -> list[int]:
        """Per state, the number of moves into it (Kahn's counts, for topological_order)."""
        waiting = [0] * len(self.states)
        for d in self.dst:
            waiting[d] += 1
        return waiting

    def keep_order(self, order: array) -> None:
        """Keep the topological order a pass worked out along the way (analysis._forward runs
        Kahn's itself, in its own loop): the same order topological_order gives, shared the same."""
        self._order = order

    def fewest_decisions(self) -> tuple[array, array, array]:
        """Per state: the fewest decisions from the start, and the state and choice label
        before it on such a path (0-1 breadth-first search: reading on is free, a decision
        costs one; -1 where not reached). Computed once and shared."""
        found = self._fewest
        if found is None:
            found = self._fewest = self._search(False)
        return found

    def fewest_to_an_ending(self) -> tuple[array, array, array]:
        """The same search (the same arrays, where it says anything) stopped once the ending
        nearest the start is settled: the fewest decisions to it, its path and every state
        no farther are exact; a state farther has -1 or a count no lower than the true one.
        Enough for the shortest way through; the full search when that is done already."""
        return self._fewest if self._fewest is not None else self._search(True)

    def _search(self, stop: bool) -> tuple[array, array, array]:
        # 0-1 breadth first: the deque holds states at the distance being settled and the
        # next one, and a state is first taken out at its final distance (taken out again,
        # from its old place, it changes nothing). So once a state farther than a sink
        # already taken out comes up, nothing closer can change any more.
        n = len(self.states)
        dist = array("i", [-1]) * n
        parent = array("i", [-1]) * n
        via = array("i", [-1]) * n
        first, dst, label = self.first, self.dst, self.label
        if n:
            dist[0] = 0
        nearest = n + 1 if stop else 1 << 40  # the fewest decisions to a sink taken out so far
        queue = deque([0] if n else [])
        popleft, append, appendleft = queue.popleft, queue.append, queue.appendleft
        while queue:
            s = popleft()
            d = dist[s]
            if d > nearest:
                break
            lo, hi = first[s], first[s + 1]
            if stop and lo == hi and s in self.ending_of and d < nearest:
                nearest = d
            for k in range(lo, hi):
                t, lab = dst[k], label[k]
                nd = d + 1 if lab >= 0 else d
                old = dist[t]
                if old == -1 or nd < old:
                    dist[t], parent[t], via[t] = nd, s, lab
                    if lab >= 0:
                        append(t)
                    else:
                        appendleft(t)
        return dist, parent, via

    def path_to(self, parent, via, state: int) -> tuple[str, ...]:
        """The choice ids on the path to ``state`` that ``parent`` and ``via`` (per state: the
        state and choice label before it, as fewest_decisions gives them) describe."""
        out = []
        while state > 0:
            if via[state] >= 0:
                out.append(self.choice_id(via[state]))
            state = parent[state]
        return tuple(reversed(out))

    def reverse(self) -> tuple[array, array]:
        """Moves into each state, as (first, src) arrays: a counting sort of the forward arrays."""
        n = len(self.states)
        counts = array("q", bytes(8 * (n + 1)))
        for d in self.dst:
            counts[d + 1] += 1
        for i in range(n):
            counts[i + 1] += counts[i]
        src = array("i", bytes(4 * len(self.dst)))
        fill = array("q", counts)
        first, dst = self.first, self.dst
        for s in range(n):
            for k in range(first[s], first[s + 1]):
                d = dst[k]
                src[fill[d]] = s
                fill[d] += 1
        return counts, src


_FOLD_AT = 512


def _fold(ranges: dict[int, list[list[int]]], at: int, indexes: set[int], values: list[tuple]) -> None:
    """Widen ``ranges[at]`` (lowest and highest of each meter) over the interned values in
    ``indexes``, and empty the set."""
    if not indexes:
        return
    columns = list(zip(*[values[v] for v in indexes]))
    indexes.clear()
    bounds = ranges.get(at)
    if bounds is None:
        ranges[at] = [[min(c), max(c)] for c in columns]
        return
    for pair, c in zip(bounds, columns):
        pair[0], pair[1] = min(pair[0], min(c)), max(pair[1], max(c))


def _all_conditions(scenario: Scenario) -> list[Condition]:
    out = [c.condition for c in scenario.cues if c.condition]
    out += [e.condition for e in scenario.endings if e.condition]
    out += [e.guard for e in scenario.endings if e.guard]  # the duty rule (engine, issue 12)
    for node in scenario.nodes.values():
        out += [c.condition for c in node.choices if c.condition]
        out += [r.condition for r in node.routes if r.condition]
    return out
