"""Export and import, through the functions and through `rapport export/import/profiles`."""

import json
import subprocess
import sys

import pytest

from game.cli import main
from game.progress import ProgressStore, TransferError, export_profile, import_export, parse_export

from .helpers import ROOT, TickingClock, scenario

MINI_SC = scenario()


def played(folder, name="Ana", runs=(("apologise",), ("straight-to-forms",))):
    """A profile with one attempt per entry of ``runs``, each played to its end."""
    with ProgressStore.open(folder, clock=TickingClock()) as store:
        profile = store.get_or_create_profile(name)
        uuids = []
        for choices in runs:
            run = store.start_attempt(profile, MINI_SC)
            todo = list(choices)
            while not run.state.is_over:
                run.state.choose(todo.pop(0)) if run.state.status == "choice" else run.state.advance()
                run.attempt.save(run.state)
            uuids.append(run.attempt.uuid)
        return uuids


def test_export_then_import_elsewhere_brings_everything_and_never_twice(tmp_path):
    uuids = played(tmp_path / "home")
    with ProgressStore.open(tmp_path / "home") as home:
        data = export_profile(home, "ana")
        original = {u: home.attempt(u) for u in uuids}
    data = json.loads(json.dumps(data))  # as it travels: through a file
    assert data["format"] == "rapport-progress" and [a["uuid"] for a in data["attempts"]] == uuids

    with ProgressStore.open(tmp_path / "lab") as lab:
        report = import_export(lab, data)
        assert (report.added, report.updated, report.unchanged) == (2, 0, 0) and report.endings_added == 2
        ana = lab.profile("Ana")
        for uuid in uuids:
            assert lab.attempt(uuid) == original[uuid]  # steps, rewinds, state: the same
        assert lab.endings_found(ana, "mini") == {"opened-up", "paperwork-only"}
        assert lab.debrief(uuids[0], MINI_SC).ending.id == "opened-up"

        again = import_export(lab, data)
        assert (again.added, again.updated, again.unchanged, again.endings_added) == (0, 0, 2, 0)
        assert lab.conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 2
        assert len(lab.conn.execute("SELECT * FROM steps").fetchall()) == sum(len(a.steps) for a in original.values())


def test_a_damaged_autosave_travels_as_it_is(tmp_path):
    uuids = played(tmp_path / "home")
    with ProgressStore.open(tmp_path / "home") as home:
        home.conn.execute("UPDATE attempts SET state_json = '{half a save' WHERE uuid = ?", (uuids[0],))
        data = json.loads(json.dumps(export_profile(home, "Ana")))
    assert data["attempts"][0]["state"] == "{half a save"
    with ProgressStore.open(tmp_path / "lab") as lab:
        assert import_export(lab, data).added == 2
        assert lab.conn.execute("SELECT state_json FROM attempts WHERE uuid = ?", (uuids[0],)).fetchone()[0] == "{half a save"
        assert [s.choice_id for s in lab.attempt(uuids[0]).steps][0] == "apologise"  # its steps came too


def test_an_attempt_continued_elsewhere_replaces_the_older_copy(tmp_path):
    with ProgressStore.open(tmp_path / "home") as home:
        ana = home.get_or_create_profile("Ana")
        run = home.start_attempt(ana, MINI_SC)
        run.state.choose("apologise")
        run.attempt.save(run.state)
        early = export_profile(home, "Ana")
        run.state.advance()
        run.attempt.save(run.state)
        later = export_profile(home, "Ana")
    with ProgressStore.open(tmp_path / "lab") as lab:
        import_export(lab, early)
        report = import_export(lab, later)
        assert (report.added, report.updated) == (0, 1)
        assert [s.node_id for s in lab.attempt(run.attempt.uuid).path()] == ["arrival", "letter"]
        report = import_export(lab, early)  # an older copy never goes back over a newer one
        assert report.unchanged == 1 and len(lab.attempt(run.attempt.uuid).path()) == 2


