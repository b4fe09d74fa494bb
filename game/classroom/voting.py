"""The facilitator's side of class votes: phones through the vote server, raised hands always.

A VoteDesk belongs to one class session. Opening a vote starts the vote server the first
time (only when phone voting is on), so nothing listens on the network until the facilitator
asks for a vote; ``stop()`` frees the port when the session ends. If the server cannot start
(the port is taken, say) the desk keeps the reason in ``error`` and the vote goes on as a show
of hands: counting hands never needs the network.

No pygame here; the window polls ``version`` to know when to redraw the bars.
"""
from __future__ import annotations

from typing import Callable

from .server import Attendance, VoteServer, VoteServerError, make_room_code
from .tally import Tally, VoteClosed, VoteRound

DEFAULT_PORT = 8765


class VoteDesk:
    def __init__(self, *, port: int = DEFAULT_PORT, phones: bool = True, host: str = "0.0.0.0",
                 make_server: Callable[..., VoteServer] = VoteServer, room_size: int | None = None):
        self.port = int(port)
        self.room_size = room_size   # phones the room holds (None: the server's default)
        self.phones = bool(phones)
        self.host = host
        self.room_code = make_room_code()  # one code for the whole session, even after a restart
        self._make_server = make_server
        self.server: VoteServer | None = None
        self.error: str | None = None      # why phones cannot vote right now (shown as it is)
        self.error_kind: str | None = None  # VoteServerError.kind of that error
        self.round: VoteRound | None = None
        self.join_url: str | None = None
        self._opened = 0

    # -- the server -----------------------------------------------------------------------
    @property
    def serving(self) -> bool:
        return self.server is not None and self.server.running

    def start_server(self) -> bool:
        """Start phone voting if it is on and not running yet; False (with ``error``) if it can't."""
        if not self.phones:
            return False
        if self.serving:
            return True
        try:
            server = self._make_server(host=self.host, port=self.port, room_code=self.room_code).start()
        except VoteServerError as exc:
            self.error, self.error_kind = str(exc), exc.kind
            return False
        self.server, self.error, self.error_kind = server, None, None
        if self.room_size is not None and hasattr(server, "set_room_size"):
            server.set_room_size(self.room_size)
        self.join_url = server.join_url  # looked up once: it asks the kernel for a route
        return True

    def stop(self) -> None:
        """Close any open vote and stop serving (safe to call more than once)."""
        if self.round is not None and not self.round.closed:
            self.round.close()
        if self.server is not None:
            self.server.stop()
        self.server = None
        self.join_url = None

    def set_phones(self, on: bool) -> None:
        self.phones = bool(on)
        if not self.phones:
            self.stop()
            self.error = self.error_kind = None

    def set_port(self, port: int) -> None:
        if not 1 <= int(port) <= 65535:
            raise ValueError(f"a port is a number from 1 to 65535, not {port}")
        if int(port) != self.port:
            self.port = int(port)
            self.stop()
            self.error = self.error_kind = None

    @property
    def actual_port(self) -> int | None:
        return self.server.port if self.serving else None

    # -- rounds ---------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.round is not None and not self.round.closed

    @property
    def on_phones(self) -> bool:
        """The round now open (or last closed) takes votes from phones."""
        return self.round is not None and self.serving and self.server.current_round is self.round

    def open(self, decision_id: str, prompt: str, choices: list[tuple[str, str]]) -> VoteRound:
        """Open a vote on a decision: on the phones when possible, as a show of hands otherwise."""
        if self.is_open:
            self.round.close()
        if self.start_server():
            self.round = self.server.open_round(decision_id, prompt, choices)
        else:
            self.round = VoteRound(decision_id, choices)
        self._opened += 1
        return self.round

    def close(self) -> Tally | None:
        return self.round.close() if self.round is not None else None

    def forget(self) -> None:
        """Leave the last round behind (the class moved on to another decision)."""
        if self.round is not None and not self.round.closed:
            self.round.close()
        self.round = None
        self._opened += 1

    def tally(self) -> Tally | None:
        return self.round.tally() if self.round is not None else None

    def attendance(self) -> Attendance | None:
        """Phones in the room against phone votes in the round on the phones (None otherwise).

        ``suspicious`` is true when the phone votes outnumber the phones that stayed on the
        page: the facilitator screen says so, and shows the count to hold against the class.
        """
        if not self.on_phones:
            return None
        return self.server.attendance()

    ROOM_STEP = 10

    def make_room(self, more: int = ROOM_STEP) -> int | None:
        """Let ``more`` phones more into the room (the room is full and a real student is
        refused); returns the new size, or None without a server."""
        if not self.serving:
            return None
        self.room_size = self.server.set_room_size(self.server.room_size + more)
        return self.room_size

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever a vote arrives, a hand count moves or a round opens or closes."""
        return (self._opened, self.round.version if self.round is not None else 0)

    def add_hands(self, choice_id: str, n: int = 1) -> int:
        return self._require_open().add_hands(choice_id, n)

    def remove_hands(self, choice_id: str, n: int = 1) -> int:
        return self._require_open().remove_hands(choice_id, n)

    def _require_open(self) -> VoteRound:
        if not self.is_open:
            raise VoteClosed("no vote is open")
        return self.round
