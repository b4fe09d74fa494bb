"""Every path through a scenario, checked at once: what an author needs to know before students play.

The analysis explores every reachable decision *state* once (statespace.py), not every path,
with the core's own rule functions, so the cost grows with the number of states and the result
is exact: no sampling, no second copy of the rules.

From the state graph it reports findings (unreachable nodes, dead ends, endings never reached,
conditions that never hold, loops with no way out) and figures per ending (paths counted by
dynamic programming, the shortest path as choice ids, meters on arrival, decisions per path).
"""

from __future__ import annotations

import gc
import random
import time
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .balance import keep_random_chances
from .diagnostics import ERROR, WARNING, Diagnostic
from .model import TAGS, Scenario
from .simulate import random_playthrough
from .statespace import AnalysisError, Budget, StateGraph, cyclic_components  # noqa: F401  (part of this API)
from .yamlsrc import SourceIndex, source_index

UNREACHABLE_NODE = "unreachable-node"
DEAD_END = "dead-end"
UNREACHABLE_ENDING = "unreachable-ending"
ENDLESS_LOOP = "endless-loop"
IMPOSSIBLE_CONDITION = "impossible-condition"
NEVER_CHECKED = "never-checked"
# Stable codes of the analysis findings (RP05xx, listed in docs/scene-format.md).
CODES = {UNREACHABLE_NODE: "RP0501", DEAD_END: "RP0502", UNREACHABLE_ENDING: "RP0503", ENDLESS_LOOP: "RP0504",
         IMPOSSIBLE_CONDITION: "RP0505", NEVER_CHECKED: "RP0506", "incomplete": "RP0509"}


# -- results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One problem found, pointing at the place in the scene file where it can be fixed."""

    kind: str
    severity: str
    message: str
    node: str | None = None
    line: int = 0
    col: int = 0
    path: tuple[str, ...] | None = None  # choice ids that lead to the problem (an example)
    code: str = ""  # RP05xx, listed in docs/scene-format.md

    def diagnostic(self, file: str) -> Diagnostic:
        return Diagnostic(file, self.line, self.col, self.message, self.severity, self.code)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "severity": self.severity, "message": self.message,
                               "node": self.node, "line": self.line, "col": self.col, "code": self.code}
        if self.path is not None:
            out["path"] = list(self.path)
        return out


@dataclass(frozen=True)
class Spread:
    """Decisions per complete path. ``max`` and ``median`` are None when a loop makes paths unbounded."""

    min: int
    median: float | None
    max: int | None

    def to_dict(self) -> dict:
        return {"min": self.min, "median": self.median, "max": self.max}


@dataclass(frozen=True)
class EndingFigures:
    id: str
    title: str
    outcome: str
    reachable: bool
    paths: int | None = 0  # distinct choice sequences that end here; None: infinitely many (a loop)
    shortest: tuple[str, ...] | None = None  # fewest decisions, as choice ids
    meters: dict = field(default_factory=dict)  # meter -> (lowest, highest) on arrival
    decisions: Spread | None = None
    share: float | None = None  # of seeded random playthroughs

    def to_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "outcome": self.outcome, "reachable": self.reachable,
            "paths": self.paths, "paths_unbounded": self.reachable and self.paths is None,
            "shortest": list(self.shortest) if self.shortest is not None else None,
            "meters": {m: {"min": lo, "max": hi} for m, (lo, hi) in self.meters.items()},
            "decisions": self.decisions.to_dict() if self.decisions else None,
            "share": self.share,
        }


