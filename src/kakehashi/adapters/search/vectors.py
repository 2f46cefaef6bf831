"""Vector index of organization embeddings (usearch HNSW, half precision), keyed by organization id.

On disk: a base file (the whole HNSW graph) plus an append-only delta log of upserts and deletions since
that base, tied together by a small manifest written atomically at each commit. A commit of a few
documents appends a few KB instead of rewriting the base (~1 GB at a million companies); other processes
apply only the new delta records. The base is rewritten (compacted) after a clear/rebuild or when the delta
grows past a share of the base.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

EXACT_BELOW = 20_000  # below this size brute force is both exact and fast enough
COMPACT_MIN_RECORDS = 10_000  # a delta smaller than this is never worth rewriting the base for
COMPACT_SHARE = (
    0.05  # ... nor one under this share of the base (a new reader replays the delta: keep it short)
)
_UPSERT, _DELETE = 1, 2
NO_HASH = 0  # "text unknown": never equal to a real text hash


def text_hash(text: str, salt: str = "") -> int:
    """64-bit fingerprint of an embedding text (and the encoder that embeds it); never NO_HASH."""
    digest = hashlib.blake2b(f"{salt}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


def _hash_in(base_ids: np.ndarray, base_hashes: np.ndarray, overlay: dict[int, int], doc_id: int) -> int:
    key = int(doc_id)
    if key in overlay:
        return overlay[key]
    pos = int(np.searchsorted(base_ids, key))
    if pos < len(base_ids) and int(base_ids[pos]) == key:
        return int(base_hashes[pos])
    return NO_HASH


class VectorIndex:
    """Cosine nearest neighbours with incremental add/remove; persisted as base + delta log."""

    def __init__(self, path: Path, dimension: int) -> None:
        self.path = path  # legacy single-file location; also names the manifest and generation files
        self.dimension = dimension
        self.manifest_path = path.with_suffix(".json")
        self._record = np.dtype([("op", "u1"), ("id", "<u8"), ("hash", "<u8"), ("vec", "<f2", (dimension,))])
        self._pending: list[np.ndarray] = []  # delta records not yet written
        self._pending_count = 0
        self._full_save = False  # after clear(): the next save writes a new base
        self.reload()

    # ---- state ---------------------------------------------------------------------------------
    def _new(self) -> Index:
        return Index(ndim=self.dimension, metric="cos", dtype="f16", connectivity=16, expansion_add=64)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, doc_id: int) -> bool:
        return int(doc_id) in self._index

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self.manifest_path.read_text())
        except FileNotFoundError:
            return None
        return data

    def reload(self) -> None:
        """Load the committed state from disk, dropping anything not saved."""
        for _attempt in range(5):
            manifest = self._read_manifest()
            try:
                self._load(manifest)
                return
            except FileNotFoundError:
                continue  # another process compacted between our manifest read and the file open
        self._load(self._read_manifest())

    def _load(self, manifest: dict[str, Any] | None) -> None:
        index = self._new()
        base_ids = np.zeros(0, dtype=np.uint64)
        base_hashes = np.zeros(0, dtype=np.uint64)
        if manifest is None:
            # A folder written before the delta log existed: one file, no text hashes.
            if self.path.exists() and self.path.stat().st_size > 0:
                index.load(str(self.path))
            self._manifest: dict[str, Any] = {"base": None, "delta": None, "delta_bytes": 0, "gen": 0}
        else:
            base = manifest.get("base")
            if base:
                index.load(str(self.path.parent / base))
                hashes_file = self.path.parent / manifest["hashes"]
                with np.load(hashes_file) as stored:
                    base_ids, base_hashes = stored["ids"], stored["hashes"]
            self._manifest = dict(manifest)
        self._index = index
        self._base_ids = base_ids
        self._base_hashes = base_hashes
        self._overlay: dict[int, int] = {}  # text hashes changed since the base
        self._applied = 0
        self._pending = []
        self._pending_count = 0
        self._full_save = False
        self._donor: tuple[Index, Any] | None = None
        self._apply_delta(int(self._manifest.get("delta_bytes", 0)))

    def refresh(self) -> None:
        """Catch up with what another process committed: new delta records only, unless it compacted."""
        manifest = self._read_manifest()
        if manifest is None:
            self.reload()
            return
        if manifest.get("base") != self._manifest.get("base") or int(manifest.get("delta_bytes", 0)) < (
            self._applied
        ):
            self.reload()
            return
        try:
            self._apply_delta(int(manifest.get("delta_bytes", 0)))
        except FileNotFoundError:
            self.reload()
            return
        self._manifest = dict(manifest)

    def _delta_path(self) -> Path | None:
        name = self._manifest.get("delta")
        return self.path.parent / name if name else None

    def _apply_delta(self, upto: int) -> None:
        path = self._delta_path()
        if path is None or upto <= self._applied:
            return
        with path.open("rb") as fh:
            fh.seek(self._applied)
            raw = fh.read(upto - self._applied)
        usable = len(raw) - len(raw) % self._record.itemsize
        records = np.frombuffer(raw[:usable], dtype=self._record)
        self._apply_records(records)
        self._applied += usable

    def _apply_records(self, records: np.ndarray) -> None:
        if not len(records):
            return
        # Only each id's last record counts; apply removals and additions in two vectorised steps.
        reversed_ids = records["id"][::-1]
        _, first = np.unique(reversed_ids, return_index=True)
        last = records[len(records) - 1 - first]
        self._remove_keys([int(i) for i in last["id"]])
        adds = last[last["op"] == _UPSERT]
        if len(adds):
            self._index.add(adds["id"].astype(np.uint64), adds["vec"].astype(np.float32), threads=2)
        for rec_id, op, digest in zip(
            last["id"].tolist(), last["op"].tolist(), last["hash"].tolist(), strict=True
        ):
            self._overlay[rec_id] = digest if op == _UPSERT else NO_HASH

    # ---- writing (in memory until save) ----------------------------------------------------------
    def _remove_keys(self, ids: Sequence[int]) -> None:
        present = [i for i in ids if int(i) in self._index]
        if present:
            self._index.remove(np.asarray(present, dtype=np.uint64))

    def upsert(self, ids: Sequence[int], vectors: np.ndarray, hashes: Sequence[int] | None = None) -> None:
        if not len(ids):
            return
        keys = np.asarray(ids, dtype=np.uint64)
        matrix = np.asarray(vectors, dtype=np.float32)
        self._remove_keys(ids)
        self._index.add(keys, matrix, threads=2)
        digests = list(hashes) if hashes is not None else [NO_HASH] * len(ids)
        for key, digest in zip(ids, digests, strict=True):
            self._overlay[int(key)] = int(digest)
        records = np.zeros(len(ids), dtype=self._record)
        records["op"], records["id"], records["hash"], records["vec"] = _UPSERT, keys, digests, matrix
        self._log(records)

    def remove(self, ids: Sequence[int]) -> None:
        present = [int(i) for i in ids if int(i) in self._index]
        if not present:
            return
        self._index.remove(np.asarray(present, dtype=np.uint64))
        for key in present:
            self._overlay[key] = NO_HASH
        records = np.zeros(len(present), dtype=self._record)
        records["op"], records["id"] = _DELETE, present
        self._log(records)

    def _log(self, records: np.ndarray) -> None:
        if self._full_save:
            return
        self._pending.append(records)
        self._pending_count += len(records)
        if self._manifest.get("base") is None or self._delta_records() > self._compact_above():
            # This commit will write a new base anyway: keeping the log would only cost memory (1 KB each).
            self._full_save = True
            self._pending = []
            self._pending_count = 0

    def _delta_records(self) -> int:
        return self._applied // self._record.itemsize + self._pending_count

    def _compact_above(self) -> float:
        return max(COMPACT_MIN_RECORDS, COMPACT_SHARE * int(self._manifest.get("count") or 0))

    def clear(self, *, keep_donor: bool = False) -> None:
        """Start empty; with keep_donor, vectors of unchanged texts can be taken over (see `reuse`)."""
        if keep_donor:
            base_ids, base_hashes, overlay = self._base_ids, self._base_hashes, self._overlay
            self._donor = (self._index, lambda key: _hash_in(base_ids, base_hashes, overlay, key))
        else:
            self._donor = None
        self._index = self._new()
        self._base_ids = np.zeros(0, dtype=np.uint64)
        self._base_hashes = np.zeros(0, dtype=np.uint64)
        self._overlay = {}
        self._pending = []
        self._pending_count = 0
        self._full_save = True

    def reuse(self, ids: Sequence[int], hashes: Sequence[int]) -> set[int]:
        """Take over the pre-clear vectors of ids whose text hash is unchanged; returns those ids.

        A rebuild of an unchanged catalogue then costs graph inserts only, not the encoder (~10x less).
        """
        if self._donor is None:
            return set()
        donor, donor_hash = self._donor
        keep = [(i, h) for i, h in zip(ids, hashes, strict=True) if h != NO_HASH and donor_hash(i) == h]
        keep = [(i, h) for i, h in keep if int(i) in donor]
        if not keep:
            return set()
        keys = np.asarray([i for i, _ in keep], dtype=np.uint64)
        vectors = np.asarray(donor.get(keys, dtype="f32"), dtype=np.float32).reshape(len(keep), -1)
        self.upsert([int(i) for i, _ in keep], vectors, [h for _, h in keep])
        return {int(i) for i, _ in keep}

    def text_hash_of(self, doc_id: int) -> int:
        """The fingerprint of the text the stored vector was made from (NO_HASH when unknown/absent)."""
        return _hash_in(self._base_ids, self._base_hashes, self._overlay, doc_id)

    # ---- reading ---------------------------------------------------------------------------------
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

    # ---- persistence -----------------------------------------------------------------------------
    def save(self) -> None:
        """Make the in-memory changes durable: append to the delta log, or compact into a new base.

        Called under the engine's write lock. Readers only follow the manifest, which is replaced
        atomically after the data it points at is on disk, so they never see half a commit.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if (
            self._full_save
            or self._manifest.get("base") is None
            or self._delta_records() > self._compact_above()
        ):
            self._compact()
            return
        if not self._pending:
            return
        delta = self._delta_path()
        assert delta is not None
        payload = b"".join(chunk.tobytes() for chunk in self._pending)
        with delta.open("r+b" if delta.exists() else "wb") as fh:
            # Cut a torn tail left by a crashed writer: the manifest says where committed data ends.
            fh.seek(self._applied)
            fh.truncate()
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        self._applied += len(payload)
        self._pending = []
        self._pending_count = 0
        self._write_manifest({**self._manifest, "delta_bytes": self._applied})

    def _compact(self) -> None:
        """Write the whole index as a new base with an empty delta, then drop files no reader needs."""
        folder = self.path.parent
        gen = int(self._manifest.get("gen", 0)) + 1
        stem = self.path.stem
        base, hashes, delta = f"{stem}.{gen}.usearch", f"{stem}.{gen}.hashes.npz", f"{stem}.{gen}.delta"
        self._index.save(str(folder / base))
        ids, digests = self._merged_hashes()
        with (folder / hashes).open("wb") as fh:
            np.savez(fh, ids=ids, hashes=digests)
        (folder / delta).write_bytes(b"")
        previous = self._manifest
        self._write_manifest(
            {"base": base, "hashes": hashes, "delta": delta, "delta_bytes": 0, "gen": gen, "count": len(self)}
        )
        self._base_ids, self._base_hashes = ids, digests
        self._overlay = {}
        self._applied = 0
        self._pending = []
        self._pending_count = 0
        self._full_save = False
        self._donor = None
        self._remove_stale(
            keep={base, hashes, delta, *(str(previous.get(k)) for k in ("base", "hashes", "delta"))}
        )

    def _merged_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        merged = dict(zip(self._base_ids.tolist(), self._base_hashes.tolist(), strict=True))
        merged.update(self._overlay)
        pairs = sorted((k, v) for k, v in merged.items() if v != NO_HASH and k in self._index)
        ids = np.fromiter((k for k, _ in pairs), dtype=np.uint64, count=len(pairs))
        digests = np.fromiter((v for _, v in pairs), dtype=np.uint64, count=len(pairs))
        return ids, digests

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        tmp = self.manifest_path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(manifest))
        os.replace(tmp, self.manifest_path)
        self._manifest = manifest

    def _remove_stale(self, keep: set[str]) -> None:
        """Files of generations before the previous one: the previous stays for readers mid-load."""
        stem = self.path.stem
        for file in self.path.parent.glob(f"{stem}.*"):
            if file.name in keep or file == self.manifest_path or ".tmp" in file.suffix:
                continue
            if file.name.startswith(f"{stem}.") and file.suffix in (".usearch", ".npz", ".delta"):
                file.unlink(missing_ok=True)
