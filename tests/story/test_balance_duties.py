"""The static duty check (RP0414) and the balance figures and flags (RP06xx), each able to fail."""

import json
from pathlib import Path

import pytest

from game.cli import main
from game.story import PlayState, parse_scenario
from game.story.balance import balance, markdown, report
from game.story.duties import check_duties, duty_breaches

from .helpers import MINI

MINI2 = (Path(__file__).parent / "mini2.yaml").read_text()
NO_MET = MINI2.replace("{ meter: trust, at_least: 40 }, { met: ask-about-suicide } ]", "{ meter: trust, at_least: 40 } ]")


def load(text, name="mini2.yaml"):
    scenario, diagnostics = parse_scenario(text, name)
    assert scenario is not None, [str(d) for d in diagnostics]
    return scenario


def codes(b):
    return [d.code for d in b.findings]


# -- duties ----------------------------------------------------------------------------------

def test_a_scene_whose_conditions_keep_the_duty_rule_passes():
    assert duty_breaches(load(MINI2)) == [] and check_duties(load(MINI2)) == []


def test_a_good_ending_without_met_is_an_error_naming_ending_duty_and_path():
    scenario = load(NO_MET)
    [breach] = duty_breaches(scenario)
    assert (breach.ending, breach.outcome, breach.duty) == ("some-progress", "good", "ask-about-suicide")
    assert len(breach.path) == 3 and breach.path[1] == "reassure"
    # replaying the path: the author's condition holds there, and only the guard stops the ending
    state = PlayState.start(scenario)
    for choice in breach.path:
        while state.status != "choice":
            state.advance()
        state.choose(choice)
    while not state.is_over:
        state.advance()
    assert state.ending.outcome not in ("best", "good")
    assert scenario.ending("some-progress").condition.test(state.meters, state.flags, state.visits)
    [d] = check_duties(scenario)
    assert d.code == "RP0414" and d.severity == "error" and "some-progress" in d.message and " → ".join(breach.path) in d.message
    # analyze reads the same breach from its one exploration (the marked endings resolved there)
    from game.story.duties import duty_marked
    from game.story.statespace import StateGraph

    graph = StateGraph(scenario, marked=duty_marked(scenario))
    assert graph.marked is not None and graph.marks
    assert duty_breaches(scenario, graph=graph) == [breach]
    assert check_duties(scenario, graph=graph) == [d]


def test_validate_fails_on_a_duty_breach(tmp_path, capsys):
    bad = tmp_path / "mini2.yaml"
    bad.write_text(NO_MET)
    assert main(["validate", str(bad)]) == 1
    out, _ = capsys.readouterr()
    assert "[RP0414]" in out and f"{bad}:" in out
    good = tmp_path / "good" / "mini2.yaml"
    good.parent.mkdir()
    good.write_text(MINI2)
    assert main(["validate", str(good)]) == 0


# -- balance ---------------------------------------------------------------------------------

def test_exact_figures_of_the_small_scene():
    b = balance(load(MINI2))
    # best needs apologise (1/3), ask-directly (1/2), agree-goal (1/2)
    assert b.random_shares["a-real-start"] == pytest.approx(1 / 12)
    assert b.random_shares["some-progress"] == pytest.approx(1 / 4)
    assert sum(b.random_shares.values()) == pytest.approx(1) and b.stuck_share == pytest.approx(0)
    probes = {p.name: p.best_chance for p in b.probes}
    assert probes["always the first option"] == pytest.approx(1)
    assert probes["always the last option"] == 0
    assert probes["always an exclamation mark"] == pytest.approx(1 / 12), "no option has one: every tie splits evenly"
    assert probes["always a seek-collaboration"] == pytest.approx(1 / 6)
    assert b.most_pitfalls_to_best == 0 and b.most_pitfalls_path == ("apologise", "ask-directly", "agree-goal")
    assert b.shortest_decisions == 3 and b.routes_to_best == 1
    assert b.pitfall_moves > 0 and b.pitfalls_no_worse == 0
    json.dumps(b.to_dict())
    assert "always the first option" in report(b) and "| most pitfalls" in markdown(b)


