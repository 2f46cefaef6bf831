"""The ECB reference rate of a day, offline: the day itself, else the nearest EARLIER day with a rate, never a
later one; none before a currency's history starts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kakehashi.adapters.money import ecb_rates

pytestmark = pytest.mark.unit


def test_rate_of_the_day_from_the_ecb_quotes() -> None:
    rate = ecb_rates().usd_rate("JPY", date(2019, 3, 1))
    # ECB, 2019-03-01: 1 EUR = 1.1383 USD = 127.35 JPY (the published quotes); USD per JPY = 1.1383 / 127.35
    assert rate is not None
    assert (rate.on, rate.rate) == (
        date(2019, 3, 1),
        (Decimal("1.1383") / Decimal("127.35")).quantize(Decimal("1e-10")),
    )
    assert rate.convert(1_500_000_000) == 13_407_538


def test_a_weekend_takes_the_friday_before_never_the_monday_after() -> None:
    saturday = ecb_rates().usd_rate("ILS", date(2017, 6, 17))
    monday = ecb_rates().usd_rate("ILS", date(2017, 6, 19))
    assert saturday is not None and monday is not None
    assert saturday.on == date(2017, 6, 16)
    assert monday.on == date(2017, 6, 19)


def test_no_rate_before_the_history_or_for_an_unknown_currency() -> None:
    assert ecb_rates().usd_rate("JPY", date(1998, 12, 31)) is None
    assert ecb_rates().usd_rate("ILS", date(2010, 12, 31)) is None  # the ECB quotes ILS from 2011
    assert ecb_rates().usd_rate("XXX", date(2018, 1, 1)) is None


def test_usd_and_eur() -> None:
    usd = ecb_rates().usd_rate("usd", date(1990, 1, 1))
    eur = ecb_rates().usd_rate("EUR", date(2018, 1, 1))  # a holiday: 2017-12-29
    assert usd is not None and (usd.rate, usd.on) == (Decimal(1), date(1990, 1, 1))
    assert eur is not None and (eur.on, eur.rate) == (date(2017, 12, 29), Decimal("1.1993"))
