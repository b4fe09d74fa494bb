"""Sending queued xAPI statements to a course's learning record store (LRS).

The connection (endpoint, key, secret) lives in one file in the user's config folder, readable
by that user only; it never goes into exports, statements or messages. A send that fails leaves
the statements queued for a later try; quitting mid-send loses nothing, because a statement is
marked sent only after the store said it has it, and sending it again is harmless (same id).
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..infile import TooLargeError, read_capped
from .xapi import DEFAULT_ACTIVITY_BASE, XAPI_VERSION

CONFIG_NAME = "lrs.json"
MAX_CONFIG_BYTES = 64 * 1024
TIMEOUT = 10.0  # seconds a request may wait for any one thing: a lab without network must never hold up the game
DEADLINE = 30.0  # seconds for one whole request, however the store trickles its answer
BATCH = 50


class LrsConfigError(ValueError):
    """A connection file that cannot be used; the message says which key and what was expected."""


@dataclass(frozen=True)
class LrsConfig:
    endpoint: str  # ends with "/": statements go to endpoint + "statements"
    key: str
    secret: str
    home_page: str  # the account home page students' names are scoped to
    activity_base: str = DEFAULT_ACTIVITY_BASE

    def auth_header(self) -> str:
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        return f"Basic {token}"

    def public(self) -> dict:
        """What may be shown or logged: everything but the key and the secret."""
        return {"endpoint": self.endpoint, "home_page": self.home_page, "activity_base": self.activity_base}


def parse_config(data: Any, source: str) -> LrsConfig:
    if not isinstance(data, dict):
        raise LrsConfigError(f"{source}: expected a JSON object with endpoint, key and secret")
    unknown = sorted(set(data) - {"endpoint", "key", "secret", "home_page", "activity_base"})
    if unknown:
        raise LrsConfigError(f'{source}: unknown key "{unknown[0]}"; expected endpoint, key, secret, home_page, '
                             "activity_base")
    values = {}
    for key in ("endpoint", "key", "secret"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > 2000:
            raise LrsConfigError(f'{source}: "{key}" should be text (the {key} your course gave you)')
        values[key] = value.strip()
    endpoint = values["endpoint"]
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LrsConfigError(f'{source}: "endpoint" should be the LRS address, like https://lrs.example.edu/xAPI/')
    if not endpoint.endswith("/"):
        endpoint += "/"
    home_page = data.get("home_page", f"{parts.scheme}://{parts.netloc}")
    base = data.get("activity_base", DEFAULT_ACTIVITY_BASE)
    for key, value in (("home_page", home_page), ("activity_base", base)):
        if not isinstance(value, str) or urllib.parse.urlsplit(value).scheme not in ("http", "https"):
            raise LrsConfigError(f'{source}: "{key}" should be an http(s) address')
    return LrsConfig(endpoint, values["key"], values["secret"], home_page, base)


def config_path(folder: Path) -> Path:
    return Path(folder) / CONFIG_NAME


def load_config(folder: Path) -> LrsConfig | None:
    """The saved connection, None when there is none; LrsConfigError when it is damaged."""
    path = config_path(folder)
    try:
        data = json.loads(read_capped(path, MAX_CONFIG_BYTES).decode("utf-8-sig"))
    except FileNotFoundError:
        return None
    except TooLargeError:
        raise LrsConfigError(f"{path}: too large to be a connection file") from None
    except OSError as exc:  # a folder, a pipe or a device in its place, no permission
        raise LrsConfigError(f"{path}: not a readable connection file ({exc.strerror or exc})") from None
    except (ValueError, RecursionError) as exc:
        raise LrsConfigError(f"{path}: not a readable connection file ({exc.__class__.__name__})") from None
    return parse_config(data, str(path))


def save_config(folder: Path, config: LrsConfig) -> Path:
    """Write the connection where only this user can read it (replacing it whole, never half)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = config_path(folder)
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"endpoint": config.endpoint, "key": config.key, "secret": config.secret,
                   "home_page": config.home_page, "activity_base": config.activity_base}, f, indent=1)
    os.replace(tmp, path)
    return path


class SendError(Exception):
    """The LRS could not be reached or refused the batch; the statements stay queued."""


Opener = Callable[[urllib.request.Request, float], Any]


class _Watch:
    """The sockets of one request, shut when its deadline passes: the socket timeout bounds each
    wait, not the whole answer, and a store that sends a byte every few seconds would otherwise
    hold a send (and `rapport xapi --send`) for ever."""

    def __init__(self) -> None:
        self.socks: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self.socks.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.socks:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a recv blocked in another thread; close() may not
    except OSError:
        pass


_watching = threading.local()


