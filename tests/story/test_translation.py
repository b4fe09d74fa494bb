"""Scene translations (game/story/translation.py): the shipped Spanish scenes play to every ending,
plain and through a save; a translation is checked as untrusted input against its scene."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.play import Autosave, PlaySession, play_scripted
from game.progress import ProgressStore
from game.story import ERROR, WARNING, PlayState, load_library
from game.story.analysis import analyze
from game.story.diagnostics import INFO
from game.story.library import shipped_scene_dir
from game.story.loader import load_scenario
from game.story.translation import (MARKUP, MISSING, OUTDATED, STALE, apply, check_translation, render,
                                    source_lines, translation_path)

SCENES = shipped_scene_dir()
SPANISH = ["waiting-room", "worried-first-visit"]  # complete translations the project ships


@pytest.fixture(scope="module")
def spanish():
    return load_library(SCENES, language="es")


@pytest.fixture(scope="module")
def english():
    return load_library(SCENES)


# -- the shipped Spanish scenes ----------------------------------------------------------------

@pytest.mark.parametrize("scene", SPANISH)
def test_shipped_spanish_translation_is_complete_current_and_clean(scene, english):
    checked = check_translation(english.scenarios[scene], translation_path(english.files[scene], scene, "es"), "es")
    problems = [str(d) for d in checked.diagnostics]
    assert checked.used and problems == [], "\n".join(problems)
    assert checked.missing == [] and checked.outdated == [] and checked.translated == checked.lines > 100


@pytest.mark.parametrize("scene", SPANISH)
def test_spanish_scene_shows_spanish_and_keeps_every_id_condition_and_effect(scene, spanish, english):
    es, en = spanish.scenarios[scene], english.scenarios[scene]
    assert (es.language, es.source_language, en.language) == ("es", "en", "en")
    assert not [d for d in spanish.diagnostics if d.file.endswith(f"{scene}.yaml") and d.severity != INFO]
    assert es.title != en.title and es.start == en.start and es.meters == en.meters and es.flags == en.flags
    assert list(es.nodes) == list(en.nodes)
    for node_id, node in en.nodes.items():
        other = es.nodes[node_id]
        assert (other.beat, other.raises, other.routes, other.end) == (node.beat, node.raises, node.routes, node.end)
        for a, b in zip(node.choices, other.choices, strict=True):
            assert (a.id, a.tag, a.kind, a.effects, a.condition, a.next, a.meets, a.respect) == \
                   (b.id, b.tag, b.kind, b.effects, b.condition, b.next, b.meets, b.respect)
            assert a.text != b.text and a.feedback != b.feedback
    for a, b in zip(en.endings, es.endings, strict=True):
        assert (a.id, a.outcome, a.condition, a.guard, a.precedence) == (b.id, b.outcome, b.condition, b.guard, b.precedence)
        assert a.title != b.title and a.ripple != b.ripple
    # the exact analysis finds the same story: same endings, reachable the same way
    assert [(e.id, e.reachable, e.paths, e.shortest) for e in analyze(es, runs=0).endings] == \
           [(e.id, e.reachable, e.paths, e.shortest) for e in analyze(en, runs=0).endings]


def _endings(scenario):
    found = analyze(scenario, runs=0)
    assert found.findings == [] and all(e.reachable for e in found.endings)
    return [(e.id, e.shortest) for e in found.endings]


@pytest.mark.parametrize("scene", SPANISH)
def test_spanish_scene_plays_to_every_ending(scene, spanish):
    scenario = spanish.scenarios[scene]
    lines = dict(source_lines(scenario))  # the Spanish scenario's own lines
    for ending_id, path in _endings(scenario):
        session = play_scripted(scenario, list(path))
        assert session.is_over and session.ending.id == ending_id
        ending = scenario.ending(ending_id)
        assert ending.title == lines[("endings", ending_id, "title")]
        shown = [line.text for line in session.state.transcript()]
        assert shown and all(isinstance(t, str) and t for t in shown)
        you_said = [t for t, line in zip(shown, session.state.transcript()) if line.role == "worker"]
        offered = {c.text for node in scenario.nodes.values() for c in node.choices}
        assert you_said and all(t in offered for t in you_said)


@pytest.mark.parametrize("scene", SPANISH)
def test_spanish_scene_reaches_every_ending_through_a_save(scene, spanish, tmp_path):
    scenario = spanish.scenarios[scene]
    for n, (ending_id, path) in enumerate(_endings(scenario)):
        with ProgressStore.open(tmp_path / f"{n}") as store:
            profile = store.create_profile("Lucía")
            half = len(path) // 2
            first = play_scripted(scenario, list(path[:half]), [Autosave(store, profile)])
            assert not first.is_over
            # a fresh library in Spanish, as a new start of the game would read it
            again = load_library(SCENES, language="es").scenarios
            session = PlaySession.resume(store.resume(profile, again), [Autosave(store, profile)])
            assert session.scenario.language == "es" and session.state.node_id == first.state.node_id
            for choice_id in path[half:]:
                while session.status != "choice":
                    session.read_on()
                session.choose(choice_id)
            while not session.is_over:
                session.read_on()
            assert session.ending.id == ending_id
            assert store.endings_found(profile, scene) >= {ending_id}


def test_a_save_is_language_free_english_save_resumes_in_spanish(spanish, english):
    en, es = english.scenarios["waiting-room"], spanish.scenarios["waiting-room"]
    state = play_scripted(en, ["nearly-left", "explain-meeting"]).state
    carried = PlayState.from_json(es, json.loads(json.dumps(state.to_json())))
    assert carried.node_id == state.node_id and carried.meters == state.meters
    assert carried.moment().says == es.nodes[carried.node_id].says != en.nodes[carried.node_id].says


# -- a translation as untrusted input ------------------------------------------------------------

@pytest.fixture
def folder(tmp_path):
    """A scene folder with the tutorial and its Spanish translation, to break."""
    shutil.copy(SCENES / "waiting-room.yaml", tmp_path / "waiting-room.yaml")
    (tmp_path / "translations" / "es").mkdir(parents=True)
    shutil.copy(SCENES / "translations" / "es" / "waiting-room.yaml", tmp_path / "translations" / "es" / "waiting-room.yaml")
    return tmp_path


def _tr(folder: Path) -> Path:
    return folder / "translations" / "es" / "waiting-room.yaml"


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_an_id_that_left_the_scene_is_an_error_with_file_and_line(folder):
    tr = _tr(folder)
    tr.write_text(tr.read_text(encoding="utf-8").replace("  arrival:\n", "  arival:\n", 1)
                  .replace("      nearly-left:\n", "      nearly-gone:\n", 1), encoding="utf-8")
    lib = load_library(folder, language="es")
    errors = [d for d in lib.diagnostics if d.severity == ERROR]
    assert [d.code for d in errors] == [STALE]
    assert errors[0].file == str(tr) and errors[0].line == _line_of(tr, "arival:")
    assert 'node "arival" is not in the scene' in errors[0].message and 'did you mean "arrival"' in errors[0].message
    # the rest is used: the scene plays in Spanish, with English where the stale entry stood
    scenario = lib.scenarios["waiting-room"]
    assert scenario.nodes["arrival"].says == "I thought you'd forgotten about me. I nearly left."
    assert scenario.nodes["sitting-down"].says.startswith("¿Y ahora qué?")
    assert lib.notices == []  # the player is not told about the translator's mistake; validate is

    tr.write_text(tr.read_text(encoding="utf-8").replace("  arival:\n", "  arrival:\n", 1), encoding="utf-8")
    errors = [d for d in load_library(folder, language="es").diagnostics if d.severity == ERROR]
    assert len(errors) == 1 and 'choice "nearly-gone" is not in node "arrival"' in errors[0].message
    assert errors[0].line == _line_of(tr, "nearly-gone:")


def test_validate_fails_on_a_stale_id_with_file_and_line(folder, capsys):
    from game.cli import main

    tr = _tr(folder)
    tr.write_text(tr.read_text(encoding="utf-8").replace("  real-start:\n", "  real-beginning:\n", 1), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr()
    line = _line_of(tr, "real-beginning:")
    assert f'{tr}:{line}:3: ending "real-beginning" is not in the scene "waiting-room"' in out.out
    assert "[RP0701]" in out.out and "translations: waiting-room es 156/159 lines (3 missing)" in out.err
    assert main(["validate", str(tr)]) == 1  # the translation named on its own


def test_a_missing_line_is_listed_and_falls_back_to_the_scene(folder, capsys):
    from game.cli import main

    tr = _tr(folder)
    text = tr.read_text(encoding="utf-8")
    start = text.index("    says:\n      en: I thought")
    end = text.index("    facilitator:", start)
    tr.write_text(text[:start] + text[end:], encoding="utf-8")  # arrival's "says" entry removed
    text = tr.read_text(encoding="utf-8").replace("es: Llegada", "es:", 1)  # and one left empty
    tr.write_text(text, encoding="utf-8")
    lib = load_library(folder, language="es")
    scenario = lib.scenarios["waiting-room"]
    assert scenario.nodes["arrival"].says == "I thought you'd forgotten about me. I nearly left."
    assert scenario.nodes["arrival"].scene == "Arrival"
    assert scenario.nodes["arrival"].narration.startswith("Son las cuatro")
    notes = [d for d in lib.diagnostics if d.code == MISSING]
    assert [d.severity for d in notes] == [INFO, INFO] and not lib.errors
    assert '"nodes/arrival/scene" is not translated into Spanish yet' in notes[0].message
    assert notes[0].line == _line_of(tr, "en: Arrival") and notes[1].line == 0  # the empty entry; the removed one
    assert str(notes[0]).count("note: ") == 1
    assert main(["validate", "--lang", "es", str(folder)]) == 0  # listed, not an error
    out = capsys.readouterr()
    assert out.out.count("[RP0702]") == 2 and "waiting-room es 157/159 lines (2 missing)" in out.err


def test_an_outdated_line_is_a_warning_and_still_shown(folder):
    scene = folder / "waiting-room.yaml"
    scene.write_text(scene.read_text(encoding="utf-8").replace("I nearly left.", "I almost went home."), encoding="utf-8")
    lib = load_library(folder, language="es")
    outdated = [d for d in lib.diagnostics if d.code == OUTDATED]
    assert len(outdated) == 1 and outdated[0].severity == WARNING and "nodes/arrival/says" in outdated[0].message
    assert lib.scenarios["waiting-room"].nodes["arrival"].says == "Pensaba que se habían olvidado de mí. Casi me voy."
    assert lib.translations["waiting-room"].outdated == [("nodes", "arrival", "says")]


def test_placeholders_and_markup_must_match(tmp_path):
    scene = load_scenario(SCENES / "waiting-room.yaml")
    from dataclasses import replace

    node = scene.nodes["arrival"]
    edited = replace(scene, nodes={**scene.nodes, "arrival": replace(node, says="Hello {name}, <i>sorry</i>.")})
    path = tmp_path / "t.yaml"
    path.write_text("scene: waiting-room\nlanguage: es\nnodes:\n  arrival:\n    says:\n"
                    "      en: Hello {name}, <i>sorry</i>.\n      es: Hola {nombre}, perdone.\n", encoding="utf-8")
    checked = check_translation(edited, path, "es")
    assert [d.code for d in checked.errors] == [MARKUP] and checked.errors[0].line == 7
    assert ("nodes", "arrival", "says") in checked.missing  # the source is shown instead
    path.write_text(path.read_text(encoding="utf-8").replace("Hola {nombre}, perdone.", "<i>Perdone</i>, {name}."),
                    encoding="utf-8")
    assert check_translation(edited, path, "es").errors == []


HOSTILE = {
    "alias": "scene: &a waiting-room\nlanguage: es\nnodes:\n  arrival: *a\n",
    "billion laughs": "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n",
    "python tag": "scene: !!python/object/apply:os.system [echo hi]\nlanguage: es\n",
    "not a mapping": "- just\n- a list\n",
    "wrong types": "scene: waiting-room\nlanguage: es\nnodes:\n  arrival:\n    says: [1, 2]\n    narration:\n"
                   "      en: x\n      es: {a: b}\n  sitting-down: 7\nendings: nope\ndebrief_questions: {1: x}\n",
    "wrong header": "scene: another-scene\nlanguage: es\n",
    "wrong language": "scene: waiting-room\nlanguage: fr\n",
    "same language": "scene: waiting-room\nlanguage: en\n",
    "newer format": "translation: 9\nscene: waiting-room\nlanguage: es\n",
    "empty": "",
    "null": "~\n",
    "binary": "\udcff",
    "deep": "scene: waiting-room\nlanguage: es\nnodes: " + "[" * 60 + "]" * 60 + "\n",
    "duplicate keys": "scene: waiting-room\nlanguage: es\nlanguage: es\n",
    "odd keys": "scene: waiting-room\nlanguage: es\n? [a, b]\n: c\nnodes:\n  true: {}\n  1.5: x\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_translation_gives_clear_messages_and_the_scene_still_plays(name, folder, capsys):
    from game.cli import main

    tr = _tr(folder)
    if name == "binary":
        tr.write_bytes(b"scene: waiting-room\nlanguage: es\n\xff\xfe\n")
    else:
        tr.write_text(HOSTILE[name], encoding="utf-8")
    lib = load_library(folder, language="es")
    scenario = lib.scenarios["waiting-room"]  # the scene itself is untouched
    assert scenario.nodes["arrival"].says == "I thought you'd forgotten about me. I nearly left."
    errors = [d for d in lib.diagnostics if d.severity == ERROR]
    assert errors and all(d.file == str(tr) and d.code.startswith(("RP01", "RP07")) for d in errors)
    assert all(d.code != "RP0709" for d in errors)  # a message for each, never the safety net
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and str(tr) in out.out


def test_a_huge_translation_is_refused_unread(folder):
    from game.story import yamlsrc

    tr = _tr(folder)
    with tr.open("r+b") as f:  # a sparse file past the limit: refused before any parsing
        f.truncate(yamlsrc.MAX_FILE_BYTES + 4096)
    lib = load_library(folder, language="es")
    assert [d.code for d in lib.diagnostics if d.file == str(tr) and d.severity == ERROR] == ["RP0107"]
    assert lib.scenarios["waiting-room"].language == "en"


def test_a_translation_without_a_scene_is_listed_by_validate(folder, capsys):
    from game.cli import main

    shutil.copy(_tr(folder), folder / "translations" / "es" / "waiting-rooom.yaml")
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert 'there is no scene "waiting-rooom"' in out and "[RP0707]" in out


def test_validate_lang_lists_scenes_without_a_translation(folder, capsys):
    from game.cli import main

    shutil.copy(SCENES / "reluctant-teen.yaml", folder / "reluctant-teen.yaml")
    assert main(["validate", "--lang", "es", str(folder)]) == 0
    captured = capsys.readouterr()
    assert '"reluctant-teen" has no Spanish translation yet' in captured.out and "[RP0708]" in captured.out
    assert "waiting-room es 159/159 lines" in captured.err
    lines = len(source_lines(load_scenario(SCENES / "reluctant-teen.yaml")))  # the scene's own count, as it grows
    assert f"reluctant-teen es 0/{lines} lines (no translation yet)" in captured.err


# -- rapport translate -----------------------------------------------------------------------------

def test_translate_writes_every_line_with_its_source_in_play_order(tmp_path, capsys):
    from game.cli import main

    shutil.copy(SCENES / "waiting-room.yaml", tmp_path / "waiting-room.yaml")
    assert main(["translate", str(tmp_path / "waiting-room.yaml"), "--lang", "fr"]) == 0
    out = tmp_path / "translations" / "fr" / "waiting-room.yaml"
    assert out.is_file() and "0 of 159 lines translated" in capsys.readouterr().out
    scene = load_scenario(tmp_path / "waiting-room.yaml")
    checked = check_translation(scene, out, "fr")
    assert checked.used and checked.errors == [] and len(checked.missing) == 159 and checked.outdated == []
    text = out.read_text(encoding="utf-8")
    positions = [text.index(f"  {node_id}:\n") for node_id in scene.nodes if any(
        p[:2] == ("nodes", node_id) for p, _ in source_lines(scene))]
    assert positions == sorted(positions)  # top to bottom as the scene is written
    assert text.index("scenario:") < text.index("nodes:") < text.index("endings:") < text.index("debrief_questions:")


def test_translate_round_trip_keeps_work_marks_changes_and_keeps_a_backup(folder, capsys):
    from game.cli import main

    tr, scene = _tr(folder), folder / "waiting-room.yaml"
    before = tr.read_text(encoding="utf-8")
    # the translator's own file, unchanged scene: the file is rewritten the same, and kept work stays
    assert main(["translate", str(scene), "--lang", "es"]) == 0
    assert "159 of 159 lines translated" in capsys.readouterr().out
    assert tr.read_text(encoding="utf-8") == before
    # the scene changes: a line edited, a choice removed, a node renamed
    text = scene.read_text(encoding="utf-8").replace("I nearly left.", "I almost went home.")
    text = text.replace("  drifted:\n", "  drifting:\n").replace("next: drifted", "next: drifting")
    scene.write_text(text, encoding="utf-8")
    assert main(["translate", str(scene), "--lang", "es"]) == 0
    said = capsys.readouterr().out
    assert "1 outdated (marked was:)" in said and "kept as comments" in said and ".bak" in said
    assert tr.with_name(tr.name + ".bak").read_text(encoding="utf-8") == before  # nothing the user had is lost
    checked = check_translation(load_scenario(scene), tr, "es")
    assert checked.errors == [] and checked.outdated == [("nodes", "arrival", "says")]
    assert sorted(checked.missing) == [("nodes", "drifting", k) for k in ("narration", "says", "scene")]
    new = tr.read_text(encoding="utf-8")
    assert "      was: I thought you'd forgotten about me. I nearly left.\n" in new
    assert "# nodes/drifted/narration" in new and "Compartes con él" in new  # the old work, as comments
    assert "Traducción al español del tutorial" in new  # the notes kept
    # the translator updates the line and deletes was: -> clean again
    after = new.replace("      was: I thought you'd forgotten about me. I nearly left.\n", "")
    tr.write_text(after, encoding="utf-8")
    assert check_translation(load_scenario(scene), tr, "es").outdated == []
    # run again: a second, different backup; the first is never written over
    assert main(["translate", str(scene), "--lang", "es"]) == 0
    assert tr.with_name(tr.name + ".bak").read_text(encoding="utf-8") == before
    capsys.readouterr()


def test_translate_refuses_a_broken_file_and_writes_nothing(folder, capsys):
    from game.cli import main

    tr = _tr(folder)
    tr.write_text("scene: waiting-room\nlanguage: es\nnodes: [unclosed\n", encoding="utf-8")
    assert main(["translate", str(folder / "waiting-room.yaml"), "--lang", "es"]) == 1  # a mistake, not a missing file
    err = capsys.readouterr().err
    assert "nothing was written" in err and "RP0101" in err
    assert tr.read_text(encoding="utf-8") == "scene: waiting-room\nlanguage: es\nnodes: [unclosed\n"


def test_render_round_trips_every_shipped_scene_and_awkward_text(tmp_path):
    from dataclasses import replace

    for path in sorted(SCENES.glob("*.yaml")):
        scene = load_scenario(path)
        lines = source_lines(scene)
        old = {p: {"text": f"«{t}» : # - & * ! | > ' \" ", "source": t} for p, t in lines}
        out = tmp_path / f"{scene.id}.yaml"
        out.write_text(render(scene, "es", str(path), old), encoding="utf-8")
        checked = check_translation(scene, out, "es")
        assert checked.used and checked.diagnostics == [] and checked.missing == []
        assert checked.texts == {p: f"«{t}» : # - & * ! | > ' \"" for p, t in lines}
    # text that is only a number, or looks like YAML, reads back as text
    scene = load_scenario(SCENES / "waiting-room.yaml")
    odd = replace(scene, title="3:40", summary="yes")
    out = tmp_path / "odd.yaml"
    out.write_text(render(odd, "es", "", {("scenario", "title"): {"text": "15:40"}, ("scenario", "summary"): {"text": "no"}}),
                   encoding="utf-8")
    checked = check_translation(odd, out, "es")
    assert checked.texts[("scenario", "title")] == "15:40" and checked.texts[("scenario", "summary")] == "no"
    assert apply(odd, checked).title == "15:40"


def test_every_translation_code_is_documented():
    import re

    from game.story import translation

    root = Path(__file__).resolve().parents[2]
    used = set(re.findall(r'"(RP07\d\d)"', Path(translation.__file__).read_text(encoding="utf-8")))
    assert len(used) == 9
    for doc in ("scene-format.md", "languages.md"):
        documented = set(re.findall(r"\| (RP07\d\d) \|", (root / "docs" / doc).read_text(encoding="utf-8")))
        assert used <= documented, (doc, sorted(used - documented))


@pytest.mark.parametrize("scene", SPANISH)
def test_spanish_words_give_no_surface_probe_the_best_ending(scene, spanish):
    # length, punctuation, position and the other surface features, measured on the Spanish text
    from game.story.balance import balance, flags

    b = balance(spanish.scenarios[scene])
    assert [d.message for d in flags(b) if d.code == "RP0602"] == []


def test_the_terminal_player_plays_the_spanish_tutorial(capsys, monkeypatch):
    from game.cli import main

    import io

    # each choice, then Enter enough times to read on (a blank answer at a choice asks again)
    answers = "\n" + "".join(f"{n}\n\n\n\n" for n in (4, 3, 1, 2, 2)) + "\n" * 20
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    assert main(["play", "--text", "waiting-room", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "Tutorial: La sala de espera" in out and "Pensaba que se habían olvidado de mí" in out
    assert "Un verdadero comienzo" in out and "Tres semanas después" in out
