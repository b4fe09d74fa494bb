"""The class-vote web server: phones open a small page on the local network and vote.

Runs on one background thread inside the game only while voting is enabled, listening on
0.0.0.0 by default (phones reach it over Wi-Fi; docs/classroom.md says what that means on a
campus network). Every request is untrusted:

- it must arrive whole within Limits.request_deadline and Limits.max_header/max_body bytes; a
  trickling client holds only a table entry, and a full table drops the oldest connection of the
  busiest address, never the newcomer (slowloris);
- Host must name the address and port the client reached (DNS rebinding: 421 otherwise);
- a device (an HttpOnly cookie) is made only by entering the room code (POST /api/join), at most
  Limits.new_devices_per_vote per address per vote, and few that have not yet stayed on the page
  (Limits.unproven_per_address / _per_room): a class behind one NAT fills in within seconds, a
  script dropping cookies does not; attendance() gives the facilitator the phones here to hold
  against the votes. Devices are forgotten when idle and when the server stops;
- wrong room codes are slowed per address and per room, refused before the code is compared;
- each device is rate limited and votes once per decision; files come only from
  game/classroom/web/; errors are short JSON and never reveal internals.

    with VoteServer(port=8765) as srv:
        show(srv.join_url, srv.room_code)
        srv.open_round("n3", "What do you say?", [("a", "..."), ("b", "...")])
        ... srv.version changes -> redraw bars from srv.current_tally() ...
        tally = srv.close_round()
"""
from __future__ import annotations

import errno
import io
import ipaddress
import logging
import math
import re
import secrets
import selectors
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from game.classroom.handler import DeviceRefused, VoteRequestHandler, raw_error
from game.classroom.limits import TokenBuckets
from game.classroom.phone_text import render_page
from game.classroom.tally import Tally, VoteError, VoteRound
from game.i18n import _

__all__ = ["VoteServer", "VoteServerError", "Limits", "Attendance", "DeviceRefused",
           "make_room_code", "lan_address", "ROOM_ALPHABET", "WEB_ROOT"]

log = logging.getLogger(__name__)

WEB_ROOT = Path(__file__).resolve().parent / "web"

# Letters only, without I and O: nothing to confuse with 1, l or 0 when read off a projector.
ROOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ROOM_CODE_LENGTH = 5


def make_room_code(length: int = ROOM_CODE_LENGTH) -> str:
    return "".join(secrets.choice(ROOM_ALPHABET) for _position in range(length))


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
    """The server could not start; str() says why in words a facilitator can act on (in the
    game's language), ``kind`` which trouble it was: "in-use", "not-allowed", "no-address" or
    "other"."""

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Limits:
    """Request limits. Defaults suit a class of 40 on one network with room to spare."""
    max_body: int = 1024               # bytes in a POST body
    max_field: int = 64                # characters in room/decision/choice
    device_burst: int = 20             # API requests a device may make at once ...
    device_rate: float = 3.0           # ... and per second after that (page polls ~0.7/s)
    new_device_burst: int = 60         # devices one address may join at once ...
    new_device_rate: float = 1.0       # ... and per second after that
    new_devices_per_vote: int = 60     # devices one address may join while one vote is open
                                       # (a class of 40 behind one NAT, with room for rejoins)
    unproven_per_address: int = 15     # devices of one address not yet seen over `presence`
                                       # seconds: a page proves itself by polling, so a NAT
                                       # class fills in within seconds, a cookie-dropping
                                       # script stays stuck here
    unproven_per_room: int = 250       # the same for all addresses together (rotating ones)
    room_size: int = 60                # devices the room holds at once (the facilitator can
                                       # raise it live); beyond, joins are refused and counted:
                                       # a script rotating addresses adds at most the empty seats
    bad_room_burst: int = 20           # wrong room codes one address may send at once ...
    bad_room_rate: float = 0.5         # ... and per second after that (stops guessing)
    room_guess_burst: int = 30         # wrong room codes from all addresses together ...
    room_guess_rate: float = 2.0       # ... and per second after that (rotating addresses)
    max_devices: int = 5000            # devices remembered by one server
    device_idle: float = 120.0         # seconds unseen before a device that has not voted in
                                       # the open round may be forgotten
    presence: float = 3.0              # seconds a device must be seen over to count as a phone
                                       # in the room (a page polls; a cookie-dropping script not)
    max_connections: int = 512         # connections being read at once; beyond, the oldest of
                                       # the address holding most is dropped for the newcomer
    request_deadline: float = 10.0     # seconds for a whole request to arrive, however it trickles
    max_header: int = 8192             # bytes of request line and headers
    socket_timeout: float = 5.0        # seconds a client may take to read our answer
    backlog: int = 1024                # connections the kernel queues before we accept them


