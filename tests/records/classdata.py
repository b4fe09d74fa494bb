"""A synthetic class: students who play real scenes through the story core and the progress
store, then export as `rapport export` does. Seeded, so every figure can be checked."""
from __future__ import annotations

import json
import random
from pathlib import Path

from game.progress import ProgressStore, export_profile
from game.story import PlayState, load_library

SCENES = Path(__file__).resolve().parents[2] / "scenes"


def scenarios() -> dict:
    return load_library([SCENES]).scenarios


def play_randomly(scenario, rng: random.Random, finish: bool = True) -> PlayState:
    state = PlayState.start(scenario)
    while not state.is_over:
        if state.status == "choice":
            if not finish and len(state.decisions) >= 3:
                break
            state.choose(rng.choice(state.available()).id)
        else:
            state.advance()
    return state


def make_class(folder: Path, students: int = 40, scenario_ids=("waiting-room", "worried-first-visit"),
               seed: int = 7) -> tuple[list[Path], list[dict]]:
    """Export files for ``students`` students and, for checking, what each attempt was."""
    rng = random.Random(seed)
    lib = scenarios()
    paths, truth = [], []
    with ProgressStore.open(folder / "data") as store:
        for n in range(students):
            name = f"Student Name {n:02d}"
            profile = store.create_profile(name)
            for sid in scenario_ids:
                scenario = lib[sid]
                finish = rng.random() > 0.1
                state = play_randomly(scenario, rng, finish)
                store.start_attempt(profile, scenario, state)
                truth.append({"student": name, "scenario": sid, "finished": state.is_over,
                              "ending": state.ending.id if state.ending else None,
                              "choices": [(s.node_id, s.choice_id) for s in state.decisions]})
            path = folder / f"export-{n:02d}.json"
            path.write_text(json.dumps(export_profile(store, name)), encoding="utf-8")
            paths.append(path)
    return paths, truth
