"""The `rapport` command as a user types it: exit codes, one-line errors, never a traceback."""

import json
import subprocess
import sys
from pathlib import Path


from game.cli import main

from .story.helpers import MINI, line_of

BEST = "3,2,1,2,2"  # the tutorial's own best path (see scenes/waiting-room.yaml)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_tutorial(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0 and "waiting-room" in out and "Tutorial: The Waiting Room" in out
    code, out, _ = run(capsys, "list", "--json")
    assert any(s["id"] == "waiting-room" for s in json.loads(out))


def test_validate_clean_folder_exits_0(capsys):
    code, out, err = run(capsys, "validate", "scenes")
    # a format 1 scene's only notes say what to add for format 2 (RP0430)
    assert code == 0 and "0 error(s)" in err
    assert all(line.endswith("[RP0430]") for line in out.splitlines()), out


def test_validate_reports_each_problem_and_exits_1(capsys, tmp_path):
    bad = tmp_path / "mini.yaml"
    text = MINI.replace("tag: rushing", "tag: rush").replace("minutes: 3", "minutes: soon")
    bad.write_text(text)
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1
    lines = [line for line in out.strip().splitlines() if not line.endswith("[RP0430]")]
    assert f"{bad}:{line_of(text, 'tag: rush')}:14: " in out
    assert len(lines) == 2 and all(line.startswith(f"{bad}:") for line in lines)
    assert {line.rsplit(" ", 1)[1] for line in lines} == {"[RP0205]", "[RP0207]"}
    code, out, _ = run(capsys, "validate", "--json", str(bad))
    data = json.loads(out)
    problems = [p for p in data["problems"] if p["code"] != "RP0430"]
    assert code == 1 and data["ok"] is False and len(problems) == 2
    assert problems[0]["line"] > 0 and problems[0]["severity"] == "error"


def test_validate_missing_file_and_unknown_id_exit_2(capsys):
    code, _, err = run(capsys, "validate", "nowhere/nothing.yaml")
    assert code == 2 and err.strip() == "rapport: nowhere/nothing.yaml: no such file or folder"
    code, _, err = run(capsys, "validate", "no-such-scenario")
    assert code == 2 and 'no scenario "no-such-scenario"' in err and "waiting-room" in err


def test_scripted_play_prints_ending_and_debrief(capsys):
    code, out, _ = run(capsys, "play", "--text", "waiting-room", "--choices", BEST)
    assert code == 0
    assert "Ending: A Real Start" in out and "Debrief" in out and "Response mix" in out


def test_scripted_play_json(capsys):
    code, out, _ = run(capsys, "play", "--text", "waiting-room", "--choices", BEST, "--json")
    data = json.loads(out)
    assert code == 0 and data["finished"] is True
    assert data["debrief"]["ending"]["id"] == "real-start"
    assert len(data["debrief"]["decisions"]) == 5


def test_scripted_play_accepts_choice_ids(capsys):
    code, out, _ = run(capsys, "play", "--text", "waiting-room", "--json", "--choices",
                       "rebook,start-anywhere,why-not-opened,just-paperwork,off-your-hands")
    assert code == 0 and json.loads(out)["debrief"]["ending"]["id"] == "paperwork-only"


def test_scripted_play_errors_are_one_line(capsys):
    code, _, err = run(capsys, "play", "--text", "waiting-room", "--choices", "9")
    assert code == 1 and err.count("\n") == 1 and "only 4 choice(s) are offered" in err
    code, _, err = run(capsys, "play", "--text", "waiting-room", "--choices", "1")
    assert code == 1 and "ran out" in err
    code, _, err = run(capsys, "play", "--text", "nobody-here")
    assert code == 2 and 'no scenario "nobody-here"' in err


def test_play_a_broken_file_shows_its_problems(capsys, tmp_path):
    bad = tmp_path / "mini.yaml"
    bad.write_text(MINI.replace("next: worry", "next: wory"))
    code, _, err = run(capsys, "play", "--text", str(bad), "--choices", "1")
    assert code == 1 and 'node "wory", which does not exist' in err


