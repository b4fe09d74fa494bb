"""Helpers for the class-vote tests: a loopback vote server and a cookie-keeping client.

Plain helpers live here rather than in conftest.py so test modules can import them."""
from __future__ import annotations

import http.client
import json

from game.classroom.server import VoteServer

CHOICES = [("a", "Ask what brought her here today"),
           ("b", "Explain the intake form first"),
           ("c", "Sit with the silence")]


class Voter:
    """One device: its own cookie, plain http.client requests to the loopback server."""

    def __init__(self, port: int, source: str = "127.0.0.1"):
        self.port = port
        self.source = source            # another loopback address stands in for another phone
        self.cookie: str | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                          source_address=(self.source, 0))
        try:
            sent = dict(headers or {})
            if self.cookie and "Cookie" not in sent:
                sent["Cookie"] = self.cookie
            conn.request(method, path, body=body, headers=sent)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        set_cookie = resp.headers.get("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0]
        return resp.status, resp.headers, data

    def state(self, room: str) -> tuple[int, dict]:
        status, _, data = self.request("GET", f"/api/state?room={room}")
        return status, json.loads(data)

    def vote(self, room: str, decision: str, choice: str) -> tuple[int, dict]:
        body = json.dumps({"room": room, "decision": decision, "choice": choice}).encode()
        status, _, data = self.request("POST", "/api/vote", body,
                                       {"Content-Type": "application/json"})
        return status, json.loads(data)

    def post_join(self, room: str) -> tuple[int, dict]:
        """Enter the room code, as the page does: the only way to get a device cookie."""
        status, _, data = self.request("POST", "/api/join", json.dumps({"room": room}).encode(),
                                       {"Content-Type": "application/json"})
        return status, json.loads(data)

    def join(self, room: str) -> "Voter":
        status, _ = self.post_join(room)
        assert status == 200 and self.cookie
        return self


def start_server(**kwargs) -> VoteServer:
    kwargs.setdefault("host", "127.0.0.1")
    return VoteServer(**kwargs).start()
