"""The vector index's on-disk format: a base file plus an append-only delta log (real usearch, temp folder)."""

import numpy as np
import pytest

from kakehashi.adapters.search import vectors as vectors_module
from kakehashi.adapters.search.vectors import NO_HASH, VectorIndex, text_hash

pytestmark = pytest.mark.unit

DIM = 8


def unit_vectors(count, seed=0):
    rng = np.random.default_rng(seed)
    matrix = rng.normal(size=(count, DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def base_file(index):
    return index.path.parent / index._manifest["base"]


@pytest.fixture
def saved(tmp_path):
    """An index of 50 vectors, committed once (so it has a base file)."""
    index = VectorIndex(tmp_path / "vectors.usearch", DIM)
    index.upsert(list(range(1, 51)), unit_vectors(50), [text_hash(str(i)) for i in range(1, 51)])
    index.save()
    return index


def test_save_of_one_upsert_appends_to_delta_and_leaves_base_untouched(saved):
    before = base_file(saved).stat()
    saved.upsert([7], unit_vectors(1, seed=9), [text_hash("seven, edited")])
    saved.save()
    after = base_file(saved).stat()
    assert (after.st_mtime_ns, after.st_size, saved._manifest["delta_bytes"] > 0) == (
        before.st_mtime_ns,
        before.st_size,
        True,
    )


def test_reader_applies_upserts_and_deletions_from_the_delta(saved, tmp_path):
    reader = VectorIndex(tmp_path / "vectors.usearch", DIM)
    edited = unit_vectors(1, seed=9)
    saved.upsert([7, 51], np.vstack([edited, edited]), [text_hash("a"), text_hash("b")])
    saved.remove([3])
    saved.save()
    reader.refresh()
    best = reader.search(edited[0], 2)
    assert (len(reader), 3 in reader, sorted(i for i, _ in best)) == (50, False, [7, 51])


def test_reopened_index_has_base_plus_delta_and_text_hashes(saved, tmp_path):
    saved.upsert([7], unit_vectors(1, seed=9), [text_hash("seven, edited")])
    saved.remove([8])
    saved.save()
    reopened = VectorIndex(tmp_path / "vectors.usearch", DIM)
    assert (len(reopened), reopened.text_hash_of(7), reopened.text_hash_of(9), reopened.text_hash_of(8)) == (
        49,
        text_hash("seven, edited"),
        text_hash("9"),
        NO_HASH,
    )


def test_unsaved_changes_are_dropped_by_reload(saved):
    saved.upsert([99], unit_vectors(1, seed=3), [text_hash("x")])
    saved.remove([1])
    saved.reload()
    assert (len(saved), 99 in saved, 1 in saved) == (50, False, True)


def test_large_delta_is_compacted_into_a_new_base(saved, tmp_path, monkeypatch):
    monkeypatch.setattr(vectors_module, "COMPACT_MIN_RECORDS", 5)
    old_base = base_file(saved)
    saved.upsert(list(range(1, 21)), unit_vectors(20, seed=4), [text_hash(f"v{i}") for i in range(20)])
    saved.save()
    reopened = VectorIndex(tmp_path / "vectors.usearch", DIM)
    assert (base_file(saved) != old_base, saved._manifest["delta_bytes"], len(reopened)) == (True, 0, 50)


def test_clear_then_save_writes_a_fresh_base(saved, tmp_path):
    saved.clear()
    saved.upsert([1000], unit_vectors(1), [text_hash("only")])
    saved.save()
    reopened = VectorIndex(tmp_path / "vectors.usearch", DIM)
    assert (len(reopened), 1000 in reopened, 1 in reopened) == (1, True, False)


def test_torn_tail_of_an_uncommitted_write_is_ignored(saved, tmp_path):
    saved.upsert([7], unit_vectors(1, seed=9), [text_hash("seven, edited")])
    saved.save()
    with (tmp_path / saved._manifest["delta"]).open("ab") as fh:
        fh.write(b"\x01garbage from a writer that crashed")
    reopened = VectorIndex(tmp_path / "vectors.usearch", DIM)
    assert (len(reopened), reopened.text_hash_of(7)) == (50, text_hash("seven, edited"))


def test_folder_from_before_the_delta_log_still_loads(tmp_path):
    legacy = VectorIndex(tmp_path / "vectors.usearch", DIM)
    legacy.upsert([1, 2], unit_vectors(2))
    legacy._index.save(str(tmp_path / "vectors.usearch"))  # the old single-file layout, no manifest
    reopened = VectorIndex(tmp_path / "vectors.usearch", DIM)
    assert (len(reopened), reopened.text_hash_of(1)) == (2, NO_HASH)


def test_text_hash_depends_on_text_and_salt():
    assert (
        text_hash("a") == text_hash("a"),
        text_hash("a") == text_hash("b"),
        text_hash("a", "m1") == text_hash("a", "m2"),
    ) == (
        True,
        False,
        False,
    )


def test_cleared_index_takes_over_vectors_of_unchanged_texts_only(saved):
    old = saved.get([5])[5]
    saved.clear(keep_donor=True)
    reused = saved.reuse([5, 6, 999], [text_hash("5"), text_hash("six, edited"), text_hash("999")])
    assert (reused, len(saved), saved.get([5])[5].tolist(), saved.text_hash_of(5)) == (
        {5},
        1,
        old.tolist(),
        text_hash("5"),
    )


def test_reader_catches_up_after_the_writer_compacted_twice(saved, tmp_path):
    reader = VectorIndex(tmp_path / "vectors.usearch", DIM)
    for round_ in range(2):
        saved.clear()
        saved.upsert([100 + round_], unit_vectors(1, seed=round_), [text_hash(f"r{round_}")])
        saved.save()
    reader.refresh()
    assert (len(reader), 101 in reader, 1 in reader) == (1, True, False)
