"""HTTP request handling for the vote server. Every request is treated as hostile.

Routes:
  GET  /                    the phone page (sets the device cookie on a first visit)
  GET  /static/<file>       files from the web folder only, by a short list of types
  GET  /api/state?room=CODE the open prompt and choices and this device's vote (no counts:
                            students should not see the bars and follow the majority)
  POST /api/vote            JSON {"room", "decision", "choice"} from a device cookie

Errors are short JSON messages with the right status; nothing from a request is ever
echoed back as markup, and no traceback reaches a client.
"""
from __future__ import annotations

import json
import logging
import re
import socket
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from game.classroom.tally import AlreadyVoted, UnknownChoice, VoteClosed

log = logging.getLogger("game.classroom.server")

COOKIE_NAME = "rapport_device"
COOKIE_MAX_AGE = 12 * 60 * 60           # a school day; a new session issues new devices
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{24}")
_DRAIN_LIMIT = 64 * 1024                # oversize bodies up to this are read and dropped

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
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    408: "request timeout",
    411: "length required",
    413: "request too large",
    414: "request line too long",
    415: "JSON expected",
    429: "too many requests",
    431: "headers too large",
    500: "server error",
    501: "not supported",
    503: "server busy",
}


def json_bytes(data) -> bytes:
    """JSON with <, > and & escaped as well, so no byte of a response reads as markup."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").encode("ascii"))


class VoteRequestHandler(BaseHTTPRequestHandler):
    server_version = "Rapport"
    protocol_version = "HTTP/1.0"       # one request per connection: threads stay short

    def setup(self):
        self.timeout = self.server.vote_server.limits.socket_timeout
        super().setup()

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
        return True

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
        except (ConnectionError, TimeoutError, socket.timeout):
            self.close_connection = True
        except Exception:
            log.exception("vote server: unexpected error")   # a bug; the client sees 500 only
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
            if self._device() is None:
                self._issue_device()        # first visit; if refused, the API asks again
            self._send_file(self.vs.web_root / "index.html")
        elif path.startswith("/static/"):
            self._send_static(path[len("/static/"):])
        elif path == "/api/state":
            self._api_state(query)
        else:
            self._error(404)

    def _post(self):
        path, _ = self._route()
        if path != "/api/vote":
            self._error(404 if path != "/api/state" else 405)
            return
        self._api_vote()

    # -- API --------------------------------------------------------------------------
    def _api_state(self, query: str):
        try:
            params = parse_qs(query, max_num_fields=8)
        except ValueError:
            self._error(400)
            return
        if not self._room_ok(params.get("room", [""])[0]):
            return
        device = self._device() or self._issue_device()
        if device is None or not self._rate_ok(device):
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

    def _api_vote(self):
        ctype = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if ctype != "application/json":
            self._error(415)
            return
        if not self._same_origin():
            self._error(403, "cross-site request refused")
            return
        body = self._read_body()
        if body is None:
            return
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._error(400, "body is not JSON")
            return
        if not isinstance(data, dict):
            self._error(400, "JSON object expected")
            return
        room = data.get("room")
        if not self._room_ok(room if isinstance(room, str) else ""):
            return
        limit = self.vs.limits.max_field
        if set(data) != {"room", "decision", "choice"} or not all(
                isinstance(v, str) and 0 < len(v) <= limit for v in data.values()):
            self._error(400, "expected {room, decision, choice} as short strings")
            return
        device = self._device()
        if device is None:
            self._error(403, "no device cookie: reload the page")
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
    def _room_ok(self, room: str) -> bool:
        if not room or len(room) > self.vs.limits.max_field:
            self._error(403, "room code required")
            return False
        if self.vs.room_matches(room):
            return True
        if not self.vs.bad_room_limiter.allow(self.client_address[0]):
            self._error(429)
        else:
            self._error(403, "wrong room code")
        return False

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
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            self._error(411)
            return None
        if not length_text.strip().isdigit():
            self._error(400, "bad Content-Length")
            return None
        length = int(length_text)
        if length > self.vs.limits.max_body:
            if length <= _DRAIN_LIMIT:
                # Read and drop it, so the client gets the 413 rather than a reset socket.
                self.rfile.read(length)
            self._error(413)
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

    def _issue_device(self) -> str | None:
        if not self.vs.new_device_limiter.allow(self.client_address[0]):
            self._error(429)
            return None
        token = self.vs.new_device()
        if token is None:
            self._error(503)
            return None
        self._cookie_header = (f"{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict; "
                               f"Max-Age={COOKIE_MAX_AGE}")
        return token

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
        self._send_file(target)

    def _send_file(self, target: Path):
        ctype = STATIC_TYPES.get(target.suffix.lower())
        try:
            ok = ctype is not None and target.is_file() and target.stat().st_size <= _MAX_STATIC
            data = target.read_bytes() if ok else b""
        except OSError:
            ok = False
        if not ok:
            self._error(404)
            return
        self._reply(200, data, ctype)

    # -- responses --------------------------------------------------------------------
    def _error(self, code: int, message: str | None = None, extra=()):
        self._reply_json(code, {"error": message or _REASONS.get(code, "request refused")},
                         extra)

    def _reply_json(self, code: int, data, extra=()):
        self._reply(code, json_bytes(data), "application/json; charset=utf-8", extra)

    def _reply(self, code: int, body: bytes, ctype: str, extra=()):
        self.send_response(code)
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        cookie = getattr(self, "_cookie_header", None)
        if cookie:
            self.send_header("Set-Cookie", cookie)
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self._replied = True
