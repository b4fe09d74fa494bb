"""The shortcuts that make `rapport analyze` fast give the same answers as the plain way, on
every shipped scene: one exploration serving the duty check (instead of exploring the marked
copy again), shared ending resolutions, the probes' sparse passes and the pitfall faces.
(tests/story/test_balance_duties.py checks the figures themselves.)"""

from pathlib import Path

import pytest

from game.story import balance as B
from game.story.analysis import _Analyser
from game.story.duties import duty_breaches, duty_marked
from game.story.loader import load_scenario
from game.story.model import Scenario
from game.story.rules import apply_effects
from game.story.statespace import StateGraph

from .test_analysis import LIBRARY as SHIPPED  # the shipped scenes

SCENES = sorted(SHIPPED.scenarios)


def graph_parts(g: StateGraph):
    return (list(g.states), list(g.first), list(g.dst), list(g.label), g.ending_of, g.dead_ends, g.frozen,
            bytes(g.reached), g.coverage, g.arrival, g.passing, g.values)


def reference_pitfall_faces(g: StateGraph):
    """_pitfall_faces as it was written before the fast path (per state, through the public API)."""
    sc = g.scenario
    moves = no_worse = 0
    misses: dict = {}
    names = g.meter_names
    for s in range(len(g.states)):
        lo, hi = g.first[s], g.first[s + 1]
        if lo == hi or g.label[lo] < 0 or g.is_sink(s):
            continue
        values = g.values_of(s)
        node = sc.nodes[g.node_of(s)]
        for k in range(lo, hi):
            choice = g.choices[g.label[k]][1]
            if not choice.is_pitfall:
                continue
            moves += 1
            meters = {**sc.start_meters, **dict(zip(names, values))}
            flags = g.flags_of(s)
            after_meters = dict(meters)
            after_flags = apply_effects(sc, after_meters, flags, choice.effects)
            if sc.format >= 2:
                before = B._face(sc, node.beat, meters, flags)
                beat = choice.reaction.beat if choice.reaction else sc.nodes[choice.next].beat
            else:
                before = B._face(sc, node.expression, meters, flags)
                beat = sc.nodes[choice.next].expression
            after = B._face(sc, beat, after_meters, after_flags)
            if not B._worse(before, after):
                no_worse += 1
                misses.setdefault((node.id, choice.id), B.FaceMiss(node.id, choice.id, ":".join(before), ":".join(after)))
    return moves, no_worse, list(misses.values())


@pytest.mark.parametrize("scene_id", SCENES)
def test_the_fast_paths_give_the_same_answers_on_the_shipped_scenes(scene_id):
    sc: Scenario = SHIPPED.scenarios[scene_id]
    fast = StateGraph(sc, marked=duty_marked(sc))
    plain = StateGraph(sc, share_resolutions=False)
    assert fast.complete and plain.complete
    assert graph_parts(fast) == graph_parts(plain)
    # the duty check from the one exploration == exploring the marked copy on its own
    assert duty_breaches(sc, graph=fast) == duty_breaches(sc)
    if duty_marked(sc) is not None:
        assert fast.marked is not None            # the shortcut was taken, not the fallback
    # the probes: sparse passes over patterns == the per-move weights, to the last bit
    solver = B._Solver(fast)
    every = B.probes(sc)
    picked = ["always the first option", "always the longest text", "always a question mark", 'most "I"']
    picked += [name for name in every if name.startswith(("always a ", "always an "))][:2]  # kinds of response
    for name in picked:
        score = every[name]
        decided_old: list = []
        decided_new: list = []
        old = B._ending_chances(fast, solver, B._policy(fast, score, solver, decided_old))
        new = B._probe_chances(fast, solver, B._patterns(fast, score, solver, decided_new))
        assert new == old, name
        assert decided_new == decided_old
    assert B._pitfall_faces(fast) == reference_pitfall_faces(fast)


def test_the_format_1_pitfall_faces_match_on_the_bench_recipe():
    # format 1 faces come from the cues: the shortcut keys them by the meters the cues read
    from bench.bench_analysis import build, scene_data

    sc = build(scene_data(400, seed=5))
    assert sc.format == 1
    g = StateGraph(sc)
    moves, no_worse, misses = B._pitfall_faces(g)
    assert moves > 100 and (moves, no_worse, misses) == reference_pitfall_faces(g)


