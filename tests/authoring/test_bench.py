"""The analysis benchmark's synthetic scenarios are real scenes: the loader reads them to the same
model the benchmark builds directly, and the analysis finds every ending reachable. Small sizes
only; the benchmark itself (bench/bench_analysis.py) is not a test."""

import subprocess
import sys

import yaml

from bench.bench_analysis import build, scene_data
from game.story import parse_scenario
from game.story.analysis import analyze

from .helpers import REPO


def test_synthetic_scene_is_what_the_loader_reads():
    data = scene_data(120, seed=3)
    parsed, diagnostics = parse_scenario(yaml.safe_dump(data, sort_keys=False), "synthetic.yaml")
    assert parsed is not None, diagnostics
    assert not [d for d in diagnostics if d.severity == "error"]
    built = build(data)
    assert built == parsed
    a, b = analyze(built, runs=0), analyze(parsed, runs=0)
    assert (a.states, a.paths, [e.paths for e in a.endings]) == (b.states, b.paths, [e.paths for e in b.endings])
    assert all(e.reachable for e in a.endings) and not a.errors


def test_the_story_core_and_author_tools_stay_free_of_pygame():
    code = ("import sys; import game.story.analysis, game.story.statespace, game.story.graph, game.story.reload, "
            "game.commands.analyze, game.commands.graph, game.commands.new; "
            "sys.exit(1 if any(m.split('.')[0] == 'pygame' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_benchmark_runs_one_small_size():
    done = subprocess.run([sys.executable, "bench/bench_analysis.py", "--one", "200"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"states"' in done.stdout and '"errors": 0' in done.stdout
