"""Real processes: a Rapport killed with SIGKILL while autosaving, and two windows writing to
the same profile at once. The database must stay whole and keep every completed autosave."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from game.progress import DB_NAME, ProgressError, ProgressStore
from game.progress import database as database_module

from .helpers import LOOP, ROOT, scenario, state_hash

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def worker(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.progress.worker", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_line(proc):
    line = proc.stdout.readline()
    if not line:
        proc.wait(timeout=10)
        pytest.fail(f"the worker stopped (exit {proc.returncode}): {proc.stderr.read()}")
    return line.split()


def check_database(path, reported, resumed_from):
    """integrity_check passes, and every autosave the child reported is there."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        last = {}
        for fields in reported:
            if fields[0] == "resumed":
                _, uuid, revision, digest = fields
                assert (uuid, digest) == resumed_from, "the resumed state is not the last one saved"
                continue
            _, uuid, revision, index, node, choice, digest = fields
            row = conn.execute(
                "SELECT count(*) FROM steps s JOIN attempts a ON a.id = s.attempt_id WHERE a.uuid = ? "
                "AND s.step_index = ? AND s.node_id = ? AND s.choice_id IS ?",
                (uuid, int(index), node, None if choice == "-" else choice)).fetchone()
            assert int(index) < 0 or row[0] >= 1, f"a reported step is missing: {fields}"
            last[uuid] = (int(revision), digest)
        for uuid, (revision, digest) in last.items():
            stored_revision, state_json = conn.execute(
                "SELECT revision, state_json FROM attempts WHERE uuid = ?", (uuid,)).fetchone()
            # The kill may land after a commit and before its line was printed: one more is fine.
            assert revision <= stored_revision <= revision + 1
            if stored_revision == revision:
                assert state_hash(json.loads(state_json)) == digest
        latest = conn.execute("SELECT uuid, state_json FROM attempts WHERE status = 'playing' "
                              "ORDER BY updated_at DESC, id DESC LIMIT 1").fetchone()
        return latest[0], state_hash(json.loads(latest[1]))
    finally:
        conn.close()


def test_a_kill_mid_autosave_loses_no_completed_save(tmp_path):
    scene = tmp_path / "loop.yaml"
    scene.write_text(LOOP)
    data = tmp_path / "data"
    rng = random.Random(20240611)
    resumed_from = None
    seen: set[str] = set()
    for round_ in range(3):
        proc = worker("loop", data, "Ana", scene, round_)
        try:
            reported = [read_line(proc)]  # it is up and saving
            # Kill at a random moment, not at a line boundary: the child spends most of its time
            # inside a save (each commit waits for the disk), so that is where this lands.
            time.sleep(rng.uniform(0.05, 0.35))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL  # killed mid-run, not finished
        reported += [line.split() for line in proc.stdout.read().splitlines(keepends=True)
                     if line.endswith("\n")]  # printed whole before the kill
        if round_:
            assert reported[0][0] == "resumed"
        resumed_from = check_database(data / DB_NAME, reported, resumed_from)
        seen |= {fields[1] for fields in reported if fields[0] in ("saved", "resumed")}
    with ProgressStore.open(data) as store:  # and the game opens it with nothing to report
        assert store.notices == []
        # Every attempt a process reported saving is there (how many depends on the disk's speed).
        assert seen and seen <= {a.uuid for a in store.history(store.profile("Ana"))}


def test_two_windows_on_one_profile_write_at_once(tmp_path):
    scene = tmp_path / "loop.yaml"
    scene.write_text(LOOP)
    data, go, saves = tmp_path / "data", tmp_path / "go", 60
    procs = [worker("burst", data, "Ana", scene, seed, saves, go) for seed in (1, 2)]
    try:
        for proc in procs:
            assert read_line(proc) == ["ready"]
        go.write_text("go")
        done = [read_line(proc) for proc in procs]
        for proc in procs:
            proc.wait(timeout=60)
            assert proc.returncode == 0, proc.stderr.read()
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    loop = scenario(LOOP, "loop.yaml")
    with ProgressStore.open(data) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [p.name for p in store.profiles()] == ["Ana"]  # made once, though both asked at once
        for _, uuid, revision, digest in done:
            record = store.attempt(uuid)
            assert record.summary.revision == int(revision) == saves + 1
            assert state_hash(record.state) == digest
            state = store.resume_attempt(uuid, {"loop": loop}).state
            assert [(s.node_id, s.choice_id) for s in record.path()] == [(s.node_id, s.choice_id) for s in state.history]


def test_two_stores_on_the_same_attempt_keep_both_paths(tmp_path):
    loop = scenario(LOOP, "loop.yaml")
    first = ProgressStore.open(tmp_path)
    ana = first.get_or_create_profile("Ana")
    run = first.start_attempt(ana, loop)
    second = ProgressStore.open(tmp_path)
    other = second.resume(second.profile("Ana"), {"loop": loop})
    run.state.choose("listen")
    run.attempt.save(run.state)
    other.state.choose("push")  # the other window goes another way from the same save
    other.attempt.save(other.state)
    record = first.attempt(run.attempt.uuid)
    assert [(s.choice_id, s.active) for s in record.steps] == [("listen", False), ("push", True)]
    assert record.summary.revision == 3 and record.state == other.state.to_json()
    first.close()
    second.close()


def test_a_save_waits_for_another_writer_and_reports_a_long_wait_plainly(tmp_path, monkeypatch):
    loop = scenario(LOOP, "loop.yaml")
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_S", 0.3)
    store = ProgressStore.open(tmp_path)
    run = store.start_attempt(store.get_or_create_profile("Ana"), loop)
    blocker = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None, check_same_thread=False)

    def hold(seconds):
        blocker.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        blocker.execute("COMMIT")

    held = threading.Event()
    thread = threading.Thread(target=hold, args=(0.1,))
    thread.start()
    assert held.wait(timeout=10)
    run.state.choose("listen")
    run.attempt.save(run.state)  # waits the 0.1 s out
    thread.join()

    held.clear()
    thread = threading.Thread(target=hold, args=(1.0,))
    thread.start()
    assert held.wait(timeout=10)
    run.state.choose("again")
    with pytest.raises(ProgressError, match="another Rapport window kept the progress file busy"):
        run.attempt.save(run.state)
    thread.join()
    run.state.choose("push")
    run.attempt.save(run.state)  # the next save brings in the one that could not be written
    assert [s.choice_id for s in store.attempt(run.attempt.uuid).path()] == ["listen", "again", "push"]
    blocker.close()
    store.close()
