"""xAPI statements delivered to a real learning record store (Ralph on 127.0.0.1), read back
through its own statements API, and delivered in full after the store was down."""
from __future__ import annotations

import os
import uuid

import pytest

from game.progress import ProgressStore, outbox
from game.records.lrs import LrsConfig, SendError, post_statements, send_due
from game.records.xapi import Learner, StatementMaker, check_statement
from game.story import PlayState

from .classdata import scenarios
from .ralph import PASSWORD, USER, Ralph, ralph_command


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    if ralph_command() is None:
        if os.environ.get("CI"):
            pytest.fail("Ralph must run in CI: pip install '.[test]' installs ralph-malph")
        pytest.skip("Ralph is not installed (pip install 'ralph-malph[lrs,cli]')")
    lrs = Ralph(tmp_path_factory.mktemp("ralph")).start()
    yield lrs
    lrs.stop()


def attempt_statements(scenario_id="waiting-room", choice_index=0):
    scenario = scenarios()[scenario_id]
    registration = str(uuid.uuid4())
    maker = StatementMaker(scenario, Learner("Ana", "http://127.0.0.1"), registration, mode="assessed")
    state = PlayState.start(scenario)
    out = maker.started(new=True)
    while not state.is_over:
        if state.status == "choice":
            options = state.available()
            step = state.choose(options[min(choice_index, len(options) - 1)].id)
            out.append(maker.answered(step.node_id, step.choice_id, step.before, step.after))
        else:
            state.advance()
    out.append(maker.completed(state.ending.id, state.ending.outcome, state.meters, len(state.decisions)))
    out.append(maker.responded(1, "What went well?", "I apologised for the wait."))
    return registration, out


def config_for(lrs) -> LrsConfig:
    return LrsConfig(lrs.endpoint, USER, PASSWORD, "http://127.0.0.1")


def test_statements_follow_the_xapi_rules():
    _registration, statements = attempt_statements()
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]
    assert verbs[:2] == ["launched", "initialized"] and verbs[-2:] == ["completed", "responded"]
    assert "answered" in verbs
    for s in statements:
        assert check_statement(s) == [], s
    answered = next(s for s in statements if s["verb"]["id"].endswith("answered"))
    assert answered["object"]["definition"]["interactionType"] == "choice"
    assert answered["object"]["id"].startswith("https://w3id.org/rapport/xapi/scenes/waiting-room/moments/")
    assert answered["result"]["response"] in {c["id"] for c in answered["object"]["definition"]["choices"]}
    completed = statements[-2]
    assert 0 < completed["result"]["score"]["scaled"] <= 1
    assert all(s["context"]["extensions"]["https://w3id.org/rapport/xapi/extensions/mode"] == "assessed"
               for s in statements)
    bad = dict(statements[0], id="not-a-uuid", timestamp="yesterday")
    assert set(check_statement(bad)) == {"id is not a UUID", "timestamp is not ISO 8601"}


def test_statements_reach_the_lrs_intact(ralph, tmp_path):
    registration, statements = attempt_statements()
    with ProgressStore.open(tmp_path) as store:
        store.create_profile("Ana")
        assert outbox.queue_statements(store, statements, profile="Ana", attempt_uuid=registration) == len(statements)
        assert outbox.queue_statements(store, statements, profile="Ana") == 0  # queued once, whatever happens
        assert send_due(store, config_for(ralph)) == len(statements)
        assert outbox.counts(store) == {"sent": len(statements), "waiting": 0}
    for sent in statements:
        [got] = ralph.get(f"statementId={sent['id']}")["statements"]
        for key in ("actor", "verb", "object", "result", "timestamp"):
            if key in sent:
                assert got[key] == sent[key] if key != "timestamp" else got[key].startswith(sent[key][:19]), key
        assert got["context"]["registration"] == registration


def test_an_lrs_outage_loses_nothing_and_sends_nothing_twice(tmp_path, tmp_path_factory):
    if ralph_command() is None:
        pytest.skip("Ralph is not installed")
    lrs = Ralph(tmp_path_factory.mktemp("ralph-outage")).start()
    try:
        config = config_for(lrs)
        registration, first = attempt_statements(choice_index=1)
        with ProgressStore.open(tmp_path) as store:
            store.create_profile("Ana")
            outbox.queue_statements(store, first[:3], profile="Ana")
            assert send_due(store, config) == 3
            lrs.stop()  # the store goes down mid-stream
            outbox.queue_statements(store, first[3:], profile="Ana")
            assert send_due(store, config) == 0
            waiting = outbox.counts(store)["waiting"]
            assert waiting == len(first) - 3
            row = store.conn.execute("SELECT tries, last_error FROM xapi_outbox WHERE sent_at IS NULL LIMIT 1").fetchone()
            assert row[0] == 1 and "cannot reach" in row[1] and PASSWORD not in row[1]
            lrs.start()  # back, with the same data
            assert send_due(store, config) == 0  # not due yet: a failed send waits before trying again
            outbox.retry_now(store)
            assert send_due(store, config) == waiting
            # A send whose answer was lost: the same statements go again and the store keeps one each.
            store.conn.execute("UPDATE xapi_outbox SET sent_at = NULL")
            store.conn.commit()
            assert send_due(store, config) == len(first)
        stored = lrs.get(f"registration={registration}&limit=500")["statements"]
        assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in first)
    finally:
        lrs.stop()


def test_a_refusing_lrs_is_an_error_with_no_secret_in_it(ralph):
    wrong = LrsConfig(ralph.endpoint, USER, "wrong-secret", "http://127.0.0.1")
    with pytest.raises(SendError) as caught:
        post_statements(wrong, attempt_statements()[1][:1])
    assert "refused" in str(caught.value) and "wrong-secret" not in str(caught.value)