def reference_forward(g: StateGraph):
    """The analysis's forward pass the plain way: a dict of {decisions: paths} per state, the
    fewest decisions by the first state in the order that achieves them, random play's chance."""
    n = len(g.states)
    dist, parent, via = [-1] * n, [-1] * n, [-1] * n
    counts: list = [None] * n
    counts[0], dist[0] = {0: 1}, 0
    chance = [0.0] * n
    chance[0] = 1.0
    per_ending: list[dict] = [{} for _ in g.scenario.endings]
    for s in g.topological_order():
        here = counts[s]
        e = g.ending_of.get(s)
        if e is not None:
            for d, c in here.items():
                per_ending[e][d] = per_ending[e].get(d, 0) + c
        lo, hi = g.first[s], g.first[s + 1]
        for k in range(lo, hi):
            t, lab = g.dst[k], g.label[k]
            chance[t] += chance[s] / (hi - lo)
            step = 1 if lab >= 0 else 0
            if dist[t] == -1 or dist[s] + step < dist[t]:
                dist[t], parent[t], via[t] = dist[s] + step, s, lab
            into = counts[t] = dict(counts[t] or {})
            for d, c in here.items():
                into[d + step] = into.get(d + step, 0) + c
    return per_ending, dist, parent, via, [chance[s] for s in g.ending_of]


def forward_of(g: StateGraph):
    a = _Analyser(g)
    _, per_ending = a._forward()
    shares = a._exact_shares
    chances = [shares[g.scenario.endings[e].id] for e in g.ending_of.values()] if shares is not None else None
    return per_ending, list(a.dist), list(a.parent), list(a.via), chances


def uneven_paths() -> Scenario:
    """Paths of 1, 2 and 3 decisions into one decision node, and a read-on node on the way:
    the states there wait with several counts (the forward pass's general case)."""
    from bench.bench_analysis import build, scene_data

    data = scene_data(30)  # its endings, meters and client; nodes of our own

    def choices(*pairs):
        return [{"id": cid, "text": cid, "tag": "empathy", "feedback": "f", "next": nxt} for cid, nxt in pairs]

    data["start"] = "a"
    data["nodes"] = {
        "a": {"says": "A", "choices": choices(("x", "m"), ("y", "b"), ("z", "pass"))},
        "pass": {"narration": "on", "next": "b"},
        "b": {"says": "B", "choices": choices(("p", "m"), ("q", "c"))},
        "c": {"says": "C", "choices": choices(("r", "m"))},
        "m": {"says": "M", "choices": choices(("s", "fin"), ("t", "fin"))},
        "fin": {"says": "Done", "end": True},
    }
    return build(data)


def scene_for(scene_id: str):
    """A shipped scene, the scene with uneven paths, or a 400-node bench recipe."""
    if scene_id == "uneven":
        return uneven_paths()
    if scene_id == "recipe":
        from bench.bench_analysis import build, scene_data

        return build(scene_data(400, seed=5))
    return SHIPPED.scenarios[scene_id]


@pytest.mark.parametrize("scene_id", SCENES + ["uneven", "recipe"])
def test_the_forward_pass_and_the_meter_ranges_match_the_plain_way(scene_id):
    sc = scene_for(scene_id)
    g = StateGraph(sc)
    assert g.complete
    fast, plain = forward_of(g), reference_forward(g)
    assert fast[:4] == plain[:4]
    # the topological order the forward pass works out in its own loop == Kahn's on its own
    kept = g.topological_order()
    assert list(kept) == list(StateGraph(sc).topological_order())
    if fast[4] is not None:  # no loop: the exact shares are the chances carried along
        assert fast[4] == plain[4]
    if scene_id == "uneven":
        assert max(len(c) for c in fast[0]) == 3  # 2, 3 or 4 decisions to the end
    # meter ranges for some nodes only == the ranges for every node, there
    every = g.decision_ranges()
    assert every == {node: [[min(c), max(c)] for c in zip(*{g.values_of(s) for s in range(len(g.states))
                                                            if not g.is_sink(s) and g.node_index_of(s) == node})]
                     for node in {g.node_index_of(s) for s in range(len(g.states)) if not g.is_sink(s)}}
    some = set(range(0, len(g.nodes), 3))
    assert g.decision_ranges(some) == {node: r for node, r in every.items() if node in some}


@pytest.mark.parametrize("scene_id", SCENES + ["recipe"])
def test_the_routes_search_matches_the_plain_way(scene_id):
    if scene_id == "recipe":
        from bench.bench_analysis import build, scene_data

        sc = build(scene_data(400, seed=5))
    else:
        sc = SHIPPED.scenarios[scene_id]
    g = StateGraph(sc)
    best = {k for k, e in enumerate(sc.endings) if sc.best_ending is not None and e.id == sc.best_ending.id}
    expected = reference_routes(g, best)
    assert B._routes(g, best) == expected
    # as balance() runs it: the states that can reach the best ending found by _most_pitfalls
    solver = B._Solver(g)
    reach = None if solver.cyclic else bytearray(len(g.states))
    B._most_pitfalls(g, solver, best, reach)
    assert B._routes(g, best, solver, reach) == expected
    if reach is not None and best:
        assert reach == reference_reach(g, best)


