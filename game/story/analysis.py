"""Every path through a scenario, checked at once: what an author needs to know before students play.

The analysis explores every reachable decision *state* once (statespace.py), not every path,
with the core's own rule functions, so the cost grows with the number of states and the result
is exact: no sampling, no second copy of the rules.

From the state graph it reports findings (unreachable nodes, dead ends, endings never reached,
conditions that never hold, loops with no way out) and figures per ending (paths counted by
dynamic programming, the shortest path as choice ids, meters on arrival, decisions per path).
"""

from __future__ import annotations

from array import array
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import ERROR, WARNING, Diagnostic
from .model import TAGS, Scenario
from .simulate import ending_shares
from .statespace import AnalysisError, StateGraph, cyclic_components  # noqa: F401  (AnalysisError: part of this API)
from .yamlsrc import YList, read_yaml

UNREACHABLE_NODE = "unreachable-node"
DEAD_END = "dead-end"
UNREACHABLE_ENDING = "unreachable-ending"
ENDLESS_LOOP = "endless-loop"
IMPOSSIBLE_CONDITION = "impossible-condition"
NEVER_CHECKED = "never-checked"


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

    def diagnostic(self, file: str) -> Diagnostic:
        return Diagnostic(file, self.line, self.col, self.message, self.severity)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "severity": self.severity, "message": self.message,
               "node": self.node, "line": self.line, "col": self.col}
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
            "random_play": {"runs": self.runs, "stuck": self.stuck_share} if self.runs else None,
        }


# -- the analysis ----------------------------------------------------------------------------

DEFAULT_RUNS = 10_000
# About 200 bytes a state: ten million states is about 2 GB, more than an author's laptop
# should give to a check. A scene that big is better split, or its meter steps made coarser.
DEFAULT_STATE_LIMIT = 10_000_000


def analyze(scenario: Scenario, runs: int = DEFAULT_RUNS, seed: int = 1,
            limit: int | None = DEFAULT_STATE_LIMIT, graph: StateGraph | None = None) -> Analysis:
    """Explore ``scenario`` exhaustively; ``runs`` seeded random playthroughs give ending shares.
    Raises AnalysisError past ``limit`` reachable states (None: no limit). ``graph``: the
    scenario's state graph when the caller already has it (the balance figures share it)."""
    g = graph if graph is not None else StateGraph(scenario, limit)
    return _Analyser(g).run(runs, seed)


