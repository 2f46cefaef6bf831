"""The sentence encoder in a child process, so that bulk loads encode while the caller works.

A thread would not do: the caller's Python work (SQL, tantivy documents) holds the GIL and the encoder,
which re-takes it after every numpy call, ran 3-20x slower beside it. The child is started with
`python -m` (not multiprocessing), so scripts without a `__main__` guard are never re-run. Protocol on
the pipes: requests are a length-prefixed JSON list of texts; answers come back in the same order as
status, rows, columns and the raw float32 matrix.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from typing import IO

import numpy as np

_REQUEST = struct.Struct("<Q")
_ANSWER = struct.Struct("<BQQ")  # status (0 ok, 1 error), rows (or message length), columns


class EncoderProcess:
    """One encoder child; `submit` returns futures that complete in submission order."""

    def __init__(self, threads: int) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "kakehashi.adapters.search.encoder_process", str(max(1, threads))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._futures: deque[Future[np.ndarray]] = deque()
        self._lock = threading.Lock()
        # Answers are read as they come: otherwise a full pipe would block both sides.
        self._reader = threading.Thread(target=self._read_answers, name="encoder-process-reader", daemon=True)
        self._reader.start()

    def submit(self, texts: Sequence[str]) -> Future[np.ndarray]:
        future: Future[np.ndarray] = Future()
        payload = json.dumps(list(texts), ensure_ascii=False).encode()
        stdin = self._proc.stdin
        assert stdin is not None
        with self._lock:
            self._futures.append(future)
        try:
            stdin.write(_REQUEST.pack(len(payload)) + payload)
            stdin.flush()
        except (BrokenPipeError, OSError, ValueError) as exc:
            with self._lock:
                if future in self._futures:
                    self._futures.remove(future)
            future.set_exception(RuntimeError(f"the encoder process is not running ({exc})"))
        return future

    def _read_answers(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        while True:
            header = _read_exactly(stdout, _ANSWER.size)
            if header is None:
                break
            status, rows, columns = _ANSWER.unpack(header)
            body = _read_exactly(stdout, rows * columns * 4 if status == 0 else rows)
            if body is None:
                break
            with self._lock:
                future = self._futures.popleft() if self._futures else None
            if future is None:
                continue
            if status == 0:
                future.set_result(np.frombuffer(body, dtype=np.float32).reshape(rows, columns).copy())
            else:
                future.set_exception(RuntimeError(f"encoder process: {body.decode(errors='replace')}"))
        with self._lock:
            orphans = list(self._futures)
            self._futures.clear()
        for future in orphans:
            future.set_exception(RuntimeError("the encoder process stopped"))

    def close(self, *, wait: bool = True) -> None:
        """Finish the queued work (wait=True) or drop it, and end the child."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()
        if not wait:
            self._proc.kill()
        try:
            self._proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._reader.join()
        if self._proc.stdout is not None:
            self._proc.stdout.close()


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def main() -> None:
    """Child side: answer requests until the parent closes the pipe."""
    from kakehashi.adapters.search.encoder import default_encoder

    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    encoder = default_encoder(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    while True:
        header = _read_exactly(requests, _REQUEST.size)
        if header is None:
            return
        body = _read_exactly(requests, _REQUEST.unpack(header)[0])
        if body is None:
            return
        try:
            vectors = np.ascontiguousarray(encoder.encode(json.loads(body)), dtype=np.float32)
            answers.write(_ANSWER.pack(0, vectors.shape[0], vectors.shape[1]) + vectors.tobytes())
        except Exception as exc:  # reported to the parent, which raises it
            message = repr(exc).encode()
            answers.write(_ANSWER.pack(1, len(message), 0) + message)
        answers.flush()


if __name__ == "__main__":
    main()
