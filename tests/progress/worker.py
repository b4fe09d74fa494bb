"""A separate Rapport process that autosaves, for the kill and two-window tests.

    python -m tests.progress.worker loop  DATA_DIR PROFILE SCENE_FILE SEED   # until killed
    python -m tests.progress.worker burst DATA_DIR PROFILE SCENE_FILE SEED SAVES GO_FILE

Every line it prints is written only after the autosave it describes has been committed:
    resumed UUID REVISION HASH          (loop: continuing an attempt found in the database)
    saved UUID REVISION INDEX NODE CHOICE HASH
    ready                               (burst: store open, waiting for GO_FILE)
    done UUID REVISION HASH             (burst: all saves made)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from game.progress import ProgressStore
from game.story import load_scenario

from .helpers import state_hash, step_once

NEW_ATTEMPT_EVERY = 40  # the loop starts a fresh attempt now and then, so there are several


def emit(*parts) -> None:
    # One write of a whole line (a pipe takes it whole); the reader ignores a line without its
    # newline, which only a kill in the middle of printing can leave.
    sys.stdout.write(" ".join(map(str, parts)) + "\n")
    sys.stdout.flush()


def describe(state) -> tuple:
    last = state.history[-1] if state.history else None
    return (last.index if last else -1, last.node_id if last else "-", (last.choice_id or "-") if last else "-")


def move(state, rng: random.Random) -> None:
    # Mostly choices, sometimes a rewind: the saves must record both.
    if state.history and rng.random() < 0.15:
        state.rewind(rng.randrange(len(state.history)))
    else:
        step_once(state, rng, end_ok=False)


def loop(data_dir: str, profile_name: str, scene: str, seed: int) -> None:
    scenario = load_scenario(scene)
    rng = random.Random(seed)
    store = ProgressStore.open(data_dir)
    profile = store.get_or_create_profile(profile_name)
    current = store.resume(profile, {scenario.id: scenario})
    if current is not None:
        revision = store.attempt(current.attempt.uuid).summary.revision
        emit("resumed", current.attempt.uuid, revision, state_hash(current.state.to_json()))
    else:
        current = store.start_attempt(profile, scenario)
        revision = 1
    attempt, state = current.attempt, current.state
    saves = 0
    while True:
        move(state, rng)
        attempt.save(state)
        revision += 1
        saves += 1
        emit("saved", attempt.uuid, revision, *describe(state), state_hash(state.to_json()))
        if saves % NEW_ATTEMPT_EVERY == 0:
            fresh = store.start_attempt(profile, scenario)
            attempt, state, revision = fresh.attempt, fresh.state, 1


def burst(data_dir: str, profile_name: str, scene: str, seed: int, saves: int, go_file: str) -> None:
    scenario = load_scenario(scene)
    rng = random.Random(seed)
    store = ProgressStore.open(data_dir)
    emit("ready")
    deadline = time.monotonic() + 30
    while not Path(go_file).exists() and time.monotonic() < deadline:
        time.sleep(0.005)  # both processes start writing at the same moment
    profile = store.get_or_create_profile(profile_name)
    current = store.start_attempt(profile, scenario)
    attempt, state = current.attempt, current.state
    for _ in range(saves):
        move(state, rng)
        attempt.save(state)
    emit("done", attempt.uuid, saves + 1, state_hash(state.to_json()))


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "loop":
        loop(args[0], args[1], args[2], int(args[3]))
    elif mode == "burst":
        burst(args[0], args[1], args[2], int(args[3]), int(args[4]), args[5])
    else:
        sys.exit(f"unknown mode {mode}")
