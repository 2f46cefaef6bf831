"""`kakehashi search / index / needs / match / eval`: JSON shapes, exit codes, one clear line on bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kakehashi.entrypoints.cli.main import app
from kakehashi.settings import get_settings

pytestmark = pytest.mark.integration

CSV = (
    "name,country,founded,website,description\n"
    "Vibrasense,IL,2015,vibrasense.io,Vibration sensors and AI predict pump and gearbox failures in factories.\n"
    "ShieldOT,IL,2014,shieldot.io,Detects cyber attacks on industrial control systems in factories.\n"
    "PlantPrime,IL,2019,plantprime.io,Plant-based steaks and burgers from chickpea protein.\n"
    "MailArmor,US,2015,mailarmor.com,Cloud email security that blocks phishing.\n"
)


@pytest.fixture
def cli(tmp_path, monkeypatch, sqlite_url):
    """Invoke the CLI on a fresh SQLite database with its own data folder (for the index)."""
    monkeypatch.setenv("KAKEHASHI_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", sqlite_url, *args])

    companies = tmp_path / "companies.csv"
    companies.write_text(CSV, encoding="utf-8")
    imported = invoke("import", "companies", str(companies))
    assert imported.exit_code in (0, 1), imported.output
    yield invoke
    get_settings.cache_clear()


def test_search_json_japanese_query_finds_english_startup(cli):
    result = cli("search", "工場のサイバー攻撃対策", "--limit", "2", "--json")
    payload = json.loads(result.stdout)
    assert (
        result.exit_code,
        payload["results"][0]["name"],
        set(payload) >= {"query", "took_ms", "total"},
    ) == (
        0,
        "ShieldOT",
        True,
    )


def test_search_json_every_result_has_why(cli):
    payload = json.loads(cli("search", "security", "--json").stdout)
    assert all(item["why"] for item in payload["results"]) and payload["results"] != []


def test_search_with_filter_restricts_country(cli):
    payload = json.loads(cli("search", "security", "--filter", "country=US", "--json").stdout)
    assert [item["name"] for item in payload["results"]] == ["MailArmor"]


def test_search_unknown_filter_is_one_clear_error(cli):
    result = cli("search", "security", "--filter", "colour=red")
    assert (result.exit_code, "Traceback" in result.output, "unknown filter" in result.output) == (
        2,
        False,
        True,
    )


@pytest.mark.parametrize("query", ["", "   ", "😀", '" OR 1=1 --', "title:(foo AND", "x" * 10_000])
def test_search_odd_queries_answer_json(cli, query):
    result = cli("search", query, "--json")
    assert (result.exit_code, isinstance(json.loads(result.stdout)["results"], list)) == (0, True)


def test_search_batch_writes_one_line_per_query(cli, tmp_path):
    batch = tmp_path / "queries.jsonl"
    batch.write_text('{"id": "a", "query": "phishing"}\n{"id": "b", "query": "代替肉"}\n', encoding="utf-8")
    result = cli("search", "--batch", str(batch), "--limit", "1")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["id"], line["results"][0]["name"]) for line in lines] == [
        ("a", "MailArmor"),
        ("b", "PlantPrime"),
    ]


def test_index_rebuild_keeps_results(cli):
    before = json.loads(cli("search", "phishing", "--json").stdout)["results"][0]["name"]
    rebuilt = cli("index", "rebuild")
    after = json.loads(cli("search", "phishing", "--json").stdout)["results"][0]["name"]
    assert (rebuilt.exit_code, before, after) == (0, "MailArmor", "MailArmor")


def test_needs_add_list_and_match(cli):
    added = json.loads(cli("needs", "add", "工場のポンプやギアボックスの故障を予測したい", "--json").stdout)
    listed = json.loads(cli("needs", "list", "--json").stdout)
    matched = json.loads(cli("match", str(added["id"]), "--json").stdout)
    assert (listed["total"], matched["results"][0]["name"]) == (1, "Vibrasense")


def test_match_unknown_need_exits_2(cli):
    result = cli("match", "999")
    assert (result.exit_code, "not found" in result.output) == (2, True)


def test_eval_prints_metrics_per_language(cli, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"id": "1", "query": "phishing protection"}\n{"id": "2", "query": "フィッシング対策"}\n',
        encoding="utf-8",
    )
    qrels = tmp_path / "qrels.json"
    qrels.write_text(json.dumps({"1": {"mailarmor.com": 1}, "2": {"MailArmor": 1}}), encoding="utf-8")
    payload = json.loads(cli("eval", str(queries), str(qrels), "--json").stdout)
    assert (payload["en"]["ndcg@10"], payload["ja"]["ndcg@10"], payload["all"]["queries"]) == (1.0, 1.0, 2)


def test_eval_missing_file_is_one_clear_error(cli, tmp_path):
    result = cli("eval", str(tmp_path / "nope.jsonl"), str(tmp_path / "nope.json"))
    assert (result.exit_code, "Traceback" in result.output) == (2, False)


def test_search_on_database_without_tables_says_run_init(tmp_path, monkeypatch):
    monkeypatch.setenv("KAKEHASHI_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path / 'empty.db'}", "search", "drones"])
    get_settings.cache_clear()
    assert (result.exit_code, "kakehashi init" in result.output, "Traceback" in result.output) == (
        2,
        True,
        False,
    )


def test_search_unknown_filter_is_explained_in_japanese_with_lang_ja(cli):
    result = cli("--lang", "ja", "search", "drones", "-f", "colour=red")

    assert (result.exit_code, "colour" in result.output, "絞り込み条件" in result.output) == (2, True, True)
