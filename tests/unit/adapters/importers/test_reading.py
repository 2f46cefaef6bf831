"""Reading files as people have them: encodings, delimiters, XLSX title rows, JSONL, unusable files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kakehashi.adapters.importers import reading
from kakehashi.adapters.importers.mapping import header_score
from kakehashi.adapters.importers.reading import Table, read_table
from kakehashi.domain.errors import InvalidInput

pytestmark = pytest.mark.unit

JAPANESE_CSV = "企業名,事業内容,設立\nテルアビブ・ロボティクス株式会社,工場向けロボット,2017年7月\n"


def read(path: Path) -> Table:
    return read_table(path, header_score=header_score)


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp932", "cp932"),
        ("shift_jis", "cp932"),
        ("utf-16", "utf-16"),
    ],
)
def test_read_table_detects_encoding(tmp_path: Path, encoding: str, detected: str) -> None:
    path = tmp_path / "companies.csv"
    path.write_bytes(JAPANESE_CSV.encode(encoding))

    table = read(path)

    assert table.encoding == detected
    assert table.headers == ["企業名", "事業内容", "設立"]
    assert table.rows == [(2, ["テルアビブ・ロボティクス株式会社", "工場向けロボット", "2017年7月"])]


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_read_table_sniffs_delimiter(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(delimiter.join(["name", "country", "funding"]) + "\nNova" + delimiter + "Israel" + delimiter
                    + "1,200,000\n", encoding="utf-8")  # fmt: skip

    table = read(path)

    assert table.headers == ["name", "country", "funding"]
    assert table.rows[0][1][2] == "1,200,000" if delimiter != "," else table.rows[0][1][0] == "Nova"


def test_read_table_xlsx_skips_title_rows_and_keeps_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["スタートアップ一覧 2024年4月"])
    sheet.append([])
    sheet.append(["Company Name", "Country", "Founded"])
    sheet.append(["Nova Labs", "Israel", 2017])
    sheet.append([None, None, None])
    sheet.append(["Kesem", "IL", 2019])
    workbook.save(path)

    table = read(path)

    assert table.headers == ["Company Name", "Country", "Founded"]
    assert table.rows == [(4, ["Nova Labs", "Israel", 2017]), (6, ["Kesem", "IL", 2019])]


def test_read_table_xlsx_uses_first_sheet_with_data(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "empty"
    workbook.create_sheet("data").append(["name", "website"])
    workbook["data"].append(["Nova", "nova.io"])
    workbook.save(path)

    assert read(path).rows == [(2, ["Nova", "nova.io"])]


def test_read_table_jsonl_rows_are_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "companies.jsonl"
    path.write_text('{"name": "Nova", "sectors": ["AI", "Cyber"]}\n\n{"name": "Kesem", "country": "IL"}\n')

    table = read(path)

    assert table.headers == ["name", "sectors", "country"]
    assert table.rows == [(1, ["Nova", "AI; Cyber", None]), (3, ["Kesem", None, "IL"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (bytes(range(256)) * 40, "not a text table"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(200)) * 10, "binary"),
        (b"just some prose, no table here\n", "no recognisable header"),
    ],
)
def test_read_table_unusable_files_raise_one_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)

    with pytest.raises(InvalidInput, match=message):
        read(path)


def test_read_table_truncated_xlsx_is_damaged(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["name"])
    workbook.active.append(["Nova"])
    workbook.save(good)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])

    with pytest.raises(InvalidInput, match="damaged or not an Excel"):
        read(cut)


def test_read_table_truncated_jsonl_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text('{"name": "Nova"}\n{"name": "Kes')

    with pytest.raises(InvalidInput, match="truncated"):
        read(path)


def test_read_table_missing_file_and_old_xls(tmp_path: Path) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)

    with pytest.raises(InvalidInput, match="file not found"):
        read(tmp_path / "nope.csv")
    with pytest.raises(InvalidInput, match="old Excel .xls"):
        read(old)


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_read_table_csv_cut_inside_a_character_is_truncated(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "cut.csv"
    path.write_bytes(JAPANESE_CSV.rstrip("\n").encode(encoding)[:-1])

    with pytest.raises(InvalidInput, match="is truncated"):
        read(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_read_table_large_csv_is_streamed_with_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(("会社一覧\n\n" + JAPANESE_CSV + "\n,,\nハイファ水技術,水処理,2012\n").encode(encoding))
    in_memory = read(path)
    monkeypatch.setattr(reading, "STREAM_THRESHOLD", 0)  # treat this small file as a large one

    streamed = read(path)

    assert (streamed.encoding, streamed.headers, streamed.sha256) == (
        in_memory.encoding,
        in_memory.headers,
        in_memory.sha256,
    )
    assert (
        list(streamed.rows)
        == list(in_memory.rows)
        == [
            (4, ["テルアビブ・ロボティクス株式会社", "工場向けロボット", "2017年7月"]),
            (7, ["ハイファ水技術", "水処理", "2012"]),
        ]
    )


def test_read_table_large_csv_truncated_or_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "STREAM_THRESHOLD", 0)
    cut = tmp_path / "cut.csv"
    cut.write_bytes(JAPANESE_CSV.rstrip("\n").encode("utf-8")[:-1])
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 40)

    with pytest.raises(InvalidInput, match="is truncated"):
        read(cut)
    with pytest.raises(InvalidInput, match="binary data"):
        read(garbage)


def test_read_table_jsonl_investor_objects_become_name_and_country(tmp_path: Path) -> None:
    path = tmp_path / "rounds.jsonl"
    path.write_text(
        '{"company": "Nova", "investors": [{"name": "SoftBank", "country": "JP"}, {"name": "Pitango"}]}\n',
        encoding="utf-8",
    )

    table = read_table(path, header_score=lambda headers: header_score(headers, kind="rounds"))

    assert list(table.rows) == [(1, ["Nova", "SoftBank (JP); Pitango"])]


def test_read_table_xlsx_with_wrong_declared_dimensions(tmp_path: Path) -> None:
    path = tmp_path / "exported.xlsx"
    workbook = openpyxl.Workbook()
    for row in (["name", "country", "website"], ["Nova", "IL", "nova.io"], ["Kesem", "IL", "kesem.io"]):
        workbook.active.append(row)
    workbook.save(path)
    # Some exporters declare the sheet as just A1; the cells are there all the same.
    source, rewritten = zipfile.ZipFile(path), io.BytesIO()
    with zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            target.writestr(item, data)
    source.close()
    path.write_bytes(rewritten.getvalue())

    table = read(path)

    assert (table.headers, list(table.rows)) == (
        ["name", "country", "website"],
        [(2, ["Nova", "IL", "nova.io"]), (3, ["Kesem", "IL", "kesem.io"])],
    )


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("name,city\nטבע תעשיות,פתח תקווה\nאלביט מערכות,חיפה\n", "cp1255"),
        ("name,city\nSociété Générale,Zürich\nMüller GmbH,Köln\n", "cp1252"),
        ("企業名,所在地\nさくらロボティクス,東京都\n", "euc_jp"),
    ],
)
def test_read_table_other_legacy_encodings_keep_the_text(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(text.encode(encoding))

    table = read(path)

    assert [table.headers, *(cells for _, cells in table.rows)] == [
        line.split(",") for line in text.splitlines()
    ]
