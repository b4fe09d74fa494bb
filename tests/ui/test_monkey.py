"""The monkey test (issue 11 §4): 20,000 seeded random events across the window, student and
facilitator, with no exception and no screen a user cannot leave. See tests/ui/monkey.py;
``bench/monkey.py`` runs a longer one."""

import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from tests.ui import monkey

ROOT = Path(__file__).resolve().parents[2]
CI_SEEDS = (1, 2, 3, 4)  # 4 x 5,000 = 20,000 events, two seeds per process, two processes
CI_EVENTS = 5000


def test_twenty_thousand_events_leave_no_exception_and_no_trap():
    env = dict(os.environ, PYTHONPATH=str(ROOT), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    halves = [CI_SEEDS[: len(CI_SEEDS) // 2], CI_SEEDS[len(CI_SEEDS) // 2:]]
    procs = [subprocess.Popen([sys.executable, "-m", "tests.ui.monkey", "--seed", str(seeds[0]),
                               "--seeds", str(len(seeds)), "--events", str(CI_EVENTS)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for seeds in halves]
    try:
        results = [p.communicate(timeout=1200) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()  # SIGKILL: SDL turns SIGTERM into a window-close event, which the monkey survives
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, f"{out}\n{err}"
    seen = "".join(out for out, _ in results)
    print(seen)  # per seed: events, wall and CPU seconds, slowest turn, screens visited (pytest -s)
    assert seen.count("events in") == len(CI_SEEDS), seen
    for screen in ("play", "pause", "log", "debrief", "facilitator", "class-menu", "classroom", "settings"):
        assert f" {screen} " in seen, f"the monkey never reached {screen}: {seen}"


def test_the_same_seed_makes_the_same_run():
    first = monkey.run(5, 150, escape_every=50)
    second = monkey.run(5, 150, escape_every=50)
    assert first.recent == second.recent and first.counts == second.counts
    assert monkey.run(6, 150, escape_every=50).recent != first.recent


def test_a_crash_is_reported_with_its_seed_and_event_and_replays(monkeypatch):
    from game.ui.screens.settings_screen import SettingsScreen

    def broken(self, intent):
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(SettingsScreen, "handle", broken)
    seed = next(s for s in range(1, 50) if _fails(s, 300))
    with pytest.raises(monkey.MonkeyFailure) as caught:
        monkey.run(seed, 300)
    failure = caught.value
    assert f"seed {seed} failed at event {failure.index}" in str(failure)
    assert f"--seed {seed} --events {failure.index + 1}" in str(failure) and "ZeroDivisionError" in str(failure)
    with pytest.raises(monkey.MonkeyFailure) as again:
        monkey.run(seed, failure.index + 1)
    assert again.value.index == failure.index


def test_a_screen_with_no_way_out_is_reported(monkeypatch):
    from game.ui.screens.about import AboutScreen

    monkeypatch.setattr(AboutScreen, "handle", lambda self, intent: None)
    monkeypatch.setattr(AboutScreen, "buttons", lambda self: [])
    m = monkey.Monkey(1)
    try:
        m.start()
        m.app.nav.about()
        with pytest.raises(monkey.MonkeyFailure, match="no way back to the title from title > about"):
            m.escape()
    finally:
        m.close()


def _fails(seed: int, events: int) -> bool:
    try:
        monkey.run(seed, events)
    except monkey.MonkeyFailure:
        return True
    finally:
        pygame.quit()
    return False


def test_a_vote_server_left_serving_is_reported(monkeypatch):
    from game.ui.classroom.context import ClassContext

    monkeypatch.setattr(ClassContext, "end", lambda self: None)  # planted: leaving forgets the server
    m = monkey.Monkey(1)
    try:
        m.start()
        ctx = m.app.nav.classroom()
        run = ctx.begin(next(iter(m.app.library.scenarios.values())))
        assert run.desk.start_server() and run.desk.server.host == "127.0.0.1"
        m.check()  # its screen is still there: fine
        m.app.nav.title()
        with pytest.raises(monkey.MonkeyFailure, match="vote server still serves"):
            m.check()
        run.desk.stop()
    finally:
        m.close()
