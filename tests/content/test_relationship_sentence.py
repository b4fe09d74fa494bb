"""The debrief's relationship sentence reads naturally for every disclosure of every shipped scene
(issue 13): "… didn't trust you enough to tell you that <a clause with its own subject>."."""

import re

import pytest

from game.story import load_library
from game.story.debrief import relationship_sentence
from game.story.wording import SUBJECT_STARTS, disclosure_clause, label_problem, proper_names

LIBRARY = load_library()
CASES = [(sc, node.disclosure) for sc in LIBRARY.sorted() for node in sc.nodes.values() if node.disclosure]


def _names(sc):
    texts = [n.says for n in sc.nodes.values()] + [n.narration for n in sc.nodes.values()]
    texts += [c.reaction.says for n in sc.nodes.values() for c in n.choices if c.reaction]
    return proper_names(sc.client.name, sc.client.background, sc.client.presenting, *texts) | set(sc.client.name.split())


def test_every_shipped_scene_has_disclosures_to_render():
    assert len(CASES) >= 10 and len({sc.id for sc, _ in CASES}) == len(LIBRARY.sorted())


@pytest.mark.parametrize("scene, label", CASES, ids=lambda x: x if isinstance(x, str) else x.id)
@pytest.mark.parametrize("built", [(False, None), (True, 5), (True, 90)], ids=["guarded", "no-alliance", "alliance"])
def test_the_sentence_reads_for_every_disclosure(scene, label, built):
    name = scene.client.name.split()[0]
    connection, alliance = built
    text = relationship_sentence(name, connection, False, alliance, scene.alliance_goal, label, scene.format)
    clause = disclosure_clause(label)
    # one sentence, capitalised, ending in a single full stop, the missed disclosure last
    assert text[0].isupper() and text.endswith(f"{name} didn't trust you enough to tell you that {clause}."), text
    assert not re.search(r"[.;,:]\.$|\s[.,;]|\.\.", text), text
    # never the old "… trust you with he blames himself"
    assert not re.search(r"\bwith (he|she|they|it|i|we|you|his|her|their)\b", text, re.I), text
    # the clause after "that" opens with a lower-case subject word or a name from the scene
    first = re.match(r"[A-Za-z']+", clause).group(0)
    assert (first in SUBJECT_STARTS) or (first.removesuffix("'s") in _names(scene)), clause
    assert label_problem(label, _names(scene)) is None


def test_a_label_without_a_subject_is_flagged_by_validate(tmp_path):
    from game.story import check_file

    source = next(sc for sc in LIBRARY.sorted() if sc.id == "grief-home-visit").source
    text = source.read_text(encoding="utf-8")
    label = "He blames himself for being asleep when Peg died"
    assert f"disclosure: {label}" in text
    bad = tmp_path / "grief-home-visit.yaml"
    bad.write_text(text.replace(f"disclosure: {label}", "disclosure: Blames himself for being asleep"), encoding="utf-8")
    _, found = check_file(bad)
    codes = [(d.code, d.line) for d in found]
    line = text[:text.index(f"disclosure: {label}")].count("\n") + 1
    assert any(code == "RP0421" and abs(at - line) <= 4 for code, at in codes), codes
    assert [d for d in check_file(source)[1] if d.code == "RP0421"] == []


@pytest.mark.parametrize("label, ok", [
    ("He blames himself for being asleep when Peg died", True),
    ("Some nights he hopes not to wake up", True),
    ("If the benefit stops he cannot cover the rent.", True),
    ("Jawad interprets for her at appointments", True),
    ("Drank three weeks ago, the night his hearing was postponed", False),
    ("Goes home at lunch", False),
    ("the lapse", False),
])
def test_label_problem(label, ok):
    assert (label_problem(label, {"Jawad", "Peg"}) is None) == ok
    if ok:
        assert not disclosure_clause(label).endswith(".")
