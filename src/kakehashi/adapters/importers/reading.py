"""Open the files people actually have (CSV/TSV in UTF-8, UTF-8 with BOM or Shift_JIS, XLSX, JSONL) as rows.

A file that cannot be read at all raises InvalidInput with one clear sentence, before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from kakehashi.adapters.importers.cells import Cell
from kakehashi.domain.errors import InvalidInput

HEADER_SEARCH_ROWS = 20  # title rows above the header ("取引先一覧 2024年4月") are skipped up to this depth
TEXT_ENCODINGS = ("utf-8", "cp932")  # strict decode in this order; then Hebrew, then charset-normalizer
# What charset-normalizer may choose from: Western and Central European, Hebrew, other East Asian encodings.
FALLBACK_ENCODINGS = (
    "cp1252",
    "cp1250",
    "iso8859_15",
    "cp1255",
    "euc_jp",
    "iso2022_jp",
    "euc_kr",
    "gb18030",
    "big5",
)
STREAM_THRESHOLD = 16 * 1024 * 1024  # larger CSV files are streamed instead of held in memory
csv.field_size_limit(16 * 1024 * 1024)  # long descriptions in one cell are normal


@dataclass
class Table:
    """Header cells and data rows of the first sheet (or the file), with the row numbers a user sees."""

    file_name: str
    sha256: str
    file_format: str  # csv | xlsx | jsonl
    encoding: str | None
    headers: list[str]
    rows: Iterable[tuple[int, list[Cell]]] = field(default_factory=list)  # read once, in file order
    row_count: int | None = None  # data rows, or an estimate for streamed files (for progress bars)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS/CP932, else a guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", file_name), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", file_name), "utf-16"
    if b"\x00" in data[:4096]:
        raise InvalidInput("'{file}' is not a text table (it contains binary data)", file=file_name)
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            if (
                exc.start >= len(data) - 3
                and exc.reason == "unexpected end of data"
                or (
                    encoding == "cp932"
                    and exc.start == len(data) - 1
                    and _decodes(data[: exc.start], encoding)
                )
            ):
                raise InvalidInput(
                    "'{file}' is truncated: it ends in the middle of a character (nothing was imported)",
                    file=file_name,
                ) from exc
            continue
    hebrew = _as_hebrew(data)
    if hebrew is not None:
        return hebrew, "cp1255"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is None or best.encoding is None or best.chaos > 0.2:
        raise InvalidInput(
            "'{file}' could not be read: it is not text in UTF-8 or Shift_JIS (save it as CSV UTF-8)",
            file=file_name,
        )
    return str(best), best.encoding


def _as_hebrew(data: bytes) -> str | None:
    """Windows-1255 text when the non-ASCII characters are Hebrew letters (Israeli Excel saves CSV so)."""
    try:
        text = data.decode("cp1255")
    except UnicodeDecodeError:
        return None
    foreign = [ch for ch in text if ord(ch) > 127]
    hebrew = sum(1 for ch in foreign if "\u05d0" <= ch <= "\u05ea" or ch in "\u200e\u200f")
    return text if foreign and hebrew / len(foreign) >= 0.8 else None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "'{file}' could not be read: invalid {encoding} text at byte {position}",
            file=file_name,
            encoding=encoding,
            position=exc.start,
        ) from exc


def _looks_like_text(text: str) -> bool:
    sample = text[:20_000]
    if not sample.strip():
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    replacement = sample.count("\ufffd")
    return (control + replacement) / len(sample) < 0.01


def _sniff_delimiter(text: str, file_name: str) -> str:
    if file_name.lower().endswith(".tsv"):
        return "\t"
    sample = "\n".join(text[:50_000].splitlines()[:30])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        # Sniffer gives up on one-column files and on very uniform ones: count the candidates instead.
        counts = {delimiter: sample.count(delimiter) for delimiter in ",\t;"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[Cell]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for index, row in enumerate(reader, start=1):
            yield index, list(row)
    except csv.Error as exc:
        raise InvalidInput(
            "the file is not valid CSV near row {row}: {reason}", row=reader.line_num, reason=str(exc)
        ) from exc


def _xlsx_rows(data: bytes, file_name: str) -> Iterator[tuple[int, list[Cell]]]:
    import openpyxl

    damaged = InvalidInput(
        "'{file}' could not be read: the workbook is damaged or not an Excel .xlsx file", file=file_name
    )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        raise damaged from exc
    except Exception as exc:  # openpyxl raises many parser errors for damaged XML parts
        raise damaged from exc
    try:
        for sheet in workbook.worksheets:
            # Exports from many tools declare wrong sheet dimensions; read what is there, not what is declared.
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            rows: list[tuple[int, list[Cell]]] = []
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.append((index, list(values)))
            if any(_non_empty(cells) for _, cells in rows):
                yield from rows
                return
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise damaged from exc
    except Exception as exc:
        raise damaged from exc
    finally:
        workbook.close()


def _jsonl_objects(text: str, file_name: str) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    stripped = text.lstrip()
    objects: list[tuple[int, dict[str, Any]]] = []
    if stripped.startswith("["):  # a JSON array of objects is accepted too
        try:
            loaded = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                "'{file}' is not valid JSON: {reason} at line {line}",
                file=file_name,
                reason=exc.msg,
                line=exc.lineno,
            ) from exc
        objects = [(index, item) for index, item in enumerate(loaded, start=1) if isinstance(item, dict)]
    else:
        lines = text.splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                if number == len(lines) and objects:
                    raise InvalidInput(
                        "'{file}' is truncated: line {line} is not complete JSON", file=file_name, line=number
                    ) from exc
                raise InvalidInput(
                    "'{file}' line {line} is not valid JSON: {reason}",
                    file=file_name,
                    line=number,
                    reason=exc.msg,
                ) from exc
            if not isinstance(item, dict):
                raise InvalidInput("'{file}' line {line} is not a JSON object", file=file_name, line=number)
            objects.append((number, item))
    headers: list[str] = []
    seen: set[str] = set()
    for _, item in objects:
        for key in item:
            if key not in seen:
                seen.add(key)
                headers.append(key)
    rows = [(number, [_json_cell(item.get(key)) for key in headers]) for number, item in objects]
    return headers, rows


def _json_cell(value: Any) -> Cell:
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, list):
        return "; ".join(_json_item(item) for item in value if item is not None)
    return json.dumps(value, ensure_ascii=False)


def _json_item(item: Any) -> str:
    """A list element as cell text; {"name": "SoftBank", "country": "JP"} becomes 'SoftBank (JP)'."""
    if isinstance(item, dict):
        name = item.get("name") or item.get("label") or ""
        country = item.get("country") or item.get("country_code")
        if name:
            return f"{name} ({country})" if country else str(name)
        return json.dumps(item, ensure_ascii=False)
    return str(item)


def _non_empty(cells: list[Cell]) -> bool:
    return any(cell is not None and str(cell).strip() for cell in cells)


def detect_format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(
            "'{file}' is an old Excel .xls file: save it as .xlsx or CSV and import that", file=path.name
        )
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "csv"


def read_table(path: Path, *, header_score: Callable[[list[str]], int]) -> Table:
    """Read a whole file into a Table; the header is the best-scoring row among the first rows."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InvalidInput("file not found: {path}", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise InvalidInput("'{path}' is a folder, not a file", path=str(path)) from exc
    except OSError as exc:
        raise InvalidInput(
            "'{path}' could not be read: {reason}", path=str(path), reason=exc.strerror
        ) from exc
    if not data.strip():
        raise InvalidInput("'{file}' is empty", file=path.name)
    file_format = detect_format(path, data)
    if file_format == "csv" and len(data) > STREAM_THRESHOLD:
        del data  # stream instead: raw bytes, decoded text and every row would not fit comfortably together
        return _read_large_csv(path, header_score)
    digest = file_digest(data)
    encoding: str | None = None
    if file_format == "xlsx":
        all_rows = list(_xlsx_rows(data, path.name))
        headers, rows = _split_header(all_rows, header_score, path.name)
    else:
        text, encoding = decode_text(data, path.name)
        if not _looks_like_text(text):
            raise InvalidInput("'{file}' is not a text table (it contains binary data)", file=path.name)
        if file_format == "jsonl":
            headers, rows = _jsonl_objects(text, path.name)
            if not rows:
                raise InvalidInput("'{file}' has no JSON objects", file=path.name)
            if header_score(headers) == 0:
                raise _no_header(path.name, headers)
        else:
            delimiter = _sniff_delimiter(text, path.name)
            headers, rows = _split_header(list(_csv_rows(text, delimiter)), header_score, path.name)
    return Table(path.name, digest, file_format, encoding, headers, rows, len(rows))


