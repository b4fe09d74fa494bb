"""Counts read as words: "1 phone", never "1 phones"."""

from game.classroom.export import _vote_result
from game.ui.screens.briefing import object_pronoun
from game.words import count


def test_count_singular_and_plural():
    assert count(1, "phone") == "1 phone"
    assert count(0, "phone") == "0 phones"
    assert count(2, "person", "people") == "2 people"


def test_a_vote_result_with_one_phone():
    vote = {"counts": [{"choice": "ask", "total": 2, "devices": 1, "hands": 1}]}
    assert _vote_result(vote) == "ask 2 (1 phone, 1 hand)"


def test_briefing_pronouns():
    assert object_pronoun("he/him", "Sam") == "him"
    assert object_pronoun("she/her", "Ana") == "her"
    assert object_pronoun("they/them", "Jo") == "them"
    assert object_pronoun("", "Jo") == "Jo"
