"""Money conversions that need data beyond the domain's fixed table: the ECB reference-rate history."""

from kakehashi.adapters.money.ecb import EcbRates, UsdRate, ecb_rates

__all__ = ["EcbRates", "UsdRate", "ecb_rates"]
