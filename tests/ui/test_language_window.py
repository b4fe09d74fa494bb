"""The language of the window: chosen on the title screen or in Settings, the system's by default,
in effect at once (every screen's words re-made), kept in settings.json, and the scenes read
again in it."""

import json

import pygame

from game import i18n
from game.ui import launcher


def saved(tmp_path) -> dict:
    return json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))


def test_the_title_offers_the_other_language_by_its_own_name_and_switches_at_once(make_pilot, tmp_path):
    pilot = make_pilot(settings=json.dumps({"language": "en"}))
    assert "Settings" in pilot.labels() and "Español" in pilot.labels()
    pilot.click("Español")
    assert i18n.current_language() == "es"
    labels = pilot.labels()
    assert {"Ajustes", "Casos", "Salir", "English"} <= set(labels), labels
    assert "Español" not in labels and "Settings" not in labels
    assert pilot.screen.focus.focused.label == "English"  # Enter goes straight back
    assert saved(tmp_path)["language"] == "es"
    pilot.press(pygame.K_RETURN)
    assert i18n.current_language() == "en" and "Settings" in pilot.labels()
    assert saved(tmp_path)["language"] == "en"


def test_the_setting_is_read_at_start_and_the_system_language_is_the_default(make_pilot, monkeypatch):
    pilot = make_pilot(settings=json.dumps({"language": "es"}))
    assert "Ajustes" in pilot.labels()
    pygame.quit()
    monkeypatch.setenv("LANGUAGE", "es_MX")
    pilot = make_pilot(settings=json.dumps({}))
    assert pilot.app.settings.language is None
    assert i18n.current_language() == "es" and "Ajustes" in pilot.labels()


def test_settings_cycles_the_language_and_the_page_follows(make_pilot):
    pilot = make_pilot(settings=json.dumps({"language": "en"}))
    pilot.click("Settings")
    row = pilot.button("Language")
    assert row.value == "English"
    pilot.click(row)
    assert i18n.current_language() == "es"
    row = pilot.button("Idioma")
    assert row.value == "Español" and pilot.screen._heading.text == "Ajustes"
    pilot.click(row)  # then the system's (English here: the tests' LANGUAGE)
    assert pilot.app.settings.language is None
    assert pilot.button("Language").value == "As the system (English)"


def test_a_change_of_language_reads_the_scenes_again(make_pilot, monkeypatch):
    pilot = make_pilot(settings=json.dumps({"language": "en"}))
    first = pilot.app.library
    calls = []
    real = launcher.build_library
    monkeypatch.setattr(launcher, "build_library", lambda dirs: calls.append(i18n.current_language()) or real(dirs))
    pilot.click("Español")
    assert pilot.app.library is not first
    assert calls == ["es"]


def test_the_play_and_debrief_speak_spanish(make_pilot):
    pilot = make_pilot(settings=json.dumps({"language": "es", "text_speed": "instant"}))
    pilot.click("Casos")
    pilot.press(pygame.K_1)
    pilot.click("Empezar")
    assert pilot.screen.name == "play"
    assert {"Registro", "Menú"} <= set(pilot.labels())
    state = pilot.app.session.state
    for _move in range(60):
        pilot.settle()
        if state.status == "ended":
            break
        pilot.press(pygame.K_1 if state.status == "choice" else pygame.K_SPACE)
    pilot.settle()
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "debrief"
    assert {"Casos", "Pantalla de inicio", "Finales", "Repetir"} <= set(pilot.labels())
    texts = " ".join(item.text for item in pilot.screen.doc.items if hasattr(item, "text"))
    assert "Tus respuestas" in texts and "Tipos de respuesta" in texts
    assert "Your choices" not in texts
