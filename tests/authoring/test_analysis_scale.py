"""`rapport analyze` at scale: dropping what no condition can read keeps the analysis exact; a
budget or Ctrl-C stops it with a partial answer that only states what it established."""


import pytest

from bench.bench_analysis import author_data, build, scene_data
from game.story.analysis import Budget, _Analyser, analyze
from game.story.statespace import StateGraph, resident_bytes

from .test_analysis import LIBRARY, fixture


def figures(a):
    return (a.paths, [f.to_dict() for f in a.findings], a.loops, a.offered, a.decision_nodes, a.decisions,
            [(e.id, e.reachable, e.paths, e.meters, e.decisions, len(e.shortest or ())) for e in a.endings])


CASES = [("recipe", lambda: build(scene_data(400, seed=5)))] + [
    (name, lambda name=name: fixture(name)) for name in
    ("dead-end", "endless-loop", "frozen-loop", "impossible-condition", "loop-with-exit", "unreachable-ending")
] + [(sid, lambda sid=sid: LIBRARY.scenarios[sid]) for sid in sorted(LIBRARY.scenarios)]


@pytest.mark.parametrize("name, make", CASES, ids=[c[0] for c in CASES])
def test_dropping_dead_flags_and_visits_changes_no_figure(name, make):
    scenario = make()
    pruned = _Analyser(StateGraph(scenario, budget=Budget(states=40_000))).run(0, 1)
    full = _Analyser(StateGraph(scenario, budget=Budget(states=60_000), prune=False)).run(0, 1)
    if not (pruned.complete and full.complete):
        pytest.skip("too large to explore twice in a unit test (the benchmark compares the large ones)")
    assert pruned.states <= full.states
    assert figures(pruned) == figures(full)


def test_the_recipe_has_fewer_states_when_dead_visits_are_dropped():
    scenario = build(scene_data(1500, seed=2))
    assert len(StateGraph(scenario).states) < 0.95 * len(StateGraph(scenario, prune=False).states)


def test_a_time_budget_gives_a_partial_answer_with_real_paths():
    scenario = build(author_data(200))
    a = analyze(scenario, runs=50, budget=Budget(seconds=0.5))
    assert not a.complete and "time budget of 0.5 s ran out" in a.stopped
    assert a.errors[0].code == "RP0509" and "nothing is said about what was not reached" in a.errors[0].message
    assert a.paths is None and not a.loops
    assert not [f for f in a.findings if f.kind in ("unreachable-node", "unreachable-ending", "impossible-condition")]
    data = a.to_dict()
    assert data["complete"] is False and data["ok"] is False


def test_ctrl_c_while_exploring_stops_with_what_was_established():
    calls = []

    def progress(states, moves, seconds, memory):
        calls.append(states)
        raise KeyboardInterrupt

    scenario = build(scene_data(3000, seed=1))
    budget = Budget(progress=progress)
    budget.started -= 10  # progress is reported from the first check on
    a = analyze(scenario, runs=0, budget=budget)
    assert calls and not a.complete and a.stopped == "it was interrupted (Ctrl-C)"
    for e in a.endings:  # every ending it reports was reached by a real path
        if e.reachable:
            assert e.shortest is not None


def test_partial_endings_come_with_paths_that_really_play_there():
    from game.story import PlayState

    scenario = build(scene_data(300, seed=4))
    full = analyze(scenario, runs=0)
    a = analyze(scenario, runs=0, budget=Budget(states=full.states // 2))
    assert not a.complete and "limit of" in a.stopped
    for e in a.endings:
        if not e.reachable:
            continue
        state = PlayState.start(scenario)
        for choice_id in e.shortest:
            while state.status != "choice":
                state.advance()
            state.choose(choice_id)
        while not state.is_over:
            state.advance()
        assert state.ending.id == e.id


@pytest.mark.skipif(resident_bytes() is None, reason="needs /proc to read resident memory")
def test_a_memory_budget_stops_before_it_is_passed():
    base = resident_bytes()
    scenario = build(author_data(300))
    a = analyze(scenario, runs=0, budget=Budget(memory=base + 25 * 1048576))
    assert not a.complete and "memory budget" in a.stopped
    assert resident_bytes() < base + 120 * 1048576


def test_the_command_shows_progress_on_long_work(capsys, monkeypatch, tmp_path):
    import yaml

    from game.cli import main
    from game.commands import analyze as command

    path = tmp_path / "author-200.yaml"
    path.write_text(yaml.safe_dump(author_data(200), sort_keys=False))
    real = command.Progress.__call__

    def early(self, states, moves, seconds, memory):  # as if a second had passed already
        return real(self, states, moves, seconds + 5, memory)

    monkeypatch.setattr(command.Progress, "__call__", early)
    code = main(["analyze", str(path), "--time-limit", "2", "--runs", "10"])
    out, err = capsys.readouterr()
    assert code == 1 and "INCOMPLETE" in out
    assert "analysing author-200:" in err and " states, " in err and " MB" in err
    code = main(["analyze", str(path), "--time-limit", "2", "--runs", "10", "--quiet"])
    assert "analysing" not in capsys.readouterr().err
