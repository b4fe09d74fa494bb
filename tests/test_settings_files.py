"""settings.json and classroom.json are hand-editable and so untrusted: whatever they hold, the
game starts with usable settings, says what was wrong in a line, and keeps one copy of each
distinct broken file (never a new one at every start)."""

import json
import os

import pytest

from game.classroom.config import ClassroomSettings, ClassroomStore
from game.settings import Settings, SettingsStore

BIG = "1" + "0" * 5000  # more digits than Python turns into an int by default

# Each class of damage once; the names say what the file holds.
HOSTILE = {
    "deep nesting": "[" * 50_000 + "]" * 50_000,
    "deep object": '{"text_size": ' + '{"a": ' * 3000 + "1" + "}" * 3000 + "}",
    "5,000-digit number": '{"volume": %s}' % BIG,
    "5,000-digit port": '{"port": %s}' % BIG,
    "list for a name": '{"text_size": []}',
    "object for a name": '{"text_size": {"large": true}}',
    "huge number": '{"volume": 1e400, "port": 123456789012345678901234567890}',
    "not an object": "[1, 2, 3]",
    "not UTF-8": b'{"text_size": "\xff"}',
    "a huge key": json.dumps({"x" * 50_000: 1}),
    "thousands of unknown keys": json.dumps({f"k{i}": i for i in range(5000)}),
    "terminal escapes": json.dumps({"text_size": "\x1b[2J\x1b[31mred", "\x1b]0;title\x07": 1}),
}

STORES = [(SettingsStore, "settings.json", Settings), (ClassroomStore, "classroom.json", ClassroomSettings)]


def load(store_type, folder):
    result = store_type(folder).load()
    return (result.settings, result.notices) if hasattr(result, "notices") else result


@pytest.mark.parametrize("store_type, name, defaults", STORES, ids=["settings", "classroom"])
@pytest.mark.parametrize("label", HOSTILE)
def test_a_hostile_file_gives_defaults_a_short_notice_and_one_kept_copy(tmp_path, store_type, name, defaults, label):
    content = HOSTILE[label]
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    (tmp_path / name).write_bytes(raw)
    for _ in range(3):  # three starts of the game with the same broken file
        settings, notices = load(store_type, tmp_path)
        assert isinstance(settings, defaults)
        assert notices, "the player is told"
        assert len(notices) <= 9 and all(len(n) < 300 and n.isprintable() for n in notices)
    kept = sorted(tmp_path.glob(name + ".bad*"))
    assert [k.name for k in kept] == [name + ".bad"], "one copy per distinct broken file"
    assert kept[0].read_bytes() == raw and (tmp_path / name).read_bytes() == raw  # nothing lost
    assert "kept as " + name + ".bad" in notices[-1]


def test_each_distinct_broken_file_gets_its_own_copy(tmp_path):
    path = tmp_path / "settings.json"
    for content in ('{"volume": "loud"}', '{"volume": "quiet"}', '{"volume": "loud"}'):
        path.write_text(content)
        SettingsStore(tmp_path).load()
    assert sorted(p.name for p in tmp_path.glob("settings.json.bad*")) == ["settings.json.bad", "settings.json.bad2"]
    assert (tmp_path / "settings.json.bad").read_text() == '{"volume": "loud"}'


def test_a_list_where_a_name_belongs_says_what_was_expected(tmp_path):
    (tmp_path / "classroom.json").write_text('{\n  "text_size": [],\n  "port": 9000\n}')
    settings, notices = ClassroomStore(tmp_path).load()
    assert settings.port == 9000 and settings.text_size == "large"  # the good value kept
    assert notices[0] == 'classroom.json:2: text_size should be one of large, larger, largest, found a list; using "large"'


@pytest.mark.parametrize("make", ["fifo", "dev-zero", "folder"])
def test_something_else_in_place_of_the_file_never_blocks(tmp_path, make):
    path = tmp_path / "settings.json"
    if make == "fifo":
        os.mkfifo(path)  # opening it to read would wait for a writer for ever
    elif make == "dev-zero":
        path.symlink_to("/dev/zero")  # reading it would fill the memory
    else:
        path.mkdir()
    result = SettingsStore(tmp_path).load()
    assert result.settings == Settings()
    assert result.notices == ["settings.json: is not an ordinary file; using defaults"]
    assert not list(tmp_path.glob("settings.json.bad*"))
