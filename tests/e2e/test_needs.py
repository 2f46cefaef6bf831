"""A scout writes a need in Japanese, sees ranked matches with explanations and marks one not relevant."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_scout_writes_a_need_sees_matches_and_marks_one_not_relevant(page, shot, sign_in) -> None:
    sign_in("scout@demo.kakehashi.jp")
    page.goto("/needs/new")
    shot("need-form")

    page.fill("input[name=title]", "工場の予知保全のためのAI")
    page.fill("textarea[name=description]", "工場の設備の故障を振動センサーのデータから事前に予測したい。")
    page.click("form[action='/needs'] button[type=submit]")
    page.wait_for_selector("#matches li.hit")
    shot("matches")
    hits = page.locator("#matches li.hit")
    first_id = hits.first.get_attribute("data-id")
    explanation = hits.first.locator("ul.why").inner_text()
    hits.first.locator("button[data-feedback=not-relevant]").click()
    page.wait_for_function(
        "id => document.querySelector('#matches li.hit')?.dataset.id !== id", arg=first_id
    )  # HTMX swapped in the re-ranked list
    shot("after-feedback")
    new_first = page.locator("#matches li.hit").first.get_attribute("data-id")
    page.locator("#matches li.hit h3 a").first.click()
    page.wait_for_selector("#workspace-panel input[name=name]")  # loaded by HTMX on the profile
    page.fill("#workspace-panel input[name=name]", "予知保全 候補")
    page.click("#workspace-panel form[action='/workspace/shortlists'] button")
    page.wait_for_selector("#workspace-panel a[href^='/workspace/shortlists/']")
    shot("profile-shortlisted")

    assert explanation != ""
    assert new_first != first_id
    assert page.locator("#workspace-panel").inner_text().count("予知保全 候補") >= 1