def test_an_attempt_played_on_two_computers_is_kept_here_and_reported(tmp_path):
    with ProgressStore.open(tmp_path / "home") as home:
        run = home.start_attempt(home.get_or_create_profile("Ana"), MINI_SC)
        shared = export_profile(home, "Ana")
        run.state.choose("apologise")
        run.attempt.save(run.state)
        theirs = export_profile(home, "Ana")
    with ProgressStore.open(tmp_path / "lab") as lab:
        import_export(lab, shared)
        mine = lab.resume(lab.profile("Ana"), {"mini": MINI_SC})
        mine.state.choose("straight-to-forms")
        mine.attempt.save(mine.state)
        mine.state.rewind(0)
        mine.attempt.save(mine.state)
        mine.state.choose("apologise")
        mine.attempt.save(mine.state)  # revision 4 here; "theirs" is revision 2
        report = import_export(lab, theirs)
        assert report.unchanged == 1 and report.conflicts == []
        assert [s.choice_id for s in lab.attempt(run.attempt.uuid).steps] == ["straight-to-forms", "apologise"]
        theirs["attempts"][0]["revision"] = 99
        report = import_export(lab, theirs)
        assert "played further on both computers" in report.conflicts[0]
        assert [s.choice_id for s in lab.attempt(run.attempt.uuid).steps] == ["straight-to-forms", "apologise"]


def test_import_into_another_name_and_bad_files_are_named_plainly(tmp_path):
    played(tmp_path / "home")
    with ProgressStore.open(tmp_path / "home") as home:
        data = export_profile(home, "Ana")
    with ProgressStore.open(tmp_path / "lab") as lab:
        assert import_export(lab, data, as_name="Ana L.").profile == "Ana L."
        assert lab.profile("Ana") is None and len(lab.history(lab.profile("Ana L."))) == 2
        with pytest.raises(TransferError, match=r"hand-in.json:1:2: not valid JSON"):
            parse_export("{oops", "hand-in.json")
        with pytest.raises(TransferError, match="not a Rapport progress export"):
            parse_export("[]", "hand-in.json")
        broken = json.loads(json.dumps(data))
        broken["attempts"][1]["steps"][0]["seq"] = "one"
        with pytest.raises(TransferError, match=r'hand-in.json: attempt 2 step 1 "seq" should be a whole number'):
            parse_export(json.dumps(broken), "hand-in.json")
        newer = dict(data, version=7)
        with pytest.raises(TransferError, match="newer Rapport"):
            import_export(lab, newer, source="hand-in.json")
        assert lab.conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 2  # nothing half-imported


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands_export_import_and_list_profiles(tmp_path, capsys, monkeypatch):
    played(tmp_path / "home")
    home, lab = str(tmp_path / "home"), str(tmp_path / "lab")
    out_file = tmp_path / "ana.json"
    code, out, _ = run(capsys, "export", "--profile", "ana", "--data-dir", home, "--out", str(out_file))
    assert code == 0 and out.strip() == f'Wrote 2 attempt(s) of "Ana" to {out_file}'
    code, out, _ = run(capsys, "import", str(out_file), "--data-dir", lab)
    assert code == 0 and 'profile "Ana": 2 new attempt(s), 0 updated, 0 already here, 2 ending(s) newly found' in out
    code, out, _ = run(capsys, "import", str(out_file), "--data-dir", lab)
    assert "0 new attempt(s), 0 updated, 2 already here" in out

    monkeypatch.setenv("RAPPORT_DATA_DIR", lab)  # the environment variable, as on a lab machine
    code, out, _ = run(capsys, "profiles")
    assert code == 0 and out.split()[:2] == ["Ana", "2"] and "2 finished, 2 ending(s) found" in out
    code, out, _ = run(capsys, "profiles", "--json")
    assert json.loads(out)[0]["endings_found"] == 2

    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "export", "--profile", "Ana")
    written = next(tmp_path.glob("rapport-ana-*.json"))
    assert code == 0 and str(written.name) in out and json.loads(written.read_text())["profile"]["name"] == "Ana"
    code, out, _ = run(capsys, "export", "--profile", "Ana", "--out", "-")
    assert json.loads(out)["format"] == "rapport-progress"

    code, _, err = run(capsys, "export", "--profile", "Zed")
    assert code == 2 and err.strip() == 'rapport: no profile called "Zed" (profiles: Ana)'
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err and "missing.json" in err
    (tmp_path / "bad.json").write_text('{"format": "rapport-progress", "version": 1, "profile": {"name": "x"}, '
                                       '"attempts": [{"uuid": 1}]}')
    code, _, err = run(capsys, "import", str(tmp_path / "bad.json"))
    assert code == 1 and err.strip() == f'rapport: {tmp_path / "bad.json"}: attempt 1 "uuid" should be an attempt id (a UUID)'


def test_progress_code_never_imports_pygame():
    code = ("import sys, game.progress, game.commands.progress; "
            "bad = [m for m in sys.modules if m == 'pygame' or m.startswith('pygame.')]; sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
