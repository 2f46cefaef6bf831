"""Real Kakehashi servers in child processes (`kakehashi serve` on free ports), for the multi-worker tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SECRET = "multiworker-test-secret-0123456789abcdefghijklmnop"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`kakehashi --db URL serve` with its own data folder; stop() ends it (and its workers)."""

    def __init__(
        self, url: str, data_dir: Path, *, workers: int = 1, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / "server.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        environment = {
            **os.environ,
            "KAKEHASHI_DATA_DIR": str(data_dir),
            "KAKEHASHI_SECRET_KEY": SECRET,
            "KAKEHASHI_ENVIRONMENT": "development",
            "KAKEHASHI_ENCODER_THREADS": "1",
            "PYTHONPATH": str(Path(__file__).resolve().parents[4] / "src"),
            **(env or {}),
        }
        command = [sys.executable, "-m", "kakehashi.entrypoints.cli.main", "--db", url, "serve"]
        command += ["--port", str(self.port), "--workers", str(workers)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=60)

    def wait_ready(self, timeout: float = 180) -> None:
        """Until /healthz says the search index follows the database (built from it at start)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).json().get("search") == "ready":
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"server not ready: {self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)  # its own session: the uvicorn workers end with it
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)
