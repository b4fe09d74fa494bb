"""`rapport analyze [SCENARIO|FOLDER …]`: every path of a scenario checked, with figures per ending."""

from __future__ import annotations

import argparse
import gc
import sys

from .errors import EXIT_OK, EXIT_PROBLEMS, CommandError, InputError
from ..story import ERROR, TAG_LABELS, load_library
from ..story.analysis import (
    DEFAULT_MEMORY,
    DEFAULT_RUNS,
    DEFAULT_SECONDS,
    DEFAULT_STATE_LIMIT,
    Analysis,
    AnalysisError,
    Budget,
    analyze,
    collector_paused,
)
from ..story.model import PITFALLS, PRACTICES
from ..story import balance as balance_figures  # engine (issue 12): duty check and balance figures
from ..story.duties import check_duties, duty_marked
from ..story.statespace import StateGraph
from .common import scene_targets, whole_number
from .jsontext import dumps_indented

MAX_RUNS = 1_000_000  # random playthroughs: more says nothing new and runs for hours


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze", help="check every path of a scenario: dead ends, unreachable endings, loops, figures",
        description="Explore every reachable state of each scenario and report problems (dead ends, endings "
                    "that can never be reached, loops with no way out, conditions that never hold, nodes "
                    "never reached) and, per ending, the paths that reach it. Exit 1 when there are errors.")
    p.add_argument("paths", nargs="*", metavar="SCENARIO|FOLDER",
                   help="scenario ids, scene files or folders (default: every scene folder)")
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.add_argument("--runs", type=whole_number(-MAX_RUNS, MAX_RUNS), default=DEFAULT_RUNS, metavar="N",
                   help=f"seeded random playthroughs for the ending shares (default {DEFAULT_RUNS:,}; 0 skips them)")
    p.add_argument("--seed", type=whole_number(-2**63, 2**63 - 1), default=1,
                   help="seed for the random playthroughs (default 1)")
    p.add_argument("--max-states", type=whole_number(1, 10**9), default=DEFAULT_STATE_LIMIT, metavar="N",
                   help=f"stop past N reachable states (default {DEFAULT_STATE_LIMIT:,})")
    p.add_argument("--time-limit", type=_seconds, default=DEFAULT_SECONDS, metavar="SECONDS",
                   help=f"stop exploring a scenario after about this long and report what was established "
                        f"(default {DEFAULT_SECONDS:g}; 0: no limit)")
    p.add_argument("--memory-limit", type=_megabytes, default=DEFAULT_MEMORY // 1048576, metavar="MB",
                   help=f"stop before the process holds more than this much memory (default "
                        f"{DEFAULT_MEMORY // 1048576:,}; 0: no limit)")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=run)


def _number(text: str, kind, what: str):
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} should be a number, not {text[:20]!r}") from None
    if not 0 <= value <= 10**12:  # NaN fails both comparisons
        raise argparse.ArgumentTypeError(f"{what} should be between 0 and 10^12")
    return value


def _seconds(text: str) -> float:
    return _number(text, float, "the time limit")


def _megabytes(text: str) -> int:
    return _number(text, int, "the memory limit")


