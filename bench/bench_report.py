"""The class report at the size of a programme: `rapport report` over 1,000 attempts.

Run: python bench/bench_report.py [--attempts 1000]
Goal (issue 15): a report for 1,000 attempts in under a few seconds. Measures the real command
(`python -m game report …`, a fresh process, as an instructor runs it) on progress exports of
synthetic students who play the shipped scenes through the story core, 2 attempts each.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.records.classdata import make_class  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=1000)
    args = parser.parse_args()
    students = max(1, args.attempts // 2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = time.perf_counter()
        paths, truth = make_class(folder, students=students, seed=11)
        made = time.perf_counter() - made
        out = folder / "report.html"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "game", "report", *map(str, paths), "--out", str(out),
                               "--csv", str(folder / "report.csv")], cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        size = out.stat().st_size
    print(f"{len(truth):,} attempts by {students:,} students in {len(paths):,} files (made in {made:.1f} s)")
    print(f"rapport report: {took:.2f} s end to end, page {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
