"""Money as imported (amount and currency) and its conversion to USD at fixed reference rates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kakehashi.domain.reference_data import load

RATES_TO_USD: dict[str, Decimal] = {
    code: Decimal(rate) for code, rate in load("exchange_rates.json")["rates_to_usd"].items()
}
"""Approximate reference rates (2024-2025 averages, `reference_data/exchange_rates.json`), fixed so that
imports are reproducible: good enough to compare funding across currencies, not for accounting."""


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # whole units of `currency`
    currency: str | None  # ISO 4217, None when the text named none

    def in_usd(self, default_currency: str = "USD") -> int | None:
        return to_usd(self.amount, self.currency or default_currency)


def to_usd(amount: int, currency: str) -> int | None:
    """Convert with the fixed reference table; None for a currency the table does not know."""
    rate = RATES_TO_USD.get(currency.upper())
    if rate is None:
        return None
    return int((Decimal(amount) * rate).to_integral_value())
