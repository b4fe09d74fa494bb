"""The facilitator's vote desk: the server starts only when a vote opens, a busy port falls back
to raised hands with a plain reason, and stopping frees the port. Plus classroom.json."""

import json
import socket
import time

from game.classroom.config import ClassroomSettings, ClassroomStore, next_port, parse_classroom
from game.classroom.voting import VoteDesk

from .vote_client import CHOICES, Voter


def loopback_desk(**kwargs) -> VoteDesk:
    kwargs.setdefault("port", 0)
    return VoteDesk(host="127.0.0.1", **kwargs)


def test_nothing_listens_until_a_vote_opens_and_stop_frees_the_port():
    desk = loopback_desk()
    assert not desk.serving
    desk.open("v1-hello", "Sam sits down.", CHOICES)
    try:
        assert desk.serving and desk.on_phones and desk.error is None
        port = desk.actual_port
        assert desk.join_url == f"http://127.0.0.1:{port}/?room={desk.room_code}"
        voter = Voter(port).join(desk.room_code)
        before = desk.version
        assert voter.vote(desk.room_code, "v1-hello", "b")[0] == 200
        desk.add_hands("b", 2)
        desk.add_hands("a")
        desk.remove_hands("a", 5)
        assert desk.version != before
        tally = desk.close()
        assert [(c.devices, c.hands) for c in tally.counts] == [(0, 0), (1, 2), (0, 0)]
        assert tally.winners == ("b",)
    finally:
        desk.stop()
    assert not desk.serving
    with socket.create_server(("127.0.0.1", port)):
        pass  # the port is free again


def test_a_busy_port_means_hands_only_with_a_reason_the_facilitator_can_act_on():
    with socket.create_server(("127.0.0.1", 0)) as blocker:
        port = blocker.getsockname()[1]
        desk = loopback_desk(port=port)
        round_ = desk.open("v1-hello", "Sam sits down.", CHOICES)
        assert not desk.serving and not desk.on_phones
        assert desk.error == f"Cannot start the vote server: port {port} is already in use. Choose another port."
        desk.add_hands("c", 4)
        assert round_.tally().winners == ("c",)
        desk.close()
    desk.set_port(port)          # same port: nothing changes
    assert desk.error is not None
    desk.open("v2-hello", "Again.", CHOICES)   # the port is free now: phones work
    try:
        assert desk.serving and desk.error is None
    finally:
        desk.stop()


def test_phone_voting_off_never_opens_a_port():
    desk = loopback_desk(phones=False)
    desk.open("v1-hello", "Sam sits down.", CHOICES)
    assert desk.server is None and desk.error is None and desk.is_open
    desk.add_hands("a")
    assert desk.close().total == 1 and not desk.is_open


def test_turning_phones_off_stops_the_server_and_a_new_round_replaces_the_old():
    desk = loopback_desk()
    first = desk.open("v1-hello", "One.", CHOICES)
    code = desk.room_code
    second = desk.open("v2-hello", "Two.", CHOICES)
    assert first.closed and not second.closed and desk.room_code == code
    desk.set_phones(False)
    assert not desk.serving and second.closed


def test_classroom_settings_are_checked_and_kept(tmp_path):
    store = ClassroomStore(tmp_path)
    assert store.load() == (ClassroomSettings(), [])
    assert store.save(ClassroomSettings(port=9000, text_size="largest")) is None
    assert store.load()[0].port == 9000
    (tmp_path / "classroom.json").write_text('{\n  "port": 80,\n  "text_size": "huge",\n  "phones": false\n}\n')
    settings, notices = store.load()
    assert settings == ClassroomSettings(phones=False)
    assert notices[0] == "classroom.json:2: port should be a port number from 1024 to 65535, found 80; using 8765"
    assert notices[1].startswith("classroom.json:3: text_size should be one of large, larger, largest")
    assert (tmp_path / "classroom.json.bad").read_text().count("huge") == 1
    assert parse_classroom("[1]")[1] == ["classroom.json: expected an object of settings; using the default classroom settings"]
    assert "not valid JSON" in parse_classroom("{")[1][0]
    assert next_port(8765) == 8766 and next_port(1234) == 8765 and next_port(9000) == 8765
    assert json.loads((tmp_path / "classroom.json").read_text())["phones"] is False


def test_attendance_counts_phones_and_flags_stuffing():
    from game.classroom.server import Limits, VoteServer

    desk = VoteDesk(port=0, host="127.0.0.1",
                    make_server=lambda **kw: VoteServer(limits=Limits(presence=0.2), **kw))
    try:
        assert desk.attendance() is None                  # nothing on the phones yet
        desk.open("n1", "P", [("a", "A"), ("b", "B")])
        port = desk.actual_port
        phone = Voter(port, "127.0.0.2").join(desk.room_code)
        time.sleep(0.25)
        phone.state(desk.room_code)                       # a page that stays: a phone here
        assert phone.vote(desk.room_code, "n1", "a")[0] == 200
        a = desk.attendance()
        assert (a.present, a.votes, a.suspicious) == (1, 1, False)
        for _ in range(2):                                # a script dropping its cookie
            Voter(port, "127.0.0.3").join(desk.room_code).vote(desk.room_code, "n1", "b")
        a = desk.attendance()
        assert (a.joined, a.present, a.votes, a.suspicious) == (3, 1, 3, True)
    finally:
        desk.stop()
    assert desk.attendance() is None


def test_the_room_size_comes_from_the_settings_and_m_makes_room():
    assert ClassroomSettings().room_size == 60
    settings, notices = parse_classroom('{"room_size": 45}')
    assert settings.room_size == 45 and notices == []
    settings, notices = parse_classroom('{\n"room_size": 0\n}')
    assert settings.room_size == 60 and any("room_size" in n and "number of phones" in n for n in notices)
    desk = VoteDesk(port=0, host="127.0.0.1", room_size=2)
    try:
        desk.open("n1", "P", CHOICES)
        port = desk.actual_port
        room = desk.room_code
        first, second = Voter(port).join(room), Voter(port).join(room)
        status, data = Voter(port).post_join(room)
        assert status == 409 and "full" in data["error"]
        a = desk.attendance()
        assert (a.room_size, a.refused, a.full) == (2, 1, True)
        assert desk.make_room() == 12 and desk.server.room_size == 12
        assert Voter(port).join(room).vote(room, "n1", "a")[0] == 200
        assert first.vote(room, "n1", "b")[0] == 200 and second.vote(room, "n1", "c")[0] == 200
    finally:
        desk.stop()
    assert desk.make_room() is None                 # no server: nothing to make room in
