"""A learning record store that answers garbage, or trickles its answer a byte at a time, on
127.0.0.1: every send ends with one sentence (SendError) in bounded time, the statements stay
queued, and `rapport xapi --send` exits 1 without a traceback."""
from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from game.cli import main
from game.progress import ProgressStore, outbox
from game.records import lrs
from game.records.lrs import LrsConfig, SendError, post_statements

from .test_xapi_lrs import attempt_statements

ANSWERS = {
    "garbage": b"garbage garbage\r\n\r\n",
    "not-http": b"hello",
    "endless-headers": b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 500 + b"\r\n",
    "huge-header-line": b"HTTP/1.1 200 OK\r\nX: " + b"a" * 200_000 + b"\r\n\r\n",
    "broken-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
}


class EvilStore:
    """Answers every request the same hostile way; ``trickle`` sends a byte every 0.2 s."""

    def __init__(self, answer: bytes | None = None, trickle: bool = False):
        self.answer, self.trickle = answer, trickle
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/xapi/"

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        with conn:
            try:
                conn.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                # the whole body too: closing with some of it unread makes the kernel reset the
                # connection, and the client then sees "connection reset", not our answer
                head, _, body = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    body += chunk
                if self.trickle:
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 1000:
                        if self.stop.wait(0.2):
                            return
                        conn.sendall(bytes([byte]))
                else:
                    conn.sendall(self.answer)
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.sock.close()


def config(store: EvilStore) -> LrsConfig:
    return LrsConfig(store.endpoint, "key", "secret", "http://127.0.0.1")


@pytest.mark.parametrize("kind", sorted(ANSWERS))
def test_an_answer_that_is_not_http_is_a_send_error(kind):
    store = EvilStore(ANSWERS[kind])
    try:
        _, statements = attempt_statements()
        with pytest.raises(SendError, match="not HTTP a client can read"):
            post_statements(config(store), statements[:2])
    finally:
        store.close()


def test_a_trickling_store_is_given_up_at_the_deadline(monkeypatch):
    monkeypatch.setattr(lrs, "DEADLINE", 1.5)
    store = EvilStore(trickle=True)
    try:
        _, statements = attempt_statements()
        started = time.monotonic()
        with pytest.raises(SendError, match="did not answer within 2 s"):
            post_statements(config(store), statements[:2])
        assert time.monotonic() - started < 5
    finally:
        store.close()


def test_xapi_send_to_a_garbage_store_keeps_the_statements(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = EvilStore(ANSWERS["garbage"])
    try:
        (tmp_path / "config" / "rapport").mkdir(parents=True)
        (tmp_path / "config" / "rapport" / "lrs.json").write_text(
            json.dumps({"endpoint": store.endpoint, "key": "k", "secret": "s"}), encoding="utf-8")
        with ProgressStore.open(tmp_path / "data") as progress:
            progress.create_profile("Ana")
            outbox.queue_statements(progress, attempt_statements()[1][:3], profile="Ana")
        code = main(["xapi", "--send", "--data-dir", str(tmp_path / "data")])
        out, err = capsys.readouterr()
        assert code == 1 and "Sent 0 statement(s); 3 waiting." in out and "not HTTP" in err
        with ProgressStore.open(tmp_path / "data") as progress:
            assert outbox.counts(progress)["waiting"] == 3
    finally:
        store.close()


def test_a_redirect_is_not_followed_and_the_secret_goes_nowhere_else():
    """A store answering 302 to another address: urllib followed it as a GET, carrying the
    Authorization header (the course's key and secret) to that address."""
    catcher = EvilStore(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    seen: list[bytes] = []
    answer = catcher._answer

    def recording(conn):
        seen.append(b"request")
        answer(conn)

    catcher._answer = recording
    store = EvilStore(f"HTTP/1.1 302 Found\r\nLocation: {catcher.endpoint}statements\r\n"
                      "Content-Length: 0\r\n\r\n".encode())
    try:
        _, statements = attempt_statements()
        with pytest.raises(SendError, match="302"):
            post_statements(config(store), statements[:2])
        time.sleep(0.2)
        assert seen == []
    finally:
        store.close()
        catcher.close()
