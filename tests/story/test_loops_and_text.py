"""Loops a player cannot leave are refused on load and bounded in play; a scene's text never
sends control characters to a terminal or markup into a map."""

import io
from dataclasses import replace

import pytest

from game.cli import main
from game.story import PlayError, PlayState
from game.story.graph import to_dot, to_mermaid
from game.story.model import Node, Route, frozen_map
from game.play import PlaySession, ScriptError, play_scripted
from game.terminal.player import TerminalPlayer
from game.terminal.text import clean

from .helpers import MINI, parse


def codes(text):
    scenario, diagnostics = parse(text)
    return scenario, [(d.code, d.severity) for d in diagnostics if d.code.startswith("RP051")], diagnostics


def test_a_node_that_jumps_to_itself_is_an_error():
    text = MINI.replace("    next: goodbye\n  goodbye:", "    next: worry\n  goodbye:")
    scenario, found, diags = codes(text)
    assert scenario is None and found == [("RP0510", "error")]
    d = next(d for d in diags if d.code == "RP0510")
    assert 'endless loop through "worry"' in d.message and d.line == text.splitlines().index("  worry:") + 1


def test_a_ring_of_choices_with_no_way_to_an_end_is_an_error():
    text = MINI.replace("        next: letter\n      - id: straight", "        next: arrival\n      - id: straight")
    text = text.replace("        feedback: Bad.\n        next: letter", "        feedback: Bad.\n        next: arrival")
    scenario, found, _ = codes(text)
    assert scenario is None and ("RP0510", "error") in found


def test_a_cycle_of_next_without_text_freezes_and_is_an_error():
    text = MINI.replace("    next: goodbye\n  goodbye:",
                        "    next: spin\n  spin:\n    next: spun\n  spun:\n    next: spin\n  goodbye:")
    scenario, found, diags = codes(text)
    assert scenario is None and found == [("RP0511", "error")]
    assert "freeze" in next(d for d in diags if d.code == "RP0511").message


def test_a_conditional_ring_without_text_is_a_warning():
    text = MINI.replace("    next: goodbye\n  goodbye:",
                        "    next: hub\n  hub:\n    routes:\n      - if: { flag: apologised }\n        next: goodbye\n"
                        "      - next: spin\n  spin:\n    next: hub\n  goodbye:")
    scenario, found, _ = codes(text)
    assert scenario is not None and found == [("RP0512", "warning")]


def _looping(node_text: bool):
    """The mini scene with a loop the loader would refuse, built past the loader."""
    scenario, _ = parse(MINI)
    nodes = dict(scenario.nodes)
    says = "Round again." if node_text else None
    nodes["worry"] = replace(nodes["worry"], says=says, narration=None, disclosure=None, routes=(Route("worry"),))
    nodes["letter"] = replace(nodes["letter"], routes=(Route("worry"),))
    return replace(scenario, nodes=frozen_map(nodes))


def test_play_state_bounds_passing_through_a_loop_without_text():
    state = PlayState.start(_looping(node_text=False))
    state.choose("apologise")  # on to "letter", which has text
    with pytest.raises(PlayError, match="loops without a way out"):
        state.advance()


def test_play_state_bounds_reading_on_in_a_loop_with_text():
    state = PlayState.start(_looping(node_text=True))
    state.choose("apologise")
    state.advance()
    with pytest.raises(PlayError, match="without a decision"):
        for _ in range(20_000):
            state.advance()
    assert len(state.history) <= 10_001
    with pytest.raises(ScriptError, match="without a decision"):
        play_scripted(_looping(node_text=True), ["1"])


def test_validate_play_and_analyze_refuse_a_self_loop(tmp_path, capsys):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI.replace("    next: goodbye\n  goodbye:", "    next: worry\n  goodbye:"))
    for command in (["validate"], ["analyze"], ["play", "--choices", "1,1,1"], ["play", "--text"]):
        assert main(command + [str(path)]) == 1, command
        out, err = capsys.readouterr()
        assert "RP0510" in out + err and "Traceback" not in err


HOSTILE = "Hi \x1b[2J\x1b]0;pwned\x07 there\u202e\x9b"


def test_terminal_player_never_prints_control_characters():
    scenario, _ = parse(MINI)
    nodes = dict(scenario.nodes)
    nodes["arrival"] = replace(nodes["arrival"], says=HOSTILE,
                               choices=tuple(replace(c, text=HOSTILE) for c in nodes["arrival"].choices))
    client = replace(scenario.client, name="Sam\x1b[31m")
    scenario = replace(scenario, nodes=frozen_map(nodes), client=client, title="T\x1bc")
    out = io.StringIO()
    TerminalPlayer(PlaySession.start(scenario), out=out, inp=io.StringIO("\n1\n\n\n"), color=True).run()
    shown = out.getvalue()
    assert "Hi [2J]0;pwned there" in shown
    # our own styling (bold, dim) is the only escape sequence left
    ours = {"\x1b[1m", "\x1b[0m", "\x1b[2m", "\x1b[3m", "\x1b[32", "\x1b[33"}
    assert {shown[i:i + 4] for i in range(len(shown)) if shown[i] == "\x1b"} <= ours
    assert "\x07" not in shown and "\u202e" not in shown and "\x9b" not in shown
    assert clean("a\tb\nc\x00") == "a b\nc"


def test_maps_escape_markup_and_controls():
    scenario, _ = parse(MINI.replace("title: A Real Start", 'title: "<b>A & \\"B\\"</b> #x; `c`\\nnext"'))
    text = to_mermaid(scenario)
    assert "#lt;b#gt;A #amp; #quot;B#quot;#lt;/b#gt; #35;x; #96;c#96; next" in text
    assert "<b>" not in text and "\nnext" not in text
    dot = to_dot(scenario)
    assert '<b>A & \\"B\\"</b> #x; `c` next' in dot


def test_diagnostics_show_control_characters_instead_of_sending_them(capsys, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text('"\\e[2Jevil": 1\n')
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2Jevil" in out


def test_node_has_text_matches_the_loop_rules():
    # the rules above read Node.has_text: a node with only a disclosure label still shows text
    node = Node("n", None, None, None, None, "label", None, None, (), (Route("n"),), None)
    assert isinstance(node.has_text, bool)


def test_validate_reports_a_loop_only_conditions_close(capsys):
    from pathlib import Path

    scenes = Path(__file__).resolve().parent.parent / "authoring" / "scenes"
    assert main(["validate", str(scenes / "endless-loop.yaml")]) == 1
    out = capsys.readouterr().out
    assert 'endless loop through "door"' in out and "[RP0504]" in out


def test_the_state_check_of_validate_has_a_fixed_bound():
    from game.story.analysis import trapped_loops

    scenario, _ = parse(MINI)
    assert trapped_loops(scenario) == []
    assert trapped_loops(scenario, states=2) is None  # too many states: left to `rapport analyze`
