"""Charts of results computed before (the command line's `--out chart.png|.svg`): the dashboards' builders,
in the requested language, for capital, deals, cohorts and series (trade figures with their change)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.insights import (
    Attribution,
    CapitalQuery,
    CapitalResult,
    CapitalRow,
    CohortRow,
    DealRow,
    Dimension,
    SeriesPoint,
)
from kakehashi.entrypoints.web.i18n import translate
from kakehashi.services.insight_chart_files import chart_of, write_chart
from kakehashi.services.insight_texts import Words

pytestmark = pytest.mark.unit

COUNTRY_YEAR = (Dimension.INVESTOR_COUNTRY, Dimension.YEAR)


def _words(locale: str) -> Words:
    return Words(locale, lambda message: translate(message, locale))


def _capital(group_by: tuple[Dimension, ...] = COUNTRY_YEAR) -> CapitalResult:
    query = CapitalQuery(year_from=2016, year_to=2017, group_by=group_by, attribution=Attribution.EQUAL_SPLIT)
    rows = (
        CapitalRow({"investor_country": "JP", "year": 2016}, 6_666_666.67, 1),
        CapitalRow({"investor_country": "US", "year": 2016}, 3_333_333.33, 1),
        CapitalRow({"investor_country": "KR", "year": 2017}, 3_000_000.0, 1),
    )
    return CapitalResult(query=query, rows=rows, total_capital_usd=16_000_000, rounds=2)


def _texts(path: Path) -> list[str]:
    return [e.text or "" for e in ET.parse(path).getroot().iter() if e.tag.endswith("text")]


def test_capital_chart_in_japanese_as_svg_and_png(tmp_path: Path) -> None:
    svg, png = tmp_path / "capital.svg", tmp_path / "capital.png"

    write_chart("capital", _capital(), svg, _words("ja"))
    write_chart("capital", _capital(), png, _words("ja"))

    texts = _texts(svg)
    assert "イスラエルの企業の調達額（投資家の国別・年別）" in texts
    assert "日本" in texts and "集計ルール：均等按分" in texts
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_trade_series_has_its_change_year_over_year(tmp_path: Path) -> None:
    points = [
        SeriesPoint("2017", "Exports from Israel to Japan", 1.0e9, "USD", "CBS", None),
        SeriesPoint("2018", "Exports from Israel to Japan", 1.46e9, "USD", "CBS", 0.46),
    ]
    view = chart_of("series", points, _words("en"))
    path = tmp_path / "series.svg"

    write_chart("series", points, path, _words("en"))

    assert view.title == "Exports from Israel to Japan, with its change year over year"
    assert [row["change_label"] for row in view.rows] == ["–", "+46.0%"]
    assert "Change year over year" in _texts(path)


def test_deals_and_cohorts_draw(tmp_path: Path) -> None:
    deals = [DealRow(2018, "acquisition", 1, 50_000_000.0), DealRow(2019, "rd_center", 1, 0.0)]
    cohorts = [CohortRow(2015, total=4, active=2, acquired=1, closed=1, other=0)]

    write_chart("deals", deals, tmp_path / "deals.svg", _words("en"))
    write_chart("cohorts", cohorts, tmp_path / "cohorts.svg", _words("ja"))

    assert "Acquisition" in _texts(tmp_path / "deals.svg")
    assert "活動中" in _texts(tmp_path / "cohorts.svg")


def test_a_breakdown_without_a_chart_is_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="this breakdown has no chart"):
        write_chart("capital", _capital((Dimension.FUNDING_TYPE,)), tmp_path / "x.png", _words("en"))
    with pytest.raises(InvalidInput, match="not an export format"):
        write_chart("deals", [DealRow(2018, "acquisition", 1, 0.0)], tmp_path / "x.pdf", _words("en"))
