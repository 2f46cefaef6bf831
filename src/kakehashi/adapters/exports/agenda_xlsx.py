"""XLSX workbook of a schedule: a master grid (slots x venues), one sheet per participant, who got what.

Organizers print the grid and hand it to venue staff; Japanese names use a font that has the glyphs,
headers stay frozen while scrolling, and columns are wide enough to read without resizing. Names are text
typed by people: a name that reads as a formula (`=HYPERLINK(...)`, `+1`, `@SUM(1)`) is written as quoted text.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kakehashi.adapters.exports.cells import keep_sheets_as_text, xlsx_value
from kakehashi.adapters.exports.plan_view import PlanView, reason_text, team_summary

FONT_NAME = "Meiryo"  # has Latin, kana and kanji; Excel falls back gracefully where it is missing
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
MANDATORY_FILL = PatternFill("solid", fgColor="FCE4D6")
THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _text_width(text: str) -> int:
    """Display width in Excel character units: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _fit_columns(sheet: Worksheet, *, minimum: int = 8, maximum: int = 48) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            longest = max(_text_width(line) for line in str(cell.value).splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(minimum, min(maximum, width + 2))


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    # A name stored with a control character openpyxl refuses must not make the whole workbook fail.
    sheet.append([xlsx_value(value) for value in values])


def _header(sheet: Worksheet, values: list[str]) -> None:
    _append(sheet, values)
    for cell in sheet[1]:
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "B2"


def _style_body(sheet: Worksheet) -> None:
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name=FONT_NAME)
            cell.alignment = WRAP
            cell.border = BORDER


def _sheet_title(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", name).strip()[:28] or "Sheet"
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" {n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def _party_label(plan: PlanView, key: str) -> str:
    party = plan.participants[key]
    ja = party.japanese_name
    return f"{party.name}\n{ja}" if ja and ja != party.name else party.name


def _grid(plan: PlanView, sheet: Worksheet) -> None:
    venues = list(plan.venues.values())
    _header(
        sheet,
        ["Slot / 時間帯"] + [f"{v.name}{f' ({v.city})' if v.city else ''} ×{v.capacity}" for v in venues],
    )
    mandatory = {(r.delegate, r.host) for r in plan.requests if r.mandatory}
    by_cell: dict[tuple[str, str], list[str]] = {}
    flagged: set[tuple[str, str]] = set()
    for m in plan.active_meetings():
        delegate, host = plan.participants[m.delegate], plan.participants[m.host]
        line = f"{delegate.name} ↔ {host.name}"
        ja_d, ja_h = delegate.japanese_name, host.japanese_name
        if ja_d or ja_h:
            line += f"\n({ja_d or delegate.name} ↔ {ja_h or host.name})"
        if m.interpreter:
            line += f"\n通訳 Interpreter: {m.interpreter}"
        by_cell.setdefault((m.slot, m.venue), []).append(line)
        if (m.delegate, m.host) in mandatory:
            flagged.add((m.slot, m.venue))
    for slot_key in plan.slot_order():
        slot = plan.slots[slot_key]
        row = [f"{slot.day:%Y-%m-%d (%a)}\n{slot.start:%H:%M}–{slot.end:%H:%M}"]
        row += ["\n\n".join(by_cell.get((slot_key, v.key), [])) for v in venues]
        _append(sheet, row)
    _style_body(sheet)
    for row_index, slot_key in enumerate(plan.slot_order(), start=2):
        for col_index, venue in enumerate(venues, start=2):
            if (slot_key, venue.key) in flagged:
                sheet.cell(row=row_index, column=col_index).fill = MANDATORY_FILL
    _fit_columns(sheet, minimum=14, maximum=40)


def _participant_sheet(plan: PlanView, sheet: Worksheet, key: str) -> None:
    party = plan.participants[key]
    _header(sheet, ["Date / 日付", "Time / 時間", "With / 面談相手", "Venue / 会場", "Status / 状態", "UID"])
    for m in plan.meetings_of(key, include_cancelled=True):
        slot = plan.slots[m.slot]
        _append(
            sheet,
            [
                f"{slot.day:%Y-%m-%d (%a)}",
                f"{slot.start:%H:%M}–{slot.end:%H:%M}",
                _party_label(plan, plan.other_party(m, key).key),
                plan.venues[m.venue].location,
                "Cancelled / 中止" if m.cancelled else "Confirmed / 確定",
                m.uid,
            ],
        )
    _style_body(sheet)
    sheet.insert_rows(1)
    title = sheet.cell(row=1, column=1, value=xlsx_value(f"{party.label} — {plan.name}"))
    title.font = Font(name=FONT_NAME, bold=True, size=13)
    sheet.freeze_panes = "A3"
    _fit_columns(sheet)


def _summary_sheet(plan: PlanView, sheet: Worksheet, translate: Callable[[str], str] | None = None) -> None:
    _header(
        sheet,
        [
            "Team / チーム",
            "Role / 役割",
            "Asked / 希望",
            "Got / 確定",
            "Weight share / 達成率",
            "Not scheduled / 未確定",
        ],
    )
    for team in team_summary(plan):
        rows = team["requests"]
        assert isinstance(rows, list)
        missing = [f"{r['with_name']}: {reason_text(r, translate)}" for r in rows if not r["scheduled"]]
        share = team["share"]
        _append(
            sheet,
            [
                _party_label(plan, str(team["participant"])),
                str(team["role"]),
                team["asked"],
                team["got"],
                f"{float(share):.0%}" if isinstance(share, float | int) else "–",
                "\n".join(missing),
            ],
        )
    _style_body(sheet)
    _fit_columns(sheet, maximum=60)


def master_grid_xlsx(
    plan: PlanView, *, participant_sheets: bool = True, translate: Callable[[str], str] | None = None
) -> bytes:
    """Workbook: 'Grid' (slot x venue), 'Summary' (who got what), then one sheet per participant.

    `translate` (a message id to the reader's language) writes the why-not reasons in that language."""
    workbook = Workbook()
    grid = workbook.active
    assert grid is not None
    grid.title = "Grid"
    _grid(plan, grid)
    _summary_sheet(plan, workbook.create_sheet("Summary"), translate)
    if participant_sheets:
        used = {"grid", "summary"}
        for key, party in plan.participants.items():
            _participant_sheet(plan, workbook.create_sheet(_sheet_title(party.name, used)), key)
    keep_sheets_as_text(workbook.worksheets)
    workbook.properties.title = xlsx_value(f"{plan.name} — schedule v{plan.version}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
