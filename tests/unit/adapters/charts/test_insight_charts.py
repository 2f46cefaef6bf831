"""Insights charts: money in each language's style, the same in tables (Python) and on chart axes (the
Vega expression, rendered by vl-convert), and every chart renders to SVG and PNG with its words."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from altair.vegalite.v6.schema.core import Root
from openpyxl import load_workbook

from kakehashi.adapters.charts import render, specs
from kakehashi.adapters.charts.numbers import money_label, share_label
from kakehashi.adapters.exports.insight_tables import Column, table_csv, table_xlsx

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("value", "ja", "en"),
    [
        (3_500_000_000, "35億ドル", "$3.5B"),
        (10_000_000, "1,000万ドル", "$10M"),
        (6_666_666.67, "667万ドル", "$6.7M"),
        (47_403_000, "4,740万ドル", "$47.4M"),
        (1_200_000_000_000, "1.2兆ドル", "$1,200B"),
        (999, "999ドル", "$999"),
        (0, "0ドル", "$0"),
        (-2_500_000, "-250万ドル", "-$2.5M"),
        (None, "–", "–"),
    ],
)
def test_money_reads_as_analysts_write_it(value: float | None, ja: str, en: str) -> None:
    assert money_label(value, "ja") == ja
    assert money_label(value, "en") == en


def test_share_is_a_percentage_with_one_decimal() -> None:
    assert share_label(0.625) == "62.5%"
    assert share_label(2 / 3) == "66.7%"
    assert share_label(None) == "–"


def _texts(svg: str) -> list[str]:
    return [element.text or "" for element in ET.fromstring(svg).iter() if element.tag.endswith("text")]


@pytest.mark.parametrize(("locale", "label"), [("ja", "20億ドル"), ("en", "$2B")])
def test_axis_labels_use_the_same_rule_as_tables(locale: str, label: str) -> None:
    rows = [
        {"investor": "Aozora", "capital_usd": 2_000_000_000, "capital_label": "", "rounds": 1, "sectors": ""},
        {"investor": "Birch", "capital_usd": 500_000_000, "capital_label": "", "rounds": 1, "sectors": ""},
    ]
    spec = specs.top_investors(rows, locale=locale, text=specs.ChartText("Top", "Capital", "Investor"))

    texts = _texts(render.to_svg(spec))

    Root.validate(spec)
    assert label in texts
    assert money_label(2_000_000_000, locale) == label


def _capital_rows() -> list[dict[str, Any]]:
    return [
        {
            "group_label": "日本",
            "year": 2016,
            "capital_usd": 1e7,
            "capital_label": "1,000万ドル",
            "rounds": 1,
        },
        {
            "group_label": "米国",
            "year": 2016,
            "capital_usd": 1e7,
            "capital_label": "1,000万ドル",
            "rounds": 1,
        },
        {"group_label": "日本", "year": 2017, "capital_usd": 0.0, "capital_label": "0ドル", "rounds": 0},
    ]


SERIES = [
    {"period": "2017", "value": 1.0e9, "value_label": "", "change": None, "change_label": "–"},
    {"period": "2018", "value": 1.46e9, "value_label": "", "change": 0.46, "change_label": "+46.0%"},
    {"period": "2019", "value": 1.3e9, "value_label": "", "change": -0.11, "change_label": "-11.0%"},
]


@pytest.mark.parametrize(
    "build",
    [
        lambda t: specs.capital_by_country(_capital_rows(), locale="ja", text=t, order=["日本", "米国"]),
        lambda t: specs.share_over_time(
            [{"year": 2016, "share": 0.625, "share_label": "62.5%", "part_label": "", "total_label": ""}],
            locale="ja",
            text=t,
        ),
        lambda t: specs.sectors_by_year(
            [
                {
                    "sector_label": "モビリティ",
                    "year": 2017,
                    "capital_usd": 6e6,
                    "capital_label": "",
                    "rounds": 1,
                }
            ],
            locale="ja",
            text=t,
        ),
        lambda t: specs.deals_by_year(
            [{"year": 2018, "kind_label": "買収", "deals": 2, "amount_label": ""}], locale="ja", text=t
        ),
        lambda t: specs.cohorts(
            [{"founded_year": 2015, "status_label": "活動中", "status_order": 0, "companies": 2}],
            locale="ja",
            text=t,
            order=["活動中", "買収済み", "閉鎖", "その他・不明"],
        ),
        lambda t: specs.series_with_change(SERIES, locale="ja", text=t, change_title="前年同期比"),
    ],
    ids=["capital", "share", "sectors", "deals", "cohorts", "series"],
)
def test_every_chart_renders_with_its_japanese_title(build: Any) -> None:
    spec = build(specs.ChartText("イスラエルの企業の調達額", "年", "調達額", "国"))

    svg = render.to_svg(spec)
    png = render.to_png(spec)

    Root.validate(spec)  # a valid Vega-Lite 6 specification (pages skip this check for speed)
    assert "イスラエルの企業の調達額" in _texts(svg)
    assert spec["config"]["font"].startswith("Noto Sans CJK JP")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_series_change_is_signed_and_falls_are_red() -> None:
    spec = specs.series_with_change(
        SERIES, locale="en", text=specs.ChartText("Exports to Japan", "Year", "USD"), change_title="YoY"
    )

    svg = render.to_svg(spec)

    assert "+40%" in _texts(svg) or "+50%" in _texts(svg)  # the change axis is signed percent
    assert 'fill="#c8102e"' in svg  # the fall in 2019


COLUMNS = (Column("name", "投資家"), Column("capital", "調達額", "money"), Column("year", "年", "year"))
ROWS = [
    {"name": "=1+1", "capital": 6666666.666, "year": 2016},
    {"name": "青空キャピタル", "capital": 1e7, "year": 2017},
]


def test_csv_opens_in_excel_as_utf8_with_formulas_kept_as_text() -> None:
    data = table_csv(COLUMNS, ROWS)

    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[:3] == ["投資家,調達額,年", "'=1+1,6666666.67,2016", "青空キャピタル,10000000,2017"]


def test_xlsx_keeps_numbers_as_numbers_and_the_method_under_the_table() -> None:
    book = load_workbook(io.BytesIO(table_xlsx("タイトル", COLUMNS, ROWS, notes=["均等按分：…"])))
    sheet = book.active
    assert sheet is not None

    assert sheet["A1"].value == "タイトル"
    assert [c.value for c in sheet[2]] == ["投資家", "調達額", "年"]
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s"
    assert sheet["B4"].value == 10_000_000 and sheet["B4"].number_format == "#,##0"
    assert sheet["A6"].value == "均等按分：…"
