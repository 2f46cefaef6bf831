"""The insights dashboards (issue 15): each chart as a Vega-Lite spec with the table beside it, its method
under it, and its exports (PNG, SVG, CSV, XLSX), in the page's language.

The figures come from an `InsightsSource`: the four queries of `kakehashi.services.insights` (capital,
deals, cohorts, series), which check the viewer's access and aggregate in the database. This module only
shapes their results for reading: it folds investor countries into Japan, Korea, China, the US and the
rest, divides one country's capital by the year's total, ranks investors, and labels money in the page's
number style.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from kakehashi.adapters.charts import specs
from kakehashi.adapters.charts.numbers import money_label, share_label
from kakehashi.adapters.exports.insight_tables import Column, table_csv, table_xlsx
from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.insights import (
    NO_LEAD,
    UNKNOWN,
    Attribution,
    CapitalQuery,
    CapitalResult,
    CapitalRow,
    CohortRow,
    DealQuery,
    DealRow,
    Dimension,
    SeriesPoint,
)
from kakehashi.services import insight_texts as T
from kakehashi.services.insight_texts import Words
from kakehashi.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

FOCUS_COUNTRIES = ("JP", "KR", "CN", "US")  # the capital chart names these; the rest is "others"
TOP_INVESTORS = 10
YEAR_MIN, YEAR_MAX = 1900, 2100
CHARTS = ("capital", "share", "investors", "sectors", "deals", "cohorts", "series")
FORMATS = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class InsightsSource(Protocol):
    """What the dashboards read: the module `kakehashi.services.insights` satisfies it."""

    def capital(self, uow: UnitOfWork, viewer: Viewer, query: CapitalQuery) -> CapitalResult: ...

    def deals(self, uow: UnitOfWork, viewer: Viewer, query: DealQuery) -> list[DealRow]: ...

    def cohorts(
        self,
        uow: UnitOfWork,
        viewer: Viewer,
        company_country: str | None,
        year_from: int | None,
        year_to: int | None,
    ) -> list[CohortRow]: ...

    def series(self, uow: UnitOfWork, viewer: Viewer, indicator: str | None) -> list[SeriesPoint]: ...


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters, as the page's form and the export links carry them."""

    company_country: str | None = "IL"
    sectors: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    funding_types: tuple[str, ...] = ()
    attribution: Attribution = Attribution.PARTICIPATION
    focus_country: str = "JP"  # the share chart, the top investors, the acting side of deals
    indicator: str | None = None  # the series chart

    def capital_query(self, group_by: tuple[Dimension, ...], **changes: Any) -> CapitalQuery:
        query = CapitalQuery(
            company_country=self.company_country,
            year_from=self.year_from,
            year_to=self.year_to,
            group_by=group_by,
            attribution=self.attribution,
            sectors=self.sectors,
            funding_types=self.funding_types,
        )
        return replace(query, **changes)


def _country(value: str | None, *, required: bool = False) -> str | None:
    text = (value or "").strip().upper()
    if not text:
        if required:
            raise InvalidInput("a country is required: a two-letter ISO 3166 code such as JP")
        return None
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise InvalidInput("{value} is not a country code: use two letters such as IL or JP", value=text[:20])
    return text


