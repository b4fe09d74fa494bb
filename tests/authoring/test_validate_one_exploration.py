"""`rapport validate` explores a scene with safety duties once: the loop and dead-end check
reads the graph the duty check explored (as analyze does), instead of exploring it again."""

from pathlib import Path

from game.cli import main
from game.story.statespace import StateGraph


def test_validate_explores_a_scene_with_duties_once(capsys, monkeypatch):
    made = []
    real_init = StateGraph.__init__

    def counted(self, scenario, *args, **kwargs):
        made.append((scenario.id, kwargs.get("marked") is not None))
        real_init(self, scenario, *args, **kwargs)

    monkeypatch.setattr(StateGraph, "__init__", counted)
    assert main(["validate", "grief-home-visit"]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().err
    assert made == [("grief-home-visit", True)]
    made.clear()
    scene = Path(__file__).parent / "scenes" / "endless-loop.yaml"  # no duties: explored for the loops alone
    assert main(["validate", str(scene)]) == 1
    assert "RP0504" in capsys.readouterr().out
    assert [marked for _, marked in made] == [False]
