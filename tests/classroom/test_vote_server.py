"""The vote server on loopback: lifecycle, rounds, the game-facing API and 40 phones at once."""
import http.client
import ipaddress
import socket
import threading
import time

import pytest

from .vote_client import CHOICES, Voter, start_server
from game.classroom.server import (ROOM_ALPHABET, VoteServer, VoteServerError, lan_address,
                                   make_room_code)
from game.classroom.tally import VoteError


def test_room_codes_are_short_unambiguous_letters():
    codes = {make_room_code() for _ in range(200)}
    assert len(codes) > 190                      # random, not a fixed code
    for code in codes:
        assert 4 <= len(code) <= 5
        assert set(code) <= set(ROOM_ALPHABET)
    assert not set("0O1I") & set(ROOM_ALPHABET)


def test_bad_room_code_or_port_is_refused_up_front():
    with pytest.raises(ValueError):
        VoteServer("127.0.0.1", room_code="AB0I")
    with pytest.raises(ValueError):
        VoteServer("127.0.0.1", port=70000)


def test_start_stop_frees_the_port_and_ends_the_thread():
    srv = start_server()
    port = srv.port
    assert srv.running
    threads_before = {t for t in threading.enumerate() if t.name == "rapport-vote-server"}
    assert threads_before
    srv.stop()
    srv.stop()                                   # twice is fine
    assert not srv.running
    assert not any(t.is_alive() for t in threads_before)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    again = VoteServer("127.0.0.1", port=port).start()   # same configured port, right away
    try:
        assert again.port == port
    finally:
        again.stop()


def test_context_manager_and_busy_port_message():
    with VoteServer("127.0.0.1") as srv:
        assert Voter(srv.port).post_join(srv.room_code)[0] == 200
        with pytest.raises(VoteServerError, match=f"port {srv.port} is already in use"):
            VoteServer("127.0.0.1", port=srv.port).start()
    assert not srv.running


def test_stop_is_not_held_up_by_a_stalled_client():
    srv = start_server()
    stalled = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    stalled.sendall(b"POST /api/vote HTTP/1.1\r\nContent-Length: 500\r\n")   # then nothing
    time.sleep(0.2)
    t0 = time.monotonic()
    srv.stop()
    assert time.monotonic() - t0 < 2.0
    stalled.close()


def test_a_full_connection_table_makes_room_for_a_newcomer(limited_server):
    srv = limited_server(max_connections=1)
    hog = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    hog.sendall(b"GET / HTTP/1.1\r\n")                  # holds the only entry ...
    time.sleep(0.2)
    assert Voter(srv.port).request("GET", "/")[0] == 200   # ... until a newcomer arrives
    assert hog.recv(100).startswith(b"HTTP/1.0 503")       # the hog is told and let go
    hog.close()


def test_join_url_uses_the_bound_address_and_room(server):
    assert server.join_url == f"http://127.0.0.1:{server.port}/?room={server.room_code}"


def test_join_url_on_all_interfaces_uses_the_lan_address(server, monkeypatch):
    import game.classroom.server as server_module
    monkeypatch.setattr(server_module, "lan_address", lambda: "192.0.2.50")
    monkeypatch.setattr(server, "host", "0.0.0.0")     # as if bound to every interface
    assert server.join_url == f"http://192.0.2.50:{server.port}/?room={server.room_code}"


def test_lan_address_is_a_usable_ipv4_address():
    addr = ipaddress.ip_address(lan_address())
    assert addr.version == 4 and not addr.is_unspecified and not addr.is_multicast


def test_state_before_any_round_and_after_opening(server):
    phone = Voter(server.port).join(server.room_code)
    status, data = phone.state(server.room_code)
    assert status == 200 and data["round"] is None and data["your_vote"] is None
    server.open_round("n1", "What now?", CHOICES)
    status, data = phone.state(server.room_code.lower())        # phones may type lower case
    assert status == 200
    assert data["round"] == {"decision": "n1", "prompt": "What now?", "open": True,
                             "choices": [{"id": i, "label": label} for i, label in CHOICES]}
    assert "counts" not in str(data)           # students never see the bars


