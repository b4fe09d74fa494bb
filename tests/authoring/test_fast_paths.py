"""The shortcuts that make `rapport analyze` fast give the same answers as the plain way, on
every shipped scene: one exploration serving the duty check (instead of exploring the marked
copy again), shared ending resolutions, the probes' sparse passes and the pitfall faces.
(tests/story/test_balance_duties.py checks the figures themselves.)"""

import pytest

from game.story import balance as B
from game.story.duties import duty_breaches, duty_marked
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
