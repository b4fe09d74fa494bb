"""Each screen driven through the same input path a person uses: keys, clicks, the wheel."""

import json

import pygame

from game.ui import input as ix


def to_play(pilot, by_mouse=False):
    """Open the tutorial (Sam, in the waiting room) from the title screen."""
    if by_mouse:
        pilot.click("Scenarios")
        pilot.click("Tutorial")
        pilot.click("Begin")
    else:
        pilot.press(pygame.K_RETURN)  # Scenarios is focused first
        cards = pilot.labels()
        tutorial = next(i for i, label in enumerate(cards) if label.startswith("Tutorial"))
        pilot.press(getattr(pygame, f"K_{tutorial + 1}"))  # number keys pick a card
        pilot.press(pygame.K_RETURN)  # Begin is focused on the briefing
    assert pilot.screen.name == "play"
    assert pilot.app.session.scenario.id == "waiting-room"


def test_title_menu_by_keyboard_and_mouse(pilot):
    assert pilot.screen.name == "title"
    assert pilot.labels() == ["Switch profile", "Scenarios", "History", "Classroom", "Settings", "About Rapport",
                              "Quit", "Español"]  # the other language last, by its own name
    assert pilot.screen.focus.focused.label == "Scenarios", "the main action has focus"
    pilot.press(pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)
    assert pilot.screen.name == "about"
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "title"
    pilot.click("Settings")
    assert pilot.screen.name == "settings"
    pilot.press(pygame.K_BACKSPACE)
    pilot.press(pygame.K_7)  # number keys pick menu entries too
    assert not pilot.app.running


def test_hover_moves_focus_and_is_visible(pilot):
    target = pilot.button("About")
    pilot.hover(target.rect.center)
    assert pilot.screen.focus.focused is target
    # The focus ring is drawn outside the button in the focus colour.
    ring_y = target.rect.top - pilot.app.ui.theme.focus_width
    pixels = {tuple(pilot.app.window.get_at((x, ring_y)))[:3] for x in range(target.rect.left + 10, target.rect.right - 10)}
    assert pilot.app.ui.pal.focus in pixels


def test_about_page_scrolls_by_keys_and_wheel(pilot):
    pilot.click("About")
    scroll = pilot.screen.scroll
    assert scroll.max_offset > 0, "the about page is longer than one window"
    pilot.press(pygame.K_DOWN)
    assert scroll.offset > 0
    pilot.press(pygame.K_PAGEDOWN)
    pilot.wheel(-50, scroll.viewport.center)
    assert scroll.offset == scroll.max_offset
    pilot.wheel(50, scroll.viewport.center)
    assert scroll.offset == 0
    text = " ".join(item.text for item in pilot.screen.doc.items if hasattr(item, "text"))
    for practice in ("Be present", "Show empathy", "Communicate openly", "Find common ground", "Practise patience"):
        assert practice in text
    assert "working alliance" in text and "connection" in text


def test_settings_apply_at_once_and_persist(pilot, tmp_path):
    body_px = pilot.app.ui.theme.font_px("body")
    pilot.click("Settings")
    pilot.click("Text size")
    assert pilot.app.settings.text_size == "large"
    assert pilot.app.ui.theme.font_px("body") > body_px
    assert pilot.button("Text size").value == "Large"
    # Keyboard: arrows move between rows, right/left change the focused one.
    pilot.press(pygame.K_DOWN)
    assert pilot.screen.focus.focused.label.startswith("High contrast")
    pilot.press(pygame.K_RIGHT)
    assert pilot.app.settings.high_contrast and pilot.app.ui.pal.background == (0, 0, 0)
    for _ in range(4):
        pilot.press(pygame.K_DOWN)
    assert pilot.screen.focus.focused.label.startswith("Volume")
    pilot.press(pygame.K_LEFT)
    assert pilot.app.settings.volume == 60
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["text_size"] == "large" and saved["high_contrast"] is True and saved["volume"] == 60


def test_corrupt_settings_show_a_notice_on_the_title(make_pilot, tmp_path):
    pilot = make_pilot(settings='{"text_size": "giant"}')
    assert any("text_size should be one of" in n for n in pilot.app.notices)
    drawn = [text for _, _, text in pilot.measure_text()]
    assert any("text_size should be one of" in t for t in drawn)
    assert (tmp_path / "config" / "settings.json.bad").exists()


def test_pause_menu_is_one_key_away(pilot):
    to_play(pilot)
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "pause"
    assert pilot.labels() == ["Resume", "Settings", "Restart this encounter", "Leave the encounter"]
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.name == "play"
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Leave")
    assert [s.name for s in pilot.app.screens] == ["title", "select"]
    pilot.press(pygame.K_ESCAPE)
    assert pilot.screen.focus.focused.label == "Continue", "the title offers to continue the left encounter"
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "play"


def test_restart_from_pause(pilot):
    to_play(pilot)
    pilot.settle()
    pilot.press(pygame.K_2)
    assert len(pilot.app.session.state.history) == 1
    pilot.press(pygame.K_ESCAPE)
    pilot.click("Restart")
    assert pilot.screen.name == "confirm", "a restart asks first"
    pilot.press(pygame.K_SPACE)  # the focused answer keeps the encounter
    assert pilot.screen.name == "pause" and len(pilot.app.session.state.history) == 1
    pilot.click("Restart")
    pilot.click("Restart from the beginning")
    assert pilot.screen.name == "play"
    assert pilot.app.session.state.history == []


