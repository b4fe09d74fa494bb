"""Attacks on the vote server, run for real on 127.0.0.1 (issue 11, section 3).

Other loopback addresses (127.0.x.y) stand in for other phones, or for a script that rotates
addresses. Every loop here is bounded in count and time; the limits are scaled down (a
0.3-second "presence" instead of 3) so the whole file runs in a few seconds.
"""
import json
import re
import socket
import threading
import time

import pytest

from .vote_client import CHOICES, Voter


def raw(port: int, data: bytes, *, source: str = "127.0.0.1", timeout: float = 5) -> bytes:
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))
    try:
        s.sendall(data)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
        return reply
    finally:
        s.close()


def status_of(reply: bytes) -> int:
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", reply)
    assert m, reply[:80]
    return int(m.group(1))


class Trickler:
    """Sockets that send a request one byte at a time, as slowloris does."""

    def __init__(self, port: int, n: int, source: str = "127.0.0.1", every: float = 0.2):
        self.socks = []
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
            s.sendall(b"GET / HTTP/1.1\r\n")
            self.socks.append(s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every):
        while not self._stop.wait(every):
            for s in self.socks:
                try:
                    s.send(b"X")
                except OSError:
                    pass

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        for s in self.socks:
            s.close()


# -- slowloris --------------------------------------------------------------------------------
def test_trickling_sockets_never_lock_out_a_fresh_phone(open_server):
    srv = open_server
    slow = Trickler(srv.port, 80, source="127.0.0.66")        # more than the old 64 slots
    try:
        time.sleep(0.3)
        for i in range(5):
            t0 = time.monotonic()
            phone = Voter(srv.port, f"127.0.2.{i + 1}").join(srv.room_code)
            assert phone.vote(srv.room_code, "n_intro", "a")[0] == 200
            assert time.monotonic() - t0 < 1.0
    finally:
        slow.close()
    assert srv.current_tally().count("a").devices == 5


def test_a_full_table_drops_the_busiest_address_not_the_newcomer(limited_server):
    srv = limited_server(max_connections=16)
    srv.open_round("n1", "P", CHOICES)
    slow = Trickler(srv.port, 40, source="127.0.0.66")        # more than the whole table
    try:
        time.sleep(0.3)
        phone = Voter(srv.port, "127.0.0.5").join(srv.room_code)
        assert phone.vote(srv.room_code, "n1", "b")[0] == 200
        waiting = 0                     # still being read: the table never grew past 16
        for s in slow.socks:
            s.setblocking(False)
            try:
                reply = s.recv(100)
                assert reply.startswith(b"HTTP/1.0 503"), reply    # dropped, and told so
            except BlockingIOError:
                waiting += 1
            except OSError:
                pass
        assert waiting <= 16
    finally:
        slow.close()


def test_a_request_has_a_total_deadline_however_it_trickles(limited_server):
    srv = limited_server(request_deadline=0.6)
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    t0 = time.monotonic()
    reply = b""
    try:
        s.sendall(b"GET / HTTP/1.1\r\n")
        for _ in range(40):                   # a byte every 0.1 s: never idle for long
            time.sleep(0.1)
            try:
                s.send(b"X")
            except OSError:
                break
            s.setblocking(False)
            try:
                reply = s.recv(4096)
            except BlockingIOError:
                pass
            s.setblocking(True)
            if reply:
                break
    finally:
        s.close()
    assert status_of(reply) == 408
    assert time.monotonic() - t0 < 1.5


