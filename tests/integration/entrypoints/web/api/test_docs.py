"""The API documents itself: OpenAPI with the bearer scheme, and Swagger UI served without the internet."""

from __future__ import annotations

import pytest

from .conftest import World

pytestmark = pytest.mark.integration


def test_openapi_lists_the_endpoints_and_the_bearer_scheme(sqlite_world: World) -> None:
    spec = sqlite_world.client.get("/api/v1/openapi.json").json()

    assert {
        "/api/v1/auth/token",
        "/api/v1/search",
        "/api/v1/needs",
        "/api/v1/needs/{need_id}/matches",
    } <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_swagger_ui_uses_only_vendored_assets(sqlite_world: World) -> None:
    page = sqlite_world.client.get("/api/docs")
    script = sqlite_world.client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")

    assert page.status_code == 200
    assert "cdn." not in page.text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert script.status_code == 200
