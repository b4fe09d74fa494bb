"""Story-core speed: loading every shipped scene, and seeded random playthroughs per second.

Run: python bench/bench_core.py
Targets (issue 2): load + validate every shipped scene in under 0.2 s; at least 5,000 random
playthroughs per second of a 30-node scenario on one core.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.story import load_library, parse_scenario  # noqa: E402
from game.story.library import shipped_scene_dir  # noqa: E402
from game.story.simulate import random_playthrough  # noqa: E402


def thirty_node_scene() -> str:
    """A synthetic 30-node scenario: 10 decisions of three choices, each followed by a gated route."""
    lines = [
        "format: 1", "id: bench-thirty", "title: Bench", "summary: Synthetic.", "setting: office",
        "difficulty: introductory", "minutes: 5", "objectives: [Measure.]",
        "client: {name: A, age: 30, pronouns: they/them, background: B, presenting: C, portrait: sam}",
        "meters: {trust: {start: 40}, openness: {start: 30}}", "flags: [kind]",
        "cues:", "  - if: {meter: trust, at_least: 60}", "    expression: warm", "    posture: Open.",
        "  - expression: neutral", "    posture: Still.", "start: d0", "nodes:",
    ]
    for i in range(10):
        nxt = f"r{i}"
        lines += [f"  d{i}:", f"    says: Line {i}.", "    choices:"]
        for j, (t, o) in enumerate([(6, 4), (-5, -2), (2, 6)]):
            lines += [f"      - id: c{j}", f"        text: Choice {j}.", "        tag: empathy",
                      "        kind: open-question", f"        effects: {{trust: {t}, openness: {o}}}",
                      "        feedback: F.", f"        next: {nxt}"]
        after = f"d{i + 1}" if i < 9 else "end"
        lines += [f"  r{i}:", "    routes:", "      - if: {meter: openness, at_least: 50}", f"        next: s{i}",
                  f"      - next: {after}", f"  s{i}:", f"    says: Shared {i}.", f"    next: {after}"]
    lines += ["  end:", "    end: true", "endings:",
              "  - {id: best, title: Best, text: T, outcome: best, precedence: 1, if: {meter: trust, at_least: 70}}",
              "  - {id: other, title: Other, text: T, outcome: poor}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    files = sorted(shipped_scene_dir().glob("*.yaml"))
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        lib = load_library([shipped_scene_dir()])
        best = min(best, time.perf_counter() - t0)
    assert not lib.errors, lib.errors
    print(f"load + validate {len(files)} shipped scenes: {best * 1000:.1f} ms (target < 200 ms)")

    scenario, diagnostics = parse_scenario(thirty_node_scene(), "bench.yaml")
    assert scenario is not None, diagnostics
    rng = random.Random(1)
    runs = 50_000
    t0 = time.perf_counter()
    for _ in range(runs):
        random_playthrough(scenario, rng)
    elapsed = time.perf_counter() - t0
    print(f"random playthroughs of a {len(scenario.nodes)}-node scenario: {runs / elapsed:,.0f} per second "
          f"(target >= 5,000)")


if __name__ == "__main__":
    main()
