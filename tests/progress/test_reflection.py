"""The student's reflection: kept with the attempt, read back, exported and imported strictly."""

import json

import pytest

from game.progress import ProgressError, ProgressStore, TransferError, export_profile, import_export
from game.progress.reflection import ANSWER_LIMIT, MAX_ANSWERS

from .test_transfer import played

Q1, Q2 = "How are you feeling after that conversation?", "What happened, in a sentence or two?"


def test_answers_are_kept_with_the_attempt_and_read_back_in_order(tmp_path):
    first, second = played(tmp_path)
    with ProgressStore.open(tmp_path) as store:
        assert store.reflection(first) == {}
        kept = store.save_reflection(first, {Q2: "  I rushed the forms. ", Q1: "Uneasy", "Skipped?": "   "})
        assert kept == {Q2: "I rushed the forms.", Q1: "Uneasy"}
    with ProgressStore.open(tmp_path) as store:  # it reached the file
        assert list(store.reflection(first).items()) == [(Q2, "I rushed the forms."), (Q1, "Uneasy")]
        assert store.reflection(second) == {}
        store.save_reflection(first, {Q1: "x" * (ANSWER_LIMIT + 50)})
        assert store.reflection(first) == {Q1: "x" * ANSWER_LIMIT}  # replaced, and cut to a fair length
        store.save_reflection(first, {Q1: ""})  # all skipped: nothing kept
        assert store.reflection(first) == {}
        with pytest.raises(ProgressError):
            store.save_reflection("00000000-0000-4000-8000-000000000000", {Q1: "a"})


def test_a_damaged_stored_reflection_reads_as_none(tmp_path):
    (first, _) = played(tmp_path)
    with ProgressStore.open(tmp_path) as store:
        store.conn.execute("UPDATE attempts SET reflection = ? WHERE uuid = ?", ('{"answers": [1]', first))
        assert store.reflection(first) == {}


def test_a_reflection_travels_in_export_and_import(tmp_path):
    first, second = played(tmp_path / "home")
    with ProgressStore.open(tmp_path / "home") as home:
        home.save_reflection(first, {Q1: "Calmer than I expected"})
        data = json.loads(json.dumps(export_profile(home, "Ana")))
    assert data["attempts"][0]["reflection"] == {"answers": {Q1: "Calmer than I expected"}}
    assert "reflection" not in data["attempts"][1]  # none given: no key (older files look the same)
    with ProgressStore.open(tmp_path / "lab") as lab:
        assert import_export(lab, data).added == 2
        assert lab.reflection(first) == {Q1: "Calmer than I expected"} and lab.reflection(second) == {}
    # answered at home after the attempt had already been copied: the answer follows on its own
    with ProgressStore.open(tmp_path / "home") as home:
        home.save_reflection(second, {Q2: "He shut the door"})
        data = json.loads(json.dumps(export_profile(home, "Ana")))
    with ProgressStore.open(tmp_path / "lab") as lab:
        assert import_export(lab, data).updated == 1
        assert lab.reflection(second) == {Q2: "He shut the door"}


@pytest.mark.parametrize("value", [
    "just text", {"answers": "text"}, {"answers": {Q1: 3}}, {"answers": {Q1: ""}},
    {"answers": {Q1: "x" * (ANSWER_LIMIT + 1)}}, {"answers": {"": "a"}}, {"answers": {"q": "a"}, "extra": 1},
    {"answers": {f"q{n}": "a" for n in range(MAX_ANSWERS + 1)}},
])
def test_import_refuses_a_reflection_that_is_not_one(tmp_path, value):
    played(tmp_path / "home")
    with ProgressStore.open(tmp_path / "home") as home:
        data = json.loads(json.dumps(export_profile(home, "Ana")))
    data["attempts"][0]["reflection"] = value
    with ProgressStore.open(tmp_path / "lab") as lab:
        with pytest.raises(TransferError, match='attempt 1 "reflection"'):
            import_export(lab, data, source="hand-in.json")
        assert lab.conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 0
