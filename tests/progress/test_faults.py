"""Fault tests with real files and real processes (no mocks of sqlite): a full disk, a read-only
folder, the file locked by another process, a damaged file and one from a newer Rapport. In each,
the game starts, says what happened in a sentence, never deletes or writes over what the user
had, and once the fault is gone the next autosave brings in everything that could not be saved."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from game.progress import DB_NAME, ProgressStore

from .helpers import LOOP, ROOT
from .test_transfer import played

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux file-system faults")


class Game:
    """A Rapport process autosaving into ``folder`` (see fault_worker)."""

    def __init__(self, folder, scene, busy_timeout=0.5, user=None):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.progress.fault_worker", str(folder), str(scene), str(busy_timeout)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            user=user)
        self.notices = []
        started = self.line()
        assert started[0] == "started", started
        self.temporary = started[1] == "temporary"

    def line(self):
        text = self.proc.stdout.readline()
        if not text:
            self.proc.wait(timeout=10)
            pytest.fail(f"the game process stopped (exit {self.proc.returncode}): {self.proc.stderr.read()}")
        words = text.rstrip("\n").split(" ", 1)
        if words[0] == "notice":
            self.notices.append(words[1])
            return self.line()
        return words

    def send(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.line()

    def step(self):
        return self.send("step")

    def quit(self):
        assert self.send("quit") == ["bye"]
        self.proc.wait(timeout=10)
        err = self.proc.stderr.read()
        assert self.proc.returncode == 0 and "Traceback" not in err, err


@pytest.fixture
def scene(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(LOOP)
    return path


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stored_steps(folder):
    """Active steps of Ana's latest attempt, read by a connection of this process."""
    conn = sqlite3.connect(Path(folder) / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM steps WHERE undone_at IS NULL AND attempt_id = "
                            "(SELECT max(id) FROM attempts)").fetchone()[0]
    finally:
        conn.close()


# -- a full disk --------------------------------------------------------------------------------
def test_disk_full_is_said_plainly_and_the_next_save_catches_up(tmp_path, scene):
    """RLIMIT_FSIZE makes every write past a size fail, as on a full disk, in any CI."""
    game = Game(tmp_path, scene)
    assert not game.temporary and game.notices == []
    for _ in range(3):
        assert game.step()[0] == "saved"
    size = sum(f.stat().st_size for f in tmp_path.glob(DB_NAME + "*"))
    assert game.send(f"limit {size}") == ["ok"]
    failures = []
    for _ in range(400):  # the write-ahead log grows a page or two per save
        result = game.step()
        if result[0] == "failed":
            failures.append(result[1])
            break
    assert failures, "no save ever failed past the limit"
    assert failures[0].startswith("progress could not be saved: ") and "\n" not in failures[0]
    assert game.step()[0] == "failed"  # still full: still said, play goes on
    assert game.send("unlimit") == ["ok"]
    saved = game.step()
    assert saved[0] == "saved"
    game.quit()
    assert stored_steps(tmp_path) == int(saved[1])  # every step, those that could not be saved too


@contextmanager
def small_disk(folder, size="256k"):
    """A real small file system (tmpfs), where root may mount one; skip elsewhere."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder):
    """Fill the file system holding ``folder`` to the last byte; return the filler file."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for block in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(handle, b"\0" * block)
            except OSError:
                pass
    finally:
        os.close(handle)
    return filler


def test_a_really_full_disk(tmp_path, scene):
    with small_disk(tmp_path / "disk") as disk:
        game = Game(disk, scene)
        for _ in range(3):
            assert game.step()[0] == "saved"
        filler = fill(disk)
        result = ["saved"]
        for _ in range(400):
            result = game.step()
            if result[0] == "failed":
                break
        assert result == ["failed", "progress could not be saved: the disk is full"]
        kept_before = digest(disk / DB_NAME)

        second = Game(disk, scene)  # another start of the game on the full disk: it starts
        assert second.temporary is False or "Progress cannot be kept this time" in second.notices[0]
        second.quit()
        assert digest(disk / DB_NAME) == kept_before  # nothing written over

        filler.unlink()
        saved = game.step()
        assert saved[0] == "saved"
        game.quit()
        assert stored_steps(disk) == int(saved[1])


def test_a_full_disk_before_the_first_start(tmp_path, scene):
    with small_disk(tmp_path / "disk", size="64k") as disk:
        fill(disk)
        game = Game(disk, scene)
        assert game.temporary and len(game.notices) == 1
        assert game.notices[0].startswith("Progress cannot be kept this time: ")
        assert "nothing will be remembered after Rapport closes" in game.notices[0]
        assert game.step()[0] == "saved"  # in memory: play goes on
        game.quit()


