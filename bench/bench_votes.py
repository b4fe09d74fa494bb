"""The class-vote server under attack and under load, before and after, in one bounded run.

Run: python bench/bench_votes.py [--before REV] [--only NAME ...] [--phones 200]

Everything stays on 127.0.0.1 (other loopback addresses, 127.0.x.y, stand in for other
phones or for an attacker who rotates addresses). Every phase has a fixed time budget, so the
whole run takes about two minutes at most. "before" is the vote server as it was at REV (by
default the commit before issue 11's hardening), loaded from git into a temporary package;
"after" is the working tree. Without git, only "after" runs.

Phases (issue 11, section 3):
  phones     200 phones join and vote at once; p50/p95/max of each request, and failures
  slowloris  70 sockets trickle a byte every 3 s; can a fresh phone still join and vote?
  stuffing   one address drops its cookie after every vote for 10 s: counted votes
  rotating   the same from rotating loopback addresses for 5 s: counted votes
  lockout    5,100 page loads from rotating addresses: devices created, can a phone still join?
  class40    a real class: 40 phones behind one address joining over 20 s, polling, voting
  guessing   wrong room codes from rotating addresses for 6 s: guesses answered per second,
             overall and in the last 3 s (once any burst allowance is spent)
  headers    Content-Length: ² and friends, a foreign Host header: statuses

On 2026-11-30 against 563f4fb (load average 10 to 16), before -> after (docs/performance.md):
  phones     p95 271-404 ms -> 317-373 ms (three runs each); server CPU 155 -> 121 us a request
  rotating   250 votes -> 60 (the room's size), 1,358 refused joins counted on the panel
  class40    40 phones behind one address over 20 s: 40/40 -> 40/40, none refused

Earlier, on 2 CPUs shared with other work (load average 7 to 12), before -> after:
  phones     p95 1,023-1,105 ms -> 69-203 ms over several runs (p95 of 800 requests)
  slowloris  0/30 fresh phones -> 30/30, the slowest in 10-192 ms
  stuffing   109 votes from one address -> 15, flagged on the facilitator panel
  rotating   1,048-1,473 votes -> 250 (Limits.unproven_per_room), flagged
  lockout    5,000 devices from page loads and a 503 for a real phone -> 0 devices, 200
  guessing   1,052-1,215 guesses/s -> 2.3/s once the room's burst is spent (half the
             code space: about an hour -> about 20 days)
  headers    500, 500, 403, 200 -> 400, 400, 400, 421
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BEFORE_REV = "e35addc"       # the vote server before issue 11 section 3
FILES = ("server.py", "handler.py", "limits.py", "tally.py")
CHOICES = [("a", "A"), ("b", "B"), ("c", "C")]


# -- loading the two servers ---------------------------------------------------------------
def load_before(rev: str):
    """The vote server package as it was at rev, imported as `vote_before`; None without git."""
    if shutil.which("git") is None:
        return None
    tmp = Path(tempfile.mkdtemp(prefix="rapport-vote-before-"))
    pkg = tmp / "vote_before"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    try:
        for name in FILES:
            text = subprocess.run(["git", "show", f"{rev}:game/classroom/{name}"], cwd=ROOT,
                                  check=True, capture_output=True, text=True).stdout
            (pkg / name).write_text(text.replace("game.classroom.", "vote_before."))
        shutil.copytree(ROOT / "game/classroom/web", pkg / "web")
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"(no 'before' run: {exc})")
        return None
    sys.path.insert(0, str(tmp))
    import vote_before.server as before
    return before


def load_after():
    import game.classroom.server as after
    return after


# -- a phone or a script -------------------------------------------------------------------
class Client:
    """http.client from a chosen loopback address, keeping (or dropping) its cookie."""

    def __init__(self, port: int, source: str = "127.0.0.1", timeout: float = 10.0):
        self.port, self.source, self.timeout = port, source, timeout
        self.cookie: str | None = None

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                          source_address=(self.source, 0))
        try:
            sent = {"Host": f"127.0.0.1:{self.port}"}
            sent.update(headers or {})
            if self.cookie:
                sent.setdefault("Cookie", self.cookie)
            conn.request(method, path, body=body, headers=sent)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        cookie = resp.headers.get("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return resp.status, data

    def post(self, path, data):
        return self.request("POST", path, json.dumps(data).encode(),
                            {"Content-Type": "application/json"})

    def join(self, room) -> int:
        """Join the way the page does: POST /api/join where it exists, else a first GET."""
        status, _ = self.post("/api/join", {"room": room})
        if status == 404:                   # the old server: a page load issues the device
            status, _ = self.request("GET", "/")
            if status == 200:
                status, _ = self.request("GET", f"/api/state?room={room}")
        return status

    def vote(self, room, decision, choice) -> int:
        return self.post("/api/vote", {"room": room, "decision": decision, "choice": choice})[0]


def source(i: int) -> str:
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def start(mod, **limits):
    known = getattr(mod.Limits, "__dataclass_fields__", {})
    limits = {k: v for k, v in limits.items() if k in known}   # the old server lacks some
    srv = mod.VoteServer("127.0.0.1", 0, limits=mod.Limits(**limits)).start()
    srv.open_round("n1", "What now?", CHOICES)
    return srv


# -- phases ----------------------------------------------------------------------------------
class _Phone:
    """One phone's four requests, driven by the client loop below: page, join, state, vote."""

    def __init__(self, i: int, port: int, room: str):
        self.i, self.port, self.room, self.src = i, port, room, source(i)
        self.step, self.cookie, self.old_server = 0, None, False
        self.times: list[float] = []
        self.failures = 0

    def request(self) -> bytes | None:
        room, port = self.room, self.port
        if self.step == 0:
            method, path, body = "GET", "/", b""
        elif self.step == 1 and not self.old_server:
            method, path, body = "POST", "/api/join", json.dumps({"room": room}).encode()
        elif self.step in (1, 2):
            method, path, body = "GET", f"/api/state?room={room}", b""
        elif self.step == 3:
            vote = {"room": room, "decision": "n1", "choice": "abc"[self.i % 3]}
            method, path, body = "POST", "/api/vote", json.dumps(vote).encode()
        else:
            return None
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        if method == "POST":
            head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def _phones(port: int, room: str, n: int, out) -> None:
    """n phones at once, from a process of their own, on one non-blocking loop (phones are
    separate devices: their own costs must not queue behind the server's or behind hundreds
    of client threads). Each loads the page, joins, asks for the vote and votes, one request
    after another; a refused or dropped request is retried after 50 ms, as the page retries,
    and timed from its first try until it succeeds (at most 8 s)."""
    import heapq
    import selectors as sel_mod
    sel = sel_mod.DefaultSelector()
    phones = [_Phone(i, port, room) for i in range(n)]
    timers: list = [(0.0, i) for i in range(n)]          # (when, phone) to (re)send
    state: dict = {}                                     # socket -> [phone, out, reply, t0]
    first_try: dict = {}
    done = 0
    t_end = time.perf_counter() + 60
    start = time.perf_counter() + 0.2

    def send(p: _Phone):
        data = p.request()
        if data is None:
            return False
        s = socket.socket()
        s.setblocking(False)
        s.bind((p.src, 0))
        s.connect_ex(("127.0.0.1", port))
        first_try.setdefault(p.i, time.perf_counter())
        state[s] = [p, memoryview(data), bytearray()]
        sel.register(s, sel_mod.EVENT_WRITE)
        return True

    def finish(s, ok_reply):
        nonlocal done
        p, _, reply = state.pop(s)
        sel.unregister(s)
        s.close()
        status = int(reply[9:12]) if ok_reply and reply[:5] == b"HTTP/" else 0
        elapsed = time.perf_counter() - first_try[p.i]
        if status == 404 and p.step == 1:                # the old server: no join endpoint
            p.old_server = True
            heapq.heappush(timers, (0.0, p.i))
            return
        if status != 200 and elapsed < 8:
            heapq.heappush(timers, (time.perf_counter() + 0.05, p.i))
            return
        m = re.search(rb"\r\nSet-Cookie: ([^;\r]+)", reply)
        if m:
            p.cookie = m.group(1).decode()
        p.times.append(elapsed)
        p.failures += status != 200
        del first_try[p.i]
        p.step += 1
        if p.step < 4:
            heapq.heappush(timers, (0.0, p.i))
        else:
            done += 1

    while done < n and time.perf_counter() < t_end:
        now = time.perf_counter()
        while timers and timers[0][0] <= now and now >= start:
            _, i = heapq.heappop(timers)
            send(phones[i])
        wait = max(0.0, (timers[0][0] if timers else now + 0.05) - now, start - now)
        for key, events in sel.select(min(wait, 0.05) if timers else 0.05):
            s = key.fileobj
            entry = state[s]
            try:
                if events & sel_mod.EVENT_WRITE:
                    sent = s.send(entry[1])
                    entry[1] = entry[1][sent:]
                    if not entry[1]:
                        sel.modify(s, sel_mod.EVENT_READ)
                else:
                    chunk = s.recv(65536)
                    if chunk:
                        entry[2] += chunk
                    else:
                        finish(s, True)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                finish(s, False)
    out.put(([t for p in phones for t in p.times], sum(p.failures for p in phones)
             + sum(4 - len(p.times) for p in phones)))


