"""USD amounts at the European Central Bank reference rate of a date, offline.

The `currencyconverter` package ships the ECB history (eurofxref-hist.zip, every business day since
1999-01-04). A round announced on a day without a rate (weekend, holiday, after the shipped history ends)
takes the nearest EARLIER day with one; never a later day. Before a currency's first rate there is none,
and the caller reports the amount as not converted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

_MAX_LOOKBACK_DAYS = 31  # a currency the ECB stopped quoting has no rate after a month without one


@dataclass(frozen=True, slots=True)
class UsdRate:
    """1 unit of `currency` = `rate` USD, as quoted by the ECB on `on` (the announcement day or earlier)."""

    currency: str
    rate: Decimal
    on: date

    def convert(self, amount: int) -> int:
        return int((Decimal(amount) * self.rate).to_integral_value())


class EcbRates:
    """Lookups in the ECB history: `usd_rate('JPY', date(2016, 3, 5))` -> UsdRate or None."""

    def __init__(self, converter: Any | None = None) -> None:
        self._converter = converter
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        with self._lock:
            if self._converter is None:
                from currency_converter import CurrencyConverter

                # No fallback in the package: a missing day is None there and we walk back ourselves,
                # so the date of the rate used is known (the package's fallbacks hide it or look ahead).
                self._converter = CurrencyConverter(decimal=True)
            return self._converter

    def currencies(self) -> frozenset[str]:
        return frozenset(self._loaded().currencies)

    def first_date(self, currency: str) -> date | None:
        converter = self._loaded()
        bounds = converter.bounds.get(currency.upper())
        return bounds.first_date if bounds is not None else None

    def usd_rate(self, currency: str, on: date) -> UsdRate | None:
        code = currency.upper()
        if code == "USD":
            return UsdRate("USD", Decimal(1), on)
        converter = self._loaded()
        rates: dict[str, dict[date, Any]] = converter._rates
        if code not in converter.currencies or "USD" not in rates:
            return None
        day = min(on, converter.bounds["USD"].last_date)
        if code != "EUR":
            day = min(day, converter.bounds[code].last_date)
        oldest = day - timedelta(days=_MAX_LOOKBACK_DAYS)
        while day >= oldest:
            usd = rates["USD"].get(day)
            other = Decimal(1) if code == "EUR" else rates[code].get(day)
            if usd is not None and other is not None:
                return UsdRate(code, (Decimal(usd) / Decimal(other)).quantize(Decimal("1e-10")), day)
            day -= timedelta(days=1)
        return None


@cache
def ecb_rates() -> EcbRates:
    """The process-wide lookup (the history is read once, on first use: about a second)."""
    return EcbRates()
