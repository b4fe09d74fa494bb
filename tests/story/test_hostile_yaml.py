"""Scene files as an attacker would write them: each class of problem gets a clear message with
a place and an RP01xx code, in bounded time and memory, and never a traceback."""

import time

import pytest

from game.cli import main
from game.story import check_file, load_library, yamlsrc
from game.story.diagnostics import did_you_mean, new_file
from game.story.yamlsrc import read_yaml

from .helpers import MINI


def codes(text):
    data, problems = read_yaml(text, "x.yaml")
    return data, [(p.line, p.col, p.code) for p in problems], problems


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("text, where", [
    (LAUGHS, (1, 4)),                      # billion laughs: refused at the first anchor, not expanded
    ("a: &x [*x]\n", (1, 4)),              # a list that contains itself
    ("a: *nothing\n", None),               # an alias to nothing is a syntax error
    ("base: {x: 1}\nother:\n  <<: {y: 2}\n", (3, 3)),  # merge key
])
def test_aliases_anchors_and_merge_keys_are_refused(text, where):
    started = time.process_time()
    _, found, problems = codes(text)
    assert time.process_time() - started < 1
    assert problems, "nothing reported"
    if where is not None:
        assert (where[0], where[1], "RP0105") in found
        assert all(p.code in ("RP0105",) for p in problems)
    assert len(problems) <= 25  # a flood of aliases is summarised, not listed ten thousand times


def test_nesting_depth_is_limited_without_recursion():
    for text in ("a: " + "[" * 100_000 + "]" * 100_000, "a: " + "{b: " * 5_000 + "1" + "}" * 5_000):
        data, _, problems = codes(text)
        assert data is None and problems[0].code in ("RP0106", "RP0101"), problems
        assert "nest" in problems[0].message


def test_text_length_node_count_and_file_size_are_limited(monkeypatch):
    _, found, problems = codes('id: "' + "x" * (yamlsrc.MAX_TEXT + 1) + '"\n')
    assert found == [(1, 5, "RP0108")] and "at most 20,000" in problems[0].message
    monkeypatch.setattr(yamlsrc, "MAX_NODES", 100)
    data, found, problems = codes("[" + ", ".join(["1"] * 200) + "]")
    assert data is None and found[-1][2] == "RP0109"
    monkeypatch.setattr(yamlsrc, "MAX_FILE_BYTES", 1000)
    data, found, problems = codes("a: 1\n" * 300)
    assert data is None and found[-1][2] == "RP0107"


@pytest.mark.parametrize("text, expected", [
    ("a: !!bool maybe\n", "!!bool 'maybe' is not a valid value: expected true or false"),
    ("a: !!float x\n", "!!float 'x' is not a valid value: expected a number"),
    ('a: !!int "hello"\n', "!!int 'hello' is not a valid value: expected a whole number"),
    ("a: " + "9" * 5000 + "\n", "a number with 5,000 characters is too long"),
    ("a: !!int " + "9" * 5000 + "\n", "a number with 5,000 characters is too long"),
    ("a: -" + "9" * 40 + ".5\n", "too long"),
    ("a: !!python/object/apply:os.system [echo hi]\n", "unsupported YAML tag '!!python/object/apply:os.system'"),
    ("a: !!binary aGk=\n", "unsupported YAML tag '!!binary'"),
    ("a: !custom {x: 1}\n", "unsupported YAML tag '!custom'"),
])
def test_bad_tagged_values_are_reported_at_their_place(text, expected):
    _, found, problems = codes(text)
    assert found[0][:2] == (1, 4) and expected in problems[0].message, problems
    assert found[0][2] in ("RP0104", "RP0110")


@pytest.mark.parametrize("text", ["~\n", "null\n", "", "# only a comment\n", "---\n...\n"])
def test_an_empty_or_null_file_says_so(text):
    data, found, problems = codes(text)
    assert data is None and found == [(1, 1, "RP0102")], problems
    assert "expected a scenario mapping" in problems[0].message


def test_plain_values_keep_their_yaml_meaning():
    data, found, _ = codes("a: yes\nb: 12\nc: 1.5\nd: ~\ne: '12'\nf: 2024-01-02\ng: hello\nh: -3\ni: 0x1f\n")
    assert found == []
    assert data == {"a": True, "b": 12, "c": 1.5, "d": None, "e": "12", "f": "2024-01-02", "g": "hello", "h": -3, "i": 31}
    assert data.value_pos["c"] == (3, 4) and data.key_pos["i"] == (9, 1)


