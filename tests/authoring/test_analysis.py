"""The analysis: every finding on a fixture made to show it, and figures checked against an oracle
that walks every path one by one."""

from dataclasses import replace
from statistics import median

import pytest

from bench.bench_analysis import build, scene_data
from game.story import ERROR, WARNING, load_library, parse_scenario
from game.story.analysis import (DEAD_END, ENDLESS_LOOP, IMPOSSIBLE_CONDITION, NEVER_CHECKED, UNREACHABLE_ENDING,
                                 UNREACHABLE_NODE, AnalysisError, _median, analyze)
from game.story.conditions import Condition
from game.play import play_scripted

from .helpers import SCENES, every_path, fixture, walk_all

LIBRARY = load_library()


def kinds(analysis):
    return sorted((f.kind, f.node or "") for f in analysis.findings)


def line_of(name: str, needle: str) -> int:
    for number, line in enumerate((SCENES / f"{name}.yaml").read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.mark.parametrize("name", ["dead-end", "unreachable-ending", "impossible-condition", "unreachable-nodes"])
def test_figures_match_walking_every_path(name):
    scenario = fixture(name)
    a = analyze(scenario, runs=0)
    walked = every_path(scenario)
    for e in a.endings:
        paths = walked.get(e.id, [])
        assert e.reachable == bool(paths)
        if not paths:
            continue
        assert e.paths == len(paths)
        lengths = [n for n, _, _ in paths]
        assert (e.decisions.min, e.decisions.median, e.decisions.max) == (min(lengths), median(lengths), max(lengths))
        for meter, (lo, hi) in e.meters.items():
            values = [m[meter] for _, m, _ in paths]
            assert (lo, hi) == (min(values), max(values))
        assert len(e.shortest) == min(lengths) and e.shortest in {p for _, _, p in paths}


def test_tutorial_figures_match_walking_every_path():
    scenario = LIBRARY.scenarios["waiting-room"]
    a = analyze(scenario, runs=2_000)
    walked = every_path(scenario)
    assert a.paths == sum(len(v) for v in walked.values())
    all_lengths = [n for v in walked.values() for n, _, _ in v]
    assert (a.decisions.min, a.decisions.median, a.decisions.max) == (min(all_lengths), median(all_lengths), max(all_lengths))
    for e in a.endings:
        assert e.paths == len(walked[e.id])
        assert play_scripted(scenario, list(e.shortest)).ending.id == e.id
        assert 0 < e.share < 1
    assert sum(e.share for e in a.endings) == pytest.approx(1.0)
    assert a.offered["empathy"] == {"choices": 4, "nodes": 3} and a.offered["lecturing"]["choices"] == 0
    assert a.decision_nodes == 6 and a.loops == []


def test_dead_end():
    a = analyze(fixture("dead-end"), runs=500)
    assert kinds(a) == [(DEAD_END, "ask")]
    f = a.findings[0]
    assert f.severity == ERROR and f.path == ("cold",) and "trust 20" in f.message
    assert f.line == line_of("dead-end", "  ask:")
    assert 0 < a.stuck_share < 1


def test_unreachable_ending_behind_meter_arithmetic():
    a = analyze(fixture("unreachable-ending"), runs=0)
    assert kinds(a) == [(UNREACHABLE_ENDING, "")]
    f = a.findings[0]
    assert f.severity == ERROR and f.line == line_of("unreachable-ending", "id: breakthrough")
    assert "needs trust of at least 80" in f.message and "trust 15–65" in f.message
    assert [e.reachable for e in a.endings] == [False, True]


def test_endless_loop_with_the_moment_the_player_is_trapped():
    a = analyze(fixture("endless-loop"), runs=0)
    assert kinds(a) == [(ENDLESS_LOOP, "door")]
    f = a.findings[0]
    assert f.severity == ERROR and f.path == ("just-knock",) and '"door"' in f.message
    # The other branch can loop too but may leave: infinitely many paths, not an error.
    assert a.loops == [("door",)] and a.paths is None
    note = a.endings[0]
    assert note.paths is None and note.decisions.min == 2 and note.decisions.max is None
    assert note.shortest == ("introduce", "leave-note")


def test_loop_of_nodes_without_text_would_freeze_the_game():
    a = analyze(fixture("frozen-loop"), runs=0)
    assert kinds(a) == [(ENDLESS_LOOP, "hub")]
    assert "freeze" in a.findings[0].message and a.findings[0].path == ("hurry",)


def test_impossible_conditions_and_a_route_never_checked():
    a = analyze(fixture("impossible-condition"), runs=0)
    assert not a.errors
    assert kinds(a) == sorted([(IMPOSSIBLE_CONDITION, ""), (IMPOSSIBLE_CONDITION, "greet"),
                               (IMPOSSIBLE_CONDITION, "letter"), (NEVER_CHECKED, "letter"),
                               (UNREACHABLE_NODE, "secret")])
    by_line = {f.line: f for f in a.findings}
    assert "choice \"confide\"" in by_line[line_of("impossible-condition", "id: confide")].message
    assert "cue rule 1 (upset) never shows" in by_line[line_of("impossible-condition", "openness, at_least: 95")].message
    assert all(f.severity == WARNING for f in a.findings)


def test_unreachable_nodes_say_why():
    a = analyze(fixture("unreachable-nodes"), runs=0)
    messages = {f.node: f.message for f in a.findings if f.kind == UNREACHABLE_NODE}
    assert set(messages) == {"storm-out", "orphan"}
    assert "behind a choice or route that is never taken" in messages["storm-out"]
    assert 'nothing leads to it from "greet"' in messages["orphan"]


def test_loop_with_exit_counts_the_finite_ending_exactly():
    a = analyze(fixture("loop-with-exit"), runs=0)
    assert a.findings == []
    opened, quiet = a.endings
    assert opened.paths is None and opened.shortest == ("wait", "wait", "ask")
    assert quiet.paths == 2 and quiet.decisions.max == 2  # ask; wait, ask (a third wait opens Sam up)


VISITED = (SCENES / "loop-with-exit.yaml").read_text().replace(
    """      - id: ask
        text: What's on your mind?""", """      - id: ask
        if: { visited: corridor }
        text: What's on your mind?""").replace(
    """      - id: wait
        text: (Wait a little longer.)
        tag: patience
        effects: { openness: 10 }
        feedback: Room to speak.
        next: silence""", """      - id: wait
        text: (Wait a little longer.)
        tag: patience
        effects: { openness: 10 }
        feedback: Room to speak.
        next: corridor""").replace("  bye:\n", "  corridor:\n    narration: A door slams.\n    next: silence\n  bye:\n")


def test_visited_conditions_are_followed_through_loops():
    scenario, diagnostics = parse_scenario(VISITED, "visited.yaml")
    assert scenario is not None, diagnostics
    a = analyze(scenario, runs=0)
    assert a.findings == []
    assert a.endings[1].shortest == ("wait", "ask")


def test_meters_and_flags_no_condition_reads_do_not_multiply_states():
    text = (SCENES / "unreachable-ending.yaml").read_text()
    plain = analyze(parse_scenario(text, "a.yaml")[0], runs=0)
    extra = text.replace("  openness: { start: 30 }", "  openness: { start: 30 }\n  engagement: { start: 50 }")
    extra = extra.replace("effects: { trust: 10 }", "effects: { trust: 10, engagement: 7 }")
    more = analyze(parse_scenario(extra, "b.yaml")[0], runs=0)
    assert more.states == plain.states and [e.paths for e in more.endings] == [e.paths for e in plain.endings]


def test_an_unknown_kind_of_condition_is_refused_not_guessed():
    class AtLeastTwice(Condition):
        def describe(self):
            return "twice"

    scenario = fixture("dead-end")
    node = scenario.nodes["ask"]
    changed = replace(node.choices[0], condition=AtLeastTwice())
    nodes = dict(scenario.nodes, ask=replace(node, choices=(changed,) + node.choices[1:]))
    with pytest.raises(AnalysisError, match="AtLeastTwice"):
        analyze(replace(scenario, nodes=nodes), runs=0)


def test_median_of_a_distribution():
    assert _median({4: 49, 5: 11}) == 4
    assert _median({1: 1, 2: 1}) == 1.5
    assert _median({3: 2, 7: 1}) == 3
    assert _median({}) is None


def test_json_round_trips_and_big_counts_stay_exact():
    a = analyze(fixture("loop-with-exit"), runs=100)
    data = a.to_dict()
    assert data["paths"] is None and data["paths_unbounded"] is True
    assert data["endings"][1]["paths"] == 2 and data["random_play"]["runs"] == 100


@pytest.mark.parametrize("seed", range(1, 9))
def test_random_scenes_agree_with_walking_every_path(seed):
    # Synthetic scenes from the benchmark's recipe, small enough to walk path by path: the
    # figures and the findings must agree with what playing every path shows.
    scenario = build(scene_data(60, seed))
    a = analyze(scenario, runs=0)
    walked = walk_all(scenario)
    for e in a.endings:
        paths = walked.endings.get(e.id, [])
        assert e.reachable == bool(paths)
        if paths:
            lengths = [n for n, _, _ in paths]
            assert e.paths == len(paths)
            assert (e.decisions.min, e.decisions.median, e.decisions.max) == (min(lengths), median(lengths), max(lengths))
            assert e.meters == {m: (min(p[1][m] for p in paths), max(p[1][m] for p in paths)) for m in e.meters}
            assert e.shortest in {p for _, _, p in paths} and len(e.shortest) == min(lengths)
    unreached = {f.node for f in a.findings if f.kind == UNREACHABLE_NODE}
    assert unreached == set(scenario.nodes) - walked.nodes
    never_offered = {(f.node, f.message.split('"')[1]) for f in a.findings
                     if f.kind == IMPOSSIBLE_CONDITION and f.message.startswith("choice")}
    conditional = {(n.id, c.id) for n in scenario.nodes.values() for c in n.choices
                   if c.condition is not None and n.id in walked.nodes}
    assert never_offered == conditional - walked.offered
    assert {f.node for f in a.findings if f.kind == DEAD_END} == walked.stuck


def test_exact_shares_agree_with_sampled_random_play():
    from game.story.simulate import ending_shares

    for scenario in LIBRARY.scenarios.values():
        a = analyze(scenario, runs=1)
        if not a.exact_shares:
            continue
        sampled = ending_shares(scenario, 4_000, seed=3)
        for e in a.endings:
            assert abs(e.share - sampled[e.id]) < 0.04, (scenario.id, e.id, e.share, sampled[e.id])
        assert sum(e.share for e in a.endings) + (a.stuck_share or 0) == pytest.approx(1.0)
