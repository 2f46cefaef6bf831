"""The words of the insights dashboards: titles, axis titles, column headers and each chart's method, as
English message ids with Japanese entries in the web catalog. The page hands its translate function in;
country names come from the CLDR (Babel) in the page's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from babel import Locale

from kakehashi.domain.insights import NO_LEAD, UNKNOWN, Attribution, DealKind
from kakehashi.domain.taxonomy import BY_SLUG

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a message id for the catalogs; it is translated when the page's language is known."""
    return message


OTHER = "other"  # every investor country outside the ones a chart names

ATTRIBUTION_NAMES = {
    Attribution.PARTICIPATION: N_("Participation"),
    Attribution.EQUAL_SPLIT: N_("Equal split"),
    Attribution.LEAD: N_("Lead investors"),
}
ATTRIBUTION_RULES = {
    Attribution.PARTICIPATION: N_(
        "Participation: a round's full amount counts once for each distinct investor country among its "
        "investors, so the countries do not add up to the total."
    ),
    Attribution.EQUAL_SPLIT: N_(
        "Equal split: a round's amount is split equally among its distinct investors, each share credited "
        "to that investor's country; the countries add up to the total."
    ),
    Attribution.LEAD: N_(
        "Lead investors: a round's amount is split equally among its lead investors; a round without a "
        "lead is credited to “no lead”."
    ),
}
SPECIAL_GROUPS = {
    UNKNOWN: N_("Unknown"),
    NO_LEAD: N_("No lead"),
    OTHER: N_("Others"),
}
DEAL_KINDS = {
    DealKind.ACQUISITION: N_("Acquisition"),
    DealKind.INVESTMENT: N_("Investment"),
    DealKind.PARTNERSHIP: N_("Partnership"),
    DealKind.RD_CENTER: N_("R&D centre"),
    DealKind.BRANCH: N_("Branch opening"),
    DealKind.AGREEMENT: N_("Agreement"),
}
STATUSES = {
    "active": N_("Active"),
    "acquired": N_("Acquired"),
    "closed": N_("Closed"),
    "other": N_("Other or unknown"),
}

# Titles, axes, columns
YEAR = N_("Year")
CAPITAL = N_("Capital (USD)")
ROUNDS = N_("Rounds")
INVESTOR_COUNTRY = N_("Investor country")
INVESTOR = N_("Investor")
SECTOR = N_("Sector")
SECTORS = N_("Sectors")
SHARE = N_("Share")
TOTAL = N_("All investors")
DEALS = N_("Deals")
DEAL_KIND = N_("Kind")
AMOUNT = N_("Amount (USD)")
FOUNDED = N_("Founded")
STARTUPS = N_("Startups")
STATUS = N_("Status today")
PERIOD = N_("Period")
VALUE = N_("Value")
UNIT = N_("Unit")
SOURCE = N_("Source")
CHANGE_YOY = N_("Change year over year")

TITLE_CAPITAL = N_("Capital raised by companies in {country}, by investor country and year")
TITLE_SHARE = N_("Share of investors from {country} in the capital, by year")
TITLE_INVESTORS = N_("Top investors from {country}")
TITLE_SECTORS = N_("Capital by sector and year")
TITLE_DEALS = N_("Deals by companies from {actor} in {target}")
TITLE_COHORTS = N_("Startups in {country} by founding year and status today")
TITLE_SERIES = N_("{indicator}, with its change year over year")
TITLE_SERIES_NONE = N_("Trade and other series")

METHOD_SCOPE = N_(
    "A round counts when its company is in {country} and it was announced in {years}. Amounts in US "
    "dollars: the source's USD amount, otherwise converted at the ECB reference rate of the announcement date."
)
METHOD_SHARE = N_(
    "Capital credited to investors from {country} divided by all capital raised in the same year (each "
    "round once). Under participation this is the share of capital raised in rounds with at least one "
    "investor from {country}."
)
METHOD_INVESTORS = N_(
    "Investors based in {country}, ranked by the capital credited to them under the chosen rule; rounds "
    "are the rounds each took part in; sectors are those of the companies they funded."
)
METHOD_SECTORS = N_(
    "A company in two sectors counts in both, so sectors do not add up to the total and are not stacked."
)
METHOD_DEALS = N_(
    "Deals announced in the years shown where a company from {actor} acts (acquirer, investor, host, "
    "partner) and the target or the place is in {target}; a deal without an amount is counted but adds no "
    "money."
)
METHOD_COHORTS = N_(
    "Startups in {country} grouped by the year they were founded, and by their status in the catalogue "
    "today: still active, acquired, closed, or other (listed, unknown)."
)
METHOD_SERIES = N_(
    "Values as imported, with their source. The change compares each period with the same period a year "
    "earlier (a month with the same month, a year with the year before)."
)
NOTE_NOT_ADDITIVE = N_(
    "Rows do not add up to the total: under participation a round counts once for each country among "
    "its investors."
)
NOTE_TOTAL = N_("Total: {capital} in {rounds} rounds, each round once.")
NOTE_WITHOUT_USD = N_(
    "{count} rounds count but add no capital (no amount, or no exchange rate at that date)."
)
NOTE_OTHERS = N_(
    "Others: investors from every other country or of unknown country; their rounds are summed over those "
    "countries, so a round may count more than once."
)
NOTE_NO_DATA = N_("No data for these filters yet.")
NOTE_FILTERS = N_("Filters: {filters}")
RULE = N_("Counting rule")
ALL_YEARS = N_("all years")
ANY_COUNTRY = N_("any country")


@dataclass(frozen=True)
class Words:
    """Translation and naming in one page language."""

    locale: str
    translate: Translate

    def __call__(self, message: str, **params: Any) -> str:
        text = self.translate(message)
        return text.format(**params) if params else text

    def country(self, code: str | None) -> str:
        if not code:
            return self(ANY_COUNTRY)
        if code in SPECIAL_GROUPS:
            return self(SPECIAL_GROUPS[code])
        names = Locale(self.locale if self.locale in {"ja", "en"} else "en").territories
        return str(names.get(code.upper(), code.upper()))

    def sector(self, slug: str | None) -> str:
        if slug is None:
            return self(SPECIAL_GROUPS[UNKNOWN])
        term = BY_SLUG.get(slug)
        if term is None:
            return slug
        return term.label_ja or term.label_en if self.locale == "ja" else term.label_en

    def deal_kind(self, kind: str) -> str:
        try:
            return self(DEAL_KINDS[DealKind(kind)])
        except ValueError:
            return kind

    def years(self, year_from: int | None, year_to: int | None) -> str:
        if year_from is None and year_to is None:
            return self(ALL_YEARS)
        return f"{year_from or '…'}–{year_to or '…'}"
