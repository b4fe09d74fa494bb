"""The join address as a QR code matrix, for the game to draw with plain rectangles.

segno builds the code; this module only turns its matrix into rows of booleans (True is
a dark module) so drawing code needs no knowledge of QR codes.
"""
from __future__ import annotations

import segno

QUIET_ZONE = 4          # light modules around the code that scanners need (ISO/IEC 18004)
MAX_URL_LENGTH = 512    # a join address is ~40 characters; anything far longer is a mistake


def qr_matrix(url: str, *, border: int = QUIET_ZONE) -> list[list[bool]]:
    """Rows of modules for `url`, top row first, with `border` light modules all round.

    Error correction is at least level M (15 % of the code may be unreadable: a projector's
    glare or a keystone), and segno raises it for free when the version has room.
    Draw each True as a dark square on a light background.
    """
    if not isinstance(url, str) or not url:
        raise ValueError("a QR code needs a non-empty address")
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"address too long for a QR code on screen ({len(url)} characters)")
    if border < 0:
        raise ValueError("border must not be negative")
    code = segno.make_qr(url, error="m", boost_error=True)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=border)]