def _year(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not YEAR_MIN <= int(text) <= YEAR_MAX:
        raise InvalidInput("{value} is not a year between 1900 and 2100", value=text[:20])
    return int(text)


def _words(values: Sequence[str], *, limit: int = 40) -> tuple[str, ...]:
    """Slugs from repeated and comma-separated fields: trimmed, lower-case, without duplicates."""
    found: list[str] = []
    for value in values:
        for part in value.split(","):
            slug = part.strip().lower()[:60]
            if slug and slug not in found:
                found.append(slug)
    return tuple(found[:limit])


def parse_filters(params: Mapping[str, Sequence[str]]) -> Filters:
    """Filters from query parameters (each name -> its values); a value that cannot be read answers with
    a message naming it, never a default in silence."""

    def one(name: str) -> str | None:
        values = params.get(name) or ()
        return values[-1] if values else None

    attribution_text = (one("attribution") or Attribution.PARTICIPATION.value).strip()
    try:
        attribution = Attribution(attribution_text)
    except ValueError:
        raise InvalidInput(
            "{value} is not a counting rule: use participation, equal_split or lead",
            value=attribution_text[:40],
        ) from None
    filters = Filters(
        company_country=_country(one("company_country")) if "company_country" in params else "IL",
        sectors=_words(params.get("sector") or ()),
        year_from=_year(one("year_from")),
        year_to=_year(one("year_to")),
        funding_types=_words(params.get("funding_type") or ()),
        attribution=attribution,
        focus_country=_country(one("focus_country")) or "JP",
        indicator=((one("indicator") or "").strip()[:120] or None),
    )
    if filters.year_from and filters.year_to and filters.year_from > filters.year_to:
        raise InvalidInput(
            "the years are in the wrong order: {first} is after {last}",
            first=filters.year_from,
            last=filters.year_to,
        )
    return filters


def _year_of(row: CapitalRow) -> int | None:
    """The row's year as an int (a database may hand it back as a float or a string), None without one."""
    value = row.key.get(Dimension.YEAR)
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


@dataclass
class ChartView:
    """One chart as the page shows it and the exports write it."""

    name: str
    title: str
    spec: dict[str, Any] | None  # None when there is nothing to draw
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    method: list[str]
    notes: list[str] = field(default_factory=list)

    def cell(self, row: Mapping[str, Any], column: Column) -> str:
        """A table cell as text: money in the page's style, shares in percent."""
        value = row.get(column.key)
        label = row.get(f"{column.key}_label")
        if label is not None:
            return str(label)
        return "" if value is None else str(value)


@dataclass
class _Build:
    uow_factory: UnitOfWorkFactory
    viewer: Viewer
    source: InsightsSource
    filters: Filters
    words: Words
    _capital_cache: dict[CapitalQuery, CapitalResult] = field(default_factory=dict)

    def capital(self, query: CapitalQuery) -> CapitalResult:
        if query not in self._capital_cache:
            self._capital_cache[query] = self.source.capital(self.uow_factory(), self.viewer, query)
        return self._capital_cache[query]

    def rule(self) -> str:
        """The counting rule as a chart's subtitle: "Counting rule: Equal split" / "集計ルール：均等按分"."""
        name = self.words(T.ATTRIBUTION_NAMES[self.filters.attribution])
        return f"{self.words(T.RULE)}{'：' if self.words.locale == 'ja' else ': '}{name}"

    def money(self, value: float | None) -> str:
        return money_label(value, self.words.locale)

    def scope(self) -> str:
        f = self.filters
        return self.words(
            T.METHOD_SCOPE,
            country=self.words.country(f.company_country),
            years=self.words.years(f.year_from, f.year_to),
        )

    def capital_notes(self, result: CapitalResult) -> list[str]:
        w = self.words
        notes = [w(T.NOTE_TOTAL, capital=self.money(result.total_capital_usd), rounds=result.rounds)]
        if not result.rows_add_up:
            notes.insert(0, w(T.NOTE_NOT_ADDITIVE))
        if result.rounds_without_usd:
            notes.append(w(T.NOTE_WITHOUT_USD, count=result.rounds_without_usd))
        return notes


def _capital(b: _Build) -> ChartView:
    w, f = b.words, b.filters
    result = b.capital(f.capital_query((Dimension.INVESTOR_COUNTRY, Dimension.YEAR)))
    folded: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0, 0])
    for row in result.rows:
        code = str(row.key.get(Dimension.INVESTOR_COUNTRY) or UNKNOWN)
        year = _year_of(row)
        if year is None:
            continue
        group = code if code in FOCUS_COUNTRIES or code == NO_LEAD else T.OTHER
        folded[(group, year)][0] += row.capital_usd
        folded[(group, year)][1] += row.rounds
    order = [*FOCUS_COUNTRIES, T.OTHER, NO_LEAD]
    chart_rows = [
        {
            "group": group,
            "group_label": w.country(group),
            "year": year,
            "capital_usd": round(values[0], 2),
            "capital_usd_label": b.money(values[0]),
            "capital_label": b.money(values[0]),
            "rounds": int(values[1]),
        }
        for (group, year), values in sorted(
            folded.items(), key=lambda item: (item[0][1], order.index(item[0][0]))
        )
    ]
    title = w(T.TITLE_CAPITAL, country=w.country(f.company_country))
    text = specs.ChartText(title, w(T.YEAR), w(T.CAPITAL), w(T.INVESTOR_COUNTRY), b.rule())
    notes = b.capital_notes(result)
    if any(row["group"] == T.OTHER for row in chart_rows):
        notes.append(w(T.NOTE_OTHERS))
    return ChartView(
        name="capital",
        title=title,
        spec=specs.capital_by_country(
            chart_rows, locale=w.locale, text=text, order=[w.country(c) for c in order]
        )
        if chart_rows
        else None,
        columns=(
            Column("group_label", w(T.INVESTOR_COUNTRY)),
            Column("year", w(T.YEAR), "year"),
            Column("capital_usd", w(T.CAPITAL), "money"),
            Column("rounds", w(T.ROUNDS), "int"),
        ),
        rows=chart_rows,
        method=[w(T.ATTRIBUTION_RULES[f.attribution]), b.scope()],
        notes=notes,
    )


