"""A Rapport process for the fault tests (disk full, read-only folder, a lock held by another
process), driven one line at a time on standard input:

    python -m tests.progress.fault_worker DATA_DIR SCENE_FILE BUSY_TIMEOUT_S

It opens the progress store as the window does (``open_or_temporary``: the game always starts)
and prints one ``notice ...`` line per notice, then ``started temporary|kept``. Then per command:
    step            one move and an autosave: ``saved N`` (N: steps in the state) or ``failed MESSAGE``
    limit BYTES     no file of this process may grow past BYTES (RLIMIT_FSIZE: a full disk)
    unlimit         the limit lifted (space freed)
    quit            ``bye``, exit 0
Never a traceback: anything unexpected ends it with exit 3 and the traceback on stderr.
"""

from __future__ import annotations

import random
import resource
import signal
import sys

from game.progress import ProgressError, ProgressStore
from game.progress import database
from game.story import load_scenario

from .helpers import step_once


def say(*parts) -> None:
    sys.stdout.write(" ".join(map(str, parts)) + "\n")
    sys.stdout.flush()


def main(data_dir: str, scene: str, busy_timeout: str) -> None:
    database.BUSY_TIMEOUT_S = float(busy_timeout)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit a write fails (EFBIG) instead of killing us
    scenario = load_scenario(scene)
    rng = random.Random(11)
    store = ProgressStore.open_or_temporary(data_dir)
    for notice in store.notices:
        say("notice", notice)
    say("started", "temporary" if store.temporary else "kept")
    run = None
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "step":
            try:
                if run is None:
                    profile = store.get_or_create_profile("Ana")
                    run = store.resume(profile, {scenario.id: scenario}) or store.start_attempt(profile, scenario)
                else:
                    step_once(run.state, rng, end_ok=False)
                    run.attempt.save(run.state)
                say("saved", len(run.state.history))
            except ProgressError as exc:
                say("failed", exc)
        elif command == "limit":
            resource.setrlimit(resource.RLIMIT_FSIZE, (int(rest[0]), resource.RLIM_INFINITY))
            say("ok")
        elif command == "unlimit":
            resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            say("ok")
        elif command == "quit":
            store.close()
            say("bye")
            return


if __name__ == "__main__":
    try:
        main(*sys.argv[1:4])
    except BaseException:
        import traceback

        traceback.print_exc()
        sys.exit(3)
