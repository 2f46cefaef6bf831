"""Catalogue services on the in-memory unit of work: imports, rounds, export, statistics, demo data."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.adapters.importers.companies import ParsedRow
from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.imports import RowError
from kakehashi.domain.organizations import CompanyRecord, InvestorRef, OrganizationKind, RoundRecord
from kakehashi.domain.taxonomy import VOCABULARY
from kakehashi.services.catalog import (
    catalog_stats,
    ensure_vocabulary,
    export_companies,
    import_companies,
    import_rounds,
)
from kakehashi.services.demo import load_demo

pytestmark = pytest.mark.unit


def nova(**fields: object) -> CompanyRecord:
    values: dict[str, object] = {"name": "Nova Labs", "website": "https://novalabs.io", "country": "IL"}
    return CompanyRecord(**{**values, **fields})  # type: ignore[arg-type]


def names(uow: FakeUnitOfWork) -> list[str]:
    return sorted(row["name"] for row in uow.catalog.organizations.values())


def test_import_companies_opens_the_unit_of_work_and_commits_once() -> None:
    uow = FakeUnitOfWork()

    report = import_companies(uow, rows=[nova(), CompanyRecord(name="Kesem Water")], source="test")

    assert (uow.entered, uow.commits) == (1, 1)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert names(uow) == ["Kesem Water", "Nova Labs"]


def test_reimporting_the_same_rows_changes_nothing_and_leaves_no_batch() -> None:
    uow = FakeUnitOfWork()
    import_companies(uow, rows=[nova(sectors=["Water"])], source="test")

    again = import_companies(uow, rows=[nova(sectors=["Water"])], source="test")

    assert (again.created, again.updated, again.unchanged, again.batch_id) == (0, 0, 1, None)
    assert len(uow.catalog.batches) == 1


def test_a_company_is_recognised_by_its_domain_and_empty_cells_keep_what_is_known() -> None:
    uow = FakeUnitOfWork()
    import_companies(uow, rows=[nova(city="Tel Aviv")], source="first")

    report = import_companies(
        uow,
        rows=[CompanyRecord(name="Nova Labs Ltd.", website="novalabs.io/about", city=None, country="JP")],
        source="second",
    )

    (row,) = uow.catalog.organizations.values()
    assert (report.created, report.updated) == (0, 1)
    assert (row["name"], row["city"], row["country"]) == ("Nova Labs Ltd.", "Tel Aviv", "JP")


def test_duplicate_rows_fold_into_one_company_and_rejected_rows_are_reported_in_file_order() -> None:
    uow = FakeUnitOfWork()
    rows = [
        ParsedRow(2, nova(), []),
        ParsedRow(5, None, [RowError(5, "Founded", "not a date")]),
        ParsedRow(3, None, [RowError(3, "Website", "not a web address")]),
        ParsedRow(4, CompanyRecord(name="Nova Labs", website="novalabs.io", city="Haifa"), []),
    ]

    report = import_companies(uow, rows=rows, source="test")

    assert (report.rows, report.created, report.duplicates, report.rejected) == (4, 1, 1, 2)
    assert [error.row for error in report.errors] == [3, 5]
    assert [row["city"] for row in uow.catalog.organizations.values()] == ["Haifa"]
    assert uow.catalog.batches[report.batch_id or 0]["rejected"] == 2


def test_derived_data_hears_about_changed_organizations_only() -> None:
    uow = FakeUnitOfWork()
    told: list[Sequence[int]] = []

    first = import_companies(uow, rows=[nova()], source="test", after_commit=told.append)
    import_companies(uow, rows=[nova()], source="test", after_commit=told.append)

    assert told == [first.changed_ids]


def test_import_rounds_adds_companies_and_investors_and_promotes_a_lead_later() -> None:
    uow = FakeUnitOfWork()
    seed = RoundRecord(company_name="Nova Labs", round_type="seed", amount=1_000_000, currency="USD",
                       investors=[InvestorRef("Aleph", country="IL")])  # fmt: skip

    first = import_rounds(uow, rows=[seed], source="rounds")
    lead = RoundRecord(
        company_name="Nova Labs", round_type="seed", investors=[InvestorRef("Aleph", is_lead=True)]
    )
    second = import_rounds(uow, rows=[lead], source="rounds")

    assert (first.created, first.organizations_created, uow.commits) == (1, 2, 2)
    assert (second.created, second.updated) == (0, 1)
    (stored,) = uow.catalog.rounds.values()
    assert stored.amount == 1_000_000
    assert list(uow.catalog.round_links.values()) == [True]
    kinds = {row["name"]: row["kind"] for row in uow.catalog.organizations.values()}
    assert kinds == {"Nova Labs": "startup", "Aleph": "investor"}


def test_reimporting_rounds_changes_nothing() -> None:
    uow = FakeUnitOfWork()
    record = RoundRecord(company_name="Nova Labs", round_type="series_a", amount_usd=5_000_000)
    import_rounds(uow, rows=[record], source="rounds")

    again = import_rounds(
        uow,
        rows=[RoundRecord(company_name="Nova Labs", round_type="series_a", amount_usd=5_000_000)],
        source="rounds",
    )

    assert (again.created, again.updated, again.unchanged, again.batch_id) == (0, 0, 1, None)


def test_export_writes_every_company_of_the_kind_asked_for(tmp_path: Path) -> None:
    uow = FakeUnitOfWork()
    import_companies(
        uow,
        rows=[nova(sectors=["Water"]), CompanyRecord(name="Omega", kind=OrganizationKind.INVESTOR)],
        source="t",
    )
    path = tmp_path / "startups.csv"

    count = export_companies(uow, path=path, kind="startup")

    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert count == 1
    assert [(row["name"], row["sectors"], row["country"]) for row in rows] == [("Nova Labs", "Water", "IL")]


def test_export_to_an_unknown_format_is_refused_with_a_message_id(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        export_companies(FakeUnitOfWork(), path=tmp_path / "out.pdf")

    assert (
        refused.value.msgid == "cannot export to '{file_name}': use a .csv, .tsv, .xlsx or .jsonl file name"
    )
    assert refused.value.params == {"file_name": "out.pdf"}


def test_export_into_a_missing_folder_is_refused_with_a_message_id(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        export_companies(FakeUnitOfWork(), path=tmp_path / "nowhere" / "out.csv")

    assert refused.value.msgid == "cannot export to '{path}': folder '{folder}' does not exist"
    assert refused.value.params["folder"] == str(tmp_path / "nowhere")


def test_stats_count_organizations_by_kind_and_country() -> None:
    uow = FakeUnitOfWork()
    import_companies(
        uow,
        rows=[nova(), CompanyRecord(name="Omega", kind=OrganizationKind.INVESTOR, country="JP")],
        source="t",
    )

    stats = catalog_stats(uow)

    assert (stats.organizations, stats.by_kind, stats.by_country) == (
        2,
        {"startup": 1, "investor": 1},
        {"IL": 1, "JP": 1},
    )
    assert stats.import_batches == 1


def test_ensure_vocabulary_loads_every_shipped_term_and_commits() -> None:
    uow = FakeUnitOfWork()

    ensure_vocabulary(uow)

    assert (len(uow.catalog.terms), uow.commits) == (len({(str(t.facet), t.slug) for t in VOCABULARY}), 1)


def test_demo_load_is_skipped_when_the_catalogue_has_organizations() -> None:
    uow = FakeUnitOfWork()
    import_companies(uow, rows=[nova()], source="t")

    report = load_demo(uow, if_empty=True, with_logins=False)

    assert report.skipped
    assert (names(uow), uow.commits) == (["Nova Labs"], 1)


def test_loading_the_demo_twice_adds_nothing_the_second_time() -> None:
    uow = FakeUnitOfWork()

    first = load_demo(uow, if_empty=True, with_logins=False)
    organizations, deals = len(uow.catalog.organizations), len(uow.catalog.deals)
    again = load_demo(uow, if_empty=False, with_logins=False)

    assert first.created == first.startups + first.corporations + first.investors > 0
    assert deals == first.deals > 0
    assert again.created == 0
    assert (len(uow.catalog.organizations), len(uow.catalog.deals)) == (organizations, deals)
    assert all(row["is_demo"] for row in uow.catalog.organizations.values())


def test_warnings_keep_their_rows_and_reach_the_batch_in_file_order() -> None:
    uow = FakeUnitOfWork()
    rows = [
        ParsedRow(3, nova(), [], [RowError(3, "Founded", "'{value}' is not a date", {"value": "2020-31-31"},
                                           "2020-31-31")]),
        ParsedRow(2, CompanyRecord(name="Kesem"), [], [RowError(2, "Stage", "'{value}' is not a funding stage",
                                                                {"value": "Lottery"}, "Lottery")]),
    ]  # fmt: skip

    report = import_companies(uow, rows=rows, source="test")

    assert (report.created, report.rejected, uow.commits) == (2, 0, 1)
    assert [(w.row, w.value, w.message) for w in report.warnings] == [
        (2, "Lottery", "'Lottery' is not a funding stage"),
        (3, "2020-31-31", "'2020-31-31' is not a date"),
    ]
    assert report.to_dict()["warnings"][0] == {
        "row": 2,
        "column": "Stage",
        "value": "Lottery",
        "message": "'Lottery' is not a funding stage",
        "message_id": "'{value}' is not a funding stage",
    }
    assert len(uow.catalog.batches[report.batch_id or 0]["errors"]) == 2


def test_an_index_update_that_fails_once_is_retried_and_the_report_stays_clean() -> None:
    uow = FakeUnitOfWork()
    attempts: list[int] = []

    def flaky(ids: Sequence[int]) -> None:
        attempts.append(len(ids))
        if len(attempts) == 1:
            raise RuntimeError("index writer busy")

    report = import_companies(uow, rows=[nova()], source="test", after_commit=flaky)

    assert (attempts, report.index_error, report.clean) == ([1, 1], None, True)