@dataclass
class Analysis:
    scenario: Scenario
    states: int
    moves: int
    findings: list[Finding]
    endings: list[EndingFigures]
    decisions: Spread | None
    paths: int | None  # complete paths in all; None: unbounded
    loops: list[tuple[str, ...]]  # node sets of loops the player can also leave
    offered: dict[str, dict]  # tag -> {"choices": n, "nodes": m}
    decision_nodes: int
    runs: int
    stuck_share: float | None
    exact_shares: bool = False  # the shares are exact chances of random play (no loops), not a sample
    complete: bool = True  # False: a budget ran out or Ctrl-C; the figures hold for the part explored
    stopped: str | None = None  # why it stopped, as the end of a sentence ("its time budget of 20 s ran out")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def file(self) -> str:
        return str(self.scenario.source) if self.scenario.source else f"{self.scenario.id}.yaml"

    def diagnostics(self) -> list[Diagnostic]:
        return [f.diagnostic(self.file) for f in self.findings]

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario.id,
            "file": self.file,
            "ok": not self.errors,
            "states": self.states,
            "moves": self.moves,
            "findings": [f.to_dict() for f in self.findings],
            "endings": [e.to_dict() for e in self.endings],
            "paths": self.paths,
            "paths_unbounded": self.paths is None,
            "decisions": self.decisions.to_dict() if self.decisions else None,
            "loops": [list(nodes) for nodes in self.loops],
            "offered": self.offered,
            "decision_nodes": self.decision_nodes,
            "random_play": {"runs": self.runs, "stuck": self.stuck_share, "exact": self.exact_shares} if self.runs else None,
            "complete": self.complete,
            "stopped": self.stopped,
        }


# -- the analysis ----------------------------------------------------------------------------

DEFAULT_RUNS = 10_000
# The graph's arrays index states with 32 bits; and a scene with more states than this is
# better split, or its meter steps made coarser.
DEFAULT_STATE_LIMIT = 10_000_000
# The budgets `rapport analyze` keeps by default: an answer, or a clear partial answer, in
# well under half a minute, in memory any laptop has spare.
DEFAULT_SECONDS = 20.0
DEFAULT_MEMORY = 1024 * 1048576

INCOMPLETE = "incomplete"


def analyze(scenario: Scenario, runs: int = DEFAULT_RUNS, seed: int = 1,
            limit: int | None = DEFAULT_STATE_LIMIT, budget: Budget | None = None,
            graph: StateGraph | None = None) -> Analysis:
    """Explore ``scenario``; ``runs`` seeded random playthroughs give ending shares.

    Past ``limit`` states, past the ``budget`` (time, memory; none by default) or on Ctrl-C the
    exploration stops and the analysis reports what it established (``complete`` False).
    ``graph``: the scenario's state graph when the caller already has it (the balance figures
    share it)."""
    with collector_paused():
        g = graph if graph is not None else StateGraph(scenario, limit, budget)
        return _Analyser(g).run(runs, seed)


# `rapport validate` explores this many states at most to find loops that only conditions
# close (a fixed count, not a time, so the answer does not depend on the machine).
VALIDATE_STATES = 100_000


def trapped_loops(scenario: Scenario, states: int = VALIDATE_STATES,
                  graph: StateGraph | None = None) -> list[Diagnostic] | None:
    """Endless loops (RP0504) and dead ends (RP0502) found by exploring states, as diagnostics;
    None when the scenario has more than ``states`` states (then only `analyze` can say).
    ``graph``: the scenario's complete graph, explored already (validate's duty check), read
    instead of exploring again, whatever its size."""
    with collector_paused():
        g = graph if graph is not None and graph.complete else StateGraph(scenario, budget=Budget(states=states))
        if not g.complete:
            return None
        a = _Analyser(g).run(0, 1)
    return [f.diagnostic(a.file) for f in a.findings if f.kind in (ENDLESS_LOOP, DEAD_END)]


