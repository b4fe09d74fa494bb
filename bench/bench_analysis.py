"""Benchmark: `rapport analyze` at scale, end to end, as an author runs it.

    python bench/bench_analysis.py                     # every case, the real command, new code
    python bench/bench_analysis.py --against /work/main  # the same files, the old checkout beside
    python bench/bench_analysis.py 5000                # one size of the recipe
    python bench/bench_analysis.py --author-only       # only the author's 500-node scene
    python bench/bench_analysis.py --json              # machine-readable
    python bench/bench_analysis.py --one 5000          # in-process split (explore / analyse)

Cases:

- the recipe at 500, 5,000 and 50,000 nodes: a tree of chapters, the shape of a long branching
  encounter: each chapter is a few decisions (three choices each, meter effects of ±10/±20,
  some choices behind a trust condition, one setting a flag) followed by a route that sends
  the player on by trust or openness, sometimes through a disclosure. Leaves end at end nodes
  whose endings test meters, a flag and a visited disclosure. Every size uses the same recipe,
  so the figures show how the cost grows;
- an author's scene of 500 nodes: three choices a node, most with ordinary effects (+3..+8 or
  -3..-8 on trust and openness), a few trust conditions, choices joining up again further on.
  Its meters make millions of distinct states, so the default budget answers partially.

Each case is written as a YAML file and `python -m game analyze FILE` runs in its own process
(default options: 10,000 random plays, the default time and memory budgets), so the figures
include starting Python, reading the YAML and printing the report. Reported per case: wall
time, CPU time (user + system) of the process, its peak resident memory, the states it
explored and whether the answer is complete. With --against DIR the same command runs from
another checkout (the code before a change) on the same files, with a time limit of its own.
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
from game.story.model import (  # noqa: E402
    Choice,
    Client,
    Cue,
    Effects,
    Ending,
    Meter,
    Node,
    Route,
    Scenario,
    frozen_map,
)

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


def author_data(nodes: int = 500, seed: int = 7) -> dict:
    """A scene an author could write: ``nodes`` decision nodes of three choices, most with
    ordinary meter effects (+3..+8 or -3..-8 on trust and openness), a few trust conditions;
    choices lead one to three nodes on, so paths join up again (no loops)."""
    rng = random.Random(seed)
    out: dict[str, dict] = {}
    for i in range(nodes):
        choices = []
        for k in range(3):
            ahead = i + rng.randint(1, 3)
            c = {"id": f"c{k}", "text": f"Response {k} at {i}.", "feedback": "What it does.",
                 "next": f"n{ahead}" if ahead < nodes else "goodbye"}
            if rng.random() < 0.85:
                sign = 1 if rng.random() < 0.6 else -1
                c["effects"] = {"trust": sign * rng.randint(3, 8), "openness": sign * rng.randint(3, 8)}
            c["tag"] = rng.choice(GOOD_TAGS if c.get("effects", {}).get("trust", 0) >= 0 else BAD_TAGS)
            if k == 2 and rng.random() < 0.08:
                c["if"] = {"meter": "trust", "at_least": rng.choice((40, 50, 60))}
            choices.append(c)
        out[f"n{i}"] = {"says": f"Client line {i}.", "choices": choices}
    out["goodbye"] = {"end": True}
    data = scene_data(10, seed)
    data.update(id=f"author-{nodes}", title=f"Author {nodes}", start="n0", nodes=out, flags=[],
                endings=[
                    {"id": "breakthrough", "title": "Breakthrough", "outcome": "best", "precedence": 30,
                     "if": {"all": [{"meter": "trust", "at_least": 70}, {"meter": "openness", "at_least": 60}]},
                     "text": "A real start."},
                    {"id": "good-start", "title": "Good Start", "outcome": "good", "precedence": 20,
                     "if": {"meter": "trust", "at_least": 55}, "text": "A good start."},
                    {"id": "no-further", "title": "No Further", "outcome": "poor", "text": "They leave."}])
    return data


# Figures measured before the changes of 2026-12-01 (main at cb0025e), end to end with the real
# command and its default options, kept for reference when --against is not given: "here" is
# this benchmark on the 2-core machine shared with other jobs, old and new code in one run (load
# average about 10: wall time is mostly waiting for a core, CPU time is the figure to compare);
# "issue" is issue 11's first measurement. docs/performance.md has the history.
BEFORE = {
    "recipe-500": {"issue": None, "here": "0.48 s CPU, 31 MiB"},
    "recipe-5000": {"issue": "8.5 s", "here": "6.16 s CPU, 120 MiB (5.80 s on an idle machine)"},
    "recipe-50000": {"issue": "111 s, 2.3 GB",
                     "here": "18.6 s CPU, 593 MiB, partial at the 20 s budget; complete (--time-limit 0): 81.5 s CPU, 1,044 MiB"},
    "author-500": {"issue": "> 10 min at 1.3 GB, no output (stopped)",
                   "here": "21.0 s wall, 7.18 s CPU, 231 MiB, partial at the 20 s budget"},
}


def write_cases(folder: Path, sizes: list[int], author: bool) -> list[tuple[str, Path]]:
    import yaml

    cases = []
    for n in sizes:
        path = folder / f"recipe-{n}.yaml"
        data = scene_data(n)
        data["id"] = path.stem
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        cases.append((path.stem, path))
    if author:
        path = folder / "author-500.yaml"
        data = author_data(500)
        data["id"] = path.stem
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        cases.append((path.stem, path))
    return cases


def _run_measured(checkout: Path, path: Path, timeout: float) -> dict:
    """Run in a fresh process of our own that reports its child's rusage exactly (wait4)."""
    code = (
        "import json, os, subprocess, sys, time\n"
        "env = dict(os.environ, PYTHONPATH=sys.argv[1])\n"
        "t = time.perf_counter()\n"
        "p = subprocess.Popen([sys.executable, '-m', 'game', 'analyze', '--json', sys.argv[2]], cwd=sys.argv[1], env=env,"
        " stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n"
        "import threading\n"
        "chunks = []\n"
        "reader = threading.Thread(target=lambda: chunks.append(p.stdout.read()))\n"
        "reader.start()\n"
        "timer = threading.Timer(float(sys.argv[3]), p.kill)\n"
        "timer.start()\n"
        "_, status, ru = os.wait4(p.pid, 0)\n"
        "timer.cancel(); reader.join()\n"
        "print(json.dumps({'wall': time.perf_counter() - t, 'cpu': ru.ru_utime + ru.ru_stime, 'peak_kib': ru.ru_maxrss,"
        " 'killed': status != 0 and os.WIFSIGNALED(status), 'out': chunks[0].decode('utf-8', 'replace')}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(checkout), str(path), str(timeout)],
                          capture_output=True, text=True, check=True)
    raw = json.loads(done.stdout)
    row = {"wall_s": round(raw["wall"], 2), "cpu_s": round(raw["cpu"], 2), "peak_mib": round(raw["peak_kib"] / 1024, 1),
           "timed_out": raw["killed"]}
    if not raw["killed"]:
        try:
            sc = json.loads(raw["out"])["scenarios"][0]
            row.update(states=sc["states"], complete=sc.get("complete", True), stopped=sc.get("stopped"),
                       reachable_endings=sum(e["reachable"] for e in sc["endings"]))
        except (ValueError, KeyError, IndexError):
            row["error"] = "no report"
    return row


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def measure(nodes: int, seed: int = 1) -> dict:
    """Time and memory for one size, in this process (the model built directly, no YAML)."""
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


