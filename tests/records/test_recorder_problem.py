"""The xAPI recorder says when statements cannot be queued, once per change, as the autosave
does; the terminal player and the window show it until queuing works again."""

import io

from game.play import PlaySession
from game.progress import ProgressError, ProgressStore
from game.records import recorder as recorder_module
from game.records.recorder import XapiRecorder
from game.story import load_library
from game.terminal.player import TerminalPlayer


def test_the_problem_is_told_when_it_starts_and_when_it_ends(tmp_path, monkeypatch):
    scenario = load_library().scenarios["waiting-room"]
    told = []
    with ProgressStore.open(tmp_path / "data") as store:
        recorder = XapiRecorder(store, lambda: "Ana", on_problem=told.append)
        session = PlaySession.start(scenario, [recorder])
        real = recorder_module.outbox.queue_statements

        def failing(*args, **kwargs):
            raise ProgressError("the database is locked")

        monkeypatch.setattr(recorder_module.outbox, "queue_statements", failing)
        out = io.StringIO()
        player = TerminalPlayer(session, out=out, color=False)
        recorder.on_problem = lambda line: (told.append(line), player.problem(line))

        def choose_first():
            while session.state.status != "choice":
                session.read_on()  # a reaction or narration to read on from
            session.choose(session.state.available()[0].id)

        choose_first()
        choose_first()  # still failing: told once, not twice
        monkeypatch.setattr(recorder_module.outbox, "queue_statements", real)
        choose_first()
    assert told == ["Learning records could not be queued just now (the database is locked); play goes on.", None]
    assert "Learning records could not be queued just now" in out.getvalue()
