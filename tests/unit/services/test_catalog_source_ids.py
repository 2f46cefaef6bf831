"""Every source row keeps its own identity: (source, the row's id) -> organization, on the in-memory unit of work."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.unit.services.fakes import FakeUnitOfWork

from kakehashi.domain.organizations import CompanyRecord
from kakehashi.services.catalog import export_companies, import_companies

pytestmark = pytest.mark.unit


def test_a_renamed_row_updates_the_organization_its_source_id_made() -> None:
    uow = FakeUnitOfWork()
    import_companies(uow, rows=[CompanyRecord(name="三菱電機株式会社", source_key="JD-7")], source="edinet")

    again = import_companies(
        uow, rows=[CompanyRecord(name="三菱電機HD株式会社", source_key="JD-7")], source="edinet"
    )

    assert (again.created, again.updated) == (0, 1)
    assert [row["name"] for row in uow.catalog.organizations.values()] == ["三菱電機HD株式会社"]
    assert uow.catalog.source_keys == {("edinet", "JD-7"): next(iter(uow.catalog.organizations))}


def test_the_same_row_id_in_another_source_is_another_row() -> None:
    uow = FakeUnitOfWork()
    import_companies(uow, rows=[CompanyRecord(name="Alpha", source_key="1")], source="a")

    report = import_companies(uow, rows=[CompanyRecord(name="Beta", source_key="1")], source="b")

    assert report.created == 1
    assert sorted(row["name"] for row in uow.catalog.organizations.values()) == ["Alpha", "Beta"]


def test_rows_without_an_id_get_a_stable_key_and_never_duplicate(tmp_path: Path) -> None:
    uow = FakeUnitOfWork()
    rows = [CompanyRecord(name="Nova Labs", website="novalabs.io"), CompanyRecord(name="Kesem Water")]
    import_companies(uow, rows=rows, source="list")

    again = import_companies(uow, rows=rows, source="list")
    export_companies(uow, path=tmp_path / "out.csv")

    assert (again.created, again.unchanged) == (0, 2)
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        exported = {row["name"]: row["source_ids"] for row in csv.DictReader(handle)}
    assert exported == {"Nova Labs": "list:domain=novalabs.io", "Kesem Water": "list:name=kesemwater/startup"}
