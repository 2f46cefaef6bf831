"""The directory and search operations tell API clients the shape of their answers."""

from __future__ import annotations

import pytest

from .conftest import World

pytestmark = pytest.mark.integration

OPERATIONS = [
    ("/api/v1/companies", "get", "CompanyPagePublic"),
    ("/api/v1/companies/{company_id}", "get", "CompanyPublic"),
    ("/api/v1/companies/{company_id}", "patch", "CompanyPublic"),
    ("/api/v1/search", "get", "SearchResultsPublic"),
]


@pytest.mark.parametrize(("path", "method", "schema"), OPERATIONS)
def test_directory_operation_declares_its_response_schema(
    sqlite_world: World, path: str, method: str, schema: str
) -> None:
    spec = sqlite_world.client.get("/api/v1/openapi.json").json()

    answer = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]

    assert answer == {"$ref": f"#/components/schemas/{schema}"}


def test_search_hit_schema_names_the_explanation_fields(sqlite_world: World) -> None:
    spec = sqlite_world.client.get("/api/v1/openapi.json").json()

    hit = spec["components"]["schemas"]["SearchHitPublic"]["properties"]

    assert {"id", "name", "score", "why", "matched_terms", "semantic_similarity", "matched_taxonomy"} <= set(
        hit
    )
