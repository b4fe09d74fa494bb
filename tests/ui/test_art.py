"""The code-drawn art: portraits, backdrops, the shipped font and the asset licences."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.art import assets, fonts  # noqa: E402
from game.ui.art.backdrops import SETTINGS, clear_backdrop_cache, render_backdrop  # noqa: E402
from game.ui.art.portraits import (EXPRESSIONS, PORTRAITS, clear_portrait_cache,  # noqa: E402
                                   render_portrait)

REPO = Path(__file__).resolve().parents[2]
SMALL = (120, 150)
MEDIUM = (256, 320)


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield


def _flat(surface: pygame.Surface, background=(128, 128, 128)) -> pygame.Surface:
    """The surface composited over a plain colour, so alpha differences count too."""
    out = pygame.Surface(surface.get_size())
    out.fill(background)
    out.blit(surface, (0, 0))
    return out


def mean_difference(a: pygame.Surface, b: pygame.Surface, area: pygame.Rect | None = None) -> float:
    """Mean absolute difference per colour channel (0..255) between two same-size pictures."""
    fa, fb = _flat(a), _flat(b)
    if area is not None:
        fa, fb = fa.subsurface(area).copy(), fb.subsurface(area).copy()
    up = fa.copy()
    up.blit(fb, (0, 0), special_flags=pygame.BLEND_RGB_SUB)      # max(a - b, 0)
    down = fb.copy()
    down.blit(fa, (0, 0), special_flags=pygame.BLEND_RGB_SUB)    # max(b - a, 0)
    up.blit(down, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    r, g, b_, _ = pygame.transform.average_color(up)
    return (r + g + b_) / 3


def face_area(size: tuple[int, int]) -> pygame.Rect:
    w, h = size
    return pygame.Rect(int(w * 0.28), int(h * 0.08), int(w * 0.44), int(h * 0.45))


# ---------------------------------------------------------------------------- portraits
@pytest.mark.parametrize("size", [SMALL, MEDIUM])
@pytest.mark.parametrize("key", PORTRAITS)
def test_every_expression_renders(key, size):
    for expression in EXPRESSIONS:
        surface = render_portrait(key, expression, size)
        assert surface.get_size() == size
        assert surface.get_flags() & pygame.SRCALPHA
        # Transparent sky above the head, an opaque body at the bottom middle.
        assert surface.get_at((2, 2)).a == 0
        assert surface.get_at((size[0] // 2, size[1] - 2)).a == 255
        # The head is there: opaque pixels in the face area.
        assert surface.get_at((size[0] // 2, int(size[1] * 0.4))).a == 255


def test_edges_are_anti_aliased():
    surface = render_portrait("dana", "neutral", MEDIUM)
    alphas = [surface.get_at((x, y)).a for x in range(MEDIUM[0]) for y in range(MEDIUM[1])]
    partial = [a for a in alphas if 0 < a < 255]
    # Without anti-aliasing every pixel would be fully in or out; the silhouette is about
    # a thousand pixels long, and most of its pixels should be partly covered.
    assert len(partial) > 500, "edges should blend smoothly into the background"
    assert len(set(partial)) >= 8


def test_edges_have_no_dark_fringe():
    # A light figure on transparent ground: its rim pixels must keep the figure's colour
    # rather than fade toward black (what a naive smoothscale of RGBA does).
    surface = render_portrait("harold", "neutral", MEDIUM)
    rim = [surface.get_at((x, y)) for x in range(MEDIUM[0]) for y in range(0, MEDIUM[1], 3)]
    rim = [c for c in rim if 30 < c.a < 220]
    assert rim
    darkest = min((c.r + c.g + c.b) / 3 for c in rim)
    assert darkest > 25


@pytest.mark.parametrize("key", PORTRAITS)
def test_expressions_of_one_person_differ(key):
    faces = {e: render_portrait(key, e, MEDIUM) for e in EXPRESSIONS}
    for a, b in itertools.combinations(EXPRESSIONS, 2):
        whole = mean_difference(faces[a], faces[b])
        face = mean_difference(faces[a], faces[b], face_area(MEDIUM))
        assert whole > 0.5, f"{key}: {a} and {b} look the same"
        assert face > 1.0, f"{key}: {a} and {b} have the same face"


def test_different_people_differ():
    faces = {k: render_portrait(k, "neutral", MEDIUM) for k in PORTRAITS}
    for a, b in itertools.combinations(PORTRAITS, 2):
        assert mean_difference(faces[a], faces[b]) > 4.0, f"{a} and {b} look alike"


def test_portraits_are_cached():
    first = render_portrait("sam", "warm", SMALL)
    assert render_portrait("sam", "warm", SMALL) is first
    assert render_portrait("sam", "warm", list(SMALL)) is first
    assert render_portrait("sam", "warm", SMALL, high_contrast=True) is not first
    assert render_portrait("sam", "warm", (121, 150)) is not first


def test_unknown_expression_is_neutral():
    assert render_portrait("lena", "bewildered", SMALL) is render_portrait("lena", "neutral",
                                                                         SMALL)


def test_unknown_key_is_a_stable_generic_person():
    first = pygame.image.tobytes(render_portrait("ms_okafor", "worried", SMALL), "RGBA")
    clear_portrait_cache()
    again = pygame.image.tobytes(render_portrait("ms_okafor", "worried", SMALL), "RGBA")
    assert first == again
    other = render_portrait("mr_lindqvist", "worried", SMALL)
    assert mean_difference(render_portrait("ms_okafor", "worried", SMALL), other) > 2.0
    # Generic people have readable expressions too.
    assert mean_difference(render_portrait("ms_okafor", "angry", MEDIUM),
                           render_portrait("ms_okafor", "warm", MEDIUM),
                           face_area(MEDIUM)) > 1.0


def test_high_contrast_portrait_is_outlined():
    plain = render_portrait("marcus", "neutral", MEDIUM)
    strong = render_portrait("marcus", "neutral", MEDIUM, high_contrast=True)
    assert mean_difference(plain, strong) > 1.0
    # Its silhouette has a light rim: some nearly white pixels where plain has none.
    def light_pixels(s):
        return sum(1 for x in range(0, MEDIUM[0], 2) for y in range(0, MEDIUM[1], 2)
                   if s.get_at((x, y)).a > 200 and min(s.get_at((x, y))[:3]) > 235)
    assert light_pixels(strong) > light_pixels(plain) + 20


def test_large_portrait_for_4k():
    surface = render_portrait("farida", "upset", (1120, 1400))
    assert surface.get_size() == (1120, 1400)
    assert surface.get_at((560, 1398)).a == 255


def test_bad_size_is_refused():
    with pytest.raises(ValueError):
        render_portrait("sam", "neutral", (0, 100))
    with pytest.raises(ValueError):
        render_backdrop("office", (100, -1))


# ---------------------------------------------------------------------------- backdrops
@pytest.mark.parametrize("size", [(320, 180), (1024, 600)])
def test_every_backdrop_renders_opaque(size):
    for setting in SETTINGS:
        surface = render_backdrop(setting, size)
        assert surface.get_size() == size
        assert not surface.get_flags() & pygame.SRCALPHA or surface.get_at((5, 5)).a == 255


def test_backdrops_differ_and_are_cached():
    size = (320, 180)
    drawn = {s: render_backdrop(s, size) for s in SETTINGS}
    for a, b in itertools.combinations(SETTINGS, 2):
        assert mean_difference(drawn[a], drawn[b]) > 3.0, f"{a} and {b} look alike"
    assert render_backdrop("office", size) is drawn["office"]
    assert render_backdrop("spaceship", size) is drawn["neutral"]
    clear_backdrop_cache()
    assert render_backdrop("office", size) is not drawn["office"]


def test_backdrops_are_calm_behind_text():
    # Low detail: neighbouring pixels barely differ on average, so text panels stay legible.
    surface = render_backdrop("community", (640, 360))
    shifted = pygame.Surface((640, 360))
    shifted.blit(surface, (-1, 0))
    area = pygame.Rect(0, 0, 638, 360)
    assert mean_difference(surface, shifted, area) < 4.0


def test_high_contrast_backdrop_is_dark_and_quiet():
    surface = render_backdrop("school", (320, 180), high_contrast=True)
    r, g, b, _ = pygame.transform.average_color(surface)
    assert max(r, g, b) < 70


# ---------------------------------------------------------------------------- font, assets
@pytest.mark.parametrize("style", fonts.FONT_STYLES)
def test_fonts_load(style):
    path = fonts.font_path(style)
    assert path.is_file()
    font = pygame.font.Font(path, 24)
    text = font.render("Rapport Il1 O0", True, (0, 0, 0))
    assert text.get_width() > 100


def test_default_font_and_loader():
    assert fonts.font_path() == fonts.font_path("regular")
    assert fonts.load_font(20) is fonts.load_font(20)
    with pytest.raises(ValueError, match="regular"):
        fonts.font_path("heavy")


def test_assets_dir_finds_the_shipped_assets():
    found = assets.assets_dir()
    # From a checkout it is the repository's assets/; from an installed wheel, the copy
    # inside the package.
    assert found == REPO / "assets" or found.parts[-3:] == ("game", "_data", "assets")
    assert (found / "fonts" / "AtkinsonHyperlegible-Regular.ttf").is_file()


def test_font_licence_is_the_ofl():
    text = (REPO / "assets" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert "Braille Institute" in text


def test_every_asset_is_listed_in_licenses():
    listing = (REPO / "assets" / "LICENSES.md").read_text(encoding="utf-8")
    files = [p for p in (REPO / "assets").rglob("*") if p.is_file() and p.name != "LICENSES.md"]
    assert files
    for path in files:
        rel = path.relative_to(REPO / "assets").as_posix()
        assert re.search(re.escape(rel), listing), f"{rel} is not in assets/LICENSES.md"


def test_art_sheet_tool_writes_a_png(tmp_path):
    out = tmp_path / "sheet.png"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    done = subprocess.run([sys.executable, str(REPO / "tools" / "render_art_sheet.py"),
                           str(out), "--height", "90", "--clients", "sam",
                           "--extra-keys", "somebody"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    sheet = pygame.image.load(str(out))
    # Seven beats across; two clients (sam, somebody) of three bands each, then the backdrops.
    assert sheet.get_width() > 90 * 0.8 * 7
    assert sheet.get_height() > 90 * 3 * 2


def test_ui_sounds_are_short_quiet_and_load():
    import wave
    for name in assets.UI_SOUNDS:
        path = assets.sound_path(name)
        with wave.open(str(path)) as wav:
            frames = wav.readframes(wav.getnframes())
            seconds = wav.getnframes() / wav.getframerate()
        assert seconds < 2.0
        peak = max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True))
                   for i in range(0, len(frames), 2))
        assert peak < 32767 * 0.2, f"{name} is too loud"
        # The mixer (dummy audio driver in tests) can load it.
        if not pygame.mixer.get_init():
            pygame.mixer.init()
        assert pygame.mixer.Sound(str(path)).get_length() == pytest.approx(seconds, abs=0.01)
    with pytest.raises(ValueError):
        assets.sound_path("fanfare")


def test_assets_dir_prefers_the_installed_package_data(tmp_path, monkeypatch):
    installed = tmp_path / "game" / "_data" / "assets"
    (installed / "fonts").mkdir(parents=True)
    checkout = tmp_path / "assets"
    (checkout / "fonts").mkdir(parents=True)
    monkeypatch.setattr(assets, "_CANDIDATES", (installed, checkout))
    assets.assets_dir.cache_clear()
    try:
        assert assets.assets_dir() == installed
        (installed / "fonts").rmdir()
        assets.assets_dir.cache_clear()
        assert assets.assets_dir() == checkout
        (checkout / "fonts").rmdir()
        assets.assets_dir.cache_clear()
        with pytest.raises(FileNotFoundError, match="assets"):
            assets.assets_dir()
    finally:
        monkeypatch.undo()
        assets.assets_dir.cache_clear()


def test_cache_is_bounded_by_bytes():
    from game.ui.art.cache import SurfaceCache
    cache = SurfaceCache(3 * 100 * 100 * 4)
    made = [cache.get(i, lambda: pygame.Surface((100, 100), pygame.SRCALPHA)) for i in range(5)]
    assert len(cache) == 3 and cache.bytes <= cache.max_bytes
    assert cache.get(4, lambda: pygame.Surface((1, 1))) is made[4]
    # One picture larger than the whole budget is still returned and kept alone.
    big = cache.get("big", lambda: pygame.Surface((400, 400), pygame.SRCALPHA))
    assert cache.get("big", lambda: pygame.Surface((1, 1))) is big and len(cache) == 1