def test_vote_then_state_shows_this_devices_vote_only(open_server):
    room = open_server.room_code
    alice, bob = Voter(open_server.port).join(room), Voter(open_server.port).join(room)
    assert alice.vote(room, "n_intro", "c") == (200, {"ok": True, "your_vote": "c"})
    assert alice.state(room)[1]["your_vote"] == "c"
    assert bob.state(room)[1]["your_vote"] is None
    assert open_server.current_tally().count("c").devices == 1


def test_version_changes_with_the_vote_not_with_polling(server):
    versions = [server.version]
    server.open_round("n1", "P", CHOICES); versions.append(server.version)
    phone = Voter(server.port).join(server.room_code)
    for _ in range(3):
        phone.state(server.room_code)
    assert server.version == versions[-1]
    phone.vote(server.room_code, "n1", "a"); versions.append(server.version)
    server.add_hands("b", 2); versions.append(server.version)
    server.remove_hands("b"); versions.append(server.version)
    server.close_round(); versions.append(server.version)
    server.open_round("n2", "Q", CHOICES); versions.append(server.version)
    assert versions == sorted(set(versions)), versions


def test_new_round_replaces_and_closes_the_old_one(open_server):
    room = open_server.room_code
    phone = Voter(open_server.port).join(room)
    old = open_server.current_round
    open_server.open_round("n_next", "Next?", [("x", "X"), ("y", "Y")])
    assert old.closed
    assert phone.vote(room, "n_intro", "a")[0] == 409          # the old decision is over
    assert phone.vote(room, "n_next", "y")[0] == 200           # a new decision, a new vote
    assert open_server.current_tally().winners == ("y",)


def test_hand_counts_through_the_server(open_server):
    open_server.add_hands("b", 3)
    open_server.remove_hands("b")
    assert open_server.current_tally().count("b").hands == 2
    final = open_server.close_round()
    assert final.closed and final.winners == ("b",)
    with pytest.raises(VoteError):
        open_server.add_hands("b")


def test_hands_without_a_round_are_refused(server):
    with pytest.raises(VoteError):
        server.add_hands("a")
    assert server.current_tally() is None and server.close_round() is None


def test_forty_phones_voting_at_once_are_counted_exactly(open_server):
    room, port = open_server.room_code, open_server.port
    n = 40
    phones = [Voter(port, f"127.0.1.{i + 1}") for i in range(n)]    # forty addresses, as on Wi-Fi
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def phone_session(i: int):
        phone = phones[i]
        status, _, page = phone.request("GET", "/")
        assert status == 200 and b"Rapport class vote" in page
        phone.join(room)                                 # entering the code makes the device
        barrier.wait(timeout=20)                         # then everyone taps at once
        choice = CHOICES[i % 3][0]
        vote_status, _ = phone.vote(room, "n_intro", choice)
        again, _ = phone.vote(room, "n_intro", CHOICES[(i + 1) % 3][0])
        _, state = phone.state(room)
        results[i] = (vote_status, again, state["your_vote"], choice)

    t0 = time.monotonic()
    threads = [threading.Thread(target=phone_session, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
    elapsed = time.monotonic() - t0

    assert all(r is not None for r in results), "a phone thread failed"
    assert all(r[0] == 200 and r[1] == 409 and r[2] == r[3] for r in results), results
    assert len({p.cookie for p in phones}) == n            # forty separate devices
    tally = open_server.current_tally()
    assert [c.devices for c in tally.counts] == [14, 13, 13]
    assert tally.total == 40 and tally.winners == ("a",)
    assert elapsed < 15


def test_server_answers_only_http_on_its_own_port(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/")
    resp = conn.getresponse()
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert resp.headers["Server"] == "Rapport"                  # no Python version
    conn.close()