def test_interactive_terminal_player_to_an_ending():
    # The player as a person uses it: typed answers on standard input, including going back.
    answers = "\n".join(["", "1", "", "b", "3", "", "2", "", "1", "", "", "2", "", "2", "", "", "", "", ""]) + "\n"
    result = subprocess.run([sys.executable, "-m", "game", "play", "--text", "waiting-room"],
                            input=answers, capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "You take back your last response" in result.stdout
    assert "Ending: A Real Start" in result.stdout
    assert "\033[" not in result.stdout  # no colour codes when not on a terminal


def test_bad_arguments_never_show_a_traceback():
    result = subprocess.run([sys.executable, "-m", "game", "play", "--text", "missing-one"],
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("rapport: ")


def _terminal(args, answers, data_dir):
    return subprocess.run([sys.executable, "-m", "game", "--data-dir", str(data_dir), *args],
                          input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parent.parent)


def test_terminal_player_autosaves_and_continues_under_a_profile(tmp_path):
    from game.progress import ENDED, ProgressStore

    first = _terminal(["play", "--text", "waiting-room", "--profile", "Ana"], ["", "3", "", "2", "", "q"], tmp_path)
    assert first.returncode == 0, first.stderr
    # Second run: continue the saved attempt, which replays the conversation so far, and finish.
    second = _terminal(["play", "--text", "waiting-room", "--profile", "Ana"],
                       ["y", "", "1", "", "", "2", "", "2", "", "", "", "", ""], tmp_path)
    assert second.returncode == 0, second.stderr
    assert "unfinished attempt" in second.stdout and "(2 choices" in second.stdout
    assert "(The conversation so far.)" in second.stdout
    played = second.stdout.split("Ending:")[0]  # the debrief after it quotes every choice again
    assert played.count("I'm sorry you were kept waiting") == 1
    assert "Ending: A Real Start" in second.stdout
    with ProgressStore.open(tmp_path) as store:
        ana = store.require_profile("Ana")
        attempts = store.history(ana, "waiting-room")
        assert [a.status for a in attempts] == [ENDED] and attempts[0].decisions == 5
        assert store.endings_found(ana, "waiting-room") == {"real-start"}


def test_profile_needs_the_terminal_player(capsys, tmp_path):
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "play", "waiting-room", "--profile", "Ana")
    assert code == 2 and "--profile goes with --text" in err


def test_help_imports_no_command_and_no_story_core():
    """`rapport --help` lists every command from cli.COMMANDS alone (issue 14 §13)."""
    import subprocess
    import sys

    code = ("import sys; from game.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('game.story', 'game.progress', "
            "'game.commands.', 'game.play', 'yaml', 'pygame')) and m != 'game.commands.errors'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_command_table_matches_what_each_command_registers():
    import argparse

    from game.cli import COMMANDS, build_parser

    full = build_parser("*")
    [sub] = [a for a in full._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {c.dest: c.help for c in sub._choices_actions}
    assert helps == {name: help_text for name, _, help_text in COMMANDS}
    lazy = build_parser("list")
    [sub] = [a for a in lazy._actions if isinstance(a, argparse._SubParsersAction)]
    assert sorted(c.dest for c in sub._choices_actions) == sorted(name for name, _, _ in COMMANDS)


def test_the_window_draws_its_first_frame_without_the_yaml_loader_or_other_screens():
    """`rapport` opens on the title before the scenarios load (issue 14 §13)."""
    import subprocess
    import sys

    code = ("import os, sys, tempfile\nos.environ['SDL_VIDEODRIVER'] = 'dummy'\n"
            "from game.ui.launcher import create_app\nd = tempfile.mkdtemp()\n"
            "app = create_app(config_dir=d, data_dir=d)\napp.step([])\nassert app.frames == 1\n"
            "print(sorted(m for m in sys.modules if m in ('yaml', 'game.story.loader', 'game.story.library', "
            "'game.story.debrief', 'game.classroom.server', 'game.ui.screens.play', 'game.ui.classroom.facilitator')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_bare_rapport_reads_its_empty_command_line_as_the_parser_would():
    """Bare `rapport` skips argparse (issue 14 §13); what it gets must be what parsing gives."""
    from game.cli import bare_args, build_parser

    for listing in (False, True):
        assert vars(bare_args()) == vars(build_parser(None, listing=listing).parse_args([]))


def test_the_story_core_lazy_table_matches_what_type_checkers_see():
    import ast
    from pathlib import Path

    import game.story as story

    tree = ast.parse(Path(story.__file__).read_text(encoding="utf-8"))
    [block] = [n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING"]
    seen = {(node.module, a.name) for node in block.body for a in node.names}
    assert seen == {(module, name) for name, module in story._WHERE.items()}
    for name in story.__all__:
        assert getattr(story, name) is not None


def test_terminal_player_asks_the_reflection_and_keeps_it_with_the_attempt(tmp_path):
    from game.progress import ProgressStore, export_profile
    from game.story.loader import load_scenario

    questions = load_scenario(Path(__file__).parent.parent / "scenes" / "waiting-room.yaml").debrief_questions
    assert len(questions) == 5
    play = [""] + ["1"] * 16  # begin, then the first choice or Enter at every moment, to the ending
    done = _terminal(["play", "--text", "waiting-room", "--profile", "Ana"],
                     play + ["Shaky at first", "", "", "", "Ask before I assume"], tmp_path)
    assert done.returncode == 0, done.stderr
    after = done.stdout.split("Your reflection (optional)")[1]
    for n, question in enumerate(questions, 1):  # the scene's own questions
        assert f"{n}. {question[:40]}" in " ".join(after.split())
    with ProgressStore.open(tmp_path) as store:
        [attempt] = store.history(store.require_profile("Ana"))
        kept = {questions[0]: "Shaky at first", questions[4]: "Ask before I assume"}
        assert store.reflection(attempt.uuid) == kept
        assert export_profile(store, "Ana")["attempts"][0]["reflection"] == {"answers": kept}
        bodies = [b for (b,) in store.conn.execute("SELECT body FROM xapi_outbox")]
        responded = [b for b in bodies if "/verbs/responded" in b]
        assert len(responded) == 2 and any("/reflection/5" in b and "Ask before I assume" in b for b in responded)


def test_terminal_reflection_is_skipped_with_enter_and_kept_empty(tmp_path):
    from game.progress import ProgressStore

    done = _terminal(["play", "--text", "waiting-room", "--profile", "Ana"], [""] + ["1"] * 16 + [""] * 5, tmp_path)
    assert done.returncode == 0 and "the reflection was skipped" in done.stdout
    with ProgressStore.open(tmp_path) as store:
        [attempt] = store.history(store.require_profile("Ana"))
        assert attempt.status == "ended" and store.reflection(attempt.uuid) == {}


def test_terminal_without_a_profile_asks_no_reflection():
    result = subprocess.run([sys.executable, "-m", "game", "play", "--text", "waiting-room"],
                            input="\n1\n1\n1\n1\n1\n\n\n\n\n\n\n", capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).parent.parent)
    assert "Your reflection" not in result.stdout
