"""Settings survive on disk, and a broken or hand-edited file never crashes or gets lost."""

import json

from game.settings import Settings, SettingsStore, cycle, parse_settings


def test_missing_file_gives_defaults_without_notice(tmp_path):
    result = SettingsStore(tmp_path).load()
    assert result.settings == Settings()
    assert result.notices == []


def test_saved_settings_load_back(tmp_path):
    store = SettingsStore(tmp_path)
    chosen = Settings(text_size="largest", high_contrast=True, text_speed="instant", volume=30,
                      coaching="end-only", meters="live", dyslexia_spacing=True, reduce_motion=True)
    assert store.save(chosen) is None
    assert SettingsStore(tmp_path).load().settings == chosen


def test_corrupt_file_falls_back_and_keeps_a_copy(tmp_path):
    broken = '{\n  "text_size": "large",\n  "volume": 40,,\n}\n'
    (tmp_path / "settings.json").write_text(broken)
    store = SettingsStore(tmp_path)
    result = store.load()
    assert result.settings == Settings()
    assert result.notices[0].startswith("settings.json:3:")
    assert "not valid JSON" in result.notices[0]
    assert (tmp_path / "settings.json.bad").read_text() == broken
    # Saving afterwards replaces the file, but the player's version stays in the copy.
    store.save(Settings(text_size="large"))
    assert json.loads((tmp_path / "settings.json").read_text())["text_size"] == "large"
    assert (tmp_path / "settings.json.bad").read_text() == broken


def test_bad_values_fall_back_one_by_one_with_their_line(tmp_path):
    text = '{\n  "text_size": "huge",\n  "volume": 400,\n  "high_contrast": true,\n  "colour": 1\n}'
    settings, notices = parse_settings(text)
    assert settings.high_contrast is True  # the good value is kept
    assert settings.text_size == "medium" and settings.volume == 70
    assert any(n.startswith("settings.json:2:") and "small, medium, large, largest" in n for n in notices)
    assert any(n.startswith("settings.json:3:") and "0 to 100" in n for n in notices)
    assert any("unknown setting 'colour'" in n for n in notices)


def test_wrong_shape_and_wrong_types(tmp_path):
    assert parse_settings("[1, 2]")[1] == ["settings.json: expected an object of settings; using default settings"]
    settings, notices = parse_settings('{"reduce_motion": "yes", "volume": true}')
    assert settings == Settings() and len(notices) == 2


def test_earlier_copies_are_never_overwritten(tmp_path):
    (tmp_path / "settings.json").write_text("first broken")
    SettingsStore(tmp_path).load()
    (tmp_path / "settings.json").write_text("second broken")
    result = SettingsStore(tmp_path).load()
    assert (tmp_path / "settings.json.bad").read_text() == "first broken"
    assert (tmp_path / "settings.json.bad2").read_text() == "second broken"
    assert "settings.json.bad2" in result.notices[-1]


def test_unwritable_folder_reports_instead_of_crashing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    problem = SettingsStore(blocker / "sub").save(Settings())
    assert problem and "could not be saved" in problem


def test_cycle_wraps_and_clamps():
    s = Settings()
    assert cycle(s, "text_size").text_size == "large"
    assert cycle(Settings(text_size="largest"), "text_size").text_size == "small"
    assert cycle(s, "text_size", -1).text_size == "small"
    assert cycle(s, "high_contrast").high_contrast is True
    assert cycle(Settings(volume=100), "volume").volume == 100
    assert cycle(Settings(volume=0), "volume", -1).volume == 0
    assert cycle(s, "meters").meters == "after-ending"
