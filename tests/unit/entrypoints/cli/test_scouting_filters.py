import pytest

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.search import SearchFilters
from kakehashi.entrypoints.cli.scouting import parse_filters

pytestmark = pytest.mark.unit


def test_parse_filters_lists_ranges_and_units():
    filters = parse_filters(["country=il,jp", "stage=Seed", "founded=2015..2020", "funding=1m.."])
    assert filters == SearchFilters(
        countries=("IL", "JP"), stages=("seed",), founded_from=2015, founded_to=2020, funding_min=1_000_000
    )


def test_parse_filters_single_year_means_that_year():
    assert parse_filters(["founded=2018"]) == SearchFilters(founded_from=2018, founded_to=2018)


@pytest.mark.parametrize("item", ["country", "colour=red", "founded=abc", "funding=..x"])
def test_parse_filters_bad_item_is_refused_with_a_message(item):
    with pytest.raises(InvalidInput):
        parse_filters([item])
