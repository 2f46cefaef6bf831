"""Where a search page spends its CPU: the whole GET /search?q=... page against the engine alone.

Usage: .venv/bin/python bench/bench_search_page.py [--companies 5000] [--queries 64] [--before main]
                                                   [--profile] [--no-write]

One catalogue (SQLite, synthetic companies, one corporate scout) is built once in a temporary folder; each
code version then serves it in its own child process through the real app (Starlette's TestClient, in
process): `--before REF` exports `src/` of a git ref (e.g. `main`) next to this tree's, so the before and
after figures come from one run on the same machine, data and load. For each query in English and
Japanese, signed out and signed in, it records the page's wall time and this process's CPU time (the
sentence encoder runs in a child process, so its CPU is not in the page's CPU), and `SearchEngine.search`
alone on the same queries. `--profile` prints cProfile's top functions for the page (this tree).
The table goes to docs/benchmarks.md ("search-page").
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

PASSWORD = "bench password 123"
SCOUT = "scout@bench.example"


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def page_queries(count: int) -> dict[str, list[str]]:
    """English and Japanese scout queries from the development set (each need is asked in both)."""
    by_language: dict[str, list[str]] = {"en": [], "ja": []}
    for line in (ROOT / "eval" / "devset" / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = item["query"]
        language = "ja" if any(ord(ch) > 0x3000 for ch in text) else "en"
        by_language[language].append(text)
    return {lang: (qs * (1 + count // max(1, len(qs))))[:count] for lang, qs in by_language.items()}


def build_catalogue(workdir: Path, companies: int) -> None:
    """SQLite catalogue of synthetic companies, indexed, plus one corporate scout (runs in this tree)."""
    sys.path.insert(0, str(ROOT / "src"))
    from kakehashi.adapters.db.engine import make_engine
    from kakehashi.adapters.db.schema import upgrade_to_head
    from kakehashi.adapters.importers.companies import ParsedRow
    from kakehashi.adapters.synthetic.companies import generate_companies
    from kakehashi.entrypoints.context import AppContext
    from kakehashi.services import accounts
    from kakehashi.services.catalog import import_companies
    from kakehashi.services.search import index_organizations
    from kakehashi.settings import Settings

    url = f"sqlite:///{workdir / 'page.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    context = AppContext(
        settings=Settings(environment="test", data_dir=workdir, database_url=url), database_url=url
    )
    rows = [ParsedRow(row=i + 2, record=r) for i, r in enumerate(generate_companies(companies, seed=7))]
    for start in range(0, len(rows), 5000):
        changed: list[int] = []
        import_companies(
            context.uow(),
            rows=rows[start : start + 5000],
            source="bench",
            file_name="page.csv",
            file_sha256=f"page-{start}",
            after_commit=changed.extend,
        )
        index_organizations(context.uow(), context.search_engine, ids=changed, commit=False)
    context.search_engine.commit()
    accounts.add_user(
        context.uow(),
        email=SCOUT,
        password=PASSWORD,
        org_name="Bench Motors",
        org_kind="corporation",
        role="member",
        locale="en",
    )
    context.dispose()


# Parts of the page handler timed on their own (CPU time of the thread that serves the page).
PARTS = {
    "engine": ("kakehashi.entrypoints.web.pages.directory", "search_catalog"),
    "company cards (SQL)": ("kakehashi.entrypoints.web.pages.directory", "get_summaries"),
    "facet labels (SQL)": ("kakehashi.entrypoints.web.pages.directory", "term_labels"),
    "session, CSRF, alerts": ("kakehashi.entrypoints.web.pages.common", "Page.base_context"),
    "template": ("kakehashi.entrypoints.web.pages.common", "render"),
}


def _time_parts(spent: dict[str, float]) -> None:
    """Wrap each part so that its thread CPU time adds up into spent[name] (ms)."""
    import importlib

    for name, (module_name, attribute) in PARTS.items():
        owner: object = importlib.import_module(module_name)
        for piece in attribute.split(".")[:-1]:
            owner = getattr(owner, piece)
        leaf = attribute.split(".")[-1]
        original = getattr(owner, leaf)

        def timed(*args: object, __original=original, __name=name, **kwargs: object) -> object:  # type: ignore[no-untyped-def]
            c0 = time.thread_time()
            try:
                return __original(*args, **kwargs)
            finally:
                spent[__name] = spent.get(__name, 0.0) + (time.thread_time() - c0) * 1000

        setattr(owner, leaf, timed)


def _profile_in_loop_thread(app: object, enabled: list[bool]) -> cProfile.Profile:
    """cProfile sees one thread only: run sync handlers and dependencies in the event loop's thread
    (one request at a time here, so nothing waits on them) so that the profile holds the whole page."""
    import fastapi.dependencies.utils
    import fastapi.routing

    async def inline(func, *args, **kwargs):  # type: ignore[no-untyped-def]
        return func(*args, **kwargs)

    setattr(fastapi.routing, "run_in_threadpool", inline)  # noqa: B010
    setattr(fastapi.dependencies.utils, "run_in_threadpool", inline)  # noqa: B010
    profiler = cProfile.Profile()
    inner = app.build_middleware_stack()  # type: ignore[attr-defined]

    async def profiled(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http" and scope["path"] == "/search" and enabled:
            profiler.enable()
            try:
                await inner(scope, receive, send)
            finally:
                profiler.disable()
        else:
            await inner(scope, receive, send)

    app.middleware_stack = profiled  # type: ignore[attr-defined]
    return profiler


def measure(workdir: Path, query_count: int, profile: bool) -> dict[str, object]:
    """Child process: serve the catalogue with the code on sys.path and time the pages and the engine."""
    import re

    from fastapi.testclient import TestClient

    from kakehashi.entrypoints.context import AppContext
    from kakehashi.entrypoints.web.app import create_app
    from kakehashi.settings import Settings

    spent: dict[str, float] = {}
    _time_parts(spent)
    url = f"sqlite:///{workdir / 'page.db'}"
    context = AppContext(
        settings=Settings(environment="test", data_dir=workdir, database_url=url), database_url=url
    )
    queries = page_queries(query_count)
    app = create_app(context)
    # Entered as context managers: one event loop and one pool of worker threads for the whole run, as
    # under uvicorn (a bare TestClient starts a new loop, and new worker threads, for every request).
    anonymous = TestClient(app, headers={"accept": "text/html"}).__enter__()
    signed = TestClient(app, headers={"accept": "text/html"})
    signed.portal = anonymous.portal
    token = re.search(r'name="csrf-token" content="([^"]+)"', signed.get("/login").text)
    assert token is not None
    response = signed.post(
        "/login",
        data={"email": SCOUT, "password": PASSWORD, "csrf_token": token.group(1), "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.status_code
    for client in (anonymous, signed):  # warm up: encoder, templates, catalogs, connection pool
        for lang in ("en", "ja"):
            client.cookies.set("kakehashi_lang", lang)
            for q in queries[lang][:4]:
                assert client.get("/search", params={"q": q}).status_code == 200

    result: dict[str, object] = {}
    engine = context.search_engine
    for lang in ("en", "ja"):
        wall = []
        for q in queries[lang]:
            t0 = time.perf_counter()
            engine.search(q, None, 20, 0)
            wall.append((time.perf_counter() - t0) * 1000)
        result[f"engine-{lang}"] = {"p50": statistics.median(wall), "p95": _percentile(wall, 95), "cpu": None}
    spent.clear()
    pages = 0
    for who, client in (("anonymous", anonymous), ("signed-in", signed)):
        for lang in ("en", "ja"):
            client.cookies.set("kakehashi_lang", lang)
            wall, cpu = [], []
            for q in queries[lang]:
                c0, t0 = time.process_time(), time.perf_counter()
                response = client.get("/search", params={"q": q})
                wall.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                assert response.status_code == 200, response.status_code
            pages += len(queries[lang])
            result[f"page-{lang}-{who}"] = {
                "p50": statistics.median(wall),
                "p95": _percentile(wall, 95),
                "cpu": statistics.mean(cpu),
            }
    result["parts"] = {name: spent.get(name, 0.0) / pages for name in PARTS}
    # A new worker thread per request: what a bare TestClient does, and what uvicorn does when its thread
    # pool grows in a burst or a thread idle for 10 s has exited (anyio); per-thread state is paid again.
    fresh = TestClient(app, headers={"accept": "text/html"})
    for lang in ("en", "ja"):
        fresh.cookies.set("kakehashi_lang", lang)
        wall, cpu = [], []
        for q in queries[lang][: max(4, query_count // 2)]:
            c0, t0 = time.process_time(), time.perf_counter()
            response = fresh.get("/search", params={"q": q})
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, response.status_code
        result[f"page-{lang}-new-thread"] = {
            "p50": statistics.median(wall),
            "p95": _percentile(wall, 95),
            "cpu": statistics.mean(cpu),
        }
    if profile:  # a separate pass: the profiler's own overhead must not reach the figures above
        enabled: list[bool] = []
        profiler = _profile_in_loop_thread(app, enabled)
        enabled.append(True)
        for client in (anonymous, signed):
            for lang in ("en", "ja"):
                client.cookies.set("kakehashi_lang", lang)
                for q in queries[lang]:
                    assert client.get("/search", params={"q": q}).status_code == 200
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
        print(out.getvalue(), file=sys.stderr)
    signed.close()
    anonymous.__exit__(None, None, None)
    context.dispose()
    return result


def run_child(src: Path, workdir: Path, query_count: int, profile: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--child", str(workdir), "--queries", str(query_count)]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def export_src(ref: str, target: Path) -> Path:
    """`src/` of a git ref, unpacked under target (no worktree, no checkout)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src"], check=True, stdout=subprocess.PIPE
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=64, help="per language")
    parser.add_argument("--before", help="git ref whose src/ is measured first (e.g. main)")
    parser.add_argument("--profile", action="store_true", help="cProfile of this tree's pages on stderr")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.queries, args.profile)))
        return

    from report import markdown_table, write_section

    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kakehashi-load-page-") as tmp:
        workdir = Path(tmp)
        print(f"building {args.companies} companies...", file=sys.stderr)
        build_catalogue(workdir, args.companies)
        versions: list[tuple[str, Path]] = []
        if args.before:
            before_dir = workdir / "before"
            before_dir.mkdir()
            versions.append((f"before ({args.before})", export_src(args.before, before_dir)))
        versions.append(("after (this tree)", ROOT / "src"))
        results = {
            name: run_child(src, workdir, args.queries, args.profile and name.startswith("after"))
            for name, src in versions
        }
    load_end = os.getloadavg()[0]

    rows: list[list[object]] = []
    keys = [f"engine-{lang}" for lang in ("en", "ja")] + [
        f"page-{lang}-{who}" for who in ("anonymous", "signed-in", "new-thread") for lang in ("en", "ja")
    ]
    for key in keys:
        row: list[object] = [key]
        for name, _src in versions:
            figures = results[name][key]
            cpu = figures["cpu"]
            row += [
                f"{figures['p50']:.1f}",
                f"{figures['p95']:.1f}",
                "-" if cpu is None else f"{cpu:.1f}",
            ]
        rows.append(row)
    for part in PARTS:
        row = [f"of which {part} (CPU)"]
        for name, _src in versions:
            row += ["", "", f"{results[name]['parts'][part]:.1f}"]
        rows.append(row)
    headers = ["what"]
    for name, _src in versions:
        headers += [f"{name} p50 ms", "p95 ms", "CPU ms/page"]
    table = markdown_table(headers, rows)
    print(table)
    body = (
        table
        + f"\n\n{args.companies:,} synthetic companies on SQLite; {args.queries} development-set queries per "
        "language (limit 20, facets and explanations), each page fetched through the real app in process "
        "(Starlette TestClient), signed out and signed in as a corporate scout. `engine` is "
        "`SearchEngine.search` alone on the same queries. CPU ms/page is the web process's own CPU time "
        "(the query encoder runs in it; the bulk indexing encoder is a child process). `new-thread` rows: "
        "signed out, each request served by a new worker thread (as when uvicorn's thread pool grows in a "
        "burst, or re-creates a thread that sat idle for 10 s). The `of which` rows split the handler's CPU "
        "(thread CPU time) over the pages of the signed-out and signed-in rows. Before and after ran one "
        f"after the other on the same catalogue. Machine load average (other helpers sharing the 2 cores): "
        f"{load_start:.1f} at start, {load_end:.1f} at end, so wall times are inflated; compare the columns "
        "with each other rather than with other sections.\n"
    )
    if not args.no_write:
        command = "python bench/bench_search_page.py " + " ".join(sys.argv[1:])
        write_section("search-page", "Search page: where the time goes (before/after)", command.strip(), body)


if __name__ == "__main__":
    main()