P95_GOAL = 0.200


def _server_cpu(mod):
    """Wrap the server's loop to read the CPU time its thread spends (None for a server
    without that loop)."""
    cls = getattr(mod, "_HTTPServer", None)
    if cls is None or not hasattr(cls, "serve_until_stopped"):
        return None
    spent: list[float] = []
    inner = cls.serve_until_stopped

    def serve(self):
        t = time.thread_time()
        try:
            inner(self)
        finally:
            spent.append(time.thread_time() - t)
    cls.serve_until_stopped = serve
    return spent, lambda: setattr(cls, "serve_until_stopped", inner)


def _one_class(mod, n: int) -> tuple[list[float], int, int, float | None]:
    import multiprocessing
    srv = start(mod, room_size=max(60, 2 * n))   # a lecture hall: the facilitator sets its size
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    try:
        proc = ctx.Process(target=_phones, args=(srv.port, srv.room_code, n, out))
        proc.start()
        times, failures = out.get(timeout=120)
        proc.join(timeout=10)
        counted = srv.current_tally().total
    finally:
        srv.stop()
    return sorted(times), failures, counted, None


def phase_phones(mod, n: int, repeat: int = 3) -> str:
    """n phones at once, ``repeat`` times on fresh servers: each run's p95 against the goal,
    and the server's own CPU time per request (what the server controls on a loaded box)."""
    hook = _server_cpu(mod)
    runs = []
    try:
        for _ in range(repeat):
            runs.append(_one_class(mod, n))
    finally:
        if hook is not None:
            hook[1]()
    p95s = [t[int(0.95 * (len(t) - 1))] for t, *_ in runs]
    times, failures, counted, _ = runs[-1]
    met = sum(p <= P95_GOAL for p in p95s)
    cpu = ""
    if hook is not None and hook[0]:
        per = sum(hook[0]) / (repeat * 4 * n)
        cpu = f"; server CPU {per * 1e6:.0f} µs a request"
    return (f"{n} phones x 4 requests, {repeat} runs: p95 {', '.join(f'{p * 1000:.0f}' for p in p95s)} ms "
            f"(last run p50 {statistics.median(times) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms, "
            f"{failures} failed, {counted}/{n} votes counted){cpu}. "
            f"Goal p95 <= {P95_GOAL * 1000:.0f} ms: met in {met} of {repeat} runs ({'MET' if met == repeat else 'NOT MET'})")


