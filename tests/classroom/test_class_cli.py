"""`rapport class` and `rapport sessions` as an instructor types them."""

import csv
import json
from pathlib import Path

import pytest

from game.classroom.run import ClassRun
from game.cli import main
from game.progress import ProgressStore
from game.story import load_scenario

from ..progress.helpers import TickingClock

SCENES = Path(__file__).parent / "scenes"
DEMO = load_scenario(SCENES / "class-demo.yaml")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def stored_session(folder) -> int:
    with ProgressStore.open(folder) as store:
        run = ClassRun(DEMO, store=store, clock=TickingClock())
        run.take("warm")
        run.rewind(0)
        run.take("forms")
        run.read_on()
        run.take("lecture")
        run.end()
        return run.record_id


def test_sessions_lists_nothing_then_the_recorded_session(capsys, tmp_path):
    code, out, _ = run(capsys, "sessions", "--data-dir", str(tmp_path))
    assert code == 0 and out.startswith("No class sessions yet")
    number = stored_session(tmp_path)
    code, out, _ = run(capsys, "sessions", "--data-dir", str(tmp_path))
    assert code == 0
    assert out.rstrip() == (f"{number:4}  2030-01-01 00:00  Class Demo: 3 decision(s), 0 vote(s), 2 paths, "
                           f"ended: The Form Is Done")
    code, out, _ = run(capsys, "sessions", "--data-dir", str(tmp_path), "--json")
    [row] = json.loads(out)
    assert (row["id"], row["branches"], row["ending_title"]) == (number, 2, "The Form Is Done")


def test_sessions_export_writes_json_and_csv(capsys, tmp_path):
    number = stored_session(tmp_path / "data")
    code, out, _ = run(capsys, "sessions", "export", str(number), "--out", str(tmp_path / "records"),
                       "--data-dir", str(tmp_path / "data"))
    assert code == 0 and out.startswith(f"Wrote class session {number} (Class Demo, 2030-01-01)")
    [json_file] = (tmp_path / "records").glob("*.json")
    [csv_file] = (tmp_path / "records").glob("*.csv")
    assert json.loads(json_file.read_text(encoding="utf-8"))["decisions"][0]["choice"] == "warm"
    rows = list(csv.DictReader(csv_file.open(encoding="utf-8-sig")))
    assert [(r["path"], r["choice"], r["rewound"]) for r in rows] == [("1", "warm", "yes"), ("2", "forms", "no"),
                                                                       ("2", "lecture", "no")]
    # The data folder may also come before the action, like the list.
    code, _, _ = run(capsys, "sessions", "--data-dir", str(tmp_path / "data"), "export", str(number),
                     "--out", str(tmp_path / "again"))
    assert code == 0 and len(list((tmp_path / "again").iterdir())) == 2


def test_sessions_export_of_an_unknown_session_is_one_line(capsys, tmp_path):
    stored_session(tmp_path)
    code, out, err = run(capsys, "sessions", "export", "42", "--data-dir", str(tmp_path))
    assert code == 2 and out == ""
    assert err.strip() == 'rapport: there is no class session "42" (run `rapport sessions` to see them)'
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run(capsys, "sessions", "export", "1", "--out", str(blocker), "--data-dir", str(tmp_path))
    assert code == 2 and err.startswith(f"rapport: cannot write into {blocker}")


def test_class_refuses_a_bad_port_and_an_unknown_scenario(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["class", "waiting-room", "--port", "80"])
    assert exit_.value.code == 2 and "a port is a number from 1024 to 65535" in capsys.readouterr().err
    code, _, err = run(capsys, "class", "no-such-scenario")
    assert code == 2 and err.startswith("rapport: ") and "no-such-scenario" in err and len(err.splitlines()) == 1


def test_class_without_a_display_says_so(capsys, monkeypatch):
    for name in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    code, _, err = run(capsys, "class", str(SCENES / "class-demo.yaml"))
    assert code == 1 and err.strip() == ("rapport: no display available (neither DISPLAY nor WAYLAND_DISPLAY is set); "
                                         "facilitator mode needs a screen to project")


def test_class_opens_the_window_on_the_class_briefing_with_the_options(capsys, monkeypatch, tmp_path):
    from game.ui.app import App

    seen = {}

    def fake_run(app):  # the window would wait for the facilitator; look at it instead
        screen = app.screen
        seen.update(screen=screen.name, scenario=screen.scenario.id, port=screen.ctx.port, phones=screen.ctx.phones,
                    below=[s.name for s in app.screens])
        return 0

    monkeypatch.setattr(App, "run", fake_run)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code, _, _ = run(capsys, "class", str(SCENES / "class-demo.yaml"), "--port", "9123", "--no-votes",
                     "--data-dir", str(tmp_path / "data"))
    assert code == 0
    assert seen == {"screen": "class-briefing", "scenario": "class-demo", "port": 9123, "phones": False,
                    "below": ["title", "classroom", "class-briefing"]}
