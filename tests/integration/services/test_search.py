"""Keeping the index in step with the catalogue, on SQLite and PostgreSQL."""

from datetime import date

import pytest

from kakehashi.adapters.db.models import Organization, OrganizationTerm, TaxonomyTerm
from kakehashi.adapters.search.engine import SearchEngine
from kakehashi.domain.search import SearchFilters, SearchMode
from kakehashi.services.search import index_organizations, rebuild_index, search_catalog, sync_index

pytestmark = pytest.mark.integration

ROWS = [
    (
        "Vibrasense",
        "IL",
        "series_b",
        2015,
        "Vibration sensors and AI predict pump and gearbox failures in plants.",
    ),
    ("ShieldOT", "IL", "series_c", 2014, "Detects cyber attacks on industrial control systems in factories."),
    ("PlantPrime", "IL", "series_a", 2019, "Plant-based steaks and burgers from chickpea protein."),
    ("MailArmor", "US", "series_b", 2015, "Cloud email security that blocks phishing."),
]


def add_orgs(context, rows=ROWS):
    with context.uow() as uow:
        term = TaxonomyTerm(facet="sector", slug="industrial", label_en="Industrial", label_ja="産業")
        uow.session.add(term)
        uow.session.flush()
        ids = []
        for name, country, stage, year, description in rows:
            org = Organization(
                kind="startup",
                name=name,
                name_key=name.lower(),
                country=country,
                stage=stage,
                founded_on=date(year, 1, 1),
                description_en=description,
            )
            uow.session.add(org)
            uow.session.flush()
            if "plants" in description or "factories" in description:
                uow.session.add(OrganizationTerm(organization_id=org.id, term_id=term.id))
            ids.append(org.id)
        uow.commit()
    return ids


def ranking(context, query, **kwargs):
    results = search_catalog(context.uow(), context.search_engine, query=query, limit=10, **kwargs)
    return [(hit.id, hit.name) for hit in results.hits]


def test_catalog_changed_makes_new_rows_searchable(context):
    ids = add_orgs(context)
    context.catalog_changed(ids)
    assert ranking(context, "工場のサイバー攻撃対策")[0][1] == "ShieldOT"


def test_rebuild_index_equals_incremental_indexing(context):
    ids = add_orgs(context)
    index_organizations(context.uow(), context.search_engine, ids=ids)
    incremental = [ranking(context, q) for q in ("security", "予知保全", "meat")]
    count = rebuild_index(context.uow(), context.search_engine)
    rebuilt = [ranking(context, q) for q in ("security", "予知保全", "meat")]
    assert (count, rebuilt) == (len(ROWS), incremental)


def test_index_organizations_drops_deleted_rows(context):
    ids = add_orgs(context)
    context.catalog_changed(ids)
    with context.uow() as uow:
        uow.session.delete(uow.session.get(Organization, ids[1]))
        uow.commit()
    context.catalog_changed([ids[1]])
    assert "ShieldOT" not in [name for _, name in ranking(context, "cyber attacks")]


def test_edit_is_searchable_at_once(context):
    ids = add_orgs(context)
    context.catalog_changed(ids)
    with context.uow() as uow:
        uow.session.get(Organization, ids[2]).description_en = "Quantum computers built from trapped ions."
        uow.commit()
    context.catalog_changed([ids[2]])
    assert ranking(context, "trapped ion quantum")[0][1] == "PlantPrime"


def test_sync_index_adds_rows_the_hook_missed(context):
    add_orgs(context)
    added = sync_index(context.uow(), context.search_engine)
    assert (added, context.search_engine.count()) == (len(ROWS), len(ROWS))


def test_search_catalog_filters_by_taxonomy_and_country(context):
    ids = add_orgs(context)
    context.catalog_changed(ids)
    found = ranking(context, "AI", filters=SearchFilters(sectors=("industrial",), stages=("series_b",)))
    assert found == [(ids[0], "Vibrasense")]


def vector_files(engine):
    manifest = engine.vectors._manifest
    base = engine.index_dir / manifest["base"]
    return base.stat(), manifest["delta_bytes"]


def test_edit_of_one_row_appends_to_vectors_and_another_engine_sees_it(context):
    ids = add_orgs(context)
    context.catalog_changed(ids)
    base_before, _ = vector_files(context.search_engine)
    with context.uow() as uow:
        uow.session.get(Organization, ids[2]).description_en = "Quantum computers built from trapped ions."
        uow.commit()
    context.catalog_changed([ids[2]])
    base_after, delta_bytes = vector_files(context.search_engine)
    other = SearchEngine.open(context.search_engine.index_dir)
    found = other.search("trapped ion quantum", limit=1, mode=SearchMode.EMBEDDING).hits[0].name
    assert (base_after.st_mtime_ns, base_after.st_size, delta_bytes > 0, found) == (
        base_before.st_mtime_ns,
        base_before.st_size,
        True,
        "PlantPrime",
    )


def test_reindexing_unchanged_rows_writes_no_vectors(context):
    ids = add_orgs(context)
    context.catalog_changed(ids)
    _, delta_before = vector_files(context.search_engine)
    indexed = index_organizations(context.uow(), context.search_engine, ids=ids)
    _, delta_after = vector_files(context.search_engine)
    assert (indexed, delta_after, ranking(context, "phishing")[0][1]) == (
        len(ROWS),
        delta_before,
        "MailArmor",
    )


def test_bulk_rebuild_encodes_in_the_encoder_process_and_finds_rows(context):
    many = [(f"Filler {n}", "IL", "seed", 2020, f"Generic software company number {n}.") for n in range(150)]
    ids = add_orgs(context, rows=[*ROWS, *many])
    count = rebuild_index(context.uow(), context.search_engine)
    vectors = context.search_engine.vectors_of(ids[:4])
    assert (count, len(vectors), ranking(context, "phishing", mode=SearchMode.EMBEDDING)[0][1]) == (
        len(ids),
        4,
        "MailArmor",
    )


def test_rebuild_index_picks_up_edits_and_deletions_the_hook_missed(context):
    ids = add_orgs(context)
    context.catalog_changed(ids)
    with context.uow() as uow:
        uow.session.get(Organization, ids[2]).description_en = "Quantum computers built from trapped ions."
        uow.session.delete(uow.session.get(Organization, ids[3]))
        uow.commit()
    count = rebuild_index(context.uow(), context.search_engine)
    top = ranking(context, "trapped ion quantum", mode=SearchMode.EMBEDDING)[0][1]
    assert (count, context.search_engine.contains(ids[3]), top) == (len(ROWS) - 1, False, "PlantPrime")
