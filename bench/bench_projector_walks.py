"""The projector's every-moment walk (tests/classroom/test_projector_layout.py) at every size
in both languages for every shipped scene: 42 walks, about three minutes on one core; and the
phones-voting walk (the join panel beside the choices) at four sizes in both languages for every
shipped scene: 56 more. CI walks the tightest of them (see FULL_WALKS and _phone_walks in the
test file).

    python bench/bench_projector_walks.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = dict(os.environ, RAPPORT_FULL_WALKS="1", PYTHONPATH=str(ROOT),
               SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/classroom/test_projector_layout.py",
                           "-k", "every_moment_of_every_scene or phones_voting_every_choice"],
                          cwd=ROOT, env=env, check=False)
    print(f"every projector walk: {'passed' if done.returncode == 0 else 'FAILED'} "
          f"in {time.perf_counter() - started:.0f} s", flush=True)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
