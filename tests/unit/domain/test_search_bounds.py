"""Filter bounds in the domain (issue 11): non-finite, out-of-range and reversed bounds are refused at input,
and stored need constraints past the bounds are dropped at read."""

from __future__ import annotations

import pytest

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.search import FUNDING_USD_MAX, NeedConstraints, SearchFilters


@pytest.mark.parametrize(
    "mapping",
    [
        {"founded_from": float("inf")},
        {"founded_from": float("-inf")},
        {"funding_min": float("nan")},
        {"funding_min": "1e999"},
        {"funding_max": 2**63},
        {"funding_max": str(10**30)},
        {"funding_min": "9" * 5_000},
        {"funding_min": -1},
        {"founded_to": 1799},
        {"founded_from": 2020.5},
        {"founded_from": 2020, "founded_to": 2019},
        {"funding_min": 2, "funding_max": 1},
    ],
)
def test_filters_refuse_bounds_that_could_not_run(mapping: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        SearchFilters.from_mapping(mapping)


def test_filters_accept_whole_floats_and_digits_at_the_limits() -> None:
    filters = SearchFilters.from_mapping(
        {"founded_from": 1800.0, "founded_to": "2100", "funding_min": 0, "funding_max": FUNDING_USD_MAX}
    )

    assert (filters.founded_from, filters.founded_to, filters.funding_min, filters.funding_max) == (
        1800,
        2100,
        0,
        FUNDING_USD_MAX,
    )


def test_saved_filters_ignore_unknown_names_and_lower_case_enums() -> None:
    filters = SearchFilters.from_mapping(
        {"kind": "Startup", "country": ["jp", "JP"], "sort": "x"}, ignore_unknown=True
    )

    assert (filters.kinds, filters.countries) == (("startup",), ("JP",))


def test_stored_need_constraints_past_the_bounds_are_dropped_at_read() -> None:
    constraints = NeedConstraints.from_dict(
        {
            "funding_min": 2**63,
            "funding_max": "5000000",
            "founded_from": "1e999",
            "founded_to": 2020,
            "stages": ["seed"],
        }
    )

    assert constraints == NeedConstraints(stages=("seed",), funding_max=5_000_000, founded_to=2020)


def test_need_constraints_check_refuses_reversed_ranges() -> None:
    with pytest.raises(InvalidInput):
        NeedConstraints(founded_from=2021, founded_to=2020).check()
