import json

import pytest

from kakehashi.adapters.search.evalsets import read_qrels, read_queries
from kakehashi.domain.errors import InvalidInput

pytestmark = pytest.mark.unit


def test_read_queries_accepts_alternative_keys_and_detects_language(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"qid": "1", "text": "工場の予知保全"}\n{"query_id": 2, "query": "drones", "language": "EN"}\n'
    )
    queries = read_queries(path)
    assert [(q.id, q.language) for q in queries] == [("1", "ja"), ("2", "en")]


def test_read_queries_bad_line_names_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "1", "query": "a"}\n{not json\n')
    with pytest.raises(InvalidInput, match="line 2"):
        read_queries(path)


def test_read_qrels_accepts_mapping_list_and_trec(tmp_path):
    mapping = tmp_path / "a.json"
    mapping.write_text(json.dumps({"q1": {"d1": 2}}))
    listing = tmp_path / "b.json"
    listing.write_text(json.dumps([{"query_id": "q1", "doc_id": "d1", "relevance": 2}]))
    trec = tmp_path / "c.txt"
    trec.write_text("q1 0 d1 2\n")
    assert read_qrels(mapping) == read_qrels(listing) == read_qrels(trec) == {"q1": {"d1": 2.0}}
