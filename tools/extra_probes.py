"""Surface probes beyond the ones `rapport analyze` ships with (issue 13 §10: "invent probes of
your own"), scored exactly like the shipped ones (game/story/balance.py: a probe picks the
option(s) with the highest score, ties split evenly; it is flagged when it reaches the best
ending and either always decides or does better than random play).

Run: python tools/extra_probes.py scenes/worried-first-visit.yaml [more scene files]

These are an author's check, not a gate: a probe here that beats random play is a hint that some
surface feature of the text travels with quality in that scene.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.story import balance as B  # noqa: E402
from game.story.loader import load_scenario  # noqa: E402
from game.story.statespace import StateGraph  # noqa: E402

_BUT = re.compile(r"\b(but|though|however)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…]")
_QUESTION_WORD = re.compile(r"(What|How|Who|Where|When|Which|Can|Could|Shall|Would|Is|Do)\b")
_FAMILY = re.compile(r"\b(kids|children|son|daughter|mum|mom|dad)\b", re.I)

EXTRA: dict[str, B.Score] = {
    "fewest I": lambda c, i, n: -len(re.findall(r"\bI\b", c.text)),
    "fewest you": lambda c, i, n: -len(re.findall(r"\byou\b", c.text, re.I)),
    'always "but" / "though"': lambda c, i, n: bool(_BUT.search(c.text)),
    'never "but" / "though"': lambda c, i, n: -bool(_BUT.search(c.text)),
    "always the second option": lambda c, i, n: i == 1,
    "always the second-to-last option": lambda c, i, n: i == n - 2,
    "most sentences": lambda c, i, n: len(_SENTENCE_END.findall(c.text)),
    "fewest sentences": lambda c, i, n: -len(_SENTENCE_END.findall(c.text)),
    "always a stage direction (…)": lambda c, i, n: c.text.startswith("("),
    "never a stage direction (…)": lambda c, i, n: -c.text.startswith("("),
    "most commas": lambda c, i, n: c.text.count(","),
    "always names the family (kids, mum, …)": lambda c, i, n: bool(_FAMILY.search(c.text)),
    "always ends on a question": lambda c, i, n: c.text.rstrip().endswith("?"),
    "always opens with a question word": lambda c, i, n: bool(_QUESTION_WORD.match(c.text)),
    'always opens with "You"': lambda c, i, n: c.text.startswith("You"),
}


def run(path: str) -> int:
    sc = load_scenario(path)
    best_ending = sc.best_ending
    if best_ending is None:
        print(f"{sc.id}: no best ending")
        return 0
    g = StateGraph(sc)
    solver = B._Solver(g)
    best = {k for k, e in enumerate(sc.endings) if e.id == best_ending.id}
    random_best = sum(B._ending_chances(g, solver, solver.uniform).get(k, 0.0) for k in best)
    print(f"{sc.id}: random play reaches the best ending {random_best:.1%}")
    flagged = 0
    for name, score in EXTRA.items():
        decided: list[bool] = []
        chances = B._ending_chances(g, solver, B._policy(g, score, solver, decided))
        probe = B.Probe(name, sum(chances.get(k, 0.0) for k in best), sum(decided) / len(decided) if decided else 1.0)
        flag = probe.beats_guessing(random_best)
        flagged += flag
        print(f"  {probe.best_chance:6.1%}  {name} (decides {probe.decisive:.0%}){'  FLAG' if flag else ''}")
    return flagged


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(1 if sum(run(p) for p in sys.argv[1:]) else 0)


if __name__ == "__main__":
    main()