class Progress:
    """Progress of a long exploration on stderr: one line rewritten on a terminal, otherwise a
    line every few seconds. Nothing for the first second (small scenes stay quiet)."""

    def __init__(self, name: str, stream=None):
        self.name = name
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last = 0.0
        self.shown = False

    def __call__(self, states: int, moves: int, seconds: float, memory: int) -> None:
        if seconds < 1 or (not self.tty and seconds - self.last < 5):
            return
        self.last = seconds
        line = f"analysing {self.name}: {states:,} states, {moves:,} moves, {seconds:.0f} s, {memory / 1048576:,.0f} MB"
        if self.tty:
            self.stream.write("\r" + line + "\033[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()



def run(args: argparse.Namespace) -> int:
    if args.runs < 0:
        raise CommandError("--runs must be 0 or more")
    lib = load_library(scene_targets(args.paths, args))
    if not lib.files and not lib.diagnostics:  # as validate: an empty folder is bad input (1)
        raise InputError("no scene files found")
    gc.freeze()  # the loaded scenes stay to the end: the collector need not walk them again
    results: list[Analysis] = []
    extra: list[tuple[list, balance_figures.Balance | None]] = []  # per scenario: duty diagnostics, balance
    for scenario in lib.sorted():
        progress = None if args.quiet else Progress(scenario.id)
        budget = Budget(seconds=args.time_limit or None, memory=(args.memory_limit or 0) * 1048576 or None,
                        states=args.max_states or None, progress=progress)
        try:
            # One exploration serves the analysis, the duty check (its marked endings resolved
            # at each arrival too) and the balance figures.
            with collector_paused():
                graph = StateGraph(scenario, args.max_states, budget, marked=duty_marked(scenario))
                results.append(analyze(scenario, runs=args.runs, seed=args.seed, budget=budget, graph=graph))
                # The duty check and the balance figures need every state: skipped when the budget ran out.
                complete = graph.complete
                extra.append((check_duties(scenario, str(lib.files[scenario.id]), args.max_states, graph=graph)
                              if complete else [],
                              balance_figures.balance(scenario, graph=graph) if complete else None))
        except AnalysisError as exc:
            raise CommandError(f"{lib.files[scenario.id]}: {exc}") from None
        finally:
            if progress is not None:
                progress.done()
    load_errors = [d for d in lib.diagnostics if d.severity == ERROR]
    extra_found = [d for duties, b in extra for d in duties + (b.findings if b else [])]
    extra_errors = [d for d in extra_found if d.severity == ERROR]
    failed = bool(load_errors) or any(a.errors for a in results) or bool(extra_errors)
    if args.json:
        scenarios = []
        for a, (duties, b) in zip(results, extra):
            scenarios.append({**a.to_dict(), "duty_breaches": [d.to_dict() for d in duties],
                              "balance": b.to_dict() if b else None})
        print(dumps_indented({
            "ok": not failed,
            "problems": [d.to_dict() for d in lib.diagnostics],
            "scenarios": scenarios,
        }))
    else:
        if lib.diagnostics:  # one write for thousands of warnings, the same text
            print("\n".join(map(str, lib.diagnostics)))
            print()
        print("\n\n".join(report(a) + "".join(f"\n  {d}" for d in duties) + ("\n\n" + balance_figures.report(b) if b else "")
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
    if not a.complete:
        lines.append(f"  INCOMPLETE: the analysis stopped early because {a.stopped}. The figures below hold for the "
                     f"part explored; endings not reached there may still be reachable.")
        lines.append(f"  {a.states:,} decision states reached; {a.decision_nodes} decision point(s) reached")
    else:
        paths = "unbounded (the story can loop)" if a.paths is None else count(a.paths)
        lines.append(f"  {a.states:,} decision states explored; {a.decision_nodes} decision point(s) reached; "
                     f"complete paths: {paths}")
    if a.decisions is not None and a.complete:
        lines.append(f"  Decisions per path: {spread(a.decisions)}")
    for nodes in a.loops:
        lines.append(f"  The story can loop through {', '.join(nodes)} (players can also leave the loop)")
    lines.append("")
    lines.append("  Endings")
    for e in a.endings:
        plays = "random play (exact)" if a.exact_shares else f"{a.runs:,} random plays"
        share = f"; {percent(e.share)} of {plays}" if e.share is not None else ""
        if not e.reachable:
            never = "NEVER REACHED" if a.complete else "not reached in the part explored"
            lines.append(f"    {e.id} ({e.outcome}): {never}{share}")
            continue
        if not a.complete:
            n = "reached"
        else:
            n = "infinitely many paths (a loop)" if e.paths is None else f"{count(e.paths)} path(s)"
        meters = ", ".join(f"{m} {lo}–{hi}" if lo != hi else f"{m} {lo}" for m, (lo, hi) in e.meters.items())
        decisions = spread(e.decisions) if a.complete else f"at least {e.decisions.min} on the paths found"
        lines.append(f"    {e.id} ({e.outcome}): {n}; decisions {decisions}; on arrival {meters}{share}")
        shortest = ",".join(e.shortest) if e.shortest else "(no decisions)"
        lines.append(f"      {'shortest' if a.complete else 'shortest found'}: {shortest}")
    if a.stuck_share:
        plays = "random play (exact)" if a.exact_shares else "random plays"
        lines.append(f"    stuck (no ending): {percent(a.stuck_share)} of {plays}")
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
