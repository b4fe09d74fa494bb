"""A hand-edited settings file's problems are told in the player's language (issue 16 §1): the
language the file asks for, else the system's; the file is kept aside either way."""

import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")


def test_a_bad_value_is_told_in_the_language_the_file_asks_for(tmp_path):
    from game import i18n
    from game.ui.launcher import create_app

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"language": "es", "text_size": "huge"}), encoding="utf-8")
    try:
        app = create_app(config_dir=config, data_dir=tmp_path / "data")
        assert i18n.current_language() == "es"
        assert any("text_size debería ser uno de estos: small, medium, large, largest" in n for n in app.notices), \
            app.notices
        assert any("tu archivo original se conserva como settings.json.bad" in n for n in app.notices)
        assert (config / "settings.json.bad").is_file() and not (config / "settings.json.bad2").exists()
    finally:
        import pygame

        pygame.quit()
        i18n.set_language("en")


def test_in_english_the_words_are_unchanged(tmp_path):
    from game.settings import parse_settings

    _settings, notices = parse_settings('{"volume": 300, "colour": 1}')
    assert notices == ["settings.json:1: volume should be a whole number from 0 to 100, found 300; using 70",
                       "settings.json:1: unknown setting 'colour' ignored"]