def phase_slowloris(mod, sockets=70, seconds=9.0) -> str:
    srv = start(mod)
    stop = threading.Event()
    socks = []
    try:
        for i in range(sockets):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=2,
                                         source_address=(source(1000 + i), 0))
            s.sendall(b"GET / HTTP/1.1\r\n")
            socks.append(s)

        def trickle():
            while not stop.wait(3.0):
                for s in socks:
                    try:
                        s.sendall(b"X")
                    except OSError:
                        pass
        threading.Thread(target=trickle, daemon=True).start()
        time.sleep(0.5)
        ok = tries = 0
        slowest = 0.0
        t_end = time.monotonic() + seconds
        i = 0
        while time.monotonic() < t_end:
            c = Client(srv.port, source(i), timeout=3)
            t0 = time.monotonic()
            tries += 1
            try:
                if c.join(srv.room_code) == 200 and c.vote(srv.room_code, "n1", "a") == 200:
                    ok += 1
            except OSError:
                pass
            slowest = max(slowest, time.monotonic() - t0)
            i += 1
            time.sleep(0.3)
    finally:
        stop.set()
        for s in socks:
            s.close()
        srv.stop()
    return (f"{sockets} trickling sockets: {ok}/{tries} fresh phones joined and voted, "
            f"slowest {slowest * 1000:.0f} ms")


