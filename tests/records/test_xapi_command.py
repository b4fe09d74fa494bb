"""`rapport xapi`: connect with a course's file, see the queue, send it to a real Ralph, and
write a student's statements for offline hand-in."""
from __future__ import annotations

import json
import os
import stat

import pytest

from game.cli import main
from game.progress import ProgressStore, outbox

from .ralph import PASSWORD, USER, Ralph, ralph_command
from .test_xapi_lrs import attempt_statements


@pytest.fixture
def folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    data = tmp_path / "data"
    with ProgressStore.open(data) as store:
        store.create_profile("Ana")
        registration, statements = attempt_statements()
        outbox.queue_statements(store, statements, profile="Ana", attempt_uuid=registration)
    return tmp_path, data, statements


def test_statements_for_offline_hand_in(folders, capsys):
    tmp, data, statements = folders
    out = tmp / "ana.jsonl"
    assert main(["xapi", "--profile", "Ana", "--out", str(out), "--data-dir", str(data)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["id"] for s in lines] == [s["id"] for s in statements]
    assert main(["report", str(out), "--out", str(tmp / "r.html")]) == 0
    assert "Ana" in (tmp / "r.html").read_text(encoding="utf-8")


def test_a_bad_connection_file_is_one_clear_line(folders, capsys):
    tmp, data, _ = folders
    bad = tmp / "lrs.json"
    bad.write_text(json.dumps({"endpoint": "ftp://x", "key": "k", "secret": "s"}), encoding="utf-8")
    assert main(["xapi", "--connect", str(bad)]) == 1  # bad input: 1; a missing file: 2
    assert '"endpoint" should be the LRS address' in capsys.readouterr().err
    assert main(["xapi", "--connect", str(tmp / "none.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["xapi", "--send", "--data-dir", str(data)]) == 2
    assert "no learning record store is connected" in capsys.readouterr().err


def test_connect_status_and_send_to_a_real_lrs(folders, capsys, tmp_path_factory):
    if ralph_command() is None:
        if os.environ.get("CI"):
            pytest.fail("Ralph must run in CI")
        pytest.skip("Ralph is not installed")
    tmp, data, statements = folders
    lrs = Ralph(tmp_path_factory.mktemp("ralph-cli")).start()
    try:
        given = tmp / "course-lrs.json"
        given.write_text(json.dumps({"endpoint": lrs.endpoint, "key": USER, "secret": PASSWORD}), encoding="utf-8")
        assert main(["xapi", "--connect", str(given)]) == 0
        kept = tmp / "config" / "rapport" / "lrs.json"
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        capsys.readouterr()
        assert main(["xapi", "--status", "--data-dir", str(data)]) == 0
        shown = capsys.readouterr().out
        assert f"Waiting: {len(statements)}" in shown and PASSWORD not in shown
        assert main(["xapi", "--send", "--data-dir", str(data)]) == 0
        assert f"Sent {len(statements)} statement(s); 0 waiting." in capsys.readouterr().out
        assert len(lrs.get("limit=500")["statements"]) == len(statements)
    finally:
        lrs.stop()
