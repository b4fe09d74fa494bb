"""Every meter a scene declares gets a colour a viewer can tell from the others' (the calm
palette's spare colours once gave doubt trust's teal on the projector's gauges and charts)."""

import glob
from pathlib import Path

import pytest

from game.story import load_scenario
from game.ui.meters import meter_colors
from game.ui.theme import CALM, HIGH_CONTRAST

ROOT = Path(__file__).resolve().parents[2]


def distance(a, b):
    return sum((x - y) ** 2 for x, y in zip(a[:3], b[:3])) ** 0.5


@pytest.mark.parametrize("palette", [CALM, HIGH_CONTRAST], ids=["calm", "high-contrast"])
@pytest.mark.parametrize("scene", sorted(glob.glob(str(ROOT / "scenes" / "*.yaml"))), ids=lambda p: Path(p).stem)
def test_each_meter_of_each_scene_has_a_colour_of_its_own(palette, scene):
    names = list(load_scenario(scene).meters)
    colours = [c for _, c in meter_colors(palette, names)]
    for i, a in enumerate(colours):
        for b in colours[i + 1:]:
            assert distance(a, b) >= 60, (names, colours)


def test_named_meters_keep_their_colours_and_extra_ones_take_turns():
    named = dict(meter_colors(CALM, ["trust", "openness", "alliance", "calm", "doubt", "a", "b"]))
    assert named["trust"] == CALM.trust and named["openness"] == CALM.openness and named["alliance"] == CALM.alliance
    assert len({named["calm"], named["doubt"], named["a"]}) == 3
