"""`rapport analyze [SCENARIO|FOLDER …]`: every path of a scenario checked, with figures per ending."""

from __future__ import annotations

import argparse
import json
import sys

from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError
from ..story import ERROR, TAG_LABELS, load_library
from ..story.analysis import DEFAULT_RUNS, DEFAULT_STATE_LIMIT, Analysis, AnalysisError, analyze
from ..story.model import PITFALLS, PRACTICES
from ..story import balance as balance_figures  # engine (issue 12): duty check and balance figures
from ..story.duties import check_duties
from ..story.statespace import StateGraph
from .common import scene_targets


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze", help="check every path of a scenario: dead ends, unreachable endings, loops, figures",
        description="Explore every reachable state of each scenario and report problems (dead ends, endings "
                    "that can never be reached, loops with no way out, conditions that never hold, nodes "
                    "never reached) and, per ending, the paths that reach it. Exit 1 when there are errors.")
    p.add_argument("paths", nargs="*", metavar="SCENARIO|FOLDER",
                   help="scenario ids, scene files or folders (default: every scene folder)")
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS, metavar="N",
                   help=f"seeded random playthroughs for the ending shares (default {DEFAULT_RUNS:,}; 0 skips them)")
    p.add_argument("--seed", type=int, default=1, help="seed for the random playthroughs (default 1)")
    p.add_argument("--max-states", type=int, default=DEFAULT_STATE_LIMIT, metavar="N",
                   help=f"stop past N reachable states (default {DEFAULT_STATE_LIMIT:,}; about 200 bytes each)")
    p.set_defaults(func=run)



def run(args: argparse.Namespace) -> int:
    if args.runs < 0:
        raise CommandError("--runs must be 0 or more")
    lib = load_library(scene_targets(args.paths, args))
    if not lib.files and not lib.diagnostics:
        raise CommandError("no scene files found")
    results: list[Analysis] = []
    extra: list[tuple[list, balance_figures.Balance]] = []  # per scenario: duty diagnostics, balance
    for scenario in lib.sorted():
        try:
            graph = StateGraph(scenario, args.max_states)
            results.append(analyze(scenario, runs=args.runs, seed=args.seed, limit=args.max_states, graph=graph))
            extra.append((check_duties(scenario, str(lib.files[scenario.id]), args.max_states),
                          balance_figures.balance(scenario, graph=graph)))
        except AnalysisError as exc:
            raise CommandError(f"{lib.files[scenario.id]}: {exc}") from None
    load_errors = [d for d in lib.diagnostics if d.severity == ERROR]
    extra_found = [d for duties, b in extra for d in duties + b.findings]
    extra_errors = [d for d in extra_found if d.severity == ERROR]
    failed = bool(load_errors) or any(a.errors for a in results) or bool(extra_errors)
    if args.json:
        scenarios = []
        for a, (duties, b) in zip(results, extra):
            scenarios.append({**a.to_dict(), "duty_breaches": [d.to_dict() for d in duties], "balance": b.to_dict()})
        print(json.dumps({
            "ok": not failed,
            "problems": [d.to_dict() for d in lib.diagnostics],
            "scenarios": scenarios,
        }, indent=2))
    else:
        for d in lib.diagnostics:
            print(d)
        if lib.diagnostics:
            print()
        print("\n\n".join(report(a) + "".join(f"\n  {d}" for d in duties) + "\n\n" + balance_figures.report(b)
                           for a, (duties, b) in zip(results, extra)))
        errors = len(load_errors) + sum(len(a.errors) for a in results) + len(extra_errors)
        warnings = (len(lib.diagnostics) - len(load_errors) + sum(len(a.warnings) for a in results)
                    + len(extra_found) - len(extra_errors))
        print(f"{len(results)} scenario(s) analysed: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


# -- the report for people -------------------------------------------------------------------

def report(a: Analysis) -> str:
    sc = a.scenario
    lines = [f"{sc.title} — {a.file}"]
    paths = "unbounded (the story can loop)" if a.paths is None else count(a.paths)
    lines.append(f"  {a.states:,} decision states explored; {a.decision_nodes} decision point(s) reached; "
                 f"complete paths: {paths}")
    if a.decisions is not None:
        lines.append(f"  Decisions per path: {spread(a.decisions)}")
    for nodes in a.loops:
        lines.append(f"  The story can loop through {', '.join(nodes)} (players can also leave the loop)")
    lines.append("")
    lines.append("  Endings")
    for e in a.endings:
        share = f"; {percent(e.share)} of {a.runs:,} random plays" if e.share is not None else ""
        if not e.reachable:
            lines.append(f"    {e.id} ({e.outcome}): NEVER REACHED{share}")
            continue
        n = "infinitely many paths (a loop)" if e.paths is None else f"{count(e.paths)} path(s)"
        meters = ", ".join(f"{m} {lo}–{hi}" if lo != hi else f"{m} {lo}" for m, (lo, hi) in e.meters.items())
        lines.append(f"    {e.id} ({e.outcome}): {n}; decisions {spread(e.decisions)}; on arrival {meters}{share}")
        lines.append(f"      shortest: {','.join(e.shortest) if e.shortest else '(no decisions)'}")
    if a.stuck_share:
        lines.append(f"    stuck (no ending): {percent(a.stuck_share)} of random plays")
    lines.append("")
    lines.append("  Offered at the decision points reached (choices / points):")
    for title, tags in (("practices", PRACTICES), ("pitfalls", PITFALLS)):
        shown = "; ".join(f"{TAG_LABELS[t].lower()} {a.offered[t]['choices']}/{a.offered[t]['nodes']}"
                          for t in tags if a.offered[t]["choices"])
        never = ", ".join(TAG_LABELS[t].lower() for t in tags if not a.offered[t]["choices"])
        lines.append(f"    {title}: {shown or 'none'}{'; never offered: ' + never if never else ''}")
    lines.append("")
    if not a.findings:
        lines.append("  No problems found.")
    for f in a.findings:
        lines.append(f"  {f.diagnostic(a.file)}")
        if f.path is not None:
            lines.append(f"    reached by: {','.join(f.path) if f.path else '(the start)'}")
    return "\n".join(lines)


def count(n: int) -> str:
    digits = str(n)
    if len(digits) <= 12:
        return f"{n:,}"
    return f"about {digits[0]}.{digits[1:3]}×10^{len(digits) - 1}"


def spread(s) -> str:
    if s.max is None:
        return f"at least {s.min} (unbounded: the story can loop)"
    if s.min == s.max:
        return str(s.min)
    median = f"{s.median:g}"
    return f"{s.min}–{s.max} (median {median})"


def percent(share: float) -> str:
    return f"{share * 100:.1f} %"
