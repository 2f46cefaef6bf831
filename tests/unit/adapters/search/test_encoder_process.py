"""The encoder child process that bulk loads use: same vectors as in-process, answers in order, clean stop."""

import numpy as np
import pytest

from kakehashi.adapters.search.encoder import default_encoder
from kakehashi.adapters.search.encoder_process import EncoderProcess

pytestmark = pytest.mark.unit


def test_child_process_vectors_equal_in_process_vectors_in_submission_order():
    first = ["Vibration sensors predict pump failures.", "工場の予知保全"]
    second = ["Cloud email security that blocks phishing."]
    process = EncoderProcess(threads=1)
    try:
        futures = [process.submit(first), process.submit(second)]
        got = [f.result(timeout=120) for f in futures]
    finally:
        process.close()
    expected = [default_encoder(1).encode(first), default_encoder(1).encode(second)]
    similarity = [np.round(np.sum(g * e, axis=1), 5).tolist() for g, e in zip(got, expected, strict=True)]
    assert similarity == [[1.0, 1.0], [1.0]]


def test_submit_after_the_child_stopped_fails_with_a_clear_error():
    process = EncoderProcess(threads=1)
    process.close(wait=False)
    with pytest.raises(RuntimeError, match="encoder process"):
        process.submit(["text"]).result(timeout=30)