def test_unreadable_files_give_one_clear_line(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: caf\xe9\n")
    _, diags = check_file(latin)
    assert [(d.line, d.col, d.code) for d in diags] == [(1, 8, "RP0113")] and "UTF-8" in diags[0].message
    _, diags = check_file(tmp_path / "missing.yaml")
    assert diags[0].code == "RP0114" and diags[0].message == "no such file"
    _, diags = check_file("/dev/zero")  # a device is refused unread: no endless read
    assert diags[0].code == "RP0113" and "not a regular file" in diags[0].message


def test_every_command_answers_a_hostile_file_with_exit_1_and_no_traceback(tmp_path, capsys):
    hostile = {
        "laughs.yaml": LAUGHS, "self.yaml": "a: &x [*x]\n", "tilde.yaml": "~\n",
        "deep.yaml": "a: " + "[" * 50_000 + "]" * 50_000, "tags.yaml": "a: !!bool maybe\n",
        "digits.yaml": "format: " + "7" * 5000 + "\n",
    }
    for name, text in hostile.items():
        path = tmp_path / name
        path.write_text(text)
        for command in (["validate"], ["analyze"], ["graph"], ["play", "--choices", "1"]):
            code = main(command + [str(path)])
            out, err = capsys.readouterr()
            assert code == 1, (name, command, out, err)
            assert "Traceback" not in err and f"{name}:" in out + err, (name, command, out, err)
    assert main(["validate", "/dev/zero"]) == 1
    assert "not a regular file" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2


def test_one_bad_file_never_stops_the_library(tmp_path, capsys):
    (tmp_path / "mini.yaml").write_text(MINI)
    (tmp_path / "aaa-broken.yaml").write_text("a: &x [*x]\n")
    (tmp_path / "zzz-null.yaml").write_text("~\n")
    (tmp_path / "device.yaml").symlink_to("/dev/zero")
    lib = load_library(tmp_path)
    assert list(lib.scenarios) == ["mini"]
    assert {d.file.rsplit("/", 1)[-1] for d in lib.errors} == {"aaa-broken.yaml", "zzz-null.yaml", "device.yaml"}
    assert main(["validate", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "1 scenario(s) checked" in err and "zzz-null.yaml:1:1" in out


def test_did_you_mean_stays_fast_with_thousands_of_wrong_names():
    new_file(unlimited=True)  # the search itself, without the per-file limit on how many are made
    names = {f"moment-{i}": (i, 1) for i in range(5000)}
    started = time.process_time()
    hints = [did_you_mean(f"moment-{i}x", names) for i in range(5000)]
    assert time.process_time() - started < 3
    assert hints[42] == ' (did you mean "moment-42"?)'
    assert did_you_mean("momnet-4999", names) == ' (did you mean "moment-4999"?)'
    assert did_you_mean("trust", ["trust", "openness"]) == ' (did you mean "trust"?)'


def test_text_made_only_of_control_characters_is_named_empty(tmp_path):
    # RP0118 leaves the escapes out; what is left is nothing, and the message says so plainly
    bad = tmp_path / "mini.yaml"
    bad.write_text(MINI.replace("text: Sorry.", 'text: "\\e\\0\\a"'), encoding="utf-8")
    found = {(d.code, d.message) for d in check_file(bad)[1]}
    assert any(code == "RP0118" for code, _ in found), found
    assert any(code == "RP0204" and message.endswith("found empty text") for code, message in found), found


def test_suggestions_stop_after_the_first_thousand_mistakes_of_a_file(tmp_path, monkeypatch):
    """20,000 nodes naming missing nodes took about 15 s of did-you-mean searches (each wrong
    name compared with thousands): a file gets suggestions for its first SEARCHES_PER_FILE
    mistakes, then plain messages; the next file starts afresh."""
    import difflib

    from game.story import diagnostics

    monkeypatch.setattr(diagnostics, "SEARCHES_PER_FILE", 50)
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    nodes = "".join(f"  n{i}:\n    says: hi\n    next: n{i}x\n" for i in range(300))
    bad = tmp_path / "mini.yaml"
    bad.write_text(MINI.split("nodes:")[0] + "nodes:\n" + nodes + "endings:" + MINI.split("endings:")[1],
                   encoding="utf-8")
    for _ in range(2):
        calls.clear()
        missing = [d for d in check_file(bad)[1] if d.code == "RP0301" and "\"next\" names" in d.message]
        assert len(missing) == 300 and len(calls) <= 50
        assert 'did you mean "n0"' in missing[0].message and "did you mean" not in missing[-1].message