@dataclass(frozen=True)
class Attendance:
    """What the facilitator can hold the phone votes against.

    `present` counts devices a phone page kept asking with for at least Limits.presence
    seconds; a script that drops its cookie after every vote makes devices that never do.
    When the round's phone votes outnumber them, someone has probably voted more than once;
    when `present` itself is more than the people in the room, the facilitator can see it.
    """
    joined: int         # devices the server remembers for this session
    present: int        # of those, the ones seen over at least Limits.presence seconds
    votes: int          # phone votes in the current round
    busiest: int        # most devices joined from any one address
    room_size: int = 0  # devices the room holds now (VoteServer.set_room_size)
    refused: int = 0    # joins refused this session because the room was full

    @property
    def full(self) -> bool:
        return self.room_size > 0 and self.joined >= self.room_size

    @property
    def suspicious(self) -> bool:
        return self.votes > self.present


@dataclass
class _Device:
    address: str
    first_seen: float
    last_seen: float
    period: int             # the vote it joined in (VoteServer._period)


_HEAD_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(r"[0-9]{1,9}")
DRAIN_LIMIT = 64 * 1024   # an oversize body up to this is read and dropped, so the 413 arrives


class _Conn:
    """One connection: its request arriving (out is None), then its answer leaving."""
    __slots__ = ("addr", "buf", "deadline", "drained", "head_end", "linger", "local", "need",
                 "out", "sock", "watched")

    def __init__(self, sock: socket.socket, addr, local, deadline: float):
        self.sock, self.addr, self.local, self.deadline = sock, addr, local, deadline
        self.buf = bytearray()
        self.head_end: int | None = None
        self.need = 0            # body bytes still to come (beyond max_body: read, not kept)
        self.out = None          # the answer: a BytesIO while computed, then what is left
        self.linger = False      # the client may still be sending: drain before closing
        self.drained = -1        # bytes read and dropped after the answer (-1: not draining)
        self.watched = False     # registered with the selector (only once it has to wait)


