"""An analyst opens the insights dashboards in Japanese, switches the counting rule in place, and downloads
a chart and its data (issue 15)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _table_text(page: Page, chart: str) -> str:
    return str(page.locator(f"#chart-{chart} table").inner_text())


def test_switching_the_rule_redraws_the_figures_and_a_chart_downloads_with_its_data(
    page: Page, shot: Callable[[str], Path], sign_in: Callable[[str], None], tmp_path: Path
) -> None:
    errors: list[
        str
    ] = []  # script errors, and files of ours the page could not load (the browser's favicon aside)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    sign_in("scout@demo.kakehashi.jp")

    page.goto("/insights?year_from=2013&year_to=2024")
    page.wait_for_selector("#chart-capital .vega-chart[data-rendered=true] svg")
    page.wait_for_selector("#chart-share .vega-chart[data-rendered=true] svg")
    shot("participation")
    participation = _table_text(page, "share")
    capital_title = page.locator("#chart-capital h2").inner_text()

    page.check("input[name=attribution][value=equal_split]")  # the form reloads itself, no button
    page.wait_for_url("**attribution=equal_split**")
    page.wait_for_selector("#chart-share .vega-chart[data-rendered=true] svg")
    shot("equal-split")
    split = _table_text(page, "share")

    assert "投資家の国別" in capital_title  # the page is in Japanese
    assert participation != split  # the rule changed the shares
    assert page.locator("input[name=attribution][value=equal_split]").is_checked()
    assert "行の合計は総額と一致しません" not in page.locator("#chart-capital").inner_text()

    with page.expect_download() as picture:
        page.click("#chart-capital a[data-format=png]")
    png = tmp_path / "capital.png"
    picture.value.save_as(png)
    with page.expect_download() as table:
        page.click("#chart-capital a[data-format=csv]")
    data = tmp_path / "capital.csv"
    table.value.save_as(data)

    assert picture.value.suggested_filename == "insights-capital-equal_split.png"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    raw = data.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["投資家の国", "年", "調達額（米ドル）", "ラウンド数"]
    assert any(row[0] == "日本" for row in rows[1:])
    assert errors == []  # vega ran without eval and found every vendored file
