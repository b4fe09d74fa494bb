"""The window fits the usable desktop, keeps 1024x600 as its least, and opens as it was left."""

import json

from game.ui.window import MIN_SIZE, PANEL_ROOM, opening


def test_a_new_window_fits_the_usable_desktop():
    assert opening([(1920, 1080)]) == ((1280, 720), None)
    size, _ = opening([(1366, 768)])
    assert size[0] <= 1366 - PANEL_ROOM[0] and size[1] <= 768 - PANEL_ROOM[1]
    assert size[1] >= MIN_SIZE[1]
    size, _ = opening([(1024, 768)])  # a projector
    assert size == (1024, 768 - PANEL_ROOM[1])


def test_never_below_the_minimum_nor_beyond_a_tiny_desktop():
    assert opening([(1024, 600)])[0] == (1024, 600), "a netbook: the whole screen, not cut off"
    assert opening([(3840, 2160)], saved_size=[500, 300])[0] == MIN_SIZE
    assert opening([(800, 480)])[0] == (800, 480)


def test_the_last_size_and_place_come_back_when_they_fit():
    assert opening([(2560, 1440)], [1600, 900], [100, 50]) == ((1600, 900), (100, 50))
    size, position = opening([(1920, 1080)], [3000, 2000], [2000, 50])
    assert size == (1920 - PANEL_ROOM[0], 1080 - PANEL_ROOM[1]) and position is None, "off the desktop: centred"


def test_quitting_remembers_the_window(make_pilot, tmp_path):
    pilot = make_pilot(size=(1100, 640))
    pilot.app.quit()
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["window_size"] == [1100, 640]
    assert saved["window_position"] is None or len(saved["window_position"]) == 2


def test_a_saved_size_opens_the_next_window(make_pilot, tmp_path):
    import pygame

    settings = json.dumps({"window_size": [1200, 700], "window_position": [10, 20]})
    pilot = make_pilot(size=None, settings=settings)
    desktop = pygame.display.get_desktop_sizes()[0]
    expected, _ = opening([desktop], [1200, 700], [10, 20])
    assert pilot.app.window.get_size() == expected


def test_a_bad_saved_size_is_a_notice_not_a_crash(make_pilot):
    pilot = make_pilot(size=None, settings=json.dumps({"window_size": [10, "x"]}))
    assert pilot.app.settings.window_size is None
    assert any("window_size" in n for n in pilot.app.notices)
