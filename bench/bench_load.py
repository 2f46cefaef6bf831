"""Load test: mixed traffic (bench/load/locustfile.py) against `kakehashi serve --workers 2` on PostgreSQL.

Usage: .venv/bin/python bench/bench_load.py [--companies 0] [--users 50,100] [--duration 60] [--workers 2]

Creates the PostgreSQL database `kakehashi_multiworker_load` (dropped first; server from
KAKEHASHI_LOAD_POSTGRES, default postgresql+psycopg://postgres@127.0.0.1:5432), loads the demo catalogue and
`--companies` generated ones (`kakehashi generate companies`), starts the servers, makes 20 scout accounts,
then runs locust headless once per user count (ramping 10 users a second; users wait 1-5 s between requests).
Throughput, p50/p95/p99 and errors go to docs/benchmarks.md ("load") and are printed.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from report import markdown_table, write_section  # noqa: E402

PYTHON = sys.executable
DATABASE = "kakehashi_multiworker_load"
PASSWORD = "load-test-password-1"
ACCOUNTS = 20


def kakehashi(url: str, *args: str, env: dict[str, str] | None = None) -> str:
    command = [PYTHON, "-m", "kakehashi.entrypoints.cli.main", "--db", url, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return done.stdout


def fresh_database(server: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    return f"{server}/{DATABASE}"


def wait_ready(base_url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    ready = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            ready = (
                ready + 1 if httpx.get(f"{base_url}/healthz", timeout=5).json()["search"] == "ready" else 0
            )
        except httpx.HTTPError:
            ready = 0
        if ready >= 6:  # several answers in a row: both workers have built their index
            return
        time.sleep(1)
    raise SystemExit("servers not ready in time")


def run_locust(base_url: str, users: int, duration: int, folder: Path, env: dict[str, str]) -> dict[str, str]:
    prefix = folder / f"locust_{users}"
    command = [
        PYTHON, "-m", "locust", "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", "10", "-t", f"{duration}s", "--host", base_url, "--csv", str(prefix),
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    subprocess.run(command, env=env, check=False, capture_output=True)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return next(row for row in rows if row["Name"] == "Aggregated")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--companies", type=int, default=0, help="generated companies on top of the demo")
    parser.add_argument("--users", default="50,100")
    parser.add_argument("--duration", type=int, default=60, help="seconds per user count")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    server = os.environ.get("KAKEHASHI_LOAD_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
    folder = Path(tempfile.mkdtemp(prefix="kakehashi-load-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "KAKEHASHI_DATA_DIR": str(folder / "data"),
        "KAKEHASHI_SECRET_KEY": "load-test-secret-" + "x" * 40,
        "KAKEHASHI_ENVIRONMENT": "development",
        # Limits stay on (each request still counts in PostgreSQL) but far above what 100 users can reach.
        "KAKEHASHI_RATE_LIMIT_SEARCH": "100000",
        "KAKEHASHI_RATE_LIMIT_MATCHES": "100000",
        "KAKEHASHI_LOGIN_MAX_FAILURES": "100000",
        "KAKEHASHI_ENCODER_THREADS": "1",
    }
    url = fresh_database(server)
    started = time.monotonic()
    kakehashi(url, "init", env=env)
    kakehashi(url, "demo", "load", env=env)
    if args.companies:
        file = folder / "companies.csv"
        kakehashi(url, "generate", "companies", "--count", str(args.companies), "--out", str(file), env=env)
        kakehashi(url, "import", "companies", str(file), env=env)
    accounts = [f"scout{n}@load.example" for n in range(ACCOUNTS)]
    for number, email in enumerate(accounts):
        org = f"Load Corporation {number % 5}"
        kakehashi(url, "users", "add", email, "--org", org, "--org-kind", "corporation", "--role", "member",
                  "--password", PASSWORD, env=env)  # fmt: skip
    loaded = time.monotonic() - started
    port = 8765
    base_url = f"http://127.0.0.1:{port}"
    log = folder / "server.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [PYTHON, "-m", "kakehashi.entrypoints.cli.main", "--db", url, "serve", "--port", str(port),
             "--workers", str(args.workers)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    rows = []
    try:
        wait_ready(base_url, serve, log)
        locust_env = {**env, "LOAD_ACCOUNTS": ",".join(accounts), "LOAD_PASSWORD": PASSWORD}
        for users in (int(u) for u in args.users.split(",")):
            stats = run_locust(base_url, users, args.duration, folder, locust_env)
            count = int(stats["Request Count"])
            rows.append(
                [
                    users,
                    count,
                    f"{float(stats['Requests/s']):.1f}",
                    stats["50%"],
                    stats["95%"],
                    stats["99%"],
                    f"{stats['Failure Count']} ({100 * int(stats['Failure Count']) / max(count, 1):.1f} %)",
                ]
            )
            print(f"{users} users: {rows[-1]}", flush=True)
    finally:
        os.killpg(serve.pid, 15)
        serve.wait(timeout=30)
    load = os.getloadavg()
    table = markdown_table(["users", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"], rows)
    organizations = 366 + args.companies
    body = (
        f"{args.workers} web workers (`kakehashi serve --workers {args.workers}`) on PostgreSQL, "
        f"{organizations:,} organizations (demo catalogue + {args.companies:,} generated; loading took "
        f"{loaded:.0f} s), {args.duration} s per user count, locust on the same machine, users waiting 1-5 s "
        "between requests: API search in Japanese and English, the search page, company pages and API, need "
        f"matches, the company list. Machine load average at the end: {load[0]:.1f} (other work was running "
        f"on the same cores).\n\n{table}"
    )
    print(table)
    write_section("load", "Load: mixed traffic on several web workers", "python bench/bench_load.py "
                  + " ".join(sys.argv[1:]), body)  # fmt: skip


if __name__ == "__main__":
    main()
