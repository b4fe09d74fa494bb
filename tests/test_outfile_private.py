"""Files of students' records are private when new; other files follow the umask; a replaced
file keeps its own permissions either way."""

import os
import stat

from game.outfile import write_whole


def test_private_new_file_is_owner_only_and_replaced_file_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        graph = write_whole(tmp_path / "graph.mmd", b"graph")
        assert stat.S_IMODE(graph.stat().st_mode) == 0o644
        record = write_whole(tmp_path / "class.csv", b"names", private=True)
        assert stat.S_IMODE(record.stat().st_mode) == 0o600
        shared = tmp_path / "shared.json"
        shared.write_text("old")
        os.chmod(shared, 0o640)  # the instructor chose to share it with the group
        write_whole(shared, b"new", private=True)
        assert shared.read_bytes() == b"new" and stat.S_IMODE(shared.stat().st_mode) == 0o640
    finally:
        os.umask(old)
