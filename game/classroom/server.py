"""The class-vote web server: phones open a small page on the local network and vote.

Runs on a background thread inside the game only while voting is enabled. Every request is
untrusted: the room code is required for the API, bodies are small and validated, each
device (an HttpOnly cookie the server issued) is rate limited and votes once per decision,
files come only from game/classroom/web/, and errors never reveal internals.

    with VoteServer(port=8765) as srv:
        show(srv.join_url, srv.room_code)
        srv.open_round("n3", "What do you say?", [("a", "..."), ("b", "...")])
        ... srv.version changes -> redraw bars from srv.current_tally() ...
        tally = srv.close_round()
"""
from __future__ import annotations

import errno
import ipaddress
import logging
import secrets
import selectors
import socket
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

from game.classroom.handler import VoteRequestHandler
from game.classroom.limits import TokenBuckets
from game.classroom.tally import Tally, VoteError, VoteRound

__all__ = ["VoteServer", "VoteServerError", "Limits", "make_room_code", "lan_address",
           "ROOM_ALPHABET", "WEB_ROOT"]

log = logging.getLogger(__name__)

WEB_ROOT = Path(__file__).resolve().parent / "web"

# Letters only, without I and O: nothing to confuse with 1, l or 0 when read off a projector.
ROOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ROOM_CODE_LENGTH = 5


def make_room_code(length: int = ROOM_CODE_LENGTH) -> str:
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(length))


def lan_address() -> str:
    """This machine's address on the local network, found without sending any traffic.

    connect() on a UDP socket only asks the kernel which interface would route to that
    address; no packet leaves. If there is no route, the hostname's own addresses (as the
    resolver knows them, normally from /etc/hosts) are tried, then loopback.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))
            ip = probe.getsockname()[0]
            if _reachable_from_lan(ip):
                return ip
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            ip = info[4][0]
            if _reachable_from_lan(ip):
                return ip
    except OSError:
        pass
    return "127.0.0.1"


def _reachable_from_lan(ip: str) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return not (addr.is_loopback or addr.is_unspecified or addr.is_link_local
                or addr.is_multicast)


class VoteServerError(Exception):
    """The server could not start; str() says why in words a facilitator can act on."""


@dataclass(frozen=True)
class Limits:
    """Request limits. Defaults suit a class of 40 on one network with room to spare."""
    max_body: int = 1024               # bytes in a POST body
    max_field: int = 64                # characters in room/decision/choice
    device_burst: int = 20             # API requests a device may make at once ...
    device_rate: float = 3.0           # ... and per second after that (page polls ~0.7/s)
    new_device_burst: int = 100        # cookies one address may be issued at once ...
    new_device_rate: float = 1.0       # ... and per second after that
    bad_room_burst: int = 20           # wrong room codes one address may send at once ...
    bad_room_rate: float = 0.5         # ... and per second after that (stops guessing)
    max_devices: int = 5000            # devices remembered by one server
    max_connections: int = 64          # requests handled at the same time
    socket_timeout: float = 5.0        # seconds a client may stall mid-request


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a cap on concurrent requests, an accept loop that sleeps
    until a connection or stop() arrives (no polling while the game idles, no wait at
    stop), and a way to cut requests still in flight."""
    daemon_threads = False     # server_close() joins request threads: a clean stop
    block_on_close = True
    request_queue_size = 128   # a whole class tapping at once must not overflow the backlog

    def __init__(self, address, handler, vote_server: "VoteServer"):
        self.vote_server = vote_server
        self._slots = threading.BoundedSemaphore(vote_server.limits.max_connections)
        self._active: set[socket.socket] = set()
        self._active_lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = False
        try:
            super().__init__(address, handler)
        except OSError:
            self._wake_r.close()
            self._wake_w.close()
            raise
        # A connection that goes away between select() and accept() must not block the loop
        # (and with it stop()); each accepted socket gets the handler's own timeout.
        self.socket.setblocking(False)

    def serve_until_stopped(self):
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stopping:
                for key, _ in selector.select():
                    if key.fileobj is self._wake_r or self._stopping:
                        return
                    self._handle_request_noblock()

    def request_stop(self):
        self._stopping = True
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def server_close(self):
        super().server_close()
        self._wake_r.close()
        self._wake_w.close()

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)        # full: drop, the page retries
            return
        with self._active_lock:
            self._active.add(request)
        try:
            super().process_request(request, client_address)
        except Exception:
            self._finished(request)
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._finished(request)

    def _finished(self, request):
        with self._active_lock:
            if request in self._active:
                self._active.discard(request)
                self._slots.release()

    def cut_active(self):
        with self._active_lock:
            for sock in list(self._active):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def handle_error(self, request, client_address):
        log.debug("vote server: error while handling a request", exc_info=True)


