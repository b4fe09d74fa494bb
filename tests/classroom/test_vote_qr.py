"""The join address as a QR matrix: sizes, quiet zone, finder patterns, made by segno."""
import pytest
import segno

from game.classroom.qr import QUIET_ZONE, qr_matrix

URL = "http://192.168.1.20:8765/?room=KXWPA"

FINDER = [
    "#######",
    "#.....#",
    "#.###.#",
    "#.###.#",
    "#.###.#",
    "#.....#",
    "#######",
]


def block(matrix, top, left, size=7):
    return ["".join("#" if cell else "." for cell in row[left:left + size])
            for row in matrix[top:top + size]]


def test_size_follows_the_version_and_border():
    code = segno.make_qr(URL, error="m", boost_error=True)
    assert not code.is_micro and 1 <= code.version <= 10     # a short address: a small code
    assert code.error in ("M", "Q", "H")                      # at least level M
    side = 17 + 4 * code.version
    m = qr_matrix(URL)
    assert len(m) == side + 2 * QUIET_ZONE
    assert all(len(row) == len(m) for row in m)
    assert all(isinstance(cell, bool) for row in m for cell in row)
    bare = qr_matrix(URL, border=0)
    assert len(bare) == side


def test_modules_match_segnos_matrix():
    code = segno.make_qr(URL, error="m", boost_error=True)
    expected = [[bool(v) for v in row] for row in code.matrix]
    assert qr_matrix(URL, border=0) == expected


def test_quiet_zone_is_light_and_finders_sit_in_three_corners():
    m = qr_matrix(URL)
    n, q = len(m), QUIET_ZONE
    for i in range(q):
        assert not any(m[i]) and not any(m[n - 1 - i])
        assert not any(row[i] or row[n - 1 - i] for row in m)
    side = n - 2 * q
    assert block(m, q, q) == FINDER                       # top left
    assert block(m, q, q + side - 7) == FINDER            # top right
    assert block(m, q + side - 7, q) == FINDER            # bottom left
    assert block(m, q + side - 7, q + side - 7) != FINDER  # bottom right holds data


def test_longer_addresses_need_bigger_codes_and_output_is_stable():
    short, longer = qr_matrix(URL), qr_matrix(URL + "&x=" + "y" * 120)
    assert len(longer) > len(short)
    assert qr_matrix(URL) == short


@pytest.mark.parametrize("bad", ["", None, "h" * 600])
def test_bad_addresses_are_refused(bad):
    with pytest.raises(ValueError):
        qr_matrix(bad)
