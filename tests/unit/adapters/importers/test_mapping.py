"""Header auto-mapping for Crunchbase, plain English and Japanese layouts, and the explicit override."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kakehashi.adapters.importers.mapping import ColumnUnit, header_key, load_mapping_file, map_columns
from kakehashi.domain.errors import InvalidInput

pytestmark = pytest.mark.unit

CRUNCHBASE = [
    "Organization Name", "Organization Name URL", "Description", "Full Description", "Industries",
    "Founded Date", "Headquarters Location", "Total Funding Amount", "Total Funding Amount Currency",
    "Total Funding Amount (in USD)", "Last Funding Type", "Number of Employees", "Operating Status", "Website",
    "CB Rank (Company)",
]  # fmt: skip


def test_map_columns_crunchbase_export() -> None:
    columns = map_columns(CRUNCHBASE)

    assert {name: CRUNCHBASE[i] for name, i in columns.fields.items()} == {
        "name": "Organization Name",
        "external_id": "Organization Name URL",
        "description": "Description",
        "full_description": "Full Description",
        "sectors": "Industries",
        "founded": "Founded Date",
        "location": "Headquarters Location",
        "total_funding": "Total Funding Amount (in USD)",
        "funding_currency": "Total Funding Amount Currency",
        "stage": "Last Funding Type",
        "employees": "Number of Employees",
        "status": "Operating Status",
        "website": "Website",
    }
    assert columns.units["total_funding"] == ColumnUnit("USD", 1)
    assert "CB Rank (Company)" in columns.ignored


def test_map_columns_plain_english() -> None:
    headers = ["name", "description", "sector", "founded", "country", "city", "funding", "stage", "employees",
               "status", "website"]  # fmt: skip

    columns = map_columns(headers)

    assert sorted(columns.fields) == sorted(
        [
            "name",
            "description",
            "sectors",
            "founded",
            "country",
            "city",
            "total_funding",
            "stage",
            "employees",
            "status",
            "website",
        ]  # fmt: skip
    )
    assert columns.ignored == []


def test_map_columns_japanese_with_units() -> None:
    headers = [
        "会社名",
        "事業内容",
        "業種",
        "設立日",
        "本社所在地",
        "資金調達額（百万円）",
        "従業員数",
        "ウェブサイト",
    ]

    columns = map_columns(headers)

    assert [
        headers[columns.fields[f]] for f in ("name", "description", "sectors", "founded", "location")
    ] == [
        "会社名",
        "事業内容",
        "業種",
        "設立日",
        "本社所在地",
    ]
    assert columns.units["total_funding"] == ColumnUnit("JPY", 1_000_000)
    assert headers[columns.fields["employees"]] == "従業員数"


def test_header_key_normalises_width_case_and_spacing() -> None:
    assert header_key("ＣＯＭＰＡＮＹ　ＮＡＭＥ") == header_key("company_name") == "companyname"
    assert header_key("Founded Date ") == "foundeddate"


def test_explicit_mapping_overrides_guess(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"Startup": "name", "Name": "ignore", "Blurb": "description"}), encoding="utf-8"
    )
    explicit = load_mapping_file(mapping)

    columns = map_columns(["Name", "Startup", "Blurb"], explicit=explicit)

    assert (columns.fields["name"], columns.fields["description"]) == (1, 2)
    assert columns.ignored == ["Name"]


def test_mapping_file_with_unknown_field_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"Startup": "nmae"}', encoding="utf-8")

    with pytest.raises(InvalidInput, match="'nmae' .* is not a field"):
        load_mapping_file(mapping)


def test_mapping_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text("name: Startup", encoding="utf-8")

    with pytest.raises(InvalidInput, match="not valid JSON"):
        load_mapping_file(mapping)


def test_map_columns_hebrew_headers() -> None:
    headers = ["שם החברה", "תיאור", "תחום", "שנת הקמה", "עיר", "אתר", "מספר עובדים", "סך גיוסים"]

    columns = map_columns(headers)

    assert list(columns.fields) == [
        "name", "description", "sectors", "founded", "city", "website", "employees", "total_funding",
    ]  # fmt: skip