class VoteServer:
    """One vote server for one class session. Start it, show join_url, open rounds."""

    def __init__(self, host: str = "0.0.0.0", port: int = 0, *, room_code: str | None = None,
                 web_root: Path | str = WEB_ROOT, limits: Limits = Limits()):
        if not 0 <= int(port) <= 65535:
            raise ValueError(f"port must be 0..65535, got {port}")
        if room_code is not None and (not room_code or
                                      any(ch not in ROOM_ALPHABET for ch in room_code)):
            raise ValueError(f"room code must use only the letters {ROOM_ALPHABET}")
        self.host = host
        self.requested_port = int(port)
        self.room_code = room_code or make_room_code()
        self.web_root = Path(web_root).resolve()
        self.limits = limits
        self.device_limiter = TokenBuckets(limits.device_burst, limits.device_rate)
        self.new_device_limiter = TokenBuckets(limits.new_device_burst, limits.new_device_rate)
        self.bad_room_limiter = TokenBuckets(limits.bad_room_burst, limits.bad_room_rate)
        self._devices: set[str] = set()
        self._lock = threading.Lock()
        self._round: VoteRound | None = None
        self._prompt = ""
        self._generation = 0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> "VoteServer":
        if self._httpd is not None:
            return self
        try:
            httpd = _HTTPServer((self.host, self.requested_port), VoteRequestHandler, self)
        except OSError as exc:
            raise VoteServerError(_bind_message(exc, self.host, self.requested_port)) from None
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_until_stopped,
                                        name="rapport-vote-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end requests in flight, free the port. Safe to call twice."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        httpd.request_stop()        # the accept loop returns at once
        if thread is not None:
            thread.join()
        httpd.cut_active()          # a stalled phone must not hold the session open
        httpd.server_close()        # closes the port and joins request threads
        self._httpd = self._thread = None

    def __enter__(self) -> "VoteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the vote server is not running")
        return self._httpd.server_address[1]

    @property
    def join_url(self) -> str:
        host = lan_address() if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}/?room={self.room_code}"

    # -- rounds (called by the game) ------------------------------------------------
    def open_round(self, decision_id: str, prompt: str,
                   choices: list[tuple[str, str]]) -> VoteRound:
        """Start voting on a decision; any previous round is closed and replaced."""
        new = VoteRound(decision_id, choices)
        with self._lock:
            old = self._round
            if old is not None:
                old.close()
            self._generation = self._version_locked() + 1
            self._round = new
            self._prompt = str(prompt)
        return new

    def close_round(self) -> Tally | None:
        with self._lock:
            rnd = self._round
        return rnd.close() if rnd is not None else None

    def current_tally(self) -> Tally | None:
        with self._lock:
            rnd = self._round
        return rnd.tally() if rnd is not None else None

    @property
    def current_round(self) -> VoteRound | None:
        with self._lock:
            return self._round

    def add_hands(self, choice_id: str, n: int = 1) -> int:
        return self._require_round().add_hands(choice_id, n)

    def remove_hands(self, choice_id: str, n: int = 1) -> int:
        return self._require_round().remove_hands(choice_id, n)

    @property
    def version(self) -> int:
        """Changes whenever anything a screen shows changes; cheap to poll every frame."""
        with self._lock:
            return self._version_locked()

    def _version_locked(self) -> int:
        return self._generation + (self._round.version if self._round is not None else 0)

    def _require_round(self) -> VoteRound:
        with self._lock:
            if self._round is None:
                raise VoteError("no vote is open")
            return self._round

    # -- used by the request handler ------------------------------------------------
    def room_matches(self, given: str) -> bool:
        given = given.strip().upper().encode("utf-8", "replace")
        return secrets.compare_digest(given, self.room_code.encode("ascii"))

    def snapshot(self) -> tuple[VoteRound | None, str]:
        with self._lock:
            return self._round, self._prompt

    def known_device(self, token: str) -> bool:
        with self._lock:
            return token in self._devices

    def new_device(self) -> str | None:
        """Issue a device token, or None when the server already remembers too many."""
        with self._lock:
            if len(self._devices) >= self.limits.max_devices:
                return None
            token = secrets.token_urlsafe(18)
            self._devices.add(token)
            return token


def _bind_message(exc: OSError, host: str, port: int) -> str:
    where = f"port {port}" if port else "a free port"
    if exc.errno == errno.EADDRINUSE:
        return f"Cannot start the vote server: {where} is already in use. Choose another port."
    if exc.errno == errno.EACCES:
        return (f"Cannot start the vote server: not allowed to use {where}. "
                "Choose a port above 1024.")
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"Cannot start the vote server: this computer has no address {host!r}."
    return f"Cannot start the vote server on {host}:{port}: {exc.strerror or exc}."

