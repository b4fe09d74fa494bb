"""Write docs/scenarios.md: each scenario's own page (docs/scenarios/ID.md) with its measured
figures put in at the `<!-- shares -->` line.

Run: python tools/scenario_report.py   (the figures come from the same analysis and seeded random
play that `rapport analyze` uses, so the page and the tool never disagree)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.story import load_library  # noqa: E402
from game.story.analysis import analyze  # noqa: E402
from game.story.balance import balance, markdown  # noqa: E402
from game.story.library import shipped_scene_dir  # noqa: E402

RUNS = 20_000
SEED = 7
MARK = "<!-- shares -->"

INTRO = f"""# The scenario library

Every encounter that ships with Rapport, what it teaches and how it plays. The figures under
*How it plays* are measured, not estimated: `rapport analyze` explores every reachable state of
the scene, and {RUNS:,} seeded random playthroughs (choosing uniformly among the offered
responses, seed {SEED}) give the share of play that reaches each ending. A best ending reached
by roughly 5–35 % of random play is earned: a student has to build rapport to get there, and can
do so in more than one way. This page is written by `python tools/scenario_report.py`.

"""


def figures(scenario) -> str:
    a = analyze(scenario, runs=RUNS, seed=SEED)
    d = a.decisions
    lines = [
        "### How it plays (measured)",
        "",
        f"{len(scenario.nodes)} nodes; decisions on a complete path: {d.min} to {d.max} (median {d.median:g}); "
        f"{len(scenario.endings)} endings.",
        "",
        "| ending | outcome | share of random play | distinct paths | fewest decisions |",
        "|---|---|---|---|---|",
    ]
    for e in scenario.endings:
        f = next(x for x in a.endings if x.id == e.id)
        paths = "unbounded" if f.paths is None else f"{f.paths:,}"
        lines.append(f"| {e.title} (`{e.id}`) | {e.outcome} | {f.share:.1%} | {paths} | {f.decisions.min} |")
    return "\n".join(lines) + "\n\n" + markdown(balance(scenario))


def main() -> None:
    lib = load_library([shipped_scene_dir()])
    if lib.errors:
        sys.exit("\n".join(map(str, lib.errors)))
    parts = [INTRO]
    for scenario in lib.sorted():
        page = ROOT / "docs" / "scenarios" / f"{scenario.id}.md"
        if not page.exists():
            sys.exit(f"{page}: missing; every shipped scenario needs its page")
        text = page.read_text(encoding="utf-8")
        if MARK not in text:
            sys.exit(f"{page}: no {MARK} line to put the figures at")
        parts.append(text.replace(MARK, figures(scenario)).rstrip() + "\n\n")
    out = ROOT / "docs" / "scenarios.md"
    out.write_text("".join(parts).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
