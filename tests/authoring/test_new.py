"""`rapport new`: a starter scene that validates, analyses clean and plays, and never overwrites."""

from pathlib import Path

from game.cli import main
from game.commands.new import TEMPLATE, schema_reference
from game.story import check_file, load_scenario
from game.story.analysis import analyze
from game.story.schema import SCHEMA_PATH
from game.play import play_scripted

from .helpers import REPO


def test_the_template_itself_validates_and_analyses_clean():
    scenario, diagnostics = check_file(TEMPLATE)
    assert scenario is not None and diagnostics == []
    a = analyze(scenario, runs=0)
    assert a.findings == [] and all(e.reachable for e in a.endings)
    schema_line = TEMPLATE.read_text().splitlines()[0]
    assert (TEMPLATE.parent / schema_line.split("$schema=")[1]).resolve() == SCHEMA_PATH.resolve()


def test_new_writes_a_scene_that_validates_analyses_clean_and_plays(tmp_path, capsys):
    code = main(["new", "home-visit", "--dir", str(tmp_path)])
    out, err = capsys.readouterr()
    path = tmp_path / "home-visit.yaml"
    assert code == 0 and str(path) in out and err == ""
    scenario, diagnostics = check_file(path)
    assert scenario is not None and diagnostics == [] and scenario.id == "home-visit"
    assert scenario.title == "Home Visit"
    assert analyze(scenario, runs=0).findings == []
    for e in analyze(scenario, runs=0).endings:
        assert play_scripted(scenario, list(e.shortest)).ending.id == e.id
    assert main(["validate", str(path)]) == 0 and main(["analyze", str(path), "--runs", "50"]) == 0


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "home-visit.yaml"
    path.write_text("mine")
    code = main(["new", "home-visit", "--dir", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "already exists" in err
    assert path.read_text() == "mine"


def test_new_refuses_an_unusable_id(tmp_path, capsys):
    code = main(["new", "Home Visit", "--dir", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2 and "lower-case" in err and list(tmp_path.iterdir()) == []


def test_title_option_is_quoted_safely(tmp_path, capsys):
    assert main(["new", "odd", "--dir", str(tmp_path), "--title", 'A "quoted": title']) == 0
    assert load_scenario(tmp_path / "odd.yaml").title == 'A "quoted": title'


def test_schema_path_inside_a_checkout_is_relative():
    assert schema_reference(REPO / "scenes") == "../game/story/scene.schema.json"
    assert schema_reference(REPO / "scenes" / "mine") == "../../game/story/scene.schema.json"


def test_schema_path_elsewhere_is_absolute(tmp_path):
    ref = schema_reference(tmp_path)
    assert Path(ref).is_absolute() and Path(ref).resolve() == SCHEMA_PATH.resolve()


def test_new_writes_under_scenes_by_default(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "first-try"]) == 0
    text = (tmp_path / "scenes" / "first-try.yaml").read_text()
    assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_PATH.resolve().as_posix()}\n")


def test_the_starter_passes_the_editor_schema(tmp_path, capsys):
    import json

    import jsonschema
    import yaml

    assert main(["new", "schema-check", "--dir", str(tmp_path)]) == 0
    data = yaml.safe_load((tmp_path / "schema-check.yaml").read_text())
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()))


def test_new_dir_that_is_not_a_folder_is_one_line(tmp_path, capsys):
    """--dir naming a loop of links, a file or a device: one line, exit 2, nothing written."""
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(loop)
    plain = tmp_path / "plain.yaml"
    plain.write_text("keep")
    for where in (loop, plain, "/dev/null"):
        assert main(["new", "--dir", str(where), "fresh"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("rapport: ") and "is not a folder" in err and err.count("\n") == 1, err
    assert plain.read_text() == "keep"