def _share(b: _Build) -> ChartView:
    w, f = b.words, b.filters
    focus = f.focus_country
    part = b.capital(f.capital_query((Dimension.INVESTOR_COUNTRY, Dimension.YEAR)))
    totals = b.capital(f.capital_query((Dimension.YEAR,)))
    by_year: dict[int, float] = defaultdict(float)
    for row in part.rows:
        year = _year_of(row)
        if row.key.get(Dimension.INVESTOR_COUNTRY) == focus and year is not None:
            by_year[year] += row.capital_usd
    rows: list[dict[str, Any]] = []
    for row in sorted(totals.rows, key=lambda r: _year_of(r) or 0):
        year = _year_of(row)
        if year is None:
            continue
        share = by_year.get(year, 0.0) / row.capital_usd if row.capital_usd else None
        rows.append(
            {
                "year": year,
                "share": None if share is None else round(share, 6),
                "share_label": share_label(share),
                "part_usd": round(by_year.get(year, 0.0), 2),
                "part_usd_label": b.money(by_year.get(year, 0.0)),
                "part_label": b.money(by_year.get(year, 0.0)),
                "total_usd": round(row.capital_usd, 2),
                "total_usd_label": b.money(row.capital_usd),
                "total_label": b.money(row.capital_usd),
            }
        )
    title = w(T.TITLE_SHARE, country=w.country(focus))
    text = specs.ChartText(title, w(T.YEAR), w(T.SHARE), subtitle=b.rule())
    drawn = [row for row in rows if row["share"] is not None]
    return ChartView(
        name="share",
        title=title,
        spec=specs.share_over_time(drawn, locale=w.locale, text=text) if drawn else None,
        columns=(
            Column("year", w(T.YEAR), "year"),
            Column("share", w(T.SHARE), "share"),
            Column("part_usd", w.country(focus), "money"),
            Column("total_usd", w(T.TOTAL), "money"),
        ),
        rows=rows,
        method=[
            w(T.METHOD_SHARE, country=w.country(focus)),
            w(T.ATTRIBUTION_RULES[f.attribution]),
            b.scope(),
        ],
    )


def _investors(b: _Build) -> ChartView:
    w, f = b.words, b.filters
    focus = f.focus_country
    ranked = b.capital(f.capital_query((Dimension.INVESTOR,), investor_countries=(focus,)))
    by_sector = b.capital(
        f.capital_query((Dimension.INVESTOR, Dimension.SECTOR), investor_countries=(focus,))
    )
    sectors: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in by_sector.rows:
        name, slug = row.key.get(Dimension.INVESTOR), row.key.get(Dimension.SECTOR)
        if name is not None and slug is not None:
            sectors[str(name)][str(slug)] += row.capital_usd or 1e-9
    top = sorted(
        (row for row in ranked.rows if row.key.get(Dimension.INVESTOR) is not None),
        key=lambda r: (-r.capital_usd, -r.rounds, str(r.key.get(Dimension.INVESTOR))),
    )[:TOP_INVESTORS]
    rows = []
    for row in top:
        name = str(row.key.get(Dimension.INVESTOR))
        best = sorted(sectors.get(name, {}).items(), key=lambda item: -item[1])[:3]
        rows.append(
            {
                "investor": name,
                "capital_usd": round(row.capital_usd, 2),
                "capital_usd_label": b.money(row.capital_usd),
                "capital_label": b.money(row.capital_usd),
                "rounds": row.rounds,
                "sectors": "、".join(w.sector(slug) for slug, _v in best)
                if w.locale == "ja"
                else ", ".join(w.sector(slug) for slug, _v in best),
            }
        )
    title = w(T.TITLE_INVESTORS, country=w.country(focus))
    text = specs.ChartText(title, w(T.CAPITAL), w(T.INVESTOR), subtitle=b.rule())
    return ChartView(
        name="investors",
        title=title,
        spec=specs.top_investors(rows, locale=w.locale, text=text) if rows else None,
        columns=(
            Column("investor", w(T.INVESTOR)),
            Column("capital_usd", w(T.CAPITAL), "money"),
            Column("rounds", w(T.ROUNDS), "int"),
            Column("sectors", w(T.SECTORS)),
        ),
        rows=rows,
        method=[
            w(T.METHOD_INVESTORS, country=w.country(focus)),
            w(T.ATTRIBUTION_RULES[f.attribution]),
            b.scope(),
        ],
    )


