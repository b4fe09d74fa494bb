"""The long monkey run: many seeded random events across the whole window, within a time budget.

Run: python bench/monkey.py [--events 200000] [--seed 1000] [--per-seed 10000] [--jobs 2] [--minutes 20]
                            [--language es] [--speech]

Splits the events into seeds of ``--per-seed`` events, runs them in ``--jobs`` processes and
stops starting new seeds once ``--minutes`` have passed (seeds already running finish). Every
failure prints its seed and event index; ``python -m tests.ui.monkey --seed N --events K -v``
replays it. The CI test (tests/ui/test_monkey.py) runs 20,000 events on seeds 1-4.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1000, help="the first seed")
    parser.add_argument("--per-seed", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--minutes", type=float, default=20.0, help="start no new seed after this long")
    parser.add_argument("--language", metavar="CODE", help="start the window with this language setting (e.g. es)")
    parser.add_argument("--speech", action="store_true", help="start the window with speech on")
    args = parser.parse_args(argv)
    extra = (["--language", args.language] if args.language else []) + (["--speech"] if args.speech else [])
    seeds = list(range(args.seed, args.seed + max(1, args.events // args.per_seed)))
    env = dict(os.environ, PYTHONPATH=str(ROOT), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    deadline = time.monotonic() + args.minutes * 60
    began = time.monotonic()

    def one(seed: int) -> tuple[int, int | None, str]:
        if time.monotonic() > deadline:
            return seed, None, "skipped (the time budget is spent)"
        proc = subprocess.run([sys.executable, "-m", "tests.ui.monkey", "--seed", str(seed), "--events",
                               str(args.per_seed), *extra], cwd=ROOT, env=env, capture_output=True, text=True)
        return seed, proc.returncode, (proc.stdout + proc.stderr).strip()

    failed = done = 0
    with ThreadPoolExecutor(args.jobs) as pool:
        for seed, code, text in pool.map(one, seeds):
            print(f"seed {seed}: {text}" if code is None else text, flush=True)
            if code is None:
                continue
            done += 1
            failed += code != 0
    print(f"{done * args.per_seed} events on {done} seeds in {time.monotonic() - began:.0f} s "
          f"with {args.jobs} processes: {failed} failed, {len(seeds) - done} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
