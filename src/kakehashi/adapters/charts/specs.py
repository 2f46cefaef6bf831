"""Vega-Lite specifications of the insights charts, built with Altair from the rows of each chart's table.

Each builder takes the rows the page also shows as a table (plain dicts: numbers for the marks,
pre-formatted `*_label` texts for tooltips), the page's locale and the texts (title, axis titles) already
in the page's language, and returns a spec dict for vega-embed in the browser and vl-convert on the server.
Money axes are labelled by a Vega expression in the page's number style (億/万 or $M/$B).

Marks follow what the numbers mean: shares of one total stack (cohorts, deal kinds); figures that do not
add up — participation credits a round to every country in it, a company in two sectors counts in both —
are drawn as lines or a heat map, never stacked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from kakehashi.adapters.charts.numbers import money_expression

WIDTH = 560
HEIGHT = 260
FONTS = {
    # Japanese text needs a CJK font (fonts-noto-cjk on Debian); the browser and vl-convert take the first found.
    "ja": "Noto Sans CJK JP, Noto Sans JP, IPAexGothic, Hiragino Sans, Yu Gothic, sans-serif",
    "en": "Noto Sans, DejaVu Sans, Helvetica, Arial, sans-serif",
}
PALETTE = ["#c8102e", "#1f5aa6", "#e0a100", "#4c9f70", "#8c8c8c", "#7b4fa0", "#d0743c", "#3aa6b9"]

Rows = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class ChartText:
    """A chart's words in the page's language."""

    title: str
    x: str
    y: str
    color: str = ""
    subtitle: str = ""


def _finish(chart: alt.TopLevelMixin, text: ChartText, locale: str) -> dict[str, Any]:
    title = alt.TitleParams(text.title, subtitle=text.subtitle or alt.Undefined, anchor="start")
    configured = chart.properties(title=title).configure(font=FONTS.get(locale, FONTS["en"]))
    # Validation against the Vega-Lite schema costs ~40 ms a chart; the unit tests validate every builder's
    # output instead, so a page of seven charts does not pay it on every request.
    spec: dict[str, Any] = configured.to_dict(validate=False)
    spec["background"] = "white"
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    return spec


def _data(rows: Rows) -> alt.InlineData:
    return alt.InlineData(values=[dict(row) for row in rows])


def _money_axis(title: str, locale: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=money_expression(locale), tickCount=5)


def capital_by_country(rows: Rows, *, locale: str, text: ChartText, order: Sequence[str]) -> dict[str, Any]:
    """Lines per investor-country group (Japan, Korea, China, the US, the rest) over the years; rows:
    group_label, year, capital_usd, capital_label, rounds. Lines, because participation rows overlap."""
    chart = (
        alt.Chart(_data(rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=text.x, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("capital_usd:Q", axis=_money_axis(text.y, locale)),
            color=alt.Color(
                "group_label:N", title=text.color, sort=list(order), scale=alt.Scale(range=PALETTE)
            ),
            tooltip=[
                alt.Tooltip("group_label:N", title=text.color),
                alt.Tooltip("year:O", title=text.x),
                alt.Tooltip("capital_label:N", title=text.y),
                alt.Tooltip("rounds:Q"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return _finish(chart, text, locale)


def share_over_time(rows: Rows, *, locale: str, text: ChartText) -> dict[str, Any]:
    """One country's share of the capital each year; rows: year, share (0..1), share_label, part_label,
    total_label."""
    chart = (
        alt.Chart(_data(rows))
        .mark_line(point=True, color=PALETTE[0])
        .encode(
            x=alt.X("year:O", title=text.x, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", axis=alt.Axis(title=text.y, format=".0%")),
            tooltip=[
                alt.Tooltip("year:O", title=text.x),
                alt.Tooltip("share_label:N", title=text.y),
                alt.Tooltip("part_label:N"),
                alt.Tooltip("total_label:N"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return _finish(chart, text, locale)


def top_investors(rows: Rows, *, locale: str, text: ChartText) -> dict[str, Any]:
    """Horizontal bars, largest first; rows: investor, capital_usd, capital_label, rounds, sectors."""
    chart = (
        alt.Chart(_data(rows))
        .mark_bar(color=PALETTE[1])
        .encode(
            y=alt.Y("investor:N", title=text.y, sort="-x"),
            x=alt.X("capital_usd:Q", axis=_money_axis(text.x, locale)),
            tooltip=[
                alt.Tooltip("investor:N", title=text.y),
                alt.Tooltip("capital_label:N", title=text.x),
                alt.Tooltip("rounds:Q"),
                alt.Tooltip("sectors:N"),
            ],
        )
        .properties(width=WIDTH, height=max(HEIGHT // 2, 22 * len(rows)))
    )
    return _finish(chart, text, locale)


def sectors_by_year(rows: Rows, *, locale: str, text: ChartText) -> dict[str, Any]:
    """A heat map sector x year (a company in two sectors counts in both, so no stacking); rows:
    sector_label, year, capital_usd, capital_label, rounds."""
    chart = (
        alt.Chart(_data(rows))
        .mark_rect()
        .encode(
            x=alt.X("year:O", title=text.x, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sector_label:N", title=text.y),
            color=alt.Color(
                "capital_usd:Q",
                title=text.color,
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(labelExpr=money_expression(locale)),
            ),
            tooltip=[
                alt.Tooltip("sector_label:N", title=text.y),
                alt.Tooltip("year:O", title=text.x),
                alt.Tooltip("capital_label:N", title=text.color),
                alt.Tooltip("rounds:Q"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return _finish(chart, text, locale)


def deals_by_year(rows: Rows, *, locale: str, text: ChartText) -> dict[str, Any]:
    """Stacked bars of deal counts per year by kind (each deal has one kind); rows: year, kind_label,
    deals, amount_label."""
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=text.x, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("deals:Q", title=text.y, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("kind_label:N", title=text.color, scale=alt.Scale(range=PALETTE)),
            tooltip=[
                alt.Tooltip("year:O", title=text.x),
                alt.Tooltip("kind_label:N", title=text.color),
                alt.Tooltip("deals:Q", title=text.y),
                alt.Tooltip("amount_label:N"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return _finish(chart, text, locale)


def cohorts(rows: Rows, *, locale: str, text: ChartText, order: Sequence[str]) -> dict[str, Any]:
    """Stacked bars per founding year by status today (the statuses add up to the cohort); rows:
    founded_year, status_label, companies."""
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("founded_year:O", title=text.x, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("companies:Q", title=text.y, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "status_label:N",
                title=text.color,
                sort=list(order),
                scale=alt.Scale(domain=list(order), range=["#4c9f70", "#1f5aa6", "#c8102e", "#8c8c8c"]),
            ),
            order=alt.Order("status_order:Q"),
            tooltip=[
                alt.Tooltip("founded_year:O", title=text.x),
                alt.Tooltip("status_label:N", title=text.color),
                alt.Tooltip("companies:Q", title=text.y),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return _finish(chart, text, locale)


def series_with_change(
    rows: Rows, *, locale: str, text: ChartText, change_title: str, period_type: str = "O"
) -> dict[str, Any]:
    """A time series (line) over its change against the same period a year earlier (bars, red when down);
    rows: period, value, value_label, change (fraction or None), change_label."""
    base = alt.Chart(_data(rows)).encode(x=alt.X(f"period:{period_type}", title=text.x))
    line = base.mark_line(point=True, color=PALETTE[1]).encode(
        y=alt.Y("value:Q", title=text.y),
        tooltip=[
            alt.Tooltip("period:N", title=text.x),
            alt.Tooltip("value_label:N", title=text.y),
            alt.Tooltip("change_label:N", title=change_title),
        ],
    )
    bars = (
        base.transform_filter("isValid(datum.change)")
        .mark_bar()
        .encode(
            y=alt.Y("change:Q", axis=alt.Axis(title=change_title, format="+.0%")),
            color=alt.condition("datum.change < 0", alt.value(PALETTE[0]), alt.value(PALETTE[3])),
            tooltip=[
                alt.Tooltip("period:N", title=text.x),
                alt.Tooltip("change_label:N", title=change_title),
            ],
        )
    )
    chart = alt.vconcat(
        line.properties(width=WIDTH, height=HEIGHT * 2 // 3),
        bars.properties(width=WIDTH, height=HEIGHT // 3),
    )
    return _finish(chart, text, locale)
