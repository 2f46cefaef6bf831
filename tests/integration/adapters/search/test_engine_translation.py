"""Japanese needs through translation and feedback on a real index: the right startup first, true reasons."""

import pytest

from kakehashi.adapters.search.documents import IndexDocument
from kakehashi.adapters.search.engine import SearchEngine

pytestmark = pytest.mark.integration

DOCS = [
    IndexDocument(1, "Terrabio", description_en="Microbial soil treatment restores contaminated farmland."),
    IndexDocument(2, "Pipeworks", description_en="Cloud data processing pipelines for analytics teams."),
    IndexDocument(3, "Rootwise", description_en="Soil sensors tell growers when and how much to irrigate."),
    IndexDocument(4, "Oncoplan", description_en="Treatment planning software for oncology clinics."),
    IndexDocument(5, "Aquapure", description_en="Membrane systems for industrial water treatment and reuse."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = SearchEngine.open(tmp_path_factory.mktemp("translation") / "index")
    engine.upsert(DOCS)
    return engine


def test_japanese_compound_is_searched_as_the_phrase_the_catalogue_uses(engine) -> None:
    results = engine.search("土壌処理", limit=3)

    assert results.hits[0].id == 1
    shown = [str(m) for m in results.hits[0].matched_terms]
    assert "土壌処理 → soil treatment" in shown


def test_reasons_name_only_words_that_match_in_the_scouts_language(engine) -> None:
    results = engine.search("工場の水処理", limit=5)

    top = results.hits[0]
    assert top.id == 5
    assert "水処理 → water treatment" in [str(m) for m in top.matched_terms]
    for hit in results.hits:  # each reason names a word of that startup's own text
        text = DOCS[hit.id - 1].description_en.lower()
        for match in hit.matched_terms:
            assert match.term.split()[0].lower()[:4] in text
            assert match.source is None or match.source in "工場の水処理"


def test_feedback_reorders_the_pool_but_reasons_keep_the_querys_own_similarity(engine) -> None:
    plain = engine.with_config(prf_docs=0).search("土壌の改良と灌漑", limit=10)
    helped = engine.search("土壌の改良と灌漑", limit=10)

    assert {h.id for h in helped.hits} <= {h.id for h in plain.hits}  # never wider than the query's pool
    assert helped.total == plain.total
    before = {h.id: h.semantic_similarity for h in plain.hits}
    for hit in helped.hits:
        assert hit.semantic_similarity == before[hit.id]
