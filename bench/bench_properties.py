"""The property tests of tests/story/test_properties.py (scenes, saves) and
tests/story/test_properties_user_files.py (translations, rubrics), run long: many more examples,
and fresh random ones each run (CI runs a small derandomized profile in a few seconds per test).

    python bench/bench_properties.py            # 50 times the CI examples, random
    python bench/bench_properties.py 200        # 200 times
    python bench/bench_properties.py 20 --ci    # 20 times, derandomized (reproducible)

A failure prints hypothesis's smallest example and the seed to reproduce it
(`--hypothesis-seed=N`, see the pytest output).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    scale = next((a for a in argv if a.replace(".", "", 1).isdigit()), "50")
    env = dict(os.environ, RAPPORT_PROPERTY_SCALE=scale, PYTHONPATH=str(ROOT))
    if "--ci" not in argv:
        env["RAPPORT_PROPERTY_RANDOM"] = "1"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=0",
                           "tests/story/test_properties.py", "tests/story/test_properties_user_files.py"],
                          cwd=ROOT, env=env, check=False)
    print(f"properties at {scale}x the CI examples: {'passed' if done.returncode == 0 else 'FAILED'} "
          f"in {time.perf_counter() - started:.0f} s", flush=True)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