def test_fullscreen_key_toggles_and_saves(pilot):
    pilot.press(pygame.K_F11)
    assert pilot.app.settings.fullscreen
    assert pilot.app.window.get_flags() & pygame.FULLSCREEN
    pilot.press(pygame.K_F11)
    assert not pilot.app.settings.fullscreen
    assert pilot.app.window.get_size() == (1280, 720)


def test_resize_relays_out_and_keeps_a_minimum(pilot):
    pilot.resize((1600, 900))
    assert pilot.app.ui.theme.size == (1600, 900)
    assert pilot.button("Quit").rect.right < 1600
    pilot.resize((700, 400))
    assert pilot.app.window.get_size() == (1024, 600)


def test_controller_drives_the_menu(pilot):
    post = lambda b: pygame.event.post(pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, button=b, instance_id=0))  # noqa: E731
    for _ in range(3):  # Scenarios, History, Classroom, Settings
        post(pygame.CONTROLLER_BUTTON_DPAD_DOWN)
    post(pygame.CONTROLLER_BUTTON_A)
    pilot.step()
    assert pilot.screen.name == "settings"
    post(pygame.CONTROLLER_BUTTON_B)
    pilot.step()
    assert pilot.screen.name == "title"


def test_select_cards_show_the_facts(pilot):
    pilot.click("Scenarios")
    card = pilot.button("Tutorial")
    texts = [b.text for b in card._card_parts]
    assert any("Introductory" in t and "min" in t and "endings to find" in t for t in texts)
    assert any(t.startswith("Content notes:") for t in texts)
    assert any(t.startswith("Sam has waited") for t in texts)


def test_quit_event_ends_the_loop(pilot):
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pilot.step()
    assert not pilot.app.running


def test_intent_types_cover_every_key_the_pilot_uses():
    assert ix.Intent(ix.PICK, n=3).n == 3


def test_broken_scene_files_are_named_on_the_select_screen(make_pilot, tmp_path):
    from game.story.library import shipped_scene_dir

    extra = tmp_path / "scenes"
    extra.mkdir()
    (extra / "broken.yaml").write_text("format: 1\nid: broken\n")
    pilot = make_pilot(scenes_dirs=[shipped_scene_dir(), extra])
    pilot.click("Scenarios")
    drawn = [text for _, _, text in pilot.measure_text()]
    assert any(t.startswith("1 scene file has problems") for t in drawn)
    assert any(str(extra / "broken.yaml") in t for t in drawn)
    assert "Tutorial: The Waiting Room" in pilot.labels()


def test_ui_trace_names_the_screen_and_its_buttons(tmp_path, monkeypatch, make_pilot):
    trace = tmp_path / "trace.json"
    monkeypatch.setenv("RAPPORT_UI_TRACE", str(trace))
    pilot = make_pilot()
    data = json.loads(trace.read_text())
    assert data["screen"] == "title"
    quit_rect = pilot.button("Quit").rect
    assert {"label": "Quit", "rect": [quit_rect.x, quit_rect.y, quit_rect.w, quit_rect.h]} in data["buttons"]


def test_more_below_hint_when_the_play_column_scrolls(make_pilot):
    pilot = make_pilot(size=(1024, 600), settings=json.dumps({"text_size": "largest", "dyslexia_spacing": True,
                                                              "text_speed": "instant"}))
    to_play(pilot)
    play = pilot.screen
    assert play.more is not None and play.scroll.max_offset > 0
    pilot.press(pygame.K_DOWN, pygame.K_DOWN)  # focus moves down the choices; the column follows
    focused = play.focus.focused
    assert play.column.contains(focused.rect)


def test_card_thumbnails_arrive_from_the_background(pilot):
    art = pilot.app.art
    art.background = True
    pilot.click("Scenarios")
    cards = [b for b in pilot.screen.buttons() if hasattr(b, "thumb_job")]
    assert art.wait_idle(120)
    frames = pilot.app.frames
    pilot.step()  # the helper's "ready" events arrive through the queue and repaint the cards
    assert pilot.app.frames == frames + 1
    for card in cards:
        assert art.ready(*card.thumb_job(pilot.app.ui)) is not None


def test_keys_on_the_debrief_never_start_again(make_pilot):
    from tests.ui.test_playthrough import INSTANT, open_scenario, play_to_end

    pilot = make_pilot(settings=INSTANT)
    open_scenario(pilot, "waiting-room", by_mouse=False)
    play_to_end(pilot, lambda n: 0, by_mouse=False)
    pilot.press(pygame.K_RETURN)
    assert pilot.screen.name == "debrief"
    session = pilot.app.session
    for key in (pygame.K_SPACE, pygame.K_RETURN):
        pilot.press(key)
        assert pilot.app.session is session and session.state.is_over, "a key alone never replays"
        while pilot.screen.name != "debrief":
            pilot.press(pygame.K_ESCAPE)
    pilot.click("Replay")
    assert pilot.screen.name == "confirm"
    pilot.press(pygame.K_SPACE)
    assert pilot.screen.name == "debrief" and pilot.app.session is session


def test_down_from_the_last_choice_stays_on_the_choices(make_pilot):
    pilot = make_pilot(settings=json.dumps({"text_speed": "instant"}))
    to_play(pilot)
    play = pilot.screen
    n = len(play.actions)
    assert n > 1
    for _ in range(n + 3):
        pilot.press(pygame.K_DOWN)
    assert play.focus.focused is play.actions[-1]
    pilot.press(pygame.K_SPACE)
    assert pilot.screen.name == "play", "Space never opens the menu from the choices"
    for _ in range(n + 3):
        pilot.press(pygame.K_UP)
    assert play.focus.focused is play.actions[0]
