"""Every scene with an entry in tests/content/expectations_*.py keeps its duty rules and its
balance figures (issue 13): a later edit cannot quietly undo them."""

import importlib
import pkgutil
from pathlib import Path

import pytest

from game.story import load_library
from game.story.balance import balance

HERE = Path(__file__).parent
LIBRARY = load_library()


def _expectations():
    out = {}
    for info in pkgutil.iter_modules([str(HERE)]):
        if info.name.startswith("expectations_"):
            out.update(importlib.import_module(f"tests.content.{info.name}").EXPECTATIONS)
    return out


EXPECTED = _expectations()


@pytest.fixture(scope="module")
def figures():
    cache = {}

    def get(scene_id):
        if scene_id not in cache:
            cache[scene_id] = balance(LIBRARY.scenarios[scene_id])
        return cache[scene_id]
    return get


@pytest.mark.parametrize("scene_id", sorted(EXPECTED))
def test_scene_keeps_its_duties_and_setting(scene_id):
    want = EXPECTED[scene_id]
    scene = LIBRARY.scenarios[scene_id]
    assert scene.difficulty == want["difficulty"]
    text = Path(scene.source).read_text(encoding="utf-8") if getattr(scene, "source", None) else None
    if text is not None:
        assert f"format: {want['format']}" in text
        assert f"place: {want['place']}" in text
    assert {d.id for d in scene.duties} >= want["duties"]
    for (node, choice), tag in want["tags"].items():
        assert scene.nodes[node].choice(choice).tag == tag, f"{node}/{choice}"


@pytest.mark.parametrize("scene_id", sorted(EXPECTED))
def test_scene_keeps_its_balance(scene_id, figures):
    want, b = EXPECTED[scene_id], figures(scene_id)
    assert b.most_pitfalls_to_best is not None and b.most_pitfalls_to_best <= want["max_pitfalls_to_best"]
    lo, hi = want["random_best"]
    assert lo <= b.random_shares[b.best] <= hi
    assert b.shortest_decisions >= want["min_decisions"]
    assert b.routes_to_best >= want["min_routes"]
    assert b.worse_share >= want["face_worse_share"]
    chances = {p.name: p.best_chance for p in b.probes}
    for name in want["zero_probes"]:
        assert chances[name] == 0, f"{name} reaches the best ending {chances[name]:.1%}"
    random_best = b.random_shares[b.best]
    flagged = {p.name for p in b.probes if p.beats_guessing(random_best)}
    assert flagged <= want.get("open_probes", set()), f"new probes beat guessing: {flagged - want.get('open_probes', set())}"
