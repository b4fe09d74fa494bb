"""HTTP request handling for the vote server. Every request is treated as hostile.

Routes:
  GET  /                    the phone page (no device yet: a page load costs the server nothing)
  GET  /static/<file>       files from the web folder only, by a short list of types
  POST /api/join            JSON {"room"}: the room code entered, a device cookie issued (the
                            only way a device is made; limited per address and per vote)
  GET  /api/state?room=CODE the open prompt and choices and this device's vote (no counts:
                            students should not see the bars and follow the majority)
  POST /api/vote            JSON {"room", "decision", "choice"} from a device cookie

The request has fully arrived before a handler runs (the server reads it, with a deadline and
size limits). Requests must name this server in Host: an address it serves on, so a web page
elsewhere cannot reach it through DNS rebinding. Errors are short JSON messages with the right
status; nothing from a request is ever echoed back as markup, and no traceback reaches a client.
"""
from __future__ import annotations

import email.utils
import io
import ipaddress
import json
import logging
import re
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from game.classroom.tally import AlreadyVoted, UnknownChoice, VoteClosed


class DeviceRefused(Exception):
    """No device for this phone now: `status` is the HTTP status, str() the reason."""

    def __init__(self, status: int, message: str, retry_after: int = 5):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

log = logging.getLogger("game.classroom.server")

COOKIE_NAME = "rapport_device"
COOKIE_MAX_AGE = 12 * 60 * 60           # a school day; a new session issues new devices
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{24}")
_LENGTH_RE = re.compile(r"[0-9]{1,9}")   # ASCII digits only: "²".isdigit() is True
_PORT_RE = re.compile(r"[0-9]{1,5}")

