"""The funding vocabulary (reference_data/funding_vocabulary.json): Crunchbase, Start-Up Nation Central and
Japanese labels lead to the stored round types, stages and statuses; every value it names exists."""

from __future__ import annotations

import pytest

from kakehashi.adapters.importers.cells import parse_round_type, parse_stage, parse_status
from kakehashi.domain.organizations import OperatingStatus, RoundType, Stage
from kakehashi.domain.reference_data import load

pytestmark = pytest.mark.unit

STORED_ROUND_TYPES = {str(s) for s in Stage} | {
    v for k, v in vars(RoundType).items() if k.isupper() and isinstance(v, str)
}


def test_every_vocabulary_value_is_a_stored_value() -> None:
    vocabulary = load("funding_vocabulary.json")

    assert {k: v for k, v in vocabulary["round_types"].items() if v not in STORED_ROUND_TYPES} == {}
    assert {k: v for k, v in vocabulary["stages"].items() if v not in {str(s) for s in Stage}} == {}
    assert {
        k: v for k, v in vocabulary["statuses"].items() if v not in {str(s) for s in OperatingStatus}
    } == {}


@pytest.mark.parametrize(
    ("label", "round_type", "stage"),
    [("Pre-Seed", "pre_seed", Stage.PRE_SEED), ("Angel", "angel", Stage.SEED), ("Grant", "grant", Stage.OTHER),
     ("Debt Financing", "debt", Stage.OTHER), ("Convertible Note", "convertible_note", Stage.OTHER),
     ("Equity Crowdfunding", "crowdfunding", Stage.OTHER), ("Corporate Round", "corporate", Stage.OTHER),
     ("Private Equity", "private_equity", Stage.GROWTH), ("Post-IPO Equity", "post_ipo", Stage.PUBLIC),
     ("Post-IPO Debt", "post_ipo", Stage.PUBLIC), ("Post-IPO Secondary", "post_ipo", Stage.PUBLIC),
     ("Secondary Market", "secondary", Stage.OTHER), ("Non-equity Assistance", "grant", Stage.OTHER),
     ("Initial Coin Offering", "ico", Stage.OTHER), ("Product Crowdfunding", "crowdfunding", Stage.OTHER),
     ("Revenue Financed", "other", Stage.OTHER), ("Bootstrapped", "other", Stage.OTHER),
     ("Established", "other", Stage.GROWTH), ("Public", "public", Stage.PUBLIC),
     ("Acquired", "acquired", Stage.ACQUIRED), ("Closed", "other", Stage.OTHER),
     ("ROUND A", "series_a", Stage.SERIES_A), ("A Round", "series_a", Stage.SERIES_A),
     ("Series C", "series_c", Stage.SERIES_C), ("Series J", "series_d_plus", Stage.SERIES_D_PLUS),
     ("Seed", "seed", Stage.SEED), ("Venture - Series Unknown", "series_unknown", Stage.OTHER),
     ("シリーズA", "series_a", Stage.SERIES_A), ("Bラウンド", "series_b", Stage.SERIES_B),
     ("シード", "seed", Stage.SEED), ("エンジェル", "angel", Stage.SEED), ("助成金", "grant", Stage.OTHER),
     ("融資", "debt", Stage.OTHER), ("上場", "public", Stage.PUBLIC), ("買収", "acquired", Stage.ACQUIRED),
     ("ＲＯＵＮＤ　Ｂ", "series_b", Stage.SERIES_B)],
)  # fmt: skip
def test_crunchbase_snc_and_japanese_labels(label: str, round_type: str, stage: Stage) -> None:
    assert (parse_round_type(label), parse_stage(label)) == (round_type, stage)


@pytest.mark.parametrize(
    ("label", "status"),
    [("Active", OperatingStatus.ACTIVE), ("Not Active", OperatingStatus.CLOSED), ("Closed", OperatingStatus.CLOSED),
     ("Public", OperatingStatus.IPO), ("Acquired", OperatingStatus.ACQUIRED), ("Was Acquired", OperatingStatus.ACQUIRED),
     ("上場", OperatingStatus.IPO), ("買収", OperatingStatus.ACQUIRED), ("稼働中", OperatingStatus.ACTIVE)],
)  # fmt: skip
def test_statuses_in_english_and_japanese(label: str, status: OperatingStatus) -> None:
    assert parse_status(label) == status