def phase_stuffing(mod, seconds=10.0) -> str:
    srv = start(mod)
    try:
        t_end = time.monotonic() + seconds
        while time.monotonic() < t_end:
            c = Client(srv.port, "127.0.0.9")          # a fresh cookie every time
            try:
                if c.join(srv.room_code) != 200:
                    time.sleep(0.05)
                    continue
                c.vote(srv.room_code, "n1", "b")
            except OSError:
                pass
        counted = srv.current_tally().total
        extra = attendance(srv)
    finally:
        srv.stop()
    return f"one address dropping cookies for {seconds:.0f} s: {counted} votes counted{extra}"


def phase_rotating(mod, seconds=5.0) -> str:
    srv = start(mod)
    counter = iter(range(10**9))
    lock = threading.Lock()
    t_end = time.monotonic() + seconds

    def worker(_):
        while time.monotonic() < t_end:
            with lock:
                i = next(counter)
            c = Client(srv.port, source(2000 + i % 60000))
            try:
                if c.join(srv.room_code) == 200:
                    c.vote(srv.room_code, "n1", "b")
            except OSError:
                pass

    try:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(worker, range(8)))
        counted = srv.current_tally().total
        extra = attendance(srv)
        size = getattr(srv, "room_size", None)
    finally:
        srv.stop()
    goal = (f". Goal: at most the room's {size} seats: {'MET' if counted <= size else 'NOT MET'}"
            if size is not None else "")
    return f"rotating addresses for {seconds:.0f} s: {counted} votes counted{extra}{goal}"


def phase_class40(mod, n=40, seconds=20.0) -> str:
    """A real class: n phones behind one NAT address joining over ``seconds`` (the default
    limits), each page polling as the page does (every 1.4 s), then voting. Goal: none refused."""
    srv = start(mod)
    results: list[int] = [0] * n
    joined_late = [0]

    def page(i):
        time.sleep(seconds * i / n)
        c = Client(srv.port, "127.0.0.8")
        t_end = time.monotonic() + seconds + 30
        status = 0
        while time.monotonic() < t_end:           # the page retries a busy answer
            try:
                status = c.join(srv.room_code)
            except OSError:
                status = 0
            if status == 200 or status == 404:     # 404: the old server has no join
                break
            joined_late[0] += 1
            time.sleep(2.0)
        for _ in range(3):
            try:
                c.request("GET", f"/api/state?room={srv.room_code}")
            except OSError:
                pass
            time.sleep(1.4)
        try:
            results[i] = c.vote(srv.room_code, "n1", "abc"[i % 3])
        except OSError:
            results[i] = 0
    try:
        threads = [threading.Thread(target=page, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 60)
        counted = srv.current_tally().total
        extra = attendance(srv)
    finally:
        srv.stop()
    ok = sum(r == 200 for r in results)
    return (f"{n} phones behind one address joining over {seconds:.0f} s: {ok}/{n} votes accepted, {counted} counted, "
            f"{joined_late[0]} busy answers retried{extra}. Goal: none refused: {'MET' if ok == n == counted else 'NOT MET'}")


def attendance(srv) -> str:
    fn = getattr(srv, "attendance", None)
    if fn is None:
        return " (the facilitator sees only the total)"
    a = fn()
    room = (f", room of {a.room_size} ({a.refused} joins refused as full)"
            if getattr(a, "room_size", 0) else "")
    return (f"; the facilitator sees {a.present} phones here, {a.votes} phone votes"
            + (", flagged" if a.suspicious else "") + room)


def phase_lockout(mod, loads=5100) -> str:
    srv = start(mod)
    try:
        def load(i):
            try:
                Client(srv.port, source(5000 + i)).request("GET", "/")
            except OSError:
                pass
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(load, range(loads)))
        devices = len(getattr(srv, "_devices", ()))
        phone = Client(srv.port, "127.0.0.2")
        joined = phone.join(srv.room_code)
    finally:
        srv.stop()
    return f"{loads} page loads: {devices} devices created; a real phone then joins: {joined}"


