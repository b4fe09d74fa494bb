"""A scene may declare more meters than trust and openness: every screen shows all of them."""

import pygame

from tests.story.helpers import MINI
from tests.ui.test_play import settings_json

THREE = (MINI.replace("id: mini", "id: three-meters")
         .replace("  openness: { start: 30, min: 0, max: 100 }\n",
                  "  openness: { start: 30, min: 0, max: 100 }\n  alliance: { start: 0 }\n")
         .replace("effects: { trust: 15, openness: 5, set: [apologised] }",
                  "effects: { trust: 15, openness: 5, alliance: 7, set: [apologised] }"))


def test_live_gauges_and_the_debrief_chart_show_every_meter(make_pilot, tmp_path):
    folder = tmp_path / "scenes"
    folder.mkdir()
    (folder / "three.yaml").write_text(THREE, encoding="utf-8")
    pilot = make_pilot(scenes_dirs=[folder], settings=settings_json(meters="live", text_speed="instant"))
    scenario = pilot.app.library.scenarios["three-meters"]
    assert list(scenario.meters) == ["trust", "openness", "alliance"]
    pilot.app.start_session(scenario)
    pilot.app.nav.play()
    pilot.press(pygame.K_1)
    drawn = pilot.texts()
    assert "Alliance 7  (+7)" in drawn and "Trust 55  (+15)" in drawn
    while pilot.app.session.status != "ended":
        pilot.press(pygame.K_SPACE)
    pilot.click("See how it went")
    drawn = pilot.texts()
    assert "Trust, openness and alliance across the encounter" in drawn
    assert ["Trust", "Openness", "Alliance", "Turning point"] == [t for t in drawn if t in (
        "Trust", "Openness", "Alliance", "Turning point")]  # the chart's legend: a line per meter
