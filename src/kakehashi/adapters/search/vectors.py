"""Vector index of organization embeddings (usearch HNSW, half precision), keyed by organization id."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

EXACT_BELOW = 20_000  # below this size brute force is both exact and fast enough


class VectorIndex:
    """Cosine nearest neighbours with incremental add/remove; persisted as one file."""

    def __init__(self, path: Path, dimension: int) -> None:
        self.path = path
        self.dimension = dimension
        self._index = self._new()
        if path.exists() and path.stat().st_size > 0:
            self._index.load(str(path))

    def _new(self) -> Index:
        return Index(ndim=self.dimension, metric="cos", dtype="f16", connectivity=16, expansion_add=64)

    def __len__(self) -> int:
        return len(self._index)

    def reload(self) -> None:
        fresh = self._new()
        if self.path.exists() and self.path.stat().st_size > 0:
            fresh.load(str(self.path))
        self._index = fresh

    def upsert(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        if not len(ids):
            return
        keys = np.asarray(ids, dtype=np.uint64)
        self.remove(ids)
        self._index.add(keys, np.asarray(vectors, dtype=np.float32), threads=2)

    def remove(self, ids: Sequence[int]) -> None:
        present = [i for i in ids if int(i) in self._index]
        if present:
            self._index.remove(np.asarray(present, dtype=np.uint64))

    def clear(self) -> None:
        self._index = self._new()

    def get(self, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored vectors (float32) of the ids that are indexed."""
        present = [int(i) for i in ids if int(i) in self._index]
        if not present:
            return {}
        vectors: Any = self._index.get(np.asarray(present, dtype=np.uint64), dtype="f32")
        if isinstance(vectors, np.ndarray) and vectors.ndim == 2:
            rows = list(vectors)
        else:
            rows = [None if v is None else np.asarray(v, dtype=np.float32).reshape(-1) for v in vectors]
        return {key: row for key, row in zip(present, rows, strict=True) if row is not None}

    def search(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        """(id, cosine similarity) best first."""
        size = len(self._index)
        if size == 0 or count <= 0:
            return []
        count = min(count, size)
        matches = self._index.search(np.asarray(vector, dtype=np.float32), count, exact=size <= EXACT_BELOW)
        return [(int(k), 1.0 - float(d)) for k, d in zip(matches.keys, matches.distances, strict=True)]

    def score(self, vector: np.ndarray, ids: Sequence[int]) -> list[tuple[int, float]]:
        """Exact similarity of the vector to the given ids (used under restrictive filters)."""
        stored = self.get(ids)
        if not stored:
            return []
        keys = list(stored)
        matrix = np.stack([stored[k] for k in keys])
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        sims = matrix @ np.asarray(vector, dtype=np.float32) / norms
        order = np.argsort(-sims)
        return [(keys[i], float(sims[i])) for i in order]

    def save(self) -> None:
        """Write atomically: readers in other processes never see a half-written file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        self._index.save(str(tmp))
        os.replace(tmp, self.path)
