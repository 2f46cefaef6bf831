"""The engine on a real tantivy index, the real multilingual encoder and a real usearch index (small data)."""

import pytest

from kakehashi.adapters.search.documents import IndexDocument, TaxonomyLabel
from kakehashi.adapters.search.engine import Feedback, SearchEngine
from kakehashi.domain.search import SearchFilters, SearchMode

pytestmark = pytest.mark.integration

MANUFACTURING = TaxonomyLabel("sector", "manufacturing", "Manufacturing", "製造業")
SECURITY = TaxonomyLabel("sector", "cybersecurity", "Cybersecurity", "サイバーセキュリティ")
FOOD = TaxonomyLabel("sector", "food", "Food", "食品")

DOCS = [
    IndexDocument(
        1,
        "Vibrasense",
        description_en="Wireless vibration sensors and machine learning warn plant maintenance teams weeks "
        "before pumps and gearboxes fail, cutting unplanned downtime.",
        taxonomy=(MANUFACTURING,),
        country="IL",
        stage="series_b",
        founded_year=2015,
        funding_usd=42_000_000,
    ),
    IndexDocument(
        2,
        "ShieldOT",
        description_en="Protects operational technology networks in factories; detects cyber attacks on "
        "PLCs and SCADA systems.",
        taxonomy=(SECURITY, MANUFACTURING),
        country="IL",
        stage="series_c",
        founded_year=2014,
        funding_usd=140_000_000,
    ),
    IndexDocument(
        3,
        "PlantPrime",
        description_en="Plant-based steaks and burgers made from chickpea protein.",
        taxonomy=(FOOD,),
        country="IL",
        stage="series_a",
        founded_year=2019,
        funding_usd=25_000_000,
    ),
    IndexDocument(
        4,
        "MailArmor",
        description_en="Cloud email security that blocks phishing and business email compromise.",
        taxonomy=(SECURITY,),
        country="US",
        stage="series_b",
        founded_year=2015,
        funding_usd=65_000_000,
    ),
    IndexDocument(
        5,
        "ミートラボ",
        names=("MeatLab",),
        description_ja="細胞培養技術を用いて牛肉や鶏肉を生産する培養肉スタートアップ。",
        taxonomy=(FOOD,),
        country="JP",
        stage="seed",
        founded_year=2020,
    ),
    IndexDocument(
        6,
        "FleetRoute",
        description_en="Route optimisation and driver scheduling for last-mile delivery companies.",
        country="IL",
        stage="series_a",
        founded_year=2017,
    ),
]


@pytest.fixture
def engine(tmp_path):
    engine = SearchEngine.open(tmp_path / "index")
    engine.upsert(DOCS)
    return engine


def ids(results):
    return [hit.id for hit in results.hits]


def test_search_japanese_query_finds_english_described_startup(engine):
    results = engine.search("工場設備の予知保全", limit=3)
    assert ids(results)[0] == 1


def test_search_english_query_finds_startup(engine):
    results = engine.search("cyber security for factories", limit=3)
    assert ids(results)[0] == 2


def test_search_english_query_finds_japanese_described_startup(engine):
    results = engine.search("cultivated meat", limit=2)
    assert 5 in ids(results)


def test_search_every_hit_has_an_explanation(engine):
    results = engine.search("工場のサイバーセキュリティ", limit=6)
    assert all(hit.why for hit in results.hits) and results.hits != []


def test_search_explanation_names_translated_term_and_its_source(engine):
    results = engine.search("予知保全", limit=1)
    terms = {(m.term, m.source) for m in results.hits[0].matched_terms}
    assert ("predictive maintenance", "予知保全") in terms or ("maintenance", "予知保全") in terms


def test_search_filters_restrict_hits_and_facets_count_them(engine):
    results = engine.search("security", SearchFilters(countries=("IL",)), limit=10)
    assert (ids(results), dict(results.facets["country"])) == ([2], {"IL": 1})


def test_search_range_filters_apply_to_founded_year_and_funding(engine):
    filters = SearchFilters(founded_from=2015, founded_to=2016, funding_min=50_000_000)
    results = engine.search("security", filters, limit=10)
    assert ids(results) == [4]


def test_search_empty_query_with_filters_browses(engine):
    results = engine.search("", SearchFilters(stages=("seed",)), limit=10)
    assert ids(results) == [5]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "😀🚀",
        "AIでsecurityを強化 🚀",
        '" OR 1=1 --',
        "title:(foo AND",
        "desc_en:* OR ][",
    ],
)
def test_search_odd_queries_give_ordinary_answers(engine, query):
    results = engine.search(query, limit=5)
    assert results.total >= len(results.hits) >= 0


def test_search_long_query_is_shortened_with_a_notice(engine):
    results = engine.search("security " * 2000, limit=5)
    assert results.notice is not None


def test_upsert_new_document_is_found_without_rebuild(engine):
    engine.upsert(
        [IndexDocument(7, "QuantumLeap", description_en="Trapped-ion quantum computer in the cloud.")]
    )
    assert ids(engine.search("quantum computer", limit=1)) == [7]


def test_delete_removes_document_from_results(engine):
    engine.delete([2])
    assert 2 not in ids(engine.search("cyber attacks on PLCs", limit=10))


def test_second_process_engine_sees_committed_writes(engine, tmp_path):
    reader = SearchEngine.open(tmp_path / "index", encoder=engine.encoder)
    engine.upsert([IndexDocument(8, "DroneEye", description_en="Drones inspect power lines and bridges.")])
    assert ids(reader.search("drone inspection of power lines", limit=1)) == [8]


def test_search_not_relevant_feedback_moves_startup_down(engine):
    before = ids(engine.search("security", limit=6))
    after = ids(engine.search("security", limit=6, feedback=Feedback(not_relevant=(before[0],))))
    assert after.index(before[0]) > before.index(before[0])


def test_search_modes_all_answer(engine):
    found = {mode: ids(engine.search("phishing email", limit=1, mode=mode)) for mode in SearchMode}
    assert found == {mode: [4] for mode in SearchMode}


def test_reopened_engine_keeps_the_index(engine, tmp_path):
    reopened = SearchEngine.open(tmp_path / "index", encoder=engine.encoder)
    assert reopened.count() == len(DOCS)