def phase_guessing(mod, seconds=6.0) -> str:
    srv = start(mod)
    answered = late = 0
    lock = threading.Lock()
    counter = iter(range(10**9))
    t_end = time.monotonic() + seconds
    wrong = "ZZZZZ" if srv.room_code != "ZZZZZ" else "YYYYY"

    def worker(_):
        nonlocal answered, late
        while time.monotonic() < t_end:
            with lock:
                i = next(counter)
            try:
                status = Client(srv.port, source(8000 + i % 60000)).request(
                    "GET", f"/api/state?room={wrong}")[0]
            except OSError:
                continue
            if status == 403:                   # a guess the server checked and answered
                with lock:
                    answered += 1
                    late += time.monotonic() > t_end - seconds / 2

    try:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(worker, range(8)))
    finally:
        srv.stop()
    rate, steady = answered / seconds, late / (seconds / 2)
    space = len(mod.ROOM_ALPHABET) ** 5
    half = space / 2 / max(steady, 1e-9)
    return (f"{rate:.0f} guesses/s answered from rotating addresses, {steady:.1f}/s in the last "
            f"{seconds / 2:.0f} s: half the code space in {human(half)}")


def human(seconds: float) -> str:
    for unit, size in (("years", 365 * 86400), ("days", 86400), ("hours", 3600),
                       ("minutes", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def phase_headers(mod) -> str:
    srv = start(mod)
    out = []
    try:
        post = ("POST /api/vote HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n"
                "Content-Type: application/json\r\n")
        cases = [("Content-Length: \u00b2", post + "Content-Length: \u00b2\r\n\r\n"),
                 ("Content-Length: 1\u00b9", post + "Content-Length: 1\u00b9\r\n\r\n"),
                 ("two Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{{}}"),
                 ("foreign Host", "GET / HTTP/1.1\r\nHost: rebind.example:{p}\r\n\r\n")]
        for name, raw in cases:
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            try:
                s.sendall(raw.format(p=srv.port).encode("latin-1"))   # as one byte, as a script sends it
                reply = s.recv(200)
            except OSError as exc:
                reply = str(exc).encode()
            finally:
                s.close()
            m = re.match(rb"HTTP/1\.[01] (\d+)", reply)
            out.append(f"{name} -> {m.group(1).decode() if m else reply[:30]!r}")
    finally:
        srv.stop()
    return "; ".join(out)


PHASES = ("phones", "slowloris", "stuffing", "rotating", "class40", "lockout", "guessing", "headers")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default=BEFORE_REV, help="git revision for the 'before' run")
    ap.add_argument("--no-before", action="store_true", help="measure the working tree only")
    ap.add_argument("--only", nargs="*", choices=PHASES, default=list(PHASES))
    ap.add_argument("--phones", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3, help="runs of the phones phase (each p95 is shown)")
    args = ap.parse_args(argv)
    if args.phones < 1 or args.phones > 500:
        ap.error("--phones must be 1..500")
    import logging
    logging.disable(logging.CRITICAL)           # the old server logs tracebacks we provoke
    servers = [("after", load_after())]
    if not args.no_before:
        before = load_before(args.before)
        if before is not None:
            servers.insert(0, (f"before ({args.before})", before))
    t0 = time.monotonic()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the start")
    for name in args.only:
        for label, mod in servers:
            fn = globals()[f"phase_{name}"]
            t = time.monotonic()
            result = fn(mod, args.phones, max(1, args.repeat)) if name == "phones" else fn(mod)
            print(f"{name:9} {label:17} {result}  [{time.monotonic() - t:.1f} s]", flush=True)
    print(f"total {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
