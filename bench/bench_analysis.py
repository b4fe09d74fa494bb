"""Benchmark: `rapport analyze` on synthetic scenarios of 500, 5,000 and 50,000 nodes.

    python bench/bench_analysis.py            # all three sizes, each in a fresh process
    python bench/bench_analysis.py 5000       # one size
    python bench/bench_analysis.py --json     # machine-readable

A synthetic scenario is a tree of chapters, the shape of a long branching encounter: each
chapter is a few decisions (three choices each, meter effects, some choices behind a trust
condition, one setting a flag) followed by a route that sends the player on by trust or
openness, sometimes through a disclosure. Leaves end at end nodes whose endings test meters,
a flag and a visited disclosure. Every size uses the same recipe, so the figures show how the
cost grows.

Each size runs in its own process so that peak memory (the process's maximum resident set)
belongs to that size alone. Reported: reachable states and moves, CPU time to explore the
states, CPU time for the whole analysis (findings and figures, no random play; wall-clock time
too, which is higher on a busy machine), microseconds per state, the extra peak memory the
analysis needed, and separately the CPU time of 1,000 random playthroughs.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.story.conditions import AllOf, FlagSet, MeterRange, Visited  # noqa: E402
from game.story.model import (Choice, Client, Cue, Effects, Ending, Meter, Node, Route,  # noqa: E402
                              Scenario, frozen_map)

SIZES = (500, 5_000, 50_000)
FLAGS = ("explained", "apologised")
# (trust, openness) changes a choice can make, and the tag that goes with the sign of trust
EFFECTS = [(10, 0), (0, 10), (10, 10), (0, 0), (-10, 0), (-10, -10), (10, -10), (20, 10), (-20, -10)]
GOOD_TAGS = ("empathy", "be-present", "patience", "common-ground", "open-communication")
BAD_TAGS = ("judging", "lecturing", "rushing", "false-reassurance", "rigid-protocol")


def scene_data(nodes: int, seed: int = 1) -> dict:
    """A synthetic scenario of about ``nodes`` nodes, as the plain data a scene file holds."""
    rng = random.Random(seed)
    out: dict[str, dict] = {}
    counter = iter(range(10**9))

    def new_id(kind: str) -> str:
        return f"{kind}-{next(counter)}"

    def choice(k: int, nxt: str, gated: bool, shared: str | None = None) -> dict:
        trust, openness = rng.choice(EFFECTS)
        c = {"id": f"c{k}", "text": f"Response {k}.", "tag": rng.choice(GOOD_TAGS if trust >= 0 else BAD_TAGS),
             "feedback": "What this response does.", "next": nxt}
        effects: dict = {m: d for m, d in (("trust", trust), ("openness", openness)) if d}
        if k == 1 and rng.random() < 0.3:
            effects["set"] = [rng.choice(FLAGS)]
        if effects:
            c["effects"] = effects
        if gated and shared is not None and rng.random() < 0.5:
            c["if"] = {"visited": shared}  # offered only if the client shared something earlier
        elif gated:
            c["if"] = {"meter": "trust", "at_least": rng.choice((40, 50, 60))}
        return c

    # Chapters are built breadth first so the tree is bushy, not one long line. A chapter is a
    # few decisions that come back together, then a last decision whose three choices lead to
    # three different chapters (or, when the size is reached, to the end). A chapter may open
    # with a disclosure the client makes only when trust and openness are high enough.
    start = new_id("chapter")
    pending = [start]
    disclosures: list[str] = []
    while pending:
        entry = pending.pop(0)
        first_beat = new_id("beat")
        disclosure = None
        if entry != start and rng.random() < 0.5:
            disclosure = new_id("disclosure")
            out[disclosure] = {"disclosure": "Something shared.", "says": "Something I haven't said.", "next": first_beat}
            disclosures.append(disclosure)
            out[entry] = {"routes": [
                {"if": {"all": [{"meter": "trust", "at_least": 50}, {"meter": "openness", "at_least": 40}]},
                 "next": disclosure},
                {"next": first_beat}]}
        else:
            out[entry] = {"routes": [{"next": first_beat}]}
        beats = [first_beat] + [new_id("beat") for _ in range(rng.randint(1, 2))]
        for i, node_id in enumerate(beats[:-1]):
            choices = [choice(k, beats[i + 1], gated=(k == 2 and rng.random() < 0.4), shared=disclosure)
                       for k in range(3)]
            out[node_id] = {"says": f"Client line at {node_id}.", "choices": choices}
        if len(out) + 5 * (len(pending) + 3) <= nodes:  # a chapter is at most five nodes
            children = [new_id("chapter") for _ in range(3)]
            pending += children
        else:
            children = ["goodbye"] * 3
        out[beats[-1]] = {"says": f"Client line at {beats[-1]}.",
                          "choices": [choice(k, children[k], gated=False) for k in range(3)]}
    out["goodbye"] = {"end": True}
    endings = [
        {"id": "breakthrough", "title": "Breakthrough", "outcome": "best", "precedence": 30,
         "if": {"all": [{"meter": "trust", "at_least": 70}, {"meter": "openness", "at_least": 50}, {"flag": "explained"}]},
         "text": "A real start."},
        {"id": "good-start", "title": "Good Start", "outcome": "good", "precedence": 20,
         "if": {"meter": "trust", "at_least": 60}, "text": "A good start."},
        {"id": "open-but-wary", "title": "Open but Wary", "outcome": "mixed", "precedence": 10,
         "if": {"meter": "openness", "at_least": 55}, "text": "Talking, not trusting."},
        {"id": "no-further", "title": "No Further", "outcome": "poor", "text": "They leave."},
    ]
    return {
        "format": 1, "id": f"synthetic-{nodes}", "version": 1, "title": f"Synthetic {nodes}",
        "summary": "A generated scenario for the analysis benchmark.", "setting": "office",
        "difficulty": "advanced", "minutes": 30, "content_notes": [], "objectives": ["Benchmark."],
        "client": {"name": "Alex", "age": 30, "pronouns": "they/them", "background": "Generated.",
                   "presenting": "Generated.", "portrait": "alex"},
        "meters": {"trust": {"start": 40}, "openness": {"start": 30}},
        "flags": list(FLAGS),
        "cues": [
            {"if": {"meter": "trust", "at_least": 70}, "expression": "warm", "posture": "Relaxed."},
            {"if": {"meter": "trust", "at_least": 45}, "expression": "neutral", "posture": "Attentive."},
            {"if": {"meter": "trust", "at_least": 25}, "expression": "worried", "posture": "Fidgeting."},
            {"expression": "guarded", "posture": "Arms folded."},
        ],
        "start": start, "nodes": out, "endings": endings,
    }


def _condition(data: dict):
    if "meter" in data:
        return MeterRange(data["meter"], data.get("at_least"), data.get("at_most"))
    if "flag" in data:
        return FlagSet(data["flag"])
    if "visited" in data:
        return Visited(data["visited"])
    return AllOf(tuple(_condition(c) for c in data["all"]))


def build(data: dict) -> Scenario:
    """The Scenario the loader would build from ``data`` (tests check they are equal), without
    reading YAML: the positioned YAML reader would dominate the time at 50,000 nodes."""
    endings = tuple(Ending(e["id"], e["title"], e["text"], e["outcome"], e.get("precedence", 0),
                           _condition(e["if"]) if "if" in e else None) for e in data["endings"])
    by_precedence = tuple(e.id for e in sorted(endings, key=lambda e: -e.precedence))
    nodes = {}
    for node_id, n in data["nodes"].items():
        choices = []
        for c in n.get("choices", ()):
            eff = c.get("effects", {})
            effects = Effects(frozen_map({k: v for k, v in eff.items() if k not in ("set", "clear")}),
                              frozenset(eff.get("set", ())), frozenset(eff.get("clear", ())))
            choices.append(Choice(c["id"], c["text"], c["tag"], c["feedback"], c["next"], c.get("kind"), effects,
                                  _condition(c["if"]) if "if" in c else None, c.get("locked_hint")))
        routes = tuple(Route(r["next"], _condition(r["if"]) if "if" in r else None) for r in n.get("routes", ()))
        if "next" in n:
            routes = (Route(n["next"]),)
        nodes[node_id] = Node(node_id, n.get("says"), None, n.get("narration"), None, n.get("disclosure"), None,
                              None, tuple(choices), routes, by_precedence if n.get("end") else None)
    return Scenario(
        id=data["id"], version=data["version"], title=data["title"], summary=data["summary"],
        setting=data["setting"], difficulty=data["difficulty"], minutes=data["minutes"],
        content_notes=tuple(data["content_notes"]), objectives=tuple(data["objectives"]),
        client=Client(**data["client"]),
        meters=frozen_map({k: Meter(k, v["start"], v.get("min", 0), v.get("max", 100)) for k, v in data["meters"].items()}),
        flags=frozenset(data["flags"]),
        cues=tuple(Cue(c["expression"], c["posture"], _condition(c["if"]) if "if" in c else None) for c in data["cues"]),
        start=data["start"], nodes=frozen_map(nodes), endings=endings,
    )


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def measure(nodes: int, seed: int = 1) -> dict:
    """Time and memory for one size, in this process."""
    from game.story.analysis import StateGraph, _Analyser
    from game.story.simulate import ending_shares

    scenario = build(scene_data(nodes, seed))
    before = _peak_kib()
    w0, t0 = time.perf_counter(), time.process_time()
    graph = StateGraph(scenario)
    t1 = time.process_time()
    analysis = _Analyser(graph).run(runs=0, seed=seed)
    t2, w2 = time.process_time(), time.perf_counter()
    peak = _peak_kib()
    ending_shares(scenario, 1_000, seed)
    t3 = time.process_time()
    return {
        "nodes": len(scenario.nodes),
        "states": analysis.states,
        "moves": analysis.moves,
        "explore_s": round(t1 - t0, 3),
        "analyse_s": round(t2 - t0, 3),
        "analyse_wall_s": round(w2 - w0, 3),
        "us_per_state": round((t2 - t0) / analysis.states * 1e6, 2),
        "peak_extra_mib": round((peak - before) / 1024, 1),
        "peak_mib": round(peak / 1024, 1),
        "random_1000_s": round(t3 - t2, 3),
        "errors": len(analysis.errors),
        "warnings": len(analysis.warnings),
        "reachable_endings": sum(e.reachable for e in analysis.endings),
    }


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    if "--one" in argv:  # the child process: one size, JSON on stdout
        print(json.dumps(measure(int(argv[argv.index("--one") + 1]))))
        return 0
    sizes = [int(a) for a in argv if a.isdigit()] or list(SIZES)
    rows = []
    for n in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout))
        if not as_json:
            r = rows[-1]
            print(f"{r['nodes']:>7,} nodes {r['states']:>10,} states {r['moves']:>10,} moves  "
                  f"explore {r['explore_s']:>6.2f} s  analyse {r['analyse_s']:>6.2f} s (wall {r['analyse_wall_s']:.2f} s)  "
                  f"{r['us_per_state']:>6.2f} µs/state  peak +{r['peak_extra_mib']:>7.1f} MiB  "
                  f"1,000 random plays {r['random_1000_s']:.2f} s", flush=True)
    if as_json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