class _HTTPServer:
    """The network side: one thread, no blocking calls, every connection in one table.

    A request is answered only once it has fully arrived, so a client that trickles bytes
    (slowloris) holds no thread, only a table entry with a deadline: the whole request must
    arrive within Limits.request_deadline, its head within Limits.max_header bytes, and the
    answer must be taken within Limits.socket_timeout. When the table is full a newcomer still
    gets in: the oldest connection of the address holding the most entries is dropped.
    Answers are computed in this thread (a fraction of a millisecond each: no thread hand-off,
    no lock contention) and written without blocking. Every loop is bounded in count and time.
    """

    def __init__(self, address, handler, vote_server: "VoteServer"):
        self.vote_server = vote_server
        self.handler = handler
        self.limits = limits = vote_server.limits
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):   # Windows: no other program may share it
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
            else:                                        # restart at once on the same port
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(limits.backlog)   # a whole class tapping at once must not overflow it
            if hasattr(socket, "TCP_DEFER_ACCEPT"):
                # Linux: accept() a connection once its request has begun to arrive, so most
                # are read and answered at once, without waiting in the selector (and a
                # connection that sends nothing costs the kernel a little, not our table).
                try:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 2)
                except OSError:
                    pass
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        self.socket = sock
        self.server_address = sock.getsockname()
        # The address a client reached, for the Host check: the bound one, or (bound to every
        # address) looked up per connection, only when a request gets that far.
        self._local = None if _is_any(self.server_address[0]) else self.server_address
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._stopping = False
        self._conns: dict[socket.socket, _Conn] = {}     # oldest first
        self._table_size = _table_size(limits.max_connections)

    # -- the loop -------------------------------------------------------------------------
    def serve_until_stopped(self):
        with selectors.DefaultSelector() as selector:
            self._selector = selector
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            next_sweep = 0.0
            try:
                while not self._stopping:
                    for key, _events in selector.select(0.25 if self._conns else None):
                        if self._stopping:
                            break
                        if key.fileobj is self._wake_r:
                            try:
                                self._wake_r.recv(64)
                            except OSError:
                                pass
                        elif key.fileobj is self.socket:
                            self._accept()
                        else:
                            self._serve(key.data)
                    now = time.monotonic()
                    if now >= next_sweep:
                        next_sweep = now + 0.2
                        for conn in [c for c in self._conns.values() if c.deadline <= now]:
                            if conn.out is None:
                                self._refuse(conn, 408)
                            else:
                                self._close(conn)   # not reading its answer, or done draining
            finally:
                for conn in list(self._conns.values()):
                    self._close(conn)

    def _serve(self, conn: _Conn):
        try:
            if conn.drained >= 0:
                self._drain(conn)
            elif conn.out is not None:
                self._write(conn)
            else:
                self._read(conn)
        except Exception:             # a bug must cost one connection, never the server
            log.debug("vote server: error on a connection", exc_info=True)
            self._close(conn)

    def _accept(self):
        for _attempt in range(128):              # bounded: the rest wait for the next turn
            try:
                sock, addr = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:                      # out of descriptors, say: make room
                if self._conns:
                    self._evict()
                else:
                    time.sleep(0.05)             # nothing of ours to free: do not spin
                return
            try:
                sock.setblocking(False)
            except OSError:
                sock.close()
                continue
            if len(self._conns) >= self._table_size:
                self._evict()
            conn = _Conn(sock, addr, self._local, time.monotonic() + self.limits.request_deadline)
            self._conns[sock] = conn
            self._serve(conn)                    # the request is usually here already
            if sock in self._conns and not conn.watched:
                self._watch(conn, selectors.EVENT_READ)

    def _watch(self, conn: _Conn, events: int) -> bool:
        """Wait in the selector for ``events`` on conn; False (conn closed) if it cannot."""
        try:
            if conn.watched:
                self._selector.modify(conn.sock, events, conn)
            else:
                self._selector.register(conn.sock, events, conn)
                conn.watched = True
        except (KeyError, ValueError, OSError):
            self._close(conn)
            return False
        return True

    def _evict(self):
        """Drop the oldest connection of the address that holds the most."""
        counts: dict[str, int] = {}
        for conn in self._conns.values():
            counts[conn.addr[0]] = counts.get(conn.addr[0], 0) + 1
        busiest = max(counts, key=counts.__getitem__)
        for conn in self._conns.values():
            if conn.addr[0] == busiest:
                if conn.out is None:        # tell it, without waiting: the entry goes now
                    try:
                        conn.sock.send(raw_error(503))
                    except OSError:
                        pass
                self._close(conn)
                return

    def _read(self, conn: _Conn):
        try:
            data = conn.sock.recv(16384)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:                             # the client went away
            self._close(conn)
            return
        limits = self.limits
        if conn.head_end is None:
            scan_from = max(0, len(conn.buf) - 3)
            conn.buf += data
            m = _HEAD_END.search(conn.buf, scan_from)
            if m is None:
                if len(conn.buf) > limits.max_header:
                    self._refuse(conn, _too_large(conn.buf, limits.max_header))
                return
            if m.end() > limits.max_header:
                self._refuse(conn, _too_large(conn.buf, limits.max_header))
                return
            conn.head_end = m.end()
            conn.need, conn.linger = _body_length(bytes(conn.buf[:m.start()]))
            data = bytes(conn.buf[conn.head_end:])
            del conn.buf[conn.head_end:]
        if data:
            data = data[:conn.need]
            keep = max(0, limits.max_body - (len(conn.buf) - conn.head_end))
            conn.buf += data[:keep]
            conn.need -= len(data)
        if conn.need <= 0:
            self._answer(conn)

    def _answer(self, conn: _Conn):
        out = io.BytesIO()
        conn.out = out
        try:
            self.handler(conn, conn.addr, self)
        except Exception:
            log.debug("vote server: error while handling a request", exc_info=True)
        self._send(conn, out.getvalue())

    def _refuse(self, conn: _Conn, status: int):
        conn.linger = True          # refused mid-request: more may be on its way
        self._send(conn, raw_error(status))

    def _send(self, conn: _Conn, data: bytes):
        """Write the answer now if the socket takes it (it nearly always does: answers are a
        few KiB), else wait until it can, within Limits.socket_timeout."""
        conn.out = memoryview(data)
        if self._write(conn):
            return
        conn.deadline = time.monotonic() + self.limits.socket_timeout
        self._watch(conn, selectors.EVENT_WRITE)

    def _write(self, conn: _Conn) -> bool:
        """Send what the socket takes; True once the connection is finished with."""
        try:
            sent = conn.sock.send(conn.out)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            self._close(conn)
            return True
        conn.out = conn.out[sent:]
        if not conn.out:
            if conn.linger:
                self._start_drain(conn)
            else:
                self._close(conn)
            return True
        return False

    def _start_drain(self, conn: _Conn):
        """Closing with unread data would reset the connection and could destroy the answer
        before the client reads it: read and drop what still comes, briefly and boundedly."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._close(conn)
            return
        if not self._watch(conn, selectors.EVENT_READ):
            return
        conn.drained = 0
        conn.deadline = time.monotonic() + 1.0

    def _drain(self, conn: _Conn):
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        conn.drained += len(data)
        if not data or conn.drained > DRAIN_LIMIT:
            self._close(conn)

    def _close(self, conn: _Conn):
        self._conns.pop(conn.sock, None)
        if conn.watched:
            conn.watched = False
            try:
                self._selector.unregister(conn.sock)
            except (KeyError, ValueError, OSError):
                pass
        try:
            conn.sock.close()
        except OSError:
            pass

    # -- stopping ---------------------------------------------------------------------------
    def request_stop(self):
        self._stopping = True
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def cut_active(self):
        """Nothing to cut: the loop closed every connection when it returned."""

    def server_close(self):
        self.socket.close()
        self._wake_r.close()
        self._wake_w.close()


def _too_large(buf: bytearray, limit: int) -> int:
    """414 when the request line alone is over the limit, else 431 (the headers are)."""
    return 431 if b"\n" in buf[:limit] else 414


def _table_size(wanted: int) -> int:
    """Connections the table may hold: what Limits asks, within what this system allows a
    process (half the open-file limit, so the game keeps descriptors for its own files; under
    select(), as on Windows, its 512-socket ceiling)."""
    size = max(1, wanted)
    try:
        import resource
        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY:
            size = min(size, max(8, soft // 2))
    except (ImportError, OSError, ValueError):
        pass
    if selectors.DefaultSelector is selectors.SelectSelector:
        size = min(size, 500)
    return size


def _is_any(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _body_length(head: bytes) -> tuple[int, bool]:
    """Body bytes to wait for: the one well-formed Content-Length up to DRAIN_LIMIT, else 0
    (the handler then refuses the request with the right status, without waiting); and
    whether a body may still be coming that nobody waits for (drain it after the answer)."""
    values = []
    for line in head.split(b"\n")[1:]:
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        name = name.strip().lower()
        if name == b"transfer-encoding":
            return 0, True
        if name == b"content-length":
            values.append(value.strip())
    if not values:
        return 0, False
    if len(values) != 1 or not _CONTENT_LENGTH.fullmatch(values[0].decode("latin-1")):
        return 0, True
    length = int(values[0])
    return (length, False) if length <= DRAIN_LIMIT else (0, True)


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
        self.room_guess_limiter = TokenBuckets(limits.room_guess_burst, limits.room_guess_rate,
                                               max_keys=1)
        self._good_addresses: set[str] = set()       # sent the right code: no room-wide gate
        self.file_cache: dict[Path, bytes] = {}      # the page's files, read once a session
        # The phone page in the game's language as it is now (the facilitator's): made once.
        self.page: bytes | None = _page(self.web_root)
        self._devices: dict[str, _Device] = {}
        self._joins: dict[str, int] = {}             # address -> devices joined this vote
        self._period = 0                             # counts votes opened
        self._room_size = max(1, int(limits.room_size))
        self._refused_full = 0                       # joins refused: the room was full
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
            raise VoteServerError(_bind_message(exc, self.host, self.requested_port),
                                  _bind_kind(exc)) from None
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_until_stopped,
                                        name="rapport-vote-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end requests in flight, free the port and forget every device.
        Safe to call twice."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        httpd.request_stop()        # the loop closes every connection and returns at once
        if thread is not None:
            thread.join()
        httpd.server_close()        # the loop closed every connection; now the port
        self._httpd = self._thread = None
        with self._lock:
            self._devices.clear()
            self._joins.clear()
            self._good_addresses.clear()
            self._refused_full = 0

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
        """Start voting on a decision; any previous round is closed and replaced.

        Each vote starts a fresh count of devices joined per address, and devices not seen
        for Limits.device_idle seconds are forgotten (their phones join again if they return).
        """
        new = VoteRound(decision_id, choices)
        with self._lock:
            old = self._round
            if old is not None:
                old.close()
            self._generation = self._version_locked() + 1
            self._round = new
            self._prompt = str(prompt)
            self._joins.clear()
            self._period += 1
            self._forget_idle_locked(time.monotonic())
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

    def attendance(self) -> Attendance:
        """Phones in the room against phone votes in this round (see Attendance)."""
        with self._lock:
            rnd = self._round
            span = self.limits.presence
            present = sum(1 for d in self._devices.values() if d.last_seen - d.first_seen >= span)
            per_address: dict[str, int] = {}
            for d in self._devices.values():
                per_address[d.address] = per_address.get(d.address, 0) + 1
            joined = len(self._devices)
            room_size, refused = self._room_size, self._refused_full
        votes = sum(c.devices for c in rnd.tally().counts) if rnd is not None else 0
        return Attendance(joined, present, votes, max(per_address.values(), default=0), room_size, refused)

    @property
    def room_size(self) -> int:
        with self._lock:
            return self._room_size

    def set_room_size(self, size: int) -> int:
        """Let the room hold ``size`` devices from now on (at least 1); returns it. Raising it
        lets in the phones that were refused (their pages keep trying); lowering it forgets no
        device already in."""
        with self._lock:
            self._room_size = max(1, int(size))
            self._generation += 1                    # the panel shows the size: redraw
            return self._room_size

    # -- used by the request handler ------------------------------------------------
    def room_matches(self, given: str) -> bool:
        given = given.strip().upper().encode("utf-8", "replace")
        return secrets.compare_digest(given, self.room_code.encode("ascii"))

    def may_guess(self, address: str) -> bool:
        """Whether a room code from this address is checked at all: an address that has sent
        wrong codes is slowed, and so are all addresses together that never sent the right one
        (guessing from rotating addresses). Asked before comparing, so a refused guess learns
        nothing."""
        if not self.bad_room_limiter.ready(address):
            return False
        with self._lock:
            good = address in self._good_addresses
        return good or self.room_guess_limiter.ready("room")

    def guess_retry_after(self, address: str) -> int:
        return max(self.bad_room_limiter.retry_after(address),
                   self.room_guess_limiter.retry_after("room"))

    def guessed(self, address: str, right: bool) -> None:
        if right:
            with self._lock:
                if len(self._good_addresses) < 10_000:
                    self._good_addresses.add(address)
            return
        self.bad_room_limiter.allow(address)
        self.room_guess_limiter.allow("room")

    def snapshot(self) -> tuple[VoteRound | None, str]:
        with self._lock:
            return self._round, self._prompt

    def known_device(self, token: str) -> bool:
        """Whether token is a device of this session; seeing it keeps it alive."""
        with self._lock:
            device = self._devices.get(token)
            if device is None:
                return False
            device.last_seen = time.monotonic()
            return True

    def join_device(self, address: str) -> str:
        """A new device for a phone that entered the right room code; raises DeviceRefused
        when this address has joined too many this vote, or the table is full of live ones."""
        if not self.new_device_limiter.ready(address):     # spent only when one is made
            raise DeviceRefused(429, "too many new phones from this address; wait a moment",
                                self.new_device_limiter.retry_after(address))
        with self._lock:
            if self._joins.get(address, 0) >= self.limits.new_devices_per_vote:
                raise DeviceRefused(429, "too many new phones from this address for this vote")
            now = time.monotonic()
            span = self.limits.presence
            unproven = unproven_here = 0
            for d in self._devices.values():
                if d.period == self._period and d.last_seen - d.first_seen < span:
                    unproven += 1
                    unproven_here += d.address == address
            wait = max(1, math.ceil(span))       # the phones already in prove themselves
            if unproven_here >= self.limits.unproven_per_address:
                raise DeviceRefused(429, "too many new phones from this address; wait a moment",
                                    wait)
            if unproven >= self.limits.unproven_per_room:
                raise DeviceRefused(429, "too many new phones at once; wait a moment", wait)
            if len(self._devices) >= min(self.limits.max_devices, self._room_size):
                self._forget_idle_locked(now)
            if len(self._devices) >= self._room_size:
                self._refused_full += 1
                self._generation += 1                # the panel counts them: redraw
                raise DeviceRefused(409, f"this room is full ({self._room_size} phones): ask the "
                                    "facilitator to make room", 5)
            if len(self._devices) >= self.limits.max_devices:
                raise DeviceRefused(503, "server busy")
            self.new_device_limiter.allow(address)
            token = secrets.token_urlsafe(18)
            self._devices[token] = _Device(address, now, now, self._period)
            self._joins[address] = self._joins.get(address, 0) + 1
            return token

    def new_device(self, address: str = "") -> str | None:
        """Issue a device token, or None when refused (kept for callers of the old API)."""
        try:
            return self.join_device(address)
        except DeviceRefused:
            return None

    def _forget_idle_locked(self, now: float) -> None:
        rnd = self._round
        cutoff = now - self.limits.device_idle
        for token in [t for t, d in self._devices.items() if d.last_seen < cutoff]:
            if rnd is None or rnd.closed or rnd.vote_of(token) is None:
                del self._devices[token]     # never one whose vote in the open round counts


def _page(web_root: Path) -> bytes | None:
    try:
        template = (web_root / "index.html").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return render_page(template)


def _bind_kind(exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return "in-use"
    if exc.errno == errno.EACCES:
        return "not-allowed"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return "no-address"
    return "other"


def _bind_message(exc: OSError, host: str, port: int) -> str:
    kind = _bind_kind(exc)
    if kind == "in-use":
        return (_("Cannot start the vote server: port {port} is already in use. Choose another port.").format(port=port)
                if port
                else _("Cannot start the vote server: no free port. Choose a port."))
    if kind == "not-allowed":
        return (_("Cannot start the vote server: not allowed to use port {port}. Choose a port above 1024.").format(
                    port=port) if port
                else _("Cannot start the vote server: not allowed to use a free port. Choose a port above 1024."))
    if kind == "no-address":
        return _("Cannot start the vote server: this computer has no address {host}.").format(host=repr(host))
    return _("Cannot start the vote server on {host}:{port}: {reason}.").format(
        host=host, port=port, reason=exc.strerror or exc)