def test_head_and_line_size_limits(server):
    port, host = server.port, f"Host: 127.0.0.1:{server.port}\r\n".encode()
    assert status_of(raw(port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n")) == 414
    assert status_of(raw(port, b"GET / HTTP/1.1\r\n" + host
                         + b"X-Pad: " + b"p" * 9000 + b"\r\n\r\n")) == 431
    many = b"".join(b"X-%d: 1\r\n" % i for i in range(150))   # 150 headers in under 8 KiB
    assert status_of(raw(port, b"GET / HTTP/1.1\r\n" + host + many + b"\r\n")) == 431


def test_stop_is_quick_with_a_table_full_of_tricklers():
    from .vote_client import start_server
    srv = start_server()
    slow = Trickler(srv.port, 60)
    try:
        time.sleep(0.2)
        t0 = time.monotonic()
        srv.stop()
        assert time.monotonic() - t0 < 1.0
    finally:
        slow.close()


# -- malformed headers --------------------------------------------------------------------------
MALFORMED = [
    b"Content-Length: \xb2",                         # "²": str.isdigit() says yes
    b"Content-Length: \xb9\xb2",
    b"Content-Length: \xd9\xa1",                     # Arabic-Indic one, in UTF-8
    b"Content-Length: 1_0",
    b"Content-Length: 1e3",
    b"Content-Length: 99999999999999999999999",
    b"Content-Length:",
    b"Content-Length: 4\r\nContent-Length: 4",
    b"Transfer-Encoding: chunked",
    b"Content-Type: \xff\xfe",
    b"Cookie: rapport_device=\xff" + b"A" * 23,
    b"X-Null: a\x00b",
    b" folded: continuation line first",
    b"no colon at all",
]


@pytest.mark.parametrize("header", MALFORMED)
def test_malformed_headers_get_a_4xx_and_no_traceback(open_server, header, capfd, caplog):
    head = (b"POST /api/vote HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            b"Content-Type: application/json\r\n" % open_server.port)
    reply = raw(open_server.port, head + header + b"\r\n\r\n{}")
    assert 400 <= status_of(reply) < 500, reply[:80]
    assert b"Traceback" not in reply and b"application/json" in reply
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert "Traceback" not in caplog.text and "unexpected error" not in caplog.text
    assert open_server.current_tally().total == 0


# -- DNS rebinding --------------------------------------------------------------------------------
def test_host_must_name_the_address_served(server):
    port = server.port
    cases = [
        (b"Host: 127.0.0.1:%d\r\n" % port, 200),
        (b"Host: localhost:%d\r\n" % port, 200),          # loopback only
        (b"Host: rebind.example:%d\r\n" % port, 421),     # what a rebinding page sends
        (b"Host: rebind.example\r\n", 421),
        (b"Host: 127.0.0.1:%d\r\n" % (port + 1), 421),
        (b"Host: 127.0.0.2:%d\r\n" % port, 421),          # not the address it was reached on
        (b"Host: 127.0.0.1:x\r\n", 421),
        (b"Host: [::1]:%d\r\n" % port, 421),
        (b"", 400),                                       # HTTP/1.1 must say
        (b"Host: 127.0.0.1:%d\r\nHost: evil.example\r\n" % port, 400),
    ]
    for host, expected in cases:
        reply = raw(port, b"GET / HTTP/1.1\r\n" + host + b"\r\n")
        assert status_of(reply) == expected, (host, reply[:60])
    assert status_of(raw(port, b"GET / HTTP/1.0\r\n\r\n")) == 200   # 1.0 may leave it out
    # The API too, not just the page.
    reply = raw(port, b"GET /api/state?room=%s HTTP/1.1\r\nHost: evil.example:%d\r\n\r\n"
                % (server.room_code.encode(), port))
    assert status_of(reply) == 421


# -- devices ---------------------------------------------------------------------------------------
def test_page_loads_and_questions_make_no_device(server):
    for i in range(30):
        phone = Voter(server.port, f"127.0.3.{i + 1}")
        assert phone.request("GET", "/")[0] == 200
        assert phone.request("GET", f"/api/state?room={server.room_code}")[0] == 401
        assert phone.cookie is None
    assert len(server._devices) == 0


def test_devices_are_freed_when_idle_or_the_session_ends(limited_server):
    srv = limited_server(max_devices=2, device_idle=0.2)
    srv.open_round("n1", "P", CHOICES)
    voter = Voter(srv.port, "127.0.0.2").join(srv.room_code)
    assert voter.vote(srv.room_code, "n1", "a")[0] == 200
    idle = Voter(srv.port, "127.0.0.3").join(srv.room_code)
    time.sleep(0.3)
    newcomer = Voter(srv.port, "127.0.0.4").join(srv.room_code)     # table full: idle one goes
    assert idle.state(srv.room_code)[0] == 401                      # it joins again if it returns
    assert voter.vote(srv.room_code, "n1", "b")[0] == 409           # the voter was kept
    assert newcomer.vote(srv.room_code, "n1", "b")[0] == 200
    assert [c.devices for c in srv.current_tally().counts] == [1, 1, 0]
    srv.stop()
    assert len(srv._devices) == 0


# -- ballot stuffing --------------------------------------------------------------------------------
def stuff(srv, sources, tries):
    """A script that drops its cookie after every vote (one new device per try)."""
    counted = 0
    for i in range(tries):
        phone = Voter(srv.port, sources[i % len(sources)])
        if phone.post_join(srv.room_code)[0] == 200:
            counted += phone.vote(srv.room_code, "n1", "c")[0] == 200
    return counted


def test_a_script_dropping_cookies_is_held_and_flagged(limited_server):
    srv = limited_server(presence=0.3)
    srv.open_round("n1", "P", CHOICES)
    honest = [Voter(srv.port, f"127.0.4.{i + 1}").join(srv.room_code) for i in range(5)]
    counted = stuff(srv, ["127.0.0.9"], 60)
    assert counted == srv.limits.unproven_per_address == 15          # was every one of 60
    for phone in honest:                                              # pages keep asking
        phone.state(srv.room_code)
    time.sleep(0.35)
    for phone in honest:
        phone.state(srv.room_code)
        assert phone.vote(srv.room_code, "n1", "a")[0] == 200
    a = srv.attendance()
    assert (a.present, a.votes) == (5, 20) and a.suspicious           # 20 votes, 5 phones
    assert a.busiest == 15


def test_rotating_addresses_are_held_room_wide(limited_server):
    srv = limited_server(unproven_per_room=30)
    srv.open_round("n1", "P", CHOICES)
    counted = stuff(srv, [f"127.0.{5 + i // 200}.{1 + i % 200}" for i in range(80)], 80)
    assert counted == 30
    assert srv.attendance().suspicious


def test_rotating_addresses_add_at_most_the_empty_seats_and_are_counted(limited_server):
    # A class of 40 behind one NAT address, a room of 50: a script that knows the room code and
    # rotates 127.0.x.y addresses gets at most the 10 empty seats, whatever it tries; every
    # refused join is counted for the panel, and the facilitator can make room for a late
    # student (the refused page keeps trying, so it gets in).
    srv = limited_server(presence=0.05, room_size=50)
    srv.open_round("n1", "P", CHOICES)
    class_ = []
    for i in range(40):
        class_.append(Voter(srv.port, "127.0.0.8").join(srv.room_code))
        if i % 10 == 9:
            time.sleep(0.06)
            for phone in class_:
                phone.state(srv.room_code)         # pages poll: the phones prove themselves
    counted = stuff(srv, [f"127.0.{5 + i // 200}.{1 + i % 200}" for i in range(300)], 300)
    assert counted <= 10
    for i, phone in enumerate(class_):
        assert phone.vote(srv.room_code, "n1", "abc"[i % 3])[0] == 200     # never refused
    a = srv.attendance()
    assert a.joined == 50 and a.room_size == 50 and a.full
    assert a.refused >= 290
    late = Voter(srv.port, "127.0.0.8")
    status, data = late.post_join(srv.room_code)
    assert status == 409 and "room is full" in data["error"]
    assert srv.set_room_size(55) == 55
    assert late.join(srv.room_code).vote(srv.room_code, "n1", "a")[0] == 200
    assert srv.current_tally().total == 40 + counted + 1


def test_the_room_size_does_not_refuse_a_rejoining_class(limited_server):
    # 40 phones with the default room size, a quarter of them losing their cookie once
    # (a browser that drops it, a student on a second tab): all are let back in.
    srv = limited_server(presence=0.05)
    assert srv.room_size == srv.limits.room_size >= 50
    srv.open_round("n1", "P", CHOICES)
    phones = []
    for i in range(40):
        phones.append(Voter(srv.port, "127.0.0.8").join(srv.room_code))
        if i % 10 == 9:
            time.sleep(0.06)
            for phone in phones:
                phone.state(srv.room_code)
    for i in range(0, 40, 4):
        phones[i] = Voter(srv.port, "127.0.0.8").join(srv.room_code)    # a new cookie
    for i, phone in enumerate(phones):
        assert phone.vote(srv.room_code, "n1", "abc"[i % 3])[0] == 200
    assert srv.attendance().refused == 0


def test_new_devices_per_address_per_vote(limited_server):
    srv = limited_server(presence=0.05, new_devices_per_vote=8)
    srv.open_round("n1", "P", CHOICES)
    phones = []
    for _ in range(10):
        phone = Voter(srv.port, "127.0.0.7")
        if phone.post_join(srv.room_code)[0] == 200:
            phones.append(phone)
        time.sleep(0.06)
        for p in phones:
            p.state(srv.room_code)          # proven: the per-vote cap is what stops them
    assert len(phones) == 8
    srv.open_round("n2", "Q", CHOICES)       # a new vote, a new allowance
    assert Voter(srv.port, "127.0.0.7").post_join(srv.room_code)[0] == 200


def test_a_class_of_forty_behind_one_address_all_vote(limited_server):
    srv = limited_server(presence=0.3)
    srv.open_round("n1", "P", CHOICES)
    n = 40
    results = [None] * n

    def phone_page(i):                      # what the page does: join, poll, vote, retrying
        phone = Voter(srv.port, "127.0.0.8")
        t_end = time.monotonic() + 15
        while time.monotonic() < t_end:
            if phone.post_join(srv.room_code)[0] == 200:
                break
            time.sleep(0.1)
        for _ in range(4):
            phone.state(srv.room_code)
            time.sleep(0.12)
        results[i] = phone.vote(srv.room_code, "n1", "abc"[i % 3])[0]

    t0 = time.monotonic()
    threads = [threading.Thread(target=phone_page, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert results == [200] * n
    assert srv.current_tally().total == n
    a = srv.attendance()
    assert (a.present, a.votes, a.suspicious) == (n, n, False)
    assert (a.refused, a.full) == (0, False)            # the default room size holds a class
    assert time.monotonic() - t0 < 10


# -- room codes ------------------------------------------------------------------------------------
def test_guessing_is_slowed_per_room_from_rotating_addresses(limited_server):
    srv = limited_server(room_guess_burst=5, room_guess_rate=0.01)
    wrong = "ZZZZZ" if srv.room_code != "ZZZZZ" else "YYYYY"
    statuses = [Voter(srv.port, f"127.0.6.{i + 1}").post_join(wrong)[0] for i in range(12)]
    assert statuses == [403] * 5 + [429] * 7
    # Refused before comparing: the right code from a fresh address learns nothing either ...
    assert Voter(srv.port, "127.0.6.100").post_join(srv.room_code)[0] == 429
    # ... while phones already in carry on, and an address that joined before can add one.
    srv2 = limited_server(room_guess_burst=5, room_guess_rate=0.01)
    srv2.open_round("n1", "P", CHOICES)
    inside = Voter(srv2.port, "127.0.7.1").join(srv2.room_code)
    for i in range(8):
        Voter(srv2.port, f"127.0.7.{i + 2}").post_join(wrong)
    assert inside.state(srv2.room_code)[0] == 200
    assert inside.vote(srv2.room_code, "n1", "a")[0] == 200
    assert Voter(srv2.port, "127.0.7.1").post_join(srv2.room_code)[0] == 200


def test_guessing_from_one_address_is_refused_before_comparing(limited_server):
    srv = limited_server(bad_room_burst=3, bad_room_rate=0.01)
    wrong = "ZZZZZ" if srv.room_code != "ZZZZZ" else "YYYYY"
    phone = Voter(srv.port, "127.0.0.11")
    assert [phone.post_join(wrong)[0] for _ in range(4)] == [403, 403, 403, 429]
    status, _, _ = phone.request("POST", "/api/join", json.dumps({"room": srv.room_code}).encode(),
                                 {"Content-Type": "application/json"})
    assert status == 429


def test_host_check_on_every_address_uses_the_address_each_client_reached(monkeypatch):
    """Bound to 0.0.0.0 the server serves several addresses; each connection is checked
    against the one it came in on (simulated on loopback: nothing listens beyond it)."""
    import game.classroom.server as server_module

    from .vote_client import start_server
    monkeypatch.setattr(server_module, "_is_any", lambda host: True)
    srv = start_server()
    try:
        port = srv.port
        ok = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
        assert status_of(ok) == 200
        bad = raw(port, b"GET / HTTP/1.1\r\nHost: 192.0.2.1:%d\r\n\r\n" % port)
        assert status_of(bad) == 421
    finally:
        srv.stop()
