"""Issue 12 (items 1 and 6) on SQLite and PostgreSQL: a company is lost only when its row has no usable name;
unreadable values are warnings; a huge cell is cut; the index follows the database when an import returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kakehashi.adapters.db.models import Organization
from kakehashi.entrypoints.context import AppContext
from kakehashi.services.catalog import import_companies_file, import_rounds_file
from kakehashi.services.search import search_catalog

pytestmark = pytest.mark.integration

HEADER = (
    "Organization Name,Organization Name URL,Industries,Headquarters Location,Founded Date,"
    "Last Funding Type,Total Funding Amount (in USD),Operating Status,Website\n"
)
# The labels of a real Israeli export (Start-Up Nation Central style) that rejected 563 of 1,000 companies.
LABELS = ["Revenue Financed", "Bootstrapped", "Established", "Seed", "ROUND A", "Series B", "Pre-Seed",
          "Revenue Financed", "Bootstrapped", "Established", "Grant", "Debt Financing", "Convertible Note",
          "Equity Crowdfunding", "Post-IPO Equity", "Secondary Market", "Undisclosed", "Angel",
          "Non-equity Assistance", "Corporate Round", "Revenue Financed", "Bootstrapped"]  # fmt: skip
STATUSES = ["Active", "Public", "Acquired", "Closed", "Not Active"]


def crunchbase_style(count: int) -> str:
    lines = [HEADER]
    for n in range(count):
        label = LABELS[n % len(LABELS)]
        lines.append(
            f'Startup {n:03d},https://www.crunchbase.com/organization/startup-{n:03d},"Cyber Security",'
            f'"Tel Aviv, Tel Aviv District, Israel",2015-03-0{1 + n % 9},{label},"$1.5M",'
            f"{STATUSES[n % len(STATUSES)]},startup{n:03d}.example.com\n"
        )
    lines.append(
        ",,Water,Israel,2019,Seed,,Active,nameless.example.com\n"
    )  # no usable name: the one rejection
    lines.append("Oddity Ltd,,Water,Israel,2019,Friends & Family Lottery,,Active,oddity.example.com\n")
    return "".join(lines)


def names(context: AppContext) -> dict[str, Organization]:
    with context.uow() as uow:
        orgs = uow.session.scalars(select(Organization)).all()
        for org in orgs:
            uow.session.expunge(org)
        return {org.name: org for org in orgs}


def test_crunchbase_labels_keep_every_named_company(context: AppContext, tmp_path: Path) -> None:
    file = tmp_path / "israel.csv"
    file.write_text(crunchbase_style(44), encoding="utf-8")

    report = import_companies_file(context.uow(), path=file)

    assert (report.rows, report.created, report.rejected) == (46, 45, 1)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (46, "Organization Name", "the company name is empty")
    ]
    assert [(w.row, w.column, w.value) for w in report.warnings] == [
        (47, "Last Funding Type", "Friends & Family Lottery")
    ]
    stored = names(context)
    stages = {name: org.stage for name, org in stored.items()}
    assert (stages["Startup 000"], stages["Startup 001"], stages["Startup 002"]) == (
        "other",
        "other",
        "growth",
    )
    assert (stages["Startup 004"], stages["Startup 014"], stages["Oddity Ltd"]) == (
        "series_a",
        "public",
        None,
    )
    statuses = {stored[f"Startup {n:03d}"].status for n in range(5)}
    assert statuses == {"active", "ipo", "acquired", "closed"}


def test_bad_date_and_mangled_number_keep_the_company(context: AppContext, tmp_path: Path) -> None:
    file = tmp_path / "mangled.csv"
    file.write_text(
        "name,founded,funding,employees,country,website\n"
        "Tikun Robotics,2020-31-31,$12..5M!!,about fifty,Israel,tikun.example.com\n",
        encoding="utf-8",
    )

    report = import_companies_file(context.uow(), path=file)

    assert (report.created, report.rejected) == (1, 0)
    assert [(w.row, w.column, w.value) for w in report.warnings] == [
        (2, "founded", "2020-31-31"),
        (2, "employees", "about fifty"),
        (2, "funding", "$12..5M!!"),
    ]
    org = names(context)["Tikun Robotics"]
    assert (org.founded_on, org.total_funding_usd, org.employees_min, org.country) == (None, None, None, "IL")


def test_countries_as_people_write_them_are_placed(context: AppContext, tmp_path: Path) -> None:
    file = tmp_path / "world.csv"
    file.write_text(
        "name,Headquarters Location,country\n"
        'Anka Soft,"Istanbul, Turkey",\n'
        'Lagune Pay,"Abidjan, Ivory Coast",\n'
        "Han River AI,,South Korea\n"
        "Thames Data,,UK\n"
        "Bay Systems,,USA\n"
        "Bosporus Bio,,トルコ\n",
        encoding="utf-8",
    )

    report = import_companies_file(context.uow(), path=file)

    assert (report.created, report.warnings) == (6, [])
    placed = {name: (org.country, org.city) for name, org in names(context).items()}
    assert placed == {
        "Anka Soft": ("TR", "Istanbul"),
        "Lagune Pay": ("CI", "Abidjan"),
        "Han River AI": ("KR", None),
        "Thames Data": ("GB", None),
        "Bay Systems": ("US", None),
        "Bosporus Bio": ("TR", None),
    }


def test_unplaceable_location_and_unknown_round_type_are_warnings(
    context: AppContext, tmp_path: Path
) -> None:
    companies = tmp_path / "c.csv"
    companies.write_text('name,location\nKesem Water,"Springfield, Nowhereland"\n', encoding="utf-8")
    rounds = tmp_path / "r.csv"
    rounds.write_text(
        "company,date,type,amount,investors,investor countries\n"
        "Kesem Water,2020-31-31,Lottery,$2M,Sakura VC; Galil,Atlantis; Israel\n",
        encoding="utf-8",
    )

    company_report = import_companies_file(context.uow(), path=companies)
    round_report = import_rounds_file(context.uow(), path=rounds)

    assert [(w.column, w.value) for w in company_report.warnings] == [
        ("location", "Springfield, Nowhereland")
    ]
    assert (round_report.created, round_report.rejected) == (1, 0)
    assert [(w.column, w.value) for w in round_report.warnings] == [
        ("type", "Lottery"),
        ("date", "2020-31-31"),
        ("investor countries", "Atlantis"),
    ]
    with context.uow() as uow:
        galil = uow.session.scalars(select(Organization).where(Organization.name == "Galil")).one()
        assert galil.country == "IL"


def test_five_megabyte_description_is_cut_and_indexed(context: AppContext, tmp_path: Path) -> None:
    huge = "Quantum sensors for pipelines. " + "x" * (5 * 1024 * 1024)
    file = tmp_path / "big.csv"
    file.write_text(f"name,description,sector\nBigText Ltd,{huge},Water\n", encoding="utf-8")

    report = import_companies_file(context.uow(), path=file, after_commit=context.catalog_changed)

    assert (report.created, report.rejected, report.index_error) == (1, 0, None)
    [warning] = report.warnings
    assert (warning.row, warning.column, warning.value) == (2, "description", huge[:60])
    assert warning.message == f"the value is {len(huge)} characters long; only the first 100000 were kept"
    org = names(context)["BigText Ltd"]
    assert len(org.description_en or "") == 100_000
    hits = search_catalog(context.uow(), context.search_engine, query="quantum pipelines", limit=5).hits
    assert [hit.name for hit in hits][:1] == ["BigText Ltd"]


def test_index_failure_after_commit_is_retried_then_reported(context: AppContext, tmp_path: Path) -> None:
    file = tmp_path / "one.csv"
    file.write_text("name\nNova Labs\n", encoding="utf-8")
    calls: list[list[int]] = []

    def broken_index(ids: object) -> None:
        calls.append(list(ids))  # type: ignore[call-overload]
        raise OSError("index folder is read-only")

    report = import_companies_file(context.uow(), path=file, after_commit=broken_index)

    assert (report.created, report.index_error, len(calls)) == (1, "index folder is read-only", 2)
    assert report.to_dict()["index_updated"] is False
    assert set(names(context)) == {"Nova Labs"}