def reference_reach(g: StateGraph, best: set[int]) -> bytearray:
    """The states with a path to a best ending, searched backwards from those endings."""
    n = len(g.states)
    rev: list[list[int]] = [[] for _ in range(n)]
    for s in range(n):
        for k in range(g.first[s], g.first[s + 1]):
            rev[g.dst[k]].append(s)
    alive = bytearray(n)
    stack = [s for s, e in g.ending_of.items() if e in best]
    for s in stack:
        alive[s] = 1
    while stack:
        for p in rev[stack.pop()]:
            if not alive[p]:
                alive[p] = 1
                stack.append(p)
    return alive


@pytest.mark.parametrize("scene_id", SCENES + ["uneven", "recipe"])
def test_the_search_stopped_at_the_nearest_ending_agrees_with_the_full_one(scene_id):
    sc = scene_for(scene_id)
    g = StateGraph(sc)
    short = g.fewest_to_an_ending()
    assert g._fewest is None  # the stopped search is not kept as the full one
    dist, parent, via = g.fewest_decisions()
    reached = {s: dist[s] for s in g.ending_of if parent[s] != -1 or s == 0}
    nearest = min(reached.values())
    for s in range(len(g.states)):  # exact up to the nearest ending, never too low beyond it
        if 0 <= dist[s] <= nearest:
            assert (short[0][s], short[1][s], short[2][s]) == (dist[s], parent[s], via[s])
        elif short[0][s] != -1:
            assert short[0][s] >= dist[s]
    # what balance() reads: the same nearest ending, the same path to it
    got = {s: short[0][s] for s in g.ending_of if short[1][s] != -1 or s == 0}
    assert min(got, key=lambda s: got[s]) == min(reached, key=lambda s: reached[s])
    sink = min(reached, key=lambda s: reached[s])
    assert g.path_to(short[1], short[2], sink) == g.path_to(parent, via, sink)
    assert g.fewest_to_an_ending() is g.fewest_decisions()  # the full search, once done, is reused


def reference_routes(g: StateGraph, best: set[int]):
    """_routes without remembering each state's next states: every path walked afresh."""
    sinks = {s for s, e in g.ending_of.items() if e in best}
    if not sinks:
        return 0, False
    n = len(g.states)
    rev: list[list[int]] = [[] for _ in range(n)]
    for s in range(n):
        for k in range(g.first[s], g.first[s + 1]):
            rev[g.dst[k]].append(s)
    alive, stack = bytearray(n), list(sinks)
    for s in stack:
        alive[s] = 1
    while stack:
        for p in rev[stack.pop()]:
            if not alive[p]:
                alive[p] = 1
                stack.append(p)
    if not alive[0]:
        return 0, False
    acyclic = len(g.topological_order()) == n
    routes: set = set()
    budget = 200_000
    work: list = [(0, (), None if acyclic else frozenset({0}))]
    while work and len(routes) < B.ROUTE_CAP and budget > 0:
        s, nodes, on_path = work.pop()
        budget -= 1
        if s in sinks:
            routes.add(nodes)
            continue
        lo, hi = g.first[s], g.first[s + 1]
        here = nodes if g.is_sink(s) or g.label[lo] < 0 else (g.node_of(s), nodes)
        seen_next: list[int] = []
        for t in g.dst[lo:hi]:
            if not alive[t] or t in seen_next:
                continue
            if on_path is not None:
                if t in on_path:
                    continue
                work.append((t, here, on_path | {t}))
            else:
                work.append((t, here, None))
            seen_next.append(t)
    return len(routes), bool(work) and (len(routes) >= B.ROUTE_CAP or budget <= 0)


AUTHORING = sorted((Path(__file__).parent / "scenes").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENES + AUTHORING, ids=str)
def test_the_states_that_can_still_end_match_the_backward_pass(path):
    # with no loop and every state without a move an ending, run() takes every state as able
    # to end without the backward pass: the same bytes the pass gives, and the pass otherwise
    sc = SHIPPED.scenarios[path] if isinstance(path, str) else load_scenario(path)
    a = _Analyser(StateGraph(sc))
    a.run(0, 1)
    order = a.g.topological_order()
    if len(order) == a.n:
        assert a.alive == a._can_end_acyclic(order)
