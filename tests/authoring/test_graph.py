"""The story map: DOT and Mermaid text built from the scenario, images through Graphviz when present."""

import re
import shutil

import pytest

from game.cli import main
from game.story import load_library, parse_scenario
from game.story.graph import TRUST_DOWN, TRUST_UP, build_map, condition_text, to_dot, to_mermaid

from .helpers import SCENES, fixture

TUTORIAL = load_library().scenarios["waiting-room"]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_map_has_every_node_choice_route_and_ending():
    m = build_map(TUTORIAL)
    choices = [c for n in TUTORIAL.nodes.values() for c in n.choices]
    assert len([n for n in m.nodes if n.shape == "ending"]) == len(TUTORIAL.endings)
    assert len([e for e in m.edges if not e.dashed and e.label]) == len(choices)
    assert m.groups == ["Arrival", "Getting started", "The letter", "Next steps", "Closing"]
    apologise = next(e for e in m.edges if e.label and e.label[0] == "apologise-for-wait")
    assert apologise.color == TRUST_UP and "Showing empathy" in apologise.label and "trust +10" in apologise.label
    forms = next(e for e in m.edges if e.label and e.label[0] == "explain-busy-day")
    assert forms.color == TRUST_DOWN


def test_dot_groups_scenes_and_shows_conditions():
    dot = to_dot(TUTORIAL)
    assert dot.startswith('digraph "Tutorial: The Waiting Room" {') and dot.rstrip().endswith("}")
    assert dot.count("subgraph cluster_") == 6  # five scenes and the endings
    assert 'label="if openness ≥ 45"' in dot
    assert "visited real-worry and alliance ≥ 10 and trust ≥ 55 and not promised" in dot
    assert 'fillcolor="#ffd54f"' in dot  # the best ending is highlighted
    assert dot.count(" -> ") == len(build_map(TUTORIAL).edges)


def test_mermaid_is_well_formed():
    text = to_mermaid(TUTORIAL)
    lines = text.splitlines()
    assert lines[:4] == ["---", 'title: "Tutorial: The Waiting Room"', "---", "flowchart TD"]
    links = [line for line in lines if re.search(r" -(->|\.->)", line)]
    styled = [int(n) for n in re.findall(r"linkStyle (\d+)", text)]
    assert styled and max(styled) < len(links)
    defined = re.findall(r"^\s+([A-Za-z0-9_]+)[(\[{]", text, re.M)
    assert len(defined) == len(set(defined))  # each node declared once
    assert "end" not in defined  # the Mermaid keyword is never used as an id
    assert text.count("subgraph ") == text.count("\n  end\n") + text.endswith("  end\n")


def test_quotes_and_odd_ids_are_escaped():
    text = (SCENES / "dead-end.yaml").read_text().replace("title: Dead End", 'title: Say "no" \\ maybe')
    text = text.replace("ask", "end").replace("Sam works nights.", "Sam works nights.")
    scenario, diagnostics = parse_scenario(text, "odd.yaml")
    assert scenario is not None, diagnostics
    dot = to_dot(scenario)
    assert 'digraph "Say \\"no\\" \\\\ maybe"' in dot
    assert 'title: "Say \\"no\\" \\\\ maybe"' in to_mermaid(scenario)
    assert "n_end" in to_mermaid(scenario)


def test_condition_text_is_compact():
    scenario = fixture("impossible-condition")
    route = scenario.nodes["letter"].routes[0]
    assert condition_text(route.condition) == "trust ≥ 45 and openness ≤ 20"


def test_graph_command_writes_text_formats(capsys, tmp_path):
    code, out, _ = run(capsys, "graph", "waiting-room")
    assert code == 0 and out.startswith("digraph")
    target = tmp_path / "map.mmd"
    code, _, err = run(capsys, "graph", "waiting-room", "--out", str(target))
    assert code == 0 and target.read_text().splitlines()[3] == "flowchart TD" and "wrote" in err


def test_image_without_graphviz_names_the_missing_tool(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", "")
    code, out, err = run(capsys, "graph", "waiting-room", "--format", "svg", "--out", str(tmp_path / "m.svg"))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "Graphviz's `dot` program" in err and "--format dot" in err
    assert not (tmp_path / "m.svg").exists()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_svg_and_png_through_graphviz(capsys, tmp_path):
    for name in ["waiting-room", str(SCENES / "endless-loop.yaml")]:
        code, out, _ = run(capsys, "graph", name, "--format", "svg")
        assert code == 0 and "<svg" in out and "</svg>" in out
    png = tmp_path / "map.png"
    code, _, _ = run(capsys, "graph", "waiting-room", "--out", str(png))
    assert code == 0 and png.read_bytes().startswith(b"\x89PNG")
