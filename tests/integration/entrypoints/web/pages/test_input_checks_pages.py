"""Issue 11 on the pages: impossible numbers answer a clear page, never a 500; the company panel offers
shortlists and the pipeline only for startups."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def _post(client, csrf, path: str, data: dict[str, str]):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/")}, follow_redirects=False)


def test_company_panel_offers_shortlist_and_pipeline_only_for_startups(client, login, catalogue) -> None:
    login(client, "scout")

    startup = client.get(f"/workspace/company/{catalogue.shield}").text
    investor = client.get(f"/workspace/company/{catalogue.fund}").text

    assert 'action="/workspace/pipeline"' in startup and 'action="/workspace/shortlists"' in startup
    assert 'action="/workspace/pipeline"' not in investor and 'action="/workspace/shortlists"' not in investor


@pytest.mark.parametrize("value", ["1e999", "inf", "nan", str(10**30), str(2**63)])
def test_directory_with_an_impossible_funding_answers_422(client, login, catalogue, value: str) -> None:
    login(client, "scout")

    response = client.get("/companies", params={"funding_min": value})

    assert response.status_code == 422


@pytest.mark.parametrize(
    "fields",
    [
        {"funding_min": str(10**30)},
        {"founded_from": str(2**63)},
        {"founded_from": "2020", "founded_to": "2010"},
    ],
)
def test_saving_a_search_with_impossible_filters_is_refused(client, login, csrf, catalogue, fields) -> None:
    login(client, "scout")

    response = _post(client, csrf, "/workspace/searches", {"q": "security", "name": "poison", **fields})

    assert response.status_code == 422
    assert "poison" not in client.get("/workspace").text
