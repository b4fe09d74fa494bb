"""The static duty check: no path may let the author's own conditions resolve a best or good
ending while a raised duty is unmet.

At run time the duty guard (model.Ending.guard) already stops such an ending; this check tells
the author that their conditions rely on it, so they write `{met: duty}` into the ending's
`if` and the ending text never narrates a step the student did not take.

How: a copy of the scenario where, before every best or good ending E and for every duty d, a
marker ending "E while d is unmet" is tried first (condition: E's own condition, d raised, d not
met), with the guards removed. The state graph (statespace.StateGraph, its public API only)
then reaches a marker's sink exactly when some path breaks the rule, and the fewest-decisions
path to it is the example.
"""

from __future__ import annotations

from array import array
from collections import deque
from dataclasses import dataclass, replace

from .conditions import AllOf, Met, Not, Raised, Visited
from .diagnostics import ERROR, WARNING, Diagnostic
from .model import Ending, Scenario, met_flag
from .statespace import AnalysisError, StateGraph

GUARDED = ("best", "good")
CODE = "RP0414"
CODE_STOPPED = "RP0420"


@dataclass(frozen=True)
class DutyBreach:
    ending: str
    outcome: str
    duty: str
    path: tuple[str, ...]  # choice ids from the start

    def message(self) -> str:
        path = " → ".join(self.path) if self.path else "(at the start)"
        return (f'ending "{self.ending}" ({self.outcome}) resolves while the duty "{self.duty}" is raised and '
                f'unmet, e.g. after choices: {path}; add {{met: {self.duty}}} to the ending\'s `if`')


def _marker_id(ending: Ending, duty: str) -> str:
    return f"{ending.id}\x00{duty}"


def marked_scenario(scenario: Scenario) -> tuple[Scenario, dict[str, tuple[Ending, str]]]:
    """The scenario with a marker ending before each guarded ending, per duty; no guards."""
    markers: dict[str, tuple[Ending, str]] = {}
    endings: list[Ending] = []
    for e in scenario.endings:
        if e.outcome in GUARDED:
            for duty in scenario.duties:
                raised = Raised(tuple(Visited(n) for n in scenario.raising_nodes(duty.id)), duty=duty.id)
                parts = ((e.condition,) if e.condition else ()) + (raised, Not(Met(met_flag(duty.id), duty=duty.id)))
                marker = Ending(_marker_id(e, duty.id), e.title, e.text, "poor", e.precedence, AllOf(parts))
                markers[marker.id] = (e, duty.id)
                endings.append(marker)
        endings.append(replace(e, guard=None))
    by_ending: dict[str, list[str]] = {}
    for mid, (e, _) in markers.items():
        by_ending.setdefault(e.id, []).append(mid)
    nodes = {}
    for nid, node in scenario.nodes.items():
        if node.end is None:
            nodes[nid] = node
            continue
        end: list[str] = []
        for eid in node.end:
            end.extend(by_ending.get(eid, ()))
            end.append(eid)
        nodes[nid] = replace(node, end=tuple(end))
    return replace(scenario, endings=tuple(endings), nodes=nodes), markers


def shortest_paths(g: StateGraph) -> tuple[array, array]:
    """Fewest-decisions parents over the graph: (parent state, choice label) per state."""
    _, parent, via = g.fewest_decisions()  # computed once per graph, shared with the analysis
    return parent, via


def duty_marked(scenario: Scenario) -> Scenario | None:
    """The marked copy to hand StateGraph(marked=...) so one exploration serves the analysis
    and the duty check; None when the scene has nothing to check."""
    if not scenario.duties or not any(e.outcome in GUARDED for e in scenario.endings):
        return None
    return marked_scenario(scenario)[0]


