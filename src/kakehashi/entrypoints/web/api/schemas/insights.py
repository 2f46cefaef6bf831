"""Responses of the insights API (issue 15)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CapitalRowPublic(BaseModel):
    """One group: the columns named by `group_by` (investor_country as ISO 3166-1 alpha-2, `unknown` or
    `no_lead`; year; sector slug; investor name; funding_type), then its capital and its rounds."""

    model_config = {"extra": "allow"}

    capital_usd: float
    rounds: int = Field(description="distinct rounds credited to this group")


class CapitalPublic(BaseModel):
    rows: list[CapitalRowPublic]
    total_capital_usd: float = Field(description="each round once")
    rounds: int = Field(description="each round once")
    rounds_without_usd: int = Field(description="counted rounds that add no capital (no amount or no rate)")
    rows_add_up: bool = Field(
        description="false under participation grouped by investor country: a round counts once per country"
    )
    attribution: str
    group_by: list[str]