def _sectors(b: _Build) -> ChartView:
    w, f = b.words, b.filters
    result = b.capital(f.capital_query((Dimension.SECTOR, Dimension.YEAR)))
    rows = []
    for row in sorted(result.rows, key=lambda r: (str(r.key.get(Dimension.SECTOR)), _year_of(r) or 0)):
        year, slug = _year_of(row), row.key.get(Dimension.SECTOR)
        if year is None:
            continue
        rows.append(
            {
                "sector": slug,
                "sector_label": w.sector(None if slug is None else str(slug)),
                "year": year,
                "capital_usd": round(row.capital_usd, 2),
                "capital_usd_label": b.money(row.capital_usd),
                "capital_label": b.money(row.capital_usd),
                "rounds": row.rounds,
            }
        )
    title = w(T.TITLE_SECTORS)
    text = specs.ChartText(title, w(T.YEAR), w(T.SECTOR), w(T.CAPITAL), b.rule())
    return ChartView(
        name="sectors",
        title=title,
        spec=specs.sectors_by_year(rows, locale=w.locale, text=text) if rows else None,
        columns=(
            Column("sector_label", w(T.SECTOR)),
            Column("year", w(T.YEAR), "year"),
            Column("capital_usd", w(T.CAPITAL), "money"),
            Column("rounds", w(T.ROUNDS), "int"),
        ),
        rows=rows,
        method=[w(T.METHOD_SECTORS), w(T.ATTRIBUTION_RULES[f.attribution]), b.scope()],
    )


def _deals(b: _Build) -> ChartView:
    w, f = b.words, b.filters
    target = f.company_country
    query = DealQuery(
        acquirer_country=f.focus_country, target_country=target, year_from=f.year_from, year_to=f.year_to
    )
    found = b.source.deals(b.uow_factory(), b.viewer, query)
    rows = [
        {
            "year": row.year,
            "kind": row.kind,
            "kind_label": w.deal_kind(row.kind),
            "deals": row.deals,
            "amount_usd": round(row.amount_usd, 2),
            "amount_usd_label": b.money(row.amount_usd),
            "amount_label": b.money(row.amount_usd),
        }
        for row in sorted(found, key=lambda r: (r.year, r.kind))
    ]
    title = w(T.TITLE_DEALS, actor=w.country(f.focus_country), target=w.country(target))
    text = specs.ChartText(title, w(T.YEAR), w(T.DEALS), w(T.DEAL_KIND))
    return ChartView(
        name="deals",
        title=title,
        spec=specs.deals_by_year(rows, locale=w.locale, text=text) if rows else None,
        columns=(
            Column("year", w(T.YEAR), "year"),
            Column("kind_label", w(T.DEAL_KIND)),
            Column("deals", w(T.DEALS), "int"),
            Column("amount_usd", w(T.AMOUNT), "money"),
        ),
        rows=rows,
        method=[w(T.METHOD_DEALS, actor=w.country(f.focus_country), target=w.country(target))],
    )


def _cohorts(b: _Build) -> ChartView:
    w, f = b.words, b.filters
    found = b.source.cohorts(b.uow_factory(), b.viewer, f.company_country, f.year_from, f.year_to)
    statuses = list(T.STATUSES)
    long_rows = [
        {
            "founded_year": row.founded_year,
            "status_label": w(T.STATUSES[status]),
            "status_order": index,
            "companies": getattr(row, status),
        }
        for row in found
        for index, status in enumerate(statuses)
    ]
    rows = [
        {
            "founded_year": row.founded_year,
            "total": row.total,
            "active": row.active,
            "acquired": row.acquired,
            "closed": row.closed,
            "other": row.other,
        }
        for row in sorted(found, key=lambda r: r.founded_year)
    ]
    title = w(T.TITLE_COHORTS, country=w.country(f.company_country))
    text = specs.ChartText(title, w(T.FOUNDED), w(T.STARTUPS), w(T.STATUS))
    order = [w(T.STATUSES[s]) for s in statuses]
    return ChartView(
        name="cohorts",
        title=title,
        spec=specs.cohorts(long_rows, locale=w.locale, text=text, order=order) if found else None,
        columns=(
            Column("founded_year", w(T.FOUNDED), "year"),
            Column("total", w(T.STARTUPS), "int"),
            *(Column(status, w(T.STATUSES[status]), "int") for status in statuses),
        ),
        rows=rows,
        method=[w(T.METHOD_COHORTS, country=w.country(f.company_country))],
    )