SECURITY_HEADERS = (
    ("Content-Security-Policy",
     "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
     "object-src 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)

STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
_MAX_STATIC = 1024 * 1024

_REASONS = {
    400: "bad request",
    401: "join the room first",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    408: "request timeout",
    411: "length required",
    413: "request too large",
    414: "request line too long",
    415: "JSON expected",
    421: "wrong host",
    429: "too many requests",
    431: "headers too large",
    500: "server error",
    501: "not supported",
    503: "server busy",
    505: "HTTP version not supported",
}
_STATUS_LINES = {400: "Bad Request", 408: "Request Timeout", 414: "URI Too Long",
                 431: "Request Header Fields Too Large", 503: "Service Unavailable"}


def json_bytes(data) -> bytes:
    """JSON with <, > and & escaped as well, so no byte of a response reads as markup."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").encode("ascii"))


def raw_error(code: int) -> bytes:
    """A whole error response, for a request the server refuses before any handler runs."""
    body = json_bytes({"error": _REASONS.get(code, "request refused")})
    lines = [f"HTTP/1.0 {code} {_STATUS_LINES.get(code, 'Error')}", "Server: Rapport",
             f"Date: {email.utils.formatdate(usegmt=True)}"]
    lines += [f"{name}: {value}" for name, value in SECURITY_HEADERS]
    lines += ["Content-Type: application/json; charset=utf-8", f"Content-Length: {len(body)}",
              "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


class VoteRequestHandler(BaseHTTPRequestHandler):
    """Answers one request that has already fully arrived (`request` is the server's record
    of it: the bytes read, the local address the client reached, the buffer for the answer)."""
    server_version = "Rapport"
    protocol_version = "HTTP/1.0"       # one request per connection: threads stay short

    def setup(self):
        conn = self.request
        self.connection = conn.sock
        self.local_address = conn.local or conn.sock.getsockname()   # the address reached
        self.rfile = io.BytesIO(bytes(conn.buf))
        self.wfile = conn.out           # the server writes it out without blocking

    def finish(self):
        pass                            # the answer stays in wfile for the server to send

    @property
    def vs(self):
        return self.server.vote_server

    def version_string(self):
        return self.server_version      # no Python version for fingerprinting

    def log_message(self, format, *args):
        pass                            # quiet: no line per request on the game's stderr

    def parse_request(self):
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":
            # 0.9 answers carry no headers, so none of the security headers; no browser uses it.
            self.send_error(400)
            return False
        host = self._host_problem()
        if host:
            self.send_error(host)
            return False
        return True

    def _host_problem(self) -> int:
        """0 when Host names this server: the address the client connected to (and its port),
        or localhost on loopback. 421 for any other name, which is what a page elsewhere
        reaching this server through DNS rebinding sends; 400 when missing in HTTP/1.1."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            return 400
        if not hosts:
            return 400 if self.request_version != "HTTP/1.0" else 0
        host = hosts[0].strip().lower()
        if host.startswith("["):
            name, _, rest = host[1:].partition("]")
            if rest and not rest.startswith(":"):
                return 400
            port = rest[1:]
        else:
            name, _, port = host.partition(":")
        local_ip, local_port = self.local_address[0], self.local_address[1]
        if port:
            if not _PORT_RE.fullmatch(port) or int(port) != local_port:
                return 421
        elif local_port != 80:
            return 421
        if name == local_ip.lower():
            return 0
        try:
            loopback = ipaddress.ip_address(local_ip).is_loopback
        except ValueError:
            loopback = False
        return 0 if name == "localhost" and loopback else 421

    def send_error(self, code, message=None, explain=None):
        # Replaces http.server's HTML error page, which would echo parts of the request.
        self.close_connection = True
        if self.request_version in ("HTTP/0.9", ""):
            self.request_version = "HTTP/1.0"     # always answer with a status line and headers
        self._reply_json(code, {"error": _REASONS.get(code, "request refused")})

    # -- dispatch ---------------------------------------------------------------------
    def do_GET(self):
        self._guarded(self._get)

    def do_POST(self):
        self._guarded(self._post)

    def _guarded(self, action):
        self._replied = False
        self._cookie_header: str | None = None
        try:
            action()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:
            # A bug: the client sees a 500 only; the terminal one line, not a traceback (turn on
            # debug logging for that).
            log.error("vote server: unexpected error: %s: %s", type(exc).__name__, exc)
            log.debug("vote server: unexpected error", exc_info=True)
            self.close_connection = True
            if not self._replied:
                try:
                    self._reply_json(500, {"error": _REASONS[500]})
                except OSError:
                    pass

    def _route(self) -> tuple[str, str]:
        # Split by hand: urlsplit would read "//host/x" as a network location.
        raw = self.path.split("#", 1)[0]
        path, _, query = raw.partition("?")
        return path, query

    def _get(self):
        path, query = self._route()
        if path in ("/", "/index.html"):
            self._send_page()                                   # no device: joining makes one
        elif path.startswith("/static/"):
            self._send_static(path[len("/static/"):])
        elif path == "/api/state":
            self._api_state(query)
        else:
            self._error(404)

    def _post(self):
        path, _ = self._route()
        if path == "/api/vote":
            self._api_vote()
        elif path == "/api/join":
            self._api_join()
        else:
            self._error(404 if path != "/api/state" else 405)

    # -- API --------------------------------------------------------------------------
    def _api_state(self, query: str):
        try:
            params = parse_qs(query, max_num_fields=8)
        except ValueError:
            self._error(400)
            return
        device = self._device()
        if not self._room_ok(params.get("room", [""])[0], device):
            return
        if device is None:
            self._error(401)                # the page joins (POST /api/join), then asks again
            return
        if not self._rate_ok(device):
            return
        rnd, prompt = self.vs.snapshot()
        data = {"room": self.vs.room_code, "round": None, "your_vote": None}
        if rnd is not None:
            data["round"] = {
                "decision": rnd.decision_id,
                "prompt": prompt,
                "choices": [{"id": cid, "label": label} for cid, label in rnd.choices],
                "open": not rnd.closed,
            }
            data["your_vote"] = rnd.vote_of(device)
        self._reply_json(200, data)

    def _json_body(self) -> dict | None:
        """The POST body as a JSON object from this site, or None after answering the error."""
        ctype = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if ctype != "application/json":
            self._error(415)
            return None
        if not self._same_origin():
            self._error(403, "cross-site request refused")
            return None
        body = self._read_body()
        if body is None:
            return None
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self._error(400, "body is not JSON")
            return None
        if not isinstance(data, dict):
            self._error(400, "JSON object expected")
            return None
        return data

    def _api_join(self):
        data = self._json_body()
        if data is None:
            return
        room = data.get("room")
        device = self._device()
        if not self._room_ok(room if isinstance(room, str) else "", device):
            return
        if set(data) != {"room"}:
            self._error(400, "expected {room}")
            return
        if device is None:
            try:
                device = self.vs.join_device(self.client_address[0])
            except DeviceRefused as refused:
                extra = (("Retry-After", str(refused.retry_after)),)
                self._error(refused.status, str(refused), extra)
                return
            self._cookie_header = (f"{COOKIE_NAME}={device}; Path=/; HttpOnly; "
                                   f"SameSite=Strict; Max-Age={COOKIE_MAX_AGE}")
        self._reply_json(200, {"ok": True, "room": self.vs.room_code})

    def _api_vote(self):
        data = self._json_body()
        if data is None:
            return
        room = data.get("room")
        device = self._device()
        if not self._room_ok(room if isinstance(room, str) else "", device):
            return
        limit = self.vs.limits.max_field
        if set(data) != {"room", "decision", "choice"} or not all(
                isinstance(v, str) and 0 < len(v) <= limit for v in data.values()):
            self._error(400, "expected {room, decision, choice} as short strings")
            return
        if device is None:
            self._error(401)                # the page joins again and resends
            return
        if not self._rate_ok(device):
            return
        rnd, _ = self.vs.snapshot()
        if rnd is None or rnd.decision_id != data["decision"]:
            self._error(409, "this vote is no longer open")
            return
        try:
            rnd.vote(device, data["choice"])
        except UnknownChoice:
            self._error(400, "unknown choice")
        except VoteClosed:
            self._error(409, "voting has closed")
        except AlreadyVoted:
            self._error(409, "this device has already voted")
        else:
            self._reply_json(200, {"ok": True, "your_vote": data["choice"]})

    # -- request checks ---------------------------------------------------------------
    def _room_ok(self, room: str, device: str | None) -> bool:
        if not room or len(room) > self.vs.limits.max_field:
            self._error(403, "room code required")
            return False
        if device is not None and self.vs.room_matches(room):
            return True                     # joined with this code already: nothing to guess
        address = self.client_address[0]
        if not self.vs.may_guess(address):  # refused before comparing: a 429 tells nothing
            self._error(429, extra=(("Retry-After", str(self.vs.guess_retry_after(address))),))
            return False
        right = self.vs.room_matches(room)
        self.vs.guessed(address, right)
        if not right:
            self._error(403, "wrong room code")
        return right

    def _rate_ok(self, device: str) -> bool:
        limiter = self.vs.device_limiter
        if limiter.allow(device):
            return True
        self._error(429, extra=(("Retry-After", str(limiter.retry_after(device))),))
        return False

    def _same_origin(self) -> bool:
        # Browsers send Origin on POST; a page elsewhere must not vote with a student's cookie.
        origin = self.headers.get("Origin")
        if origin is None:
            return True         # not a browser's cross-site request (curl, tests)
        host = self.headers.get("Host", "")
        return origin != "null" and urlsplit(origin).netloc.lower() == host.lower()

    def _read_body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding"):
            self._error(411)
            return None
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            self._error(411)
            return None
        if len(lengths) > 1 or not _LENGTH_RE.fullmatch(lengths[0].strip()):
            self._error(400, "bad Content-Length")
            return None
        length = int(lengths[0])
        if length > self.vs.limits.max_body:
            self._error(413)                # the server read and dropped it (up to 64 KiB)
            return None
        body = self.rfile.read(length)
        if len(body) != length:
            self._error(400, "body shorter than Content-Length")
            return None
        return body

    # -- devices ----------------------------------------------------------------------
    def _device(self) -> str | None:
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE_NAME and _TOKEN_RE.fullmatch(value) and self.vs.known_device(value):
                return value
        return None

    # -- files ------------------------------------------------------------------------
    def _send_static(self, quoted: str):
        try:
            rel = unquote(quoted, errors="strict")
        except UnicodeDecodeError:
            rel = ""
        if not rel or "\x00" in rel or "\\" in rel:
            self._error(404)
            return
        root = self.vs.web_root
        try:
            target = (root / rel).resolve()
        except (OSError, ValueError, RuntimeError):
            self._error(404)
            return
        # Resolve first, then check the parent: "..", symlinks and encodings all end here.
        if not target.is_relative_to(root) or target == root:
            self._error(404)
            return
        if target == root / "index.html":
            self._send_page()                   # the template only ever leaves filled in
            return
        self._send_file(target)

    def _send_page(self):
        page = self.vs.page
        if page is None:
            self._error(404)
            return
        self._reply(200, page, STATIC_TYPES[".html"])

    def _send_file(self, target: Path):
        ctype = STATIC_TYPES.get(target.suffix.lower())
        cache = self.vs.file_cache
        data = cache.get(target)
        if data is None:
            try:
                ok = (ctype is not None and target.is_file()
                      and target.stat().st_size <= _MAX_STATIC)
                data = target.read_bytes() if ok else None
            except OSError:
                data = None
            if data is None:
                self._error(404)
                return
            if len(cache) < 32:         # the page is a handful of small files
                cache[target] = data
        self._reply(200, data, ctype)

    # -- responses --------------------------------------------------------------------
    def _error(self, code: int, message: str | None = None, extra=()):
        self._reply_json(code, {"error": message or _REASONS.get(code, "request refused")},
                         extra)

    def _reply_json(self, code: int, data, extra=()):
        self._reply(code, json_bytes(data), "application/json; charset=utf-8", extra)

    def _reply(self, code: int, body: bytes, ctype: str, extra=()):
        # The answer built in one piece (what send_response and send_header would write, with
        # the fixed headers encoded once and the date once a second): a class voting at once
        # is hundreds of answers a second on one thread.
        if self.request_version == "HTTP/0.9":    # (refused in parse_request; kept exact)
            self.wfile.write(body)
            self._replied = True
            return
        reason = self.responses.get(code, ("",))[0]
        head = [f"{self.protocol_version} {code} {reason}\r\n".encode("latin-1", "strict"),
                _DATE.line(), _FIXED_HEADERS,
                f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n".encode("latin-1", "strict")]
        cookie = getattr(self, "_cookie_header", None)
        if cookie:
            head.append(f"Set-Cookie: {cookie}\r\n".encode("latin-1", "strict"))
        for name, value in extra:
            head.append(f"{name}: {value}\r\n".encode("latin-1", "strict"))
            if name.lower() == "connection":
                self.close_connection = value.lower() == "close"
        head.append(b"\r\n")
        if self.command != "HEAD":
            head.append(body)                       # one write for the whole answer
        self.wfile.write(b"".join(head))
        self._replied = True


class _DateLine:
    """The Date header line, formatted once a second."""

    def __init__(self):
        self._second = -1
        self._line = b""

    def line(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._line = f"Date: {email.utils.formatdate(now, usegmt=True)}\r\n".encode("ascii")
            self._second = now
        return self._line


_DATE = _DateLine()
_FIXED_HEADERS = ("Server: Rapport\r\n" + "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS)
                  ).encode("latin-1")
