import pytest

from kakehashi.domain.search import NeedConstraints, ndcg_at_k, recall_at_k

pytestmark = pytest.mark.unit


def test_ndcg_perfect_ranking_is_one():
    assert ndcg_at_k([1, 2, 3], {1: 2, 2: 1}) == 1.0


def test_ndcg_relevant_document_lower_scores_less():
    assert ndcg_at_k([3, 1], {1: 1}) < ndcg_at_k([1, 3], {1: 1})


def test_recall_counts_relevant_in_cutoff():
    assert recall_at_k([1, 5, 6], {1: 1, 2: 1, 9: 0}, k=3) == 0.5


def test_need_constraints_round_trip_through_dict():
    constraints = NeedConstraints(stages=("seed",), founded_from=2015, japan_presence=True)
    assert NeedConstraints.from_dict(constraints.to_dict()) == constraints
