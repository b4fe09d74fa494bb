"""Render a contact sheet of Rapport's art: every client in every face, and every backdrop.

Usage (from the repository root):
    python tools/render_art_sheet.py OUT.png [--height 160] [--high-contrast]
        [--extra-keys someone,another] [--clients sam,lena] [--columns 2] [--no-backdrops]
        [--plain]

A face is (beat, band): each client gets a block of three rows (closed, cautious, open) of
seven beats (calm, worry, fear, anger, grief, shame, relief), 21 faces; --columns puts blocks
side by side. The file type follows OUT's extension (.png, or .jpg for a smaller file). --height is the height of one
portrait cell in pixels; the backdrops are drawn at 16:9, three to a row. --extra-keys adds
clients for portrait keys no scenario ships, to show the generic people authors get for keys
of their own. Runs headless.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pygame  # noqa: E402

from game.story.model import BANDS, BEATS  # noqa: E402
from game.ui.art.backdrops import SETTINGS, render_backdrop  # noqa: E402
from game.ui.art.fonts import font_path  # noqa: E402
from game.ui.art.portraits import PORTRAITS, clear_portrait_cache, render_portrait  # noqa: E402

BACKGROUND = (226, 228, 224)
INK = (40, 44, 52)


def build_sheet(cell_h: int, high_contrast: bool, extra_keys: list[str],
                keys: list[str] | None = None, backdrops: bool = True,
                tiles: bool = True, columns: int = 1) -> pygame.Surface:
    """Clients in blocks of 3 bands x 7 beats, `columns` blocks side by side."""
    cell_w = round(cell_h * 0.8)
    label_w = max(90, cell_h * 2 // 3)
    label_h = max(24, cell_h // 7)
    keys = list(PORTRAITS if keys is None else keys) + extra_keys
    columns = max(1, min(columns, len(keys) or 1))
    block_w = label_w + cell_w * len(BEATS)
    block_h = label_h + cell_h * len(BANDS)
    gutter = cell_w // 4 if columns > 1 else 0
    width = block_w * columns + gutter * (columns - 1)
    block_rows = -(-len(keys) // columns)
    bd_cols = 3
    bd_w = width // bd_cols
    bd_h = round(bd_w * 9 / 16)
    bd_rows = -(-len(SETTINGS) // bd_cols) if backdrops else 0
    height = label_h + block_h * block_rows + (label_h + bd_h) * bd_rows
    sheet = pygame.Surface((width, height))
    sheet.fill((30, 32, 36) if high_contrast else BACKGROUND)
    ink = (240, 240, 236) if high_contrast else INK
    font = pygame.font.Font(font_path("bold"), max(12, label_h * 2 // 3))
    small = pygame.font.Font(font_path("regular"), max(11, label_h * 3 // 5))
    for column in range(columns):
        x0 = column * (block_w + gutter)
        for col, beat in enumerate(BEATS):
            text = font.render(beat, True, ink)
            sheet.blit(text, text.get_rect(center=(x0 + label_w + cell_w * col + cell_w // 2,
                                                   label_h // 2)))
    for block, key in enumerate(keys):
        row_of_blocks, column = divmod(block, columns)
        x0 = column * (block_w + gutter)
        y0 = label_h + block_h * row_of_blocks
        text = font.render(key, True, ink)
        sheet.blit(text, (x0 + 8, y0 + (label_h - text.get_height()) // 2))
        for row, band in enumerate(BANDS):
            y = y0 + label_h + cell_h * row
            text = small.render(band, True, ink)
            sheet.blit(text, text.get_rect(midleft=(x0 + 12, y + cell_h // 2)))
            for col, beat in enumerate(BEATS):
                x = x0 + label_w + cell_w * col
                if tiles:
                    # A soft backdrop tile behind each cell, as in the game.
                    tile = render_backdrop("neutral", (cell_w, cell_h),
                                           high_contrast=high_contrast)
                    sheet.blit(tile, (x, y))
                sheet.blit(render_portrait(key, f"{beat}:{band}", (cell_w, cell_h),
                                           high_contrast=high_contrast), (x, y))
        # One client at a time in memory: the sheet is the record, not the cache.
        clear_portrait_cache()
    top = label_h + block_h * block_rows
    for i, setting in enumerate(SETTINGS if backdrops else ()):
        r, c = divmod(i, bd_cols)
        x = c * bd_w
        y = top + r * (label_h + bd_h)
        text = font.render(setting, True, ink)
        sheet.blit(text, (x + 12, y + (label_h - text.get_height()) // 2))
        sheet.blit(render_backdrop(setting, (bd_w, bd_h), high_contrast=high_contrast),
                   (x, y + label_h))
    return sheet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--height", type=int, default=160, help="portrait cell height in px")
    parser.add_argument("--high-contrast", action="store_true")
    parser.add_argument("--extra-keys", default="", help="comma-separated unknown keys")
    parser.add_argument("--clients", default="", help="comma-separated clients (default: all)")
    parser.add_argument("--no-backdrops", action="store_true", help="portraits only")
    parser.add_argument("--columns", type=int, default=1, help="clients side by side")
    parser.add_argument("--plain", action="store_true",
                        help="no backdrop tile behind each portrait (a much smaller PNG)")
    args = parser.parse_args(argv)
    if args.height < 80:
        parser.error("--height must be at least 80")
    pygame.init()
    extra = [k for k in args.extra_keys.split(",") if k.strip()]
    clients = [k.strip() for k in args.clients.split(",") if k.strip()] or None
    sheet = build_sheet(args.height, args.high_contrast, extra, clients,
                        backdrops=not args.no_backdrops, tiles=not args.plain,
                        columns=args.columns)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(sheet, str(args.out))
    print(f"wrote {args.out} ({sheet.get_width()}x{sheet.get_height()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
