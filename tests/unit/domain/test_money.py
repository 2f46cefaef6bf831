"""Money in USD at the fixed reference rates shipped as package data."""

from __future__ import annotations

import pytest

from kakehashi.domain.money import Money, to_usd

pytestmark = pytest.mark.unit


def test_to_usd_uses_reference_rates_and_knows_its_limits() -> None:
    assert to_usd(1_000_000, "USD") == 1_000_000
    assert to_usd(150_000_000, "JPY") == 1_005_000
    assert to_usd(1_000, "XYZ") is None


def test_money_without_currency_is_read_in_the_default_currency() -> None:
    assert Money(150_000_000, None).in_usd("JPY") == 1_005_000
    assert Money(1_000, "usd").in_usd("JPY") == 1_000
