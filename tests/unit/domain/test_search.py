import pytest

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.search import NeedConstraints, SearchFilters, ndcg_at_k, recall_at_k

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


def test_filters_from_mapping_reads_url_cli_and_saved_search_names_alike():
    filters = SearchFilters.from_mapping(
        {
            "country": ["il", "jp,IL"],
            "sectors": "cybersecurity, agritech",
            "tech": ["ot-security"],
            "stage": "Seed",
            "founded_from": "2015",
            "funding_max": 50_000_000,
            "status": None,
        }
    )

    assert filters == SearchFilters(
        countries=("IL", "JP"),
        sectors=("cybersecurity", "agritech"),
        technologies=("ot-security",),
        stages=("seed",),
        founded_from=2015,
        funding_max=50_000_000,
    )


def test_filters_from_mapping_empty_values_mean_any():
    assert SearchFilters.from_mapping({"kind": [], "country": " , ", "founded_to": ""}).is_empty


def test_filters_from_mapping_refuses_unknown_names_unless_told_to_ignore_them():
    with pytest.raises(InvalidInput) as refused:
        SearchFilters.from_mapping({"colour": "red"})

    assert (refused.value.msgid, refused.value.params["key"]) == (
        "unknown filter {key}; use one of: {known}",
        "colour",
    )
    assert SearchFilters.from_mapping({"q": "ai", "kind": "startup"}, ignore_unknown=True) == SearchFilters(
        kinds=("startup",)
    )


def test_filters_from_mapping_refuses_a_bound_that_is_not_a_whole_number():
    with pytest.raises(InvalidInput, match="founded_from: 20x5"):
        SearchFilters.from_mapping({"founded_from": "20x5"})
