import pytest

from kakehashi.adapters.search.fusion import ranked, reciprocal_rank_fusion, score_fusion

pytestmark = pytest.mark.unit


def test_rrf_document_in_both_lists_beats_single_list_leaders():
    scores = reciprocal_rank_fusion([[1, 2, 3], [4, 2, 5]], [1.0, 1.0])
    assert ranked(scores)[0][0] == 2


def test_rrf_weight_favours_the_heavier_list():
    scores = reciprocal_rank_fusion([[1], [2]], [0.3, 0.7])
    assert [doc for doc, _ in ranked(scores)] == [2, 1]


def test_score_fusion_ignores_semantic_neighbours_below_floor():
    scores = score_fusion(
        [], [(1, 0.05), (2, 0.5)], lexical_weight=0.5, semantic_weight=0.5, semantic_floor=0.1
    )
    assert scores[1] == 0.0