def _show(row: dict | None) -> str:
    if row is None:
        return "-"
    if row.get("timed_out"):
        return f"stopped after {row['wall_s']:.0f} s (no answer), peak {row['peak_mib']:,.0f} MiB"
    answer = "complete" if row.get("complete", True) else "PARTIAL"
    return (f"{row['wall_s']:6.2f} s wall, {row['cpu_s']:6.2f} s CPU, peak {row['peak_mib']:7,.1f} MiB, "
            f"{row.get('states', 0):>10,} states, {answer}")


# Issue 11's goals, end to end: (what is measured, the test on a row, the goal in words).
GOALS = {
    "recipe-5000": [("CPU", lambda r: r["cpu_s"] < 3.0, "under 3 s of CPU")],
    "recipe-50000": [("CPU", lambda r: r["cpu_s"] < 30.0, "under 30 s of CPU"),
                     ("memory", lambda r: r["peak_mib"] < 1024, "under 1 GB peak"),
                     ("complete", lambda r: r["complete"] is True, "complete with the default options")],
    "author-500": [("answer", lambda r: not r.get("timed_out") and "error" not in r and r["wall_s"] < 30.0,
                    "an answer (complete or clearly partial) within 30 s")],
}


def goals(name: str, row: dict) -> str:
    """Each goal of this case with the figure beside it: met or NOT MET."""
    out = []
    for _what, test, words in GOALS.get(name, ()):
        try:
            ok = bool(test(row))
        except KeyError:
            ok = False
        out.append(f"{words}: {'met' if ok else 'NOT MET'}")
    return "; ".join(out)


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    if "--one" in argv:  # in-process split for one size, JSON on stdout
        print(json.dumps(measure(int(argv[argv.index("--one") + 1]))))
        return 0
    against = Path(argv[argv.index("--against") + 1]) if "--against" in argv else None
    old_timeout = float(argv[argv.index("--old-timeout") + 1]) if "--old-timeout" in argv else 600.0
    values = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("--against", "--old-timeout")}
    sizes = [int(a) for a in argv if a.isdigit() and a not in values] or list(SIZES)
    author = not [a for a in argv if a.isdigit() and a not in values] or "--author-only" in argv
    if "--author-only" in argv:
        sizes = []
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, path in write_cases(Path(folder), sizes, author):
            row = {"case": name, "new": _run_measured(ROOT, path, 3600.0)}
            if against is not None:
                row["old"] = _run_measured(against, path, old_timeout)
            row["before"] = BEFORE.get(name)
            rows.append(row)
            row["goals"] = goals(name, row["new"])
            if not as_json:
                print(f"{name:>13}  now:    {_show(row['new'])}", flush=True)
                if row["goals"]:
                    print(f"{'':>13}  goal:   {row['goals']}", flush=True)
                if against is not None:
                    print(f"{'':>13}  before: {_show(row['old'])}", flush=True)
                elif row["before"]:
                    print(f"{'':>13}  before: {row['before']}", flush=True)
    if as_json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