def _series(b: _Build) -> ChartView:
    w, f = b.words, b.filters
    points = b.source.series(b.uow_factory(), b.viewer, f.indicator)
    indicator = f.indicator or (points[0].indicator if points else None)
    points = [p for p in points if p.indicator == indicator]
    rows = [
        {
            "period": p.period,
            "value": p.value,
            "value_label": f"{p.value:,.0f} {p.unit}".strip(),
            "unit": p.unit,
            "source": p.source or "",
            "change": None if p.change_yoy is None else round(p.change_yoy, 6),
            "change_label": "–" if p.change_yoy is None else f"{p.change_yoy * 100:+.1f}%",
        }
        for p in sorted(points, key=lambda p: p.period)
    ]
    title = w(T.TITLE_SERIES, indicator=indicator) if indicator else w(T.TITLE_SERIES_NONE)
    unit = rows[0]["unit"] if rows else ""
    text = specs.ChartText(title, w(T.PERIOD), f"{w(T.VALUE)} ({unit})" if unit else w(T.VALUE))
    return ChartView(
        name="series",
        title=title,
        spec=specs.series_with_change(rows, locale=w.locale, text=text, change_title=w(T.CHANGE_YOY))
        if rows
        else None,
        columns=(
            Column("period", w(T.PERIOD)),
            Column("value", w(T.VALUE), "money"),
            Column("unit", w(T.UNIT)),
            Column("change", w(T.CHANGE_YOY), "change"),
            Column("source", w(T.SOURCE)),
        ),
        rows=rows,
        method=[w(T.METHOD_SERIES)],
    )


_BUILDERS: dict[str, Callable[[_Build], ChartView]] = {
    "capital": _capital,
    "share": _share,
    "investors": _investors,
    "sectors": _sectors,
    "deals": _deals,
    "cohorts": _cohorts,
    "series": _series,
}


def charts(
    uow_factory: UnitOfWorkFactory,
    viewer: Viewer,
    source: InsightsSource,
    filters: Filters,
    words: Words,
    *,
    names: Sequence[str] = CHARTS,
) -> list[ChartView]:
    """The named charts (all by default) for these filters, in the page's language. Each query opens its
    own unit of work through the source, which checks the viewer's access."""
    build = _Build(uow_factory, viewer, source, filters, words)
    views = []
    for name in names:
        if name not in _BUILDERS:
            raise InvalidInput("there is no chart named {name}", name=name[:40])
        view = _BUILDERS[name](build)
        if not view.rows:
            view.notes.append(words(T.NOTE_NO_DATA))
        views.append(view)
    return views


def filter_summary(filters: Filters, words: Words) -> str:
    """The filters in words, written under an exported table."""
    w = words
    parts = [
        f"{w(T.RULE)}: {w(T.ATTRIBUTION_NAMES[filters.attribution])}",
        w.country(filters.company_country),
        w.years(filters.year_from, filters.year_to),
    ]
    if filters.sectors:
        parts.append(", ".join(w.sector(s) for s in filters.sectors))
    if filters.funding_types:
        parts.append(", ".join(filters.funding_types))
    return w(T.NOTE_FILTERS, filters=" · ".join(parts))


def export(view: ChartView, fmt: str, filters: Filters, words: Words) -> bytes:
    """One chart's file: the picture rendered on the server (png, svg) or its table (csv, xlsx)."""
    if fmt in {"png", "svg"}:
        if view.spec is None:
            raise InvalidInput("there is nothing to draw for these filters")
        from kakehashi.adapters.charts import render

        return render.to_png(view.spec) if fmt == "png" else render.to_svg(view.spec).encode("utf-8")
    if fmt == "csv":
        return table_csv(view.columns, view.rows)
    if fmt == "xlsx":
        notes = [*view.method, *view.notes, filter_summary(filters, words)]
        return table_xlsx(view.title, view.columns, view.rows, notes=notes)
    raise InvalidInput("{fmt} is not an export format: use png, svg, csv or xlsx", fmt=fmt[:20])