@contextmanager
def collector_paused():
    """The graph is millions of small ints and flat arrays with no reference cycles: the
    garbage collector would only walk it again and again while it grows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Analyser:
    def __init__(self, graph: StateGraph):
        self.g = graph
        self.sc = graph.scenario
        self.where = _SourceMap(self.sc)
        self.n = len(graph.states)
        self.findings: list[Finding] = []
        self._ranges: dict[int, list[list[int]]] | None = None
        self._ranges_of: set[int] = set()  # the nodes _ranges holds
        self._exact_shares: dict[str | None, float] | None = None
        self.runs_done = 0
        self._moveless = 0  # set by _forward

    def run(self, runs: int, seed: int) -> Analysis:
        if not self.g.complete:
            return self._partial(runs, seed)
        g, n = self.g, self.n
        order, per_ending = self._forward()
        if len(order) == n:  # no loops: one backward pass finds the states that can still end
            finite = None
            # every path ends at a state with no move out: when those are all endings, every
            # state can still end, with no pass to find out
            self.alive = (bytearray(b"\x01") * n if self._moveless == len(g.ending_of)
                          else self._can_end_acyclic(order))
            cycles: list[list[int]] = []
        else:
            finite = bytearray(n)
            for s in order:
                finite[s] = 1
            self.rev_first, self.rev_src = g.reverse()
            self.dist, self.parent, self.via = self._fewest_decisions()
            self.alive = self._can_end()
            cycles = cyclic_components(g, bytearray(0 if f else 1 for f in finite))
        unbounded_endings = {e for s, e in g.ending_of.items() if finite is not None and not finite[s]}

        reached_nodes = {i for i, hit in enumerate(g.reached) if hit}
        self._unreachable_nodes(reached_nodes)
        self._dead_ends()
        trapped = [c for c in cycles if not self.alive[c[0]]]
        self._endless_loops(trapped)
        self._conditions(reached_nodes)
        endings = self._endings(per_ending, unbounded_endings, runs, seed)
        self.findings.sort(key=lambda f: (f.severity != ERROR, f.line, f.kind))

        totals: dict[int, int] = {}
        for dist in per_ending:
            _merge(totals, dist, 0)
        any_unbounded = bool(unbounded_endings)
        overall = None
        reached = [e for e in endings if e.reachable]
        if reached:
            fewest = min(e.decisions.min for e in reached if e.decisions)
            overall = Spread(fewest, None, None) if any_unbounded or not totals else Spread(fewest, _median(totals), max(totals))
        loops = sorted({tuple(sorted({g.node_of(s) for s in c})) for c in cycles if self.alive[c[0]]})
        offered, decision_nodes = self._offered(reached_nodes)
        stuck = self._stuck_share if runs else None
        return Analysis(self.sc, n, len(g.dst), self.findings, endings, overall,
                        None if any_unbounded else sum(totals.values()), loops, offered, decision_nodes,
                        self.runs_done or runs if stuck is not None else runs, stuck,
                        exact_shares=bool(runs) and self._exact_shares is not None)

    def _partial(self, runs: int, seed: int) -> Analysis:
        """What an exploration that stopped early establishes: the endings, dead ends and
        decision points it reached, each with a real path. Nothing is said about what it did
        not reach (unreachable nodes and endings, conditions that never hold, loops)."""
        g, n = self.g, self.n
        self.dist, self.parent, self.via = self._fewest_decisions()
        reached_nodes = {i for i, hit in enumerate(g.reached) if hit}
        self.add(INCOMPLETE, ERROR,
                 f"the analysis stopped before it was complete: {g.stopped}, after {n:,} states "
                 f"({g.unexplored:,} of them followed). What follows holds for the part explored: the endings, "
                 f"dead ends and decision points listed were reached, with real paths; nothing is said about what "
                 f"was not reached. For a complete answer raise the budget (--time-limit, --memory-limit, "
                 f"--max-states), or split the scene", code="RP0509")
        self._dead_ends()
        shares, self._stuck_share = self._shares(runs, seed)
        sink_of = {e: s for s, e in g.ending_of.items()}
        endings = []
        for k, ending in enumerate(self.sc.endings):
            sink = sink_of.get(k)
            share = shares.get(ending.id) if shares else None
            if sink is None or self.dist[sink] < 0:
                endings.append(EndingFigures(ending.id, ending.title, ending.outcome, False, share=share))
                continue
            meters = {m: tuple(b) for m, b in zip(g.meter_names, g.arrival[k])}
            endings.append(EndingFigures(ending.id, ending.title, ending.outcome, True, None, self.path_to(sink),
                                         meters, Spread(self.dist[sink], None, None), share))
        self.findings.sort(key=lambda f: (f.severity != ERROR, f.line, f.kind))
        reached = [e.decisions.min for e in endings if e.reachable and e.decisions]
        overall = Spread(min(reached), None, None) if reached else None
        offered, decision_nodes = self._offered(reached_nodes)
        return Analysis(self.sc, n, len(g.dst), self.findings, endings, overall, None, [], offered,
                        decision_nodes, self.runs_done if shares else 0, self._stuck_share if shares else None,
                        complete=False, stopped=g.stopped)

    def _shares(self, runs: int, seed: int) -> tuple[dict, float]:
        """Ending shares of seeded random play; none when skipped (0 runs) or on Ctrl-C."""
        if not runs:
            return {}, 0.0
        if self._exact_shares is not None:  # no loops: the exact chances, not a sample of them
            return self._exact_shares, self._exact_shares.get(None, 0.0)
        # Seeded random play (as simulate.ending_shares), within what is left of the time budget.
        budget = self.g.budget
        deadline = None if budget.seconds is None else budget.started + budget.seconds
        rng = random.Random(seed)
        counts: dict[str | None, int] = {}
        done = 0
        try:
            while done < runs:
                if not done % 100 and deadline is not None and done and time.monotonic() > deadline:
                    break
                ending = random_playthrough(self.sc, rng).ending
                counts[ending] = counts.get(ending, 0) + 1
                done += 1
        except KeyboardInterrupt:
            pass
        if not done:
            return {}, 0.0
        self.runs_done = done
        shares: dict[str | None, float] = {e.id: counts.get(e.id, 0) / done for e in self.sc.endings}
        if counts.get(None):
            shares[None] = counts[None] / done
        return shares, shares.get(None, 0.0)

    # -- graph passes ---------------------------------------------------------------------
    def _fewest_decisions(self) -> tuple[array, array, array]:
        """0-1 breadth-first search: reading on is free, a decision costs one (shared with the
        balance figures through the graph)."""
        return self.g.fewest_decisions()

    def path_to(self, state: int) -> tuple[str, ...]:
        return self.g.path_to(self.parent, self.via, state)

    def _can_end(self) -> bytearray:
        alive = bytearray(self.n)
        stack = list(self.g.ending_of)
        for s in stack:
            alive[s] = 1
        rf, rs = self.rev_first, self.rev_src
        while stack:
            s = stack.pop()
            for k in range(rf[s], rf[s + 1]):
                p = rs[k]
                if not alive[p]:
                    alive[p] = 1
                    stack.append(p)
        return alive

    def _forward(self) -> tuple[array, list[dict[int, int]]]:
        """One pass in topological order (Kahn's) over the states no loop leads into.

        Along the way: paths counted by number of decisions ({decisions: paths}, per ending), and
        the fewest decisions to each state with the move that achieves it. States a loop leads
        into never enter the order: they have infinitely many paths, and when there are any the
        fewest decisions are found again by a search that handles loops.
        """
        g, n = self.g, self.n
        first, dst, label = g.first, g.dst, g.label
        # Kahn's topological order, worked out in this loop (one pass fewer over the moves)
        # and kept for the balance figures: each state once, after all its moves in
        waiting = g.moves_in()
        order: list[int] = [0] if waiting and waiting[0] == 0 else []
        append = order.append
        self.dist = dist = array("i", [-1]) * n
        self.parent = parent = array("i", [-1]) * n
        self.via = via = array("i", [-1]) * n
        per_ending: list[dict[int, int]] = [{} for _ in self.sc.endings]
        ending_of = g.ending_of
        # Path counts by decisions, per state waiting to be passed: the paths that take the
        # fewest decisions (``dist``) in ``pending``, and in ``extra`` {decisions: paths} for
        # any other numbers of decisions, which few states have besides the endings' sinks (on
        # the bench's recipe 4 of 268,504). A state's moves are all decisions or (the start's, when it is not a
        # decision) none, so one test per state says what a move adds.
        pending: list[int] = [0] * n
        extra: dict[int, dict[int, int]] = {}
        pending[0] = 1
        dist[0] = 0
        # The chance random play (a uniform pick among the choices offered) reaches each state:
        # exact where no loop leads in, which is every state when the order covers the graph.
        chance = array("d", bytes(8 * n))
        chance[0] = 1.0
        # The same chance as the balance figures work it out (an even share of a state's
        # chance, as a product: a float that can differ in the last bit from the quotient
        # above), handed to them (balance.random_chances) instead of a pass of their own.
        mass = array("d", bytes(8 * n))
        mass[0] = 1.0
        ended: dict[int, float] = {}  # ending index -> that chance of ending there
        moveless = 0  # states in the order with no move out (endings, dead ends, frozen loops)
        for s in order:
            counts = pending[s]
            pending[s] = 0  # passed on: its count (often a long int) is freed
            base = dist[s]
            more = extra.pop(s, None) if extra else None
            lo, hi = first[s], first[s + 1]
            if hi == lo:
                moveless += 1
                e = ending_of.get(s)
                if e is not None:
                    m = mass[s]
                    if m:
                        ended[e] = ended.get(e, 0.0) + m
                    into = per_ending[e]
                    into[base] = into.get(base, 0) + counts
                    if more is not None:
                        _merge(into, more, 0)
                continue
            part = chance[s] / (hi - lo)
            share = mass[s] * (1.0 / (hi - lo))
            step = 1 if label[lo] >= 0 else 0
            d = base + step
            if more is None:  # every path here takes ``base`` decisions
                for k in range(lo, hi):
                    t = dst[k]
                    chance[t] += part
                    mass[t] += share
                    w = waiting[t] - 1
                    waiting[t] = w
                    if not w:
                        append(t)
                    old = dist[t]
                    if old == d:
                        pending[t] += counts
                    elif old == -1:  # the first move in
                        pending[t] = counts
                        dist[t], parent[t], via[t] = d, s, label[k]
                    elif d > old:  # (mostly into the endings' sinks)
                        other = extra.get(t)
                        if other is None:
                            extra[t] = {d: counts}
                        else:
                            other[d] = other.get(d, 0) + counts
                    else:
                        _arrive(t, d, counts, old, pending, extra)
                        dist[t], parent[t], via[t] = d, s, label[k]
                continue
            shifted = [(decisions + step, c) for decisions, c in more.items()]
            for k in range(lo, hi):
                t = dst[k]
                chance[t] += part
                mass[t] += share
                w = waiting[t] - 1
                waiting[t] = w
                if not w:
                    append(t)
                old = dist[t]
                if old == -1:
                    pending[t] = counts
                    dist[t], parent[t], via[t] = d, s, label[k]
                else:
                    _arrive(t, d, counts, old, pending, extra)
                    if d < old:
                        dist[t], parent[t], via[t] = d, s, label[k]
                for decisions, c in shifted:  # more decisions than d: never the fewest at t
                    _arrive(t, decisions, c, dist[t], pending, extra)
        kept = array("i", order)
        g.keep_order(kept)
        self._moveless = moveless
        if len(order) == n:
            shares: dict[str | None, float] = {e.id: 0.0 for e in self.sc.endings}
            for sink, e in ending_of.items():
                shares[self.sc.endings[e].id] = chance[sink]
            stuck = max(0.0, 1.0 - sum(shares.values()))
            if stuck > 1e-12:
                shares[None] = stuck
            self._exact_shares = shares
            keep_random_chances(g, ended)
        return kept, per_ending

    def _can_end_acyclic(self, order: array) -> bytearray:
        g = self.g
        first, dst = g.first, g.dst
        alive = bytearray(self.n)
        for s in g.ending_of:
            alive[s] = 1
        for s in reversed(order):
            if not alive[s]:
                for k in range(first[s], first[s + 1]):
                    if alive[dst[k]]:
                        alive[s] = 1
                        break
        return alive

    def ranges(self, node_index: int) -> dict[str, list[int]]:
        """Lowest and highest meter values at a node: over its decision states, or as seen
        passing through (end nodes, and route nodes while a route there had never applied)."""
        if self._ranges is None or node_index not in self._ranges_of:
            # Only the nodes a finding can describe: those of a choice or route that never
            # held, and the end nodes (and the start, which is a state when it is not a decision).
            g = self.g
            asked = {site[1] for site, (_, held) in g.coverage.items() if site[0] != "cue" and site[0] != "ending"
                     and not held}
            asked.update(i for i, node in enumerate(g.nodes) if node.end is not None)
            asked.add(g.node_index[self.sc.start])
            asked.add(node_index)
            if self._ranges is not None:
                asked |= self._ranges_of
            self._ranges, self._ranges_of = g.decision_ranges(asked), asked
        found = self._ranges.get(node_index) or self.g.passing.get(node_index, [])
        return dict(zip(self.g.meter_names, found))

    def describe_ranges(self, node_index: int) -> str:
        return ", ".join(_span(m, lo, hi) for m, (lo, hi) in self.ranges(node_index).items())

    # -- findings -------------------------------------------------------------------------
    def add(self, kind: str, severity: str, message: str, node: str | None = None,
            pos: tuple[int, int] = (0, 0), path: tuple[str, ...] | None = None, code: str | None = None) -> None:
        self.findings.append(Finding(kind, severity, message, node, pos[0], pos[1], path, code or CODES.get(kind, "")))

    def _unreachable_nodes(self, reached: set[int]) -> None:
        g = self.g
        linked = _linked_from(self.sc)
        for i, node_id in enumerate(g.node_ids):
            if i in reached:
                continue
            why = ("every way to it is behind a choice or route that is never taken" if node_id in linked
                   else f'nothing leads to it from "{self.sc.start}"')
            self.add(UNREACHABLE_NODE, WARNING, f'node "{node_id}" is never reached: {why}',
                     node_id, self.where.node(node_id))

    def _dead_ends(self) -> None:
        g = self.g
        by_node: dict[int, list[int]] = {}
        for s in g.dead_ends:
            by_node.setdefault(g.node_index_of(s), []).append(s)
        for node_index, states in by_node.items():
            node_id = g.node_ids[node_index]
            example = min(states, key=lambda s: (self.dist[s] < 0, self.dist[s]))
            shown = ", ".join(_span(m, lo, hi) for m, (lo, hi) in _ranges_over(g, states).items())
            flags = sorted(g.flags_of(example))
            when = f"{shown}{'; flags set: ' + ', '.join(flags) if flags else ''}"
            self.add(DEAD_END, ERROR,
                     f'dead end: node "{node_id}" offers no choice in {len(states)} reachable state(s) '
                     f'({when}); every choice there has an `if` that fails. Give one choice no `if`, '
                     f'or widen a condition', node_id, self.where.node(node_id), self.path_to(example))

    def _endless_loops(self, trapped: list[list[int]]) -> None:
        g = self.g
        loops: dict[tuple[str, ...], list[int]] = {}
        for comp in trapped:
            loops.setdefault(tuple(sorted({g.node_of(s) for s in comp})), []).extend(comp)
        for state, nodes in g.frozen.items():
            loops.setdefault(nodes, []).append(state)
        if not loops:
            return
        # The example is the first moment the player is trapped (no ending left) at one of the
        # loop's nodes, which is usually well before the loop settles into repeating one state.
        doomed: dict[str, int] = {}
        for s in range(self.n):
            if not self.alive[s] and not g.is_sink(s):
                node_id = g.node_of(s)
                if node_id not in doomed or self.dist[s] < self.dist[doomed[node_id]]:
                    doomed[node_id] = s
        frozen = set(g.frozen.values())
        for nodes, states in loops.items():
            candidates = states + [doomed[n] for n in nodes if n in doomed]
            entry = min(candidates, key=lambda s: self.dist[s])
            node_id = g.node_of(entry)
            names = ", ".join(f'"{n}"' for n in nodes)
            what = ("the game would freeze: these nodes have no text or choices and pass straight on to each "
                    "other" if nodes in frozen else "the player can only go round and round")
            self.add(ENDLESS_LOOP, ERROR,
                     f"endless loop through {names}: once here, no ending can be reached and {what}",
                     node_id, self.where.node(node_id), self.path_to(entry))

    def _conditions(self, reached: set[int]) -> None:
        g, sc = self.g, self.sc
        for site, (checked, held) in g.coverage.items():
            what = site[0]
            if what == "ending" or held:
                continue
            if what == "cue":
                k = site[1]
                cue = sc.cues[k]
                label = f"cue rule {k + 1} ({cue.expression})"
                pos = self.where.cue(k)
                node_id, node_index = None, None
            else:
                node_index, k = site[1], site[2]
                if node_index not in reached:
                    continue  # reported as an unreachable node
                node_id = g.node_ids[node_index]
                node = g.nodes[node_index]
                if what == "choice":
                    cue = node.choices[k]
                    label = f'choice "{cue.id}" at node "{node_id}"'
                    pos = self.where.choice(node_id, cue.id)
                else:
                    cue = node.routes[k]
                    label = f'route {k + 1} of node "{node_id}"'
                    pos = self.where.route(node_id, k)
            condition = cue.condition
            if not checked:
                earlier = "cue rule" if what == "cue" else "route"
                self.add(NEVER_CHECKED, WARNING, f"{label} is never checked: an earlier {earlier} always applies first",
                         node_id, pos)
                continue
            here = f" (here: {self.describe_ranges(node_index)})" if node_index is not None else ""
            verb = "is never offered" if what == "choice" else "never applies" if what == "route" else "never shows"
            self.add(IMPOSSIBLE_CONDITION, WARNING,
                     f"{label} {verb}: its condition ({condition.describe()}) never holds where it is checked{here}",
                     node_id, pos)

    def _endings(self, per_ending: list[dict[int, int]], unbounded: set[int], runs: int, seed: int) -> list[EndingFigures]:
        g, sc = self.g, self.sc
        shares, self._stuck_share = self._shares(runs, seed)
        sink_of = {e: s for s, e in g.ending_of.items()}
        out = []
        for k, ending in enumerate(sc.endings):
            sink = sink_of.get(k)
            share = shares.get(ending.id) if runs else None
            if sink is None:
                self._unreachable_ending(k)
                out.append(EndingFigures(ending.id, ending.title, ending.outcome, False, share=share))
                continue
            counts = per_ending[k]
            if k in unbounded or not counts:
                spread, paths = Spread(self.dist[sink], None, None), None
            else:
                spread, paths = Spread(self.dist[sink], _median(counts), max(counts)), sum(counts.values())
            meters = {m: tuple(b) for m, b in zip(g.meter_names, g.arrival[k])}
            out.append(EndingFigures(ending.id, ending.title, ending.outcome, True, paths, self.path_to(sink),
                                     meters, spread, share))
        return out

    def _unreachable_ending(self, k: int) -> None:
        g, sc = self.g, self.sc
        ending = sc.endings[k]
        checked, _ = g.coverage[("ending", k)]
        reached = [i for i, node in enumerate(g.nodes) if node.end is not None and ending.id in node.end and g.reached[i]]
        names = ", ".join(f'"{g.node_ids[i]}"' for i in reached)
        if not reached:
            why = "no end node that can resolve it is ever reached"
        elif not checked:
            why = f"at {names} an ending with higher precedence always resolves first"
        else:
            arrival = "; ".join(f'at "{g.node_ids[i]}" {self.describe_ranges(i)}' for i in reached)
            condition = ending.condition.describe() if ending.condition is not None else "none"
            why = f"its condition ({condition}) never holds on arrival ({arrival})"
        self.add(UNREACHABLE_ENDING, ERROR, f'ending "{ending.id}" can never be reached: {why}',
                 None, self.where.ending(ending.id))

    def _offered(self, reached: set[int]) -> tuple[dict[str, dict], int]:
        g = self.g
        tags = {t: {"choices": 0, "nodes": 0} for t in TAGS}
        decision_nodes = 0
        for node_index in sorted(reached):
            node = g.nodes[node_index]
            if not node.choices:
                continue
            decision_nodes += 1
            here = set()
            for k, choice in enumerate(node.choices):
                site = g.coverage.get(("choice", node_index, k))
                if site is None or site[1]:
                    tags[choice.tag]["choices"] += 1
                    here.add(choice.tag)
            for tag in here:
                tags[tag]["nodes"] += 1
        return tags, decision_nodes


# -- helpers ---------------------------------------------------------------------------------

def _arrive(t: int, d: int, c: int, fewest: int, pending: list[int], extra: dict[int, dict[int, int]]) -> None:
    """Add ``c`` paths of ``d`` decisions into state ``t``, whose paths so far take ``fewest``
    decisions at the least (``pending[t]`` of them) and others in ``extra[t]``. The caller
    moves ``fewest`` down (dist) when ``d`` is lower."""
    if d == fewest:
        pending[t] += c
        return
    more = extra.get(t)
    if more is None:
        more = extra[t] = {}
    if d > fewest:
        more[d] = more.get(d, 0) + c
    else:  # fewer than any path so far: those become another number of decisions
        more[fewest] = more.get(fewest, 0) + pending[t]
        pending[t] = c


def _merge(into: dict[int, int], dist: dict[int, int], shift: int) -> None:
    for length, count in dist.items():
        length += shift
        into[length] = into.get(length, 0) + count


def _median(dist: dict[int, int]) -> float | None:
    """The median of a distribution given as {value: how many}; the mean of the two middles when even."""
    total = sum(dist.values())
    if not total:
        return None
    lower_rank, upper_rank = (total + 1) // 2, total // 2 + 1
    seen, lower = 0, None
    for value in sorted(dist):
        seen += dist[value]
        if lower is None and seen >= lower_rank:
            lower = value
        if seen >= upper_rank and lower is not None:  # (lower_rank <= upper_rank: always set by now)
            return (lower + value) / 2
    return float(lower) if lower is not None else None


def _span(meter: str, lo: int, hi: int) -> str:
    return f"{meter} {lo}" if lo == hi else f"{meter} {lo}–{hi}"


def _ranges_over(g: StateGraph, states: list[int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for s in states:
        for name, v in zip(g.meter_names, g.values_of(s)):
            pair = out.get(name)
            if pair is None:
                out[name] = [v, v]
            elif v < pair[0]:
                pair[0] = v
            elif v > pair[1]:
                pair[1] = v
    return out


def _linked_from(scenario: Scenario) -> set[str]:
    """Nodes some link leads to from the start, ignoring every condition."""
    seen, stack = {scenario.start}, [scenario.start]
    while stack:
        node = scenario.nodes[stack.pop()]
        for nxt in [c.next for c in node.choices] + [r.next for r in node.routes]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


class _SourceMap:
    """Lines of nodes, choices, routes, endings and cues in the scene file, for findings.

    The positions come from the read that loaded the scene (yamlsrc keeps a compact index of
    them for the last files read), so the file is not parsed a second time; only when the
    file changed since, or was never read here, is it read again."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._index: SourceIndex | None = None

    @property
    def index(self) -> SourceIndex:
        if self._index is None:
            source = self.scenario.source
            self._index = source_index(source) if source is not None else SourceIndex(None)
        return self._index

    def node(self, node_id: str) -> tuple[int, int]:
        return self.index.nodes.get(node_id, (0, 0))

    def choice(self, node_id: str, choice_id: str) -> tuple[int, int]:
        return self.index.choices.get((node_id, choice_id)) or self.node(node_id)

    def route(self, node_id: str, k: int) -> tuple[int, int]:
        routes = self.index.routes.get(node_id, ())
        return routes[k] if k < len(routes) else self.node(node_id)

    def ending(self, ending_id: str) -> tuple[int, int]:
        return self.index.endings.get(ending_id, (0, 0))

    def cue(self, index: int) -> tuple[int, int]:
        cues = self.index.cues
        return cues[index] if index < len(cues) else (0, 0)
