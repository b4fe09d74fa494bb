"""The vote model alone: counting, ties, hand counts, closing, one vote per device, threads."""
import threading

import pytest

from game.classroom.tally import AlreadyVoted, UnknownChoice, VoteClosed, VoteRound

CHOICES = [("a", "Ask an open question"), ("b", "Reassure her"), ("c", "Wait")]


def test_counts_come_in_choice_order_with_labels():
    rnd = VoteRound("n1", CHOICES)
    rnd.vote("d1", "c")
    rnd.vote("d2", "a")
    rnd.vote("d3", "c")
    t = rnd.tally()
    assert [(c.choice_id, c.label, c.devices) for c in t.counts] == [
        ("a", "Ask an open question", 1), ("b", "Reassure her", 0), ("c", "Wait", 2)]
    assert t.total == 3
    assert t.winners == ("c",)
    assert not t.tie
    assert t.decision_id == "n1"


def test_no_votes_means_no_winner():
    t = VoteRound("n1", CHOICES).tally()
    assert t.total == 0 and t.winners == () and not t.tie


def test_tie_reports_every_leader_in_choice_order():
    rnd = VoteRound("n1", CHOICES)
    for dev, choice in [("d1", "c"), ("d2", "a"), ("d3", "b")]:
        rnd.vote(dev, choice)
    t = rnd.tally()
    assert t.winners == ("a", "b", "c") and t.tie
    rnd.vote("d4", "b")
    assert rnd.tally().winners == ("b",)


def test_first_vote_of_a_device_is_final():
    rnd = VoteRound("n1", CHOICES)
    rnd.vote("phone", "a")
    with pytest.raises(AlreadyVoted):
        rnd.vote("phone", "b")
    with pytest.raises(AlreadyVoted):
        rnd.vote("phone", "a")
    assert rnd.vote_of("phone") == "a"
    assert rnd.tally().count("a").devices == 1
    assert rnd.tally().count("b").devices == 0


def test_unknown_choice_is_refused_and_counts_nothing():
    rnd = VoteRound("n1", CHOICES)
    with pytest.raises(UnknownChoice):
        rnd.vote("phone", "z")
    with pytest.raises(UnknownChoice):
        rnd.add_hands("z")
    assert rnd.tally().total == 0
    assert rnd.vote_of("phone") is None
    rnd.vote("phone", "b")          # the refused attempt did not use up the device's vote
    assert rnd.tally().count("b").total == 1


def test_hand_counts_add_remove_and_stop_at_zero():
    rnd = VoteRound("n1", CHOICES)
    assert rnd.add_hands("b") == 1
    assert rnd.add_hands("b", 5) == 6
    assert rnd.remove_hands("b", 2) == 4
    assert rnd.remove_hands("a") == 0
    assert rnd.remove_hands("b", 10) == 0
    rnd.add_hands("c", 3)
    rnd.vote("d1", "c")
    c = rnd.tally().count("c")
    assert (c.devices, c.hands, c.total) == (1, 3, 4)
    with pytest.raises(ValueError):
        rnd.add_hands("a", -1)


def test_close_freezes_votes_and_hands():
    rnd = VoteRound("n1", CHOICES)
    rnd.vote("d1", "a")
    rnd.add_hands("b", 2)
    final = rnd.close()
    assert final.closed and rnd.closed
    for attempt in (lambda: rnd.vote("d2", "a"), lambda: rnd.add_hands("a"),
                    lambda: rnd.remove_hands("b")):
        with pytest.raises(VoteClosed):
            attempt()
    assert rnd.close() == final          # idempotent
    assert rnd.tally() == final
    assert final.winners == ("b",)


def test_version_moves_on_every_change_only():
    rnd = VoteRound("n1", CHOICES)
    seen = [rnd.version]
    rnd.vote("d1", "a"); seen.append(rnd.version)
    rnd.add_hands("a"); seen.append(rnd.version)
    rnd.remove_hands("a"); seen.append(rnd.version)
    assert seen == sorted(set(seen))
    before = rnd.version
    rnd.remove_hands("a")                # already zero: nothing changed
    rnd.tally()
    with pytest.raises(AlreadyVoted):
        rnd.vote("d1", "b")
    assert rnd.version == before
    rnd.close()
    assert rnd.version == before + 1


def test_choices_are_validated():
    with pytest.raises(ValueError):
        VoteRound("n1", [])
    with pytest.raises(ValueError):
        VoteRound("n1", [("a", "x"), ("a", "y")])
    with pytest.raises(ValueError):
        VoteRound("n1", [("", "x")])
    with pytest.raises(ValueError):
        VoteRound("", CHOICES)


def test_to_dict_is_plain_data_for_the_session_record():
    rnd = VoteRound("n1", CHOICES)
    rnd.vote("d1", "a")
    rnd.add_hands("b")
    d = rnd.close().to_dict()
    assert d["decision"] == "n1" and d["closed"] is True
    assert d["counts"][0] == {"choice": "a", "label": "Ask an open question",
                              "devices": 1, "hands": 0, "total": 1}
    assert d["winners"] == ["a", "b"] and d["tie"] is True and d["total"] == 2


def test_concurrent_votes_and_hands_are_all_counted():
    rnd = VoteRound("n1", CHOICES)
    threads_n, per_thread = 8, 300
    barrier = threading.Barrier(threads_n)

    def work(t: int):
        barrier.wait()
        for i in range(per_thread):
            rnd.vote(f"t{t}-d{i}", CHOICES[i % 3][0])
            rnd.add_hands("a")
            if i % 2:
                rnd.remove_hands("a")
            try:
                rnd.vote(f"t{t}-d{i}", "b")       # every second attempt is refused
            except AlreadyVoted:
                pass

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t = rnd.tally()
    assert [c.devices for c in t.counts] == [threads_n * per_thread // 3] * 3
    assert t.count("a").hands == threads_n * per_thread // 2