def _watched(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            watch = getattr(_watching, "watch", None)
            if watch is not None and self.sock is not None:
                watch.add(self.sock)

    return Watched


_WATCHED = {http.client.HTTPConnection: _watched(http.client.HTTPConnection),
            http.client.HTTPSConnection: _watched(http.client.HTTPSConnection)}


class _WatchedOpen:
    def do_open(self, http_class, req, **kwargs):  # urllib's handlers pass their connection class here
        return super().do_open(_WATCHED.get(http_class, http_class), req, **kwargs)  # type: ignore[misc]


class _HTTPHandler(_WatchedOpen, urllib.request.HTTPHandler):
    pass


class _HTTPSHandler(_WatchedOpen, urllib.request.HTTPSHandler):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A store that answers statements with a redirect has not taken them; following it would
    carry the Authorization header (the course's key and secret) to whatever address the answer
    names, even from https to plain http. The redirect is the answer: its status, queued again."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_HTTPHandler, _HTTPSHandler, _NoRedirect)


def _open(request: urllib.request.Request, timeout: float) -> Any:
    return _OPENER.open(request, timeout=timeout)


def post_statements(config: LrsConfig, statements: list[dict], opener: Opener = _open) -> None:
    """Deliver ``statements``; raise SendError unless the store has every one of them."""
    if not statements:
        return
    status = _request(config, "POST", "statements", statements, opener)
    if status == 409:
        # One of them is there already (an earlier send whose answer was lost): send one by one
        # with its id; a conflict on a single statement means the store has that id.
        for statement in statements:
            query = "statements?" + urllib.parse.urlencode({"statementId": statement["id"]})
            status = _request(config, "PUT", query, statement, opener)
            if status not in (200, 204, 409):
                raise SendError(f"the learning record store answered {status}")
    elif status not in (200, 204):
        raise SendError(f"the learning record store answered {status}")


def _request(config: LrsConfig, method: str, path: str, body: Any, opener: Opener) -> int:
    request = urllib.request.Request(
        config.endpoint + path, data=json.dumps(body).encode("utf-8"), method=method,
        headers={"Authorization": config.auth_header(), "X-Experience-API-Version": XAPI_VERSION,
                 "Content-Type": "application/json"})
    watch = _Watch()
    timer = threading.Timer(DEADLINE, watch.expire)
    timer.daemon = True
    _watching.watch = watch
    timer.start()
    try:
        with opener(request, TIMEOUT) as response:
            response.read(1024 * 1024)
            status = response.status
    except urllib.error.HTTPError as exc:
        if exc.code in (400, 401, 403):
            raise SendError(f"the learning record store refused the statements ({exc.code} {exc.reason})") from None
        status = exc.code
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        if watch.expired:
            raise SendError(f"the learning record store did not answer within {DEADLINE:.0f} s") from None
        if isinstance(exc, http.client.HTTPException):  # garbage, endless headers, a broken chunk
            raise SendError(f"the learning record store's answer is not HTTP a client can read "
                            f"({exc.__class__.__name__})") from None
        reason = getattr(exc, "reason", exc)
        raise SendError(f"cannot reach the learning record store ({reason})") from None
    finally:
        timer.cancel()
        _watching.watch = None
    if watch.expired:
        raise SendError(f"the learning record store did not answer within {DEADLINE:.0f} s")
    return status


def send_due(store, config: LrsConfig, opener: Opener = _open, rounds: int = 20) -> int:
    """Send what is due from ``store``'s outbox; return how many statements were delivered."""
    from game.progress import outbox

    delivered = 0
    for _ in range(rounds):
        batch = outbox.due(store, BATCH)
        if not batch:
            break
        try:
            post_statements(config, [q.body for q in batch], opener)
        except SendError as exc:
            outbox.mark_failed(store, [q.row for q in batch], str(exc))
            break
        outbox.mark_sent(store, [q.row for q in batch])
        delivered += len(batch)
    return delivered


class BackgroundSender:
    """Sends the outbox on its own thread, with its own connection to the progress file, so a
    slow or absent network never holds up a frame. ``poke()`` after queuing; ``stop()`` on quit."""

    def __init__(self, open_store: Callable[[], Any], config: LrsConfig, interval: float = 30.0,
                 opener: Opener = _open):
        self._open_store, self.config, self.interval, self.opener = open_store, config, interval, opener
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self.delivered = 0
        self.last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="rapport-xapi", daemon=True)

    def start(self) -> BackgroundSender:
        self._thread.start()
        return self

    def poke(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            store = self._open_store()
        except Exception as exc:  # the game goes on without sending; the reason is kept for the screen
            self.last_error = str(exc)
            return
        try:
            while not self._stopping.is_set():
                try:
                    self.delivered += send_due(store, self.config, self.opener)
                    self.last_error = None
                except Exception as exc:  # a damaged outbox row or a full disk: try again later
                    self.last_error = str(exc)
                self._wake.wait(self.interval)
                self._wake.clear()
        finally:
            store.close()