def _scan(path: Path) -> tuple[str, str, int]:
    """SHA-256, encoding and line count of a large text file in one streaming pass (strict decoding)."""
    digest = hashlib.sha256()
    lines = 0
    with path.open("rb") as handle:
        chunk = handle.read(1 << 20)
        if chunk.startswith(b"\xef\xbb\xbf"):
            candidates: tuple[str, ...] = ("utf-8-sig",)
        elif chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            candidates = ("utf-16",)
        elif b"\x00" in chunk[:4096]:
            raise InvalidInput("'{file}' is not a text table (it contains binary data)", file=path.name)
        else:
            candidates = TEXT_ENCODINGS
        decoders = {encoding: codecs.getincrementaldecoder(encoding)() for encoding in candidates}
        while chunk:
            digest.update(chunk)
            lines += chunk.count(b"\n")
            for encoding in list(decoders):
                try:
                    decoders[encoding].decode(chunk)
                except UnicodeDecodeError:
                    del decoders[encoding]
            chunk = handle.read(1 << 20)
    truncated = False
    for encoding in list(decoders):
        try:
            decoders[encoding].decode(b"", final=True)
        except UnicodeDecodeError:
            truncated = True
            del decoders[encoding]
    if decoders:
        return digest.hexdigest(), next(e for e in candidates if e in decoders), lines
    if truncated:
        raise InvalidInput(
            "'{file}' is truncated: it ends in the middle of a character (nothing was imported)",
            file=path.name,
        )
    raise InvalidInput(
        "'{file}' could not be read: it is not text in UTF-8 or Shift_JIS (save it as CSV UTF-8)",
        file=path.name,
    )


