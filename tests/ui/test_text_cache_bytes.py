"""The text cache is bounded by the pixel memory it holds, not by a count of blocks (issue 14 §12)."""

import pygame

from game.settings import Settings
from game.ui.text import TextCache, block_bytes
from game.ui.theme import Theme


def test_the_cache_holds_at_most_its_byte_budget_whatever_the_text_size():
    pygame.font.init()
    small = Theme.build((1024, 600), Settings())
    huge = Theme.build((3840, 2160), Settings(text_size="largest"))
    cache = TextCache(max_bytes=2 * 1024 * 1024)
    for i in range(300):
        theme = huge if i % 2 else small
        cache.block(theme, f"Line {i}: the client looks at the floor and waits for you.", "body",
                    (20, 20, 20), 900)
        assert cache.bytes <= cache.max_bytes
    held = list(cache._blocks.values())
    assert cache.bytes == sum(block_bytes(b) for b in held) > cache.max_bytes // 2
    # The same budget holds a few blocks of large 4K text, or many small ones.
    assert len(held) < 10
    smalls = TextCache(max_bytes=2 * 1024 * 1024)
    for i in range(300):
        smalls.block(small, f"Line {i}: the client looks at the floor and waits for you.", "body", (20, 20, 20), 900)
    assert len(smalls) > 50 and smalls.bytes <= smalls.max_bytes
    # A recently used block stays; the oldest went first.
    first = cache.block(small, "Line 298: the client looks at the floor and waits for you.", "body", (20, 20, 20), 900)
    renders = cache.renders
    assert cache.block(small, first.text, "body", (20, 20, 20), 900) is first and cache.renders == renders
    cache.block(small, "Line 0: the client looks at the floor and waits for you.", "body", (20, 20, 20), 900)
    assert cache.renders == renders + 1


def test_a_block_larger_than_the_budget_is_still_handed_out():
    pygame.font.init()
    cache = TextCache(max_bytes=100)
    theme = Theme.build((1280, 720), Settings())
    block = cache.block(theme, "More than a hundred bytes of pixels", "body", (0, 0, 0), 600)
    assert block.lines and len(cache) == 1 and cache.bytes == block_bytes(block)