class _Analyser:
    def __init__(self, graph: StateGraph):
        self.g = graph
        self.sc = graph.scenario
        self.where = _SourceMap(self.sc)
        self.n = len(graph.states)
        self.findings: list[Finding] = []
        self._ranges: dict[int, list[list[int]]] | None = None

    def run(self, runs: int, seed: int) -> Analysis:
        g, n = self.g, self.n
        order, per_ending = self._forward()
        if len(order) == n:  # no loops: one backward pass finds the states that can still end
            finite = None
            self.alive = self._can_end_acyclic(order)
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
                        runs, stuck)

    # -- graph passes ---------------------------------------------------------------------
    def _fewest_decisions(self) -> tuple[array, array, array]:
        """0-1 breadth-first search: reading on is free, a decision costs one."""
        g, n = self.g, self.n
        dist = array("i", [-1]) * n
        parent = array("i", [-1]) * n
        via = array("i", [-1]) * n
        first, dst, label = g.first, g.dst, g.label
        dist[0] = 0
        queue = deque([0])
        while queue:
            s = queue.popleft()
            d = dist[s]
            for k in range(first[s], first[s + 1]):
                t, lab = dst[k], label[k]
                nd = d + (lab >= 0)
                if dist[t] == -1 or nd < dist[t]:
                    dist[t], parent[t], via[t] = nd, s, lab
                    if lab >= 0:
                        queue.append(t)
                    else:
                        queue.appendleft(t)
        return dist, parent, via

    def path_to(self, state: int) -> tuple[str, ...]:
        out = []
        while state > 0:
            if self.via[state] >= 0:
                out.append(self.g.choice_id(self.via[state]))
            state = self.parent[state]
        return tuple(reversed(out))

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
        waiting = array("i", bytes(4 * n))
        for d in dst:
            waiting[d] += 1
        self.dist = dist = array("i", [-1]) * n
        self.parent = parent = array("i", [-1]) * n
        self.via = via = array("i", [-1]) * n
        per_ending: list[dict[int, int]] = [{} for _ in self.sc.endings]
        ending_of = g.ending_of
        order = array("i", [0] if waiting[0] == 0 else [])
        pending: dict[int, dict[int, int]] = {0: {0: 1}}
        dist[0] = 0
        i = 0
        while i < len(order):
            s = order[i]
            i += 1
            counts = pending.pop(s)
            e = ending_of.get(s)
            if e is not None:
                _merge(per_ending[e], counts, 0)
            base = dist[s]
            for k in range(first[s], first[s + 1]):
                t, lab = dst[k], label[k]
                step = 1 if lab >= 0 else 0
                if dist[t] == -1 or base + step < dist[t]:
                    dist[t], parent[t], via[t] = base + step, s, lab
                into = pending.get(t)
                if into is None:
                    pending[t] = {length + step: c for length, c in counts.items()}
                else:
                    _merge(into, counts, step)
                waiting[t] -= 1
                if waiting[t] == 0:
                    order.append(t)
        return order, per_ending

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
        if self._ranges is None:
            self._ranges = self.g.decision_ranges()
        found = self._ranges.get(node_index) or self.g.passing.get(node_index, [])
        return dict(zip(self.g.meter_names, found))

    def describe_ranges(self, node_index: int) -> str:
        return ", ".join(_span(m, lo, hi) for m, (lo, hi) in self.ranges(node_index).items())

    # -- findings -------------------------------------------------------------------------
    def add(self, kind: str, severity: str, message: str, node: str | None = None,
            pos: tuple[int, int] = (0, 0), path: tuple[str, ...] | None = None) -> None:
        self.findings.append(Finding(kind, severity, message, node, pos[0], pos[1], path))

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
            example = min(states, key=lambda s: self.dist[s])
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
        shares = ending_shares(sc, runs, seed) if runs else {}
        self._stuck_share = shares.get(None, 0.0)
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
    The file is read again (with positions) only when a finding needs a line."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._data: Any = None
        self._read = False

    @property
    def data(self) -> Any:
        if not self._read:
            self._read = True
            source = self.scenario.source
            if source is not None:
                try:
                    data, _ = read_yaml(source.read_text(encoding="utf-8"), str(source))
                except (OSError, UnicodeDecodeError):
                    data = None
                self._data = data if isinstance(data, dict) else None
        return self._data

    def _nodes(self):
        nodes = self.data.get("nodes") if self.data else None
        return nodes if isinstance(nodes, dict) else None

    def node(self, node_id: str) -> tuple[int, int]:
        nodes = self._nodes()
        return nodes.key_pos.get(node_id, (0, 0)) if nodes is not None else (0, 0)

    def choice(self, node_id: str, choice_id: str) -> tuple[int, int]:
        nodes = self._nodes()
        node = nodes.get(node_id) if nodes is not None else None
        items = node.get("choices") if isinstance(node, dict) else None
        if isinstance(items, YList):
            for item, pos in zip(items, items.item_pos):
                if isinstance(item, dict) and item.get("id") == choice_id:
                    return pos
        return self.node(node_id)

    def route(self, node_id: str, k: int) -> tuple[int, int]:
        nodes = self._nodes()
        node = nodes.get(node_id) if nodes is not None else None
        items = node.get("routes") if isinstance(node, dict) else None
        if isinstance(items, YList) and k < len(items):
            return items.item_pos[k]
        return self.node(node_id)

    def _listed(self, key: str, match) -> tuple[int, int]:
        items = self.data.get(key) if self.data else None
        if isinstance(items, YList):
            for k, (item, pos) in enumerate(zip(items, items.item_pos)):
                if match(k, item):
                    return pos
        return (0, 0)

    def ending(self, ending_id: str) -> tuple[int, int]:
        return self._listed("endings", lambda k, item: isinstance(item, dict) and item.get("id") == ending_id)

    def cue(self, index: int) -> tuple[int, int]:
        return self._listed("cues", lambda k, item: k == index)