# -- a read-only folder -------------------------------------------------------------------------
@contextmanager
def read_only_copy(source, folder):
    """``source``'s files in ``folder``, where nobody may write: a read-only mount for root
    (who ignores permissions), the permissions themselves for anyone else."""
    folder.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        for f in Path(source).iterdir():
            shutil.copy2(f, folder / f.name)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            yield folder
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
    else:
        for f in Path(source).iterdir():
            shutil.copy2(f, folder / f.name)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_read_only_folder_starts_in_memory_and_says_so(tmp_path, scene, journal, monkeypatch):
    monkeypatch.setenv("RAPPORT_JOURNAL", journal)
    played(tmp_path / "home")
    ProgressStore.open(tmp_path / "home", journal="delete").close()  # folded into one file, no -wal
    before = {f.name: digest(f) for f in (tmp_path / "home").iterdir()}
    with read_only_copy(tmp_path / "home", tmp_path / "ro") as folder:
        game = Game(folder, scene)
        assert game.temporary and len(game.notices) == 1
        notice = game.notices[0]
        assert notice.startswith("Progress cannot be kept this time: ") and notice.count(". ") <= 2, notice
        assert game.step()[0] == "saved"
        game.quit()
        assert {f.name: digest(f) for f in folder.iterdir()} == before  # nothing moved, written or deleted


# -- locked by another process ------------------------------------------------------------------
HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("SELECT count(*) FROM profiles").fetchone()
else:
    conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


@contextmanager
def held(path, how):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), how], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    try:
        yield proc
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=10)


def test_a_writer_holding_the_file_delays_saves_and_the_next_save_catches_up(tmp_path, scene):
    game = Game(tmp_path, scene)
    for _ in range(3):
        assert game.step()[0] == "saved"
    with held(tmp_path / DB_NAME, "immediate"):
        started = time.monotonic()
        result = game.step()
        assert result[0] == "failed" and time.monotonic() - started < 10
        assert "another Rapport window kept the progress file busy; it will be saved with your next step" in result[1]
        second = Game(tmp_path, scene)  # a second start while it is held: it starts and reads
        assert not second.temporary and second.notices == []
        second.quit()
    saved = game.step()
    assert saved[0] == "saved"
    game.quit()
    assert stored_steps(tmp_path) == int(saved[1])


def test_a_file_locked_exclusively_by_another_program(tmp_path, scene):
    played(tmp_path)
    ProgressStore.open(tmp_path, journal="delete").close()
    before = digest(tmp_path / DB_NAME)
    with held(tmp_path / DB_NAME, "exclusive"):
        game = Game(tmp_path, scene)
        assert game.temporary and len(game.notices) == 1 and "database is locked" in game.notices[0]
        assert game.step()[0] == "saved"
        game.quit()
    assert digest(tmp_path / DB_NAME) == before
    assert not [f for f in tmp_path.iterdir() if ".damaged-" in f.name]  # locked is not damaged
    with ProgressStore.open(tmp_path) as store:  # once the other program lets go, all is there
        assert store.notices == [] and [p.name for p in store.profiles()] == ["Ana"]


# -- damaged and newer files, as the game starts ------------------------------------------------
def test_a_damaged_file_at_start_is_kept_whole_and_a_fresh_one_used(tmp_path, scene):
    played(tmp_path)
    ProgressStore.open(tmp_path, journal="delete").close()
    data = bytearray((tmp_path / DB_NAME).read_bytes())
    data[100:4096] = os.urandom(4096 - 100)  # the schema page
    (tmp_path / DB_NAME).write_bytes(bytes(data))
    game = Game(tmp_path, scene)
    assert not game.temporary and len(game.notices) == 1
    assert game.notices[0].startswith("The progress file could not be read (")
    assert "a new, empty one was started" in game.notices[0]
    assert game.step()[0] == "saved"
    game.quit()
    kept = [f for f in tmp_path.iterdir() if f.name.startswith(DB_NAME + ".damaged-") and f.name[-4:] not in ("-wal", "-shm")]
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)


def test_a_newer_file_at_start_is_left_alone(tmp_path, scene):
    played(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = {f.name: digest(f) for f in tmp_path.iterdir() if f.is_file()}
    game = Game(tmp_path, scene)
    assert game.temporary and "written by a newer version of Rapport (layout 99)" in game.notices[0]
    assert game.step()[0] == "saved"
    game.quit()
    assert {name: digest(tmp_path / name) for name in before} == before  # (SQLite may add an empty -wal)


def test_the_terminal_player_with_a_profile_plays_on_a_newer_file_and_says_so(tmp_path, scene):
    played(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(tmp_path / DB_NAME)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "game", "--data-dir", str(tmp_path), "play", "--text", str(scene),
                           "--profile", "Ana"], input="1\nq\n", capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "Progress cannot be kept this time" in done.stderr and "newer version of Rapport" in done.stderr
    assert digest(tmp_path / DB_NAME) == before
