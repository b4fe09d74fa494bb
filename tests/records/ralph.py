"""A real learning record store for the tests: Ralph (the ralph-malph package) with its
file-system backend, on 127.0.0.1, started and stopped by the test itself."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from base64 import b64encode
from pathlib import Path

USER, PASSWORD = "rapport-test", "not-a-real-secret"

# Ralph's API served by uvicorn directly: `ralph runserver` adds a file-watching reloader (which
# watches the current folder) and its file-system backend writes with "index", which refuses a
# second write to its one statements file. The test store therefore appends; everything the
# tests check (validation, ids, conflicts, the statements API) is Ralph's own.
LAUNCH = """
import sys
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
import uvicorn
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""


def ralph_command() -> str | None:
    here = Path(sys.executable).with_name("ralph")
    return str(here) if here.exists() else shutil.which("ralph")


def ralph_python() -> str:
    """The Python that has Ralph installed (the `ralph` script's own interpreter)."""
    with open(ralph_command(), encoding="utf-8") as f:
        first = f.readline().strip()
    return first[2:].strip() if first.startswith("#!") else sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    def __init__(self, folder: Path, port: int | None = None):
        self.folder = folder
        self.port = port or free_port()
        self.env = {**os.environ, "RALPH_APP_DIR": str(folder / "app"), "RALPH_RUNSERVER_BACKEND": "fs",
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data")}
        (folder / "app").mkdir(parents=True, exist_ok=True)
        (folder / "data").mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None
        if not (folder / "app" / "auth.json").exists():
            subprocess.run([ralph_command(), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M",
                            f"mailto:{USER}@example.org", "-w"], env=self.env, check=True, capture_output=True,
                           timeout=60)

    def _log(self):
        # Ralph's own log, kept beside its data: the first place to look when a test fails.
        return open(self.folder / "ralph.log", "ab")

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> Ralph:
        self.process = subprocess.Popen([ralph_python(), "-c", LAUNCH, str(self.port)], env=self.env,
                                        cwd=self.folder, stdout=self._log(),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("ralph exited at start; see ralph.log beside its data") from None
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("ralph did not answer within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None

    def get(self, query: str) -> dict:
        import json

        request = urllib.request.Request(self.endpoint + "statements?" + query, headers={
            "Authorization": "Basic " + b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
            "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