def _stream_csv(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[Cell]]]:
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for index, row in enumerate(reader, start=1):
                yield index, list(row)
        except csv.Error as exc:
            raise InvalidInput(
                "the file is not valid CSV near row {row}: {reason}", row=reader.line_num, reason=str(exc)
            ) from exc


def _read_large_csv(path: Path, header_score: Callable[[list[str]], int]) -> Table:
    digest, encoding, lines = _scan(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        sample = handle.read(50_000)
    if not _looks_like_text(sample):
        raise InvalidInput("'{file}' is not a text table (it contains binary data)", file=path.name)
    stream = _stream_csv(path, encoding, _sniff_delimiter(sample, path.name))
    head = list(islice(stream, HEADER_SEARCH_ROWS))
    headers, head_rows = _split_header(head, header_score, path.name)
    rows = chain(head_rows, ((number, cells) for number, cells in stream if _non_empty(cells)))
    return Table(path.name, digest, "csv", encoding, headers, rows, max(0, lines - 1))


def _split_header(
    all_rows: list[tuple[int, list[Cell]]], header_score: Callable[[list[str]], int], file_name: str
) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    best_index, best_score = -1, 0
    for index, (_, cells) in enumerate(all_rows[:HEADER_SEARCH_ROWS]):
        score = header_score([_header_text(cell) for cell in cells])
        if score > best_score:
            best_index, best_score = index, score
    if best_index < 0:
        first = next((cells for _, cells in all_rows if _non_empty(cells)), [])
        raise _no_header(file_name, [_header_text(cell) for cell in first])
    headers = [_header_text(cell) for cell in all_rows[best_index][1]]
    while headers and not headers[-1]:
        headers.pop()
    rows = [(number, cells) for number, cells in all_rows[best_index + 1 :] if _non_empty(cells)]
    return headers, rows


def _header_text(cell: Cell) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def _no_header(file_name: str, headers: list[str]) -> InvalidInput:
    found = ", ".join(f"'{h}'" for h in headers[:6] if h) or "nothing"
    return InvalidInput(
        "'{file}' has no recognisable header row (found {found}); expected columns such as "
        "'name', 'Organization Name' or '企業名' (or pass --mapping)",
        file=file_name,
        found=found,
    )