def test_flags_of_the_small_scene():
    b = balance(load(MINI2))
    assert "RP0602" in codes(b) and "RP0605" in codes(b) and "RP0606" in codes(b)
    probe_flags = [d.message for d in b.findings if d.code == "RP0602"]
    assert any('"always the first option"' in m for m in probe_flags)
    assert not any('"always the last option"' in m for m in probe_flags), "a probe with no chance is not flagged"
    assert not any("exclamation" in m for m in probe_flags), "a probe that only ever ties is random play"
    assert any('"always a seek-collaboration"' in m for m in probe_flags), "1/6 beats guessing (1/12)"
    assert "RP0601" not in codes(b) and "RP0603" not in codes(b) and "RP0604" not in codes(b)


def test_too_many_pitfalls_on_a_best_path():
    text = MINI2.replace("    if: { all: [ { meter: trust, at_least: 50 }, { met: ask-about-suicide }, { meter: alliance, at_least: 20 } ] }",  # noqa: E501
                         "    if: { met: ask-about-suicide }")
    text = text.replace("        kind: reassurance\n", "        kind: reassurance\n        meets: [ask-about-suicide]\n")
    b = balance(load(text))
    assert b.most_pitfalls_to_best == 3
    assert "RP0601" in codes(b) and "RP0604" in codes(b), "best is also reached far too often"


def test_a_pitfall_that_leaves_the_face_no_worse():
    text = MINI2.replace("reaction: { beat: anger, narration: His jaw tightens. }", "reaction: { beat: relief, narration: He nods. }")  # noqa: E501
    text = text.replace("        effects: { trust: -10 }\n", "")
    b = balance(load(text))
    [miss] = b.face_misses
    assert (miss.node, miss.choice, miss.before, miss.after) == ("arrival", "straight-to-forms", "worry:cautious", "relief:cautious")  # noqa: E501
    flagged = [d for d in b.findings if d.code == "RP0603"]
    assert len(flagged) == 1 and flagged[0].line > 0 or flagged[0].line == 0


def test_two_routes_to_best():
    text = MINI2.replace("        reaction: { beat: calm, says: Bits of it. }\n        feedback: Small talk is pleasant, and it is not yet trust.\n        next: letter",  # noqa: E501
                         "        reaction: { beat: calm, says: Bits of it. }\n        feedback: Small talk is pleasant, and it is not yet trust.\n        next: match")  # noqa: E501
    text = text.replace("  letter:\n", "  match:\n    beat: calm\n    says: Terrible game.\n    choices:\n"
                        "      - id: listen\n        text: Go on.\n        tag: be-present\n        kind: open-question\n"
                        "        effects: { trust: 10 }\n        reaction: { beat: calm, says: Anyway. }\n"
                        "        feedback: f\n        next: letter\n  letter:\n", 1)
    b = balance(load(text))
    assert b.routes_to_best == 2 and "RP0606" not in codes(b)


def test_format_1_scenes_get_figures_but_no_flags():
    b = balance(load(MINI, "mini.yaml"))
    assert b.findings == [] and b.random_shares and b.probes


def test_analyze_prints_and_exports_the_figures(tmp_path, capsys):
    path = tmp_path / "mini2.yaml"
    path.write_text(NO_MET)
    assert main(["analyze", str(path), "--runs", "0"]) == 1
    out, _ = capsys.readouterr()
    assert "[RP0414]" in out and "surface probes" in out and "[RP0602]" in out
    assert main(["analyze", str(path), "--runs", "0", "--json"]) == 1
    data = json.loads(capsys.readouterr()[0])
    s = data["scenarios"][0]
    assert s["duty_breaches"][0]["code"] == "RP0414"
    assert s["balance"]["random_shares"]["a-real-start"] == pytest.approx(1 / 12)


def test_a_duty_check_past_the_state_limit_says_so():
    [d] = check_duties(load(NO_MET), limit=1)
    assert d.code == "RP0420" and d.severity == "warning" and "stopped" in d.message


def test_the_state_graph_follows_the_duty_guard_like_play():
    # the analysis explores with the same guard: the good ending is never reached without the duty
    from game.story.analysis import analyze

    a = analyze(load(NO_MET), runs=0)
    good = next(e for e in a.endings if e.id == "some-progress")
    assert good.reachable and "reassure" not in good.shortest
    b = balance(load(NO_MET))
    # with the guard the good ending is as in MINI2 (1/4); without it, apologise → reassure → any
    # would add 1/3 · 1/2 = 1/6
    assert b.random_shares["some-progress"] == pytest.approx(1 / 4)