def _breaches_in(g: StateGraph, scenario: Scenario) -> list[DutyBreach]:
    """The breaches from a graph explored with ``marked``: the same fewest-decisions search
    as over the marked copy's own graph (the two have the same decision states and moves;
    only the sinks differ, and a sink is a leaf), with each marker a sink of its own."""
    marked = g.marked
    assert marked is not None
    markers = marked_scenario(scenario)[1]  # the same ids, in the same order, as g.marked's
    n = len(g.states)
    parent, via, dist = (array("i", [-1]) * n for _ in range(3))
    m_parent: dict[int, int] = {}
    m_via: dict[int, int] = {}
    m_dist: dict[int, int] = {}
    marks, first, dst, label = g.marks, g.first, g.dst, g.label
    dist[0] = 0
    queue = deque([0])
    while queue:
        s = queue.popleft()
        for k in range(first[s], first[s + 1]):
            t, lab = dst[k], label[k]
            nd = dist[s] + (lab >= 0)
            mark = marks.get(k, -1)
            if mark >= 0 and marked.endings[mark].id in markers:  # the marked copy's sink
                if mark not in m_dist or nd < m_dist[mark]:
                    m_dist[mark], m_parent[mark], m_via[mark] = nd, s, lab
                continue
            if dist[t] == -1 or nd < dist[t]:
                dist[t], parent[t], via[t] = nd, s, lab
                (queue.append if lab >= 0 else queue.appendleft)(t)
    out = []
    for mark in sorted(m_dist):
        ending, duty = markers[marked.endings[mark].id]
        path = g.path_to(parent, via, m_parent[mark])
        if m_via[mark] >= 0:
            path += (g.choice_id(m_via[mark]),)
        out.append(DutyBreach(ending.id, ending.outcome, duty, path))
    return out


def duty_breaches(scenario: Scenario, limit: int | None = None, graph: StateGraph | None = None) -> list[DutyBreach]:
    """Every (ending, duty) pair some path breaks, with the shortest such path. Raises
    AnalysisError past ``limit`` states. ``graph``: the scenario's complete graph explored with
    ``marked=duty_marked(scenario)``, read instead of exploring the marked copy again."""
    if not scenario.duties or not any(e.outcome in GUARDED for e in scenario.endings):
        return []
    if graph is not None and graph.marked is not None and graph.complete and graph.scenario is scenario:
        order = {e.id: i for i, e in enumerate(scenario.endings)}
        return sorted(_breaches_in(graph, scenario), key=lambda b: (order[b.ending], b.duty))
    marked, markers = marked_scenario(scenario)
    g = StateGraph(marked, limit)
    if not g.complete:  # a partial graph could miss a breach: say so instead of passing it
        raise AnalysisError(g.stopped or f"more than {limit:,} states")
    parent, via = shortest_paths(g)
    out = []
    for state, k in sorted(g.ending_of.items(), key=lambda item: item[1]):
        ending_id = marked.endings[k].id
        if ending_id in markers:
            ending, duty = markers[ending_id]
            out.append(DutyBreach(ending.id, ending.outcome, duty, g.path_to(parent, via, state)))
    order = {e.id: i for i, e in enumerate(scenario.endings)}
    return sorted(out, key=lambda b: (order[b.ending], b.duty))


def check_duties(scenario: Scenario, file: str | None = None, limit: int | None = None,
                 graph: StateGraph | None = None) -> list[Diagnostic]:
    """The duty check as diagnostics at each ending's line (RP0414), for validate and analyze
    (``graph``: see duty_breaches)."""
    file = file or (str(scenario.source) if scenario.source else f"{scenario.id}.yaml")
    try:
        breaches = duty_breaches(scenario, limit, graph)
    except AnalysisError as exc:
        return [Diagnostic(file, 0, 0, f"the duty check stopped: {exc}", WARNING, CODE_STOPPED)]
    lines = ending_lines(scenario)
    return [Diagnostic(file, *lines.get(b.ending, (0, 0)), b.message(), ERROR, CODE) for b in breaches]


def ending_lines(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Where each ending starts in the scene file ((0, 0) when the file cannot be read): from
    the positions kept by the read that loaded it (yamlsrc.source_index), not a second parse."""
    from .yamlsrc import source_index

    if scenario.source is None:
        return {}
    return {eid: (pos[0], pos[1]) for eid, pos in source_index(scenario.source).endings.items()}
