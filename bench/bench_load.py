"""Load: mixed traffic against 2 web workers on PostgreSQL (locust, headless), 50 then 100 users.

Usage: .venv/bin/python bench/bench_load.py [--companies 100000] [--users 50,100] [--stage-seconds 180]
                                            [--workers 2] [--data-dir /tmp/kakehashi_load] [--no-write]

1. PostgreSQL: the database `kakehashi_load` on 127.0.0.1:5432 (trust; created when missing, schema upgraded).
2. Catalogue: `--companies` synthetic companies (`generate_companies`, the generator behind `kakehashi
   generate companies`) imported through the importer service and indexed in chunks; a later run only adds
   what is missing, so the slow part is paid once. The search index lives in --data-dir, shared by the
   workers (several processes may share an index folder: writers take a file lock).
3. Accounts: a corporate scout and an organizer; a mission to plan (docs/examples/mission-small.json);
   bilingual needs created through the API.
4. `--workers` web processes (`kakehashi serve`, one port each, same database, data folder and secret);
   every simulated user sticks to one of them.
5. locust (bench/load/locustfile.py), headless, one stage per user count: ramp up at `--spawn-rate`, then
   hold; the statistics of each stage (throughput, p50/p95/p99, errors per endpoint) go to
   docs/benchmarks.md ("load"), with the machine's load average.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

DATABASE = "kakehashi_load"
SERVER = "postgresql+psycopg://root@127.0.0.1:5432"
BIN = Path(sys.executable).parent
PASSWORD = "load test password 42"
SCOUT = "scout@load.example"
ORGANIZER = "organizer@load.example"
SECRET = "kakehashi-load-benchmark-secret-not-for-production"
CHUNK = 5000
NEEDS = [
    ("Predictive maintenance for factory machines", "AI that predicts failures of factory equipment."),
    ("Cybersecurity for industrial control systems", "Threat detection for OT networks in plants."),
    ("Battery materials for electric vehicles", "Next-generation cells and recycling."),
    ("Precision agriculture with drones", "Crop monitoring from the air."),
    ("工場設備の予知保全", "工場の機械の故障を予測するAI"),
    ("医療画像の診断支援", "画像診断を支援するディープラーニング"),
    ("物流倉庫の自動化ロボット", "倉庫のピッキングを自動化するロボット"),
    ("サイバーセキュリティ対策", "制御システムへの攻撃の検知"),
]


def database_url() -> str:
    return f"{SERVER}/{DATABASE}"


def use_database(name: str) -> None:
    """Another database name on the same server (e.g. a small smoke run beside the real one)."""
    global DATABASE
    DATABASE = name


def ensure_database() -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()


def load_catalogue(data_dir: Path, companies: int) -> dict[str, Any]:
    """Schema, companies (only the missing ones), index in step, accounts and a mission. Returns facts."""
    from sqlalchemy import func, select

    from kakehashi.adapters.db.engine import make_engine
    from kakehashi.adapters.db.models import Organization
    from kakehashi.adapters.db.schema import upgrade_to_head
    from kakehashi.adapters.importers.companies import ParsedRow
    from kakehashi.adapters.synthetic.companies import generate_companies
    from kakehashi.domain.errors import KakehashiError
    from kakehashi.entrypoints.context import AppContext
    from kakehashi.services import accounts, missions
    from kakehashi.services.catalog import import_companies
    from kakehashi.services.search import index_organizations, sync_index
    from kakehashi.settings import Settings

    url = database_url()
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    context = AppContext(
        settings=Settings(environment="test", data_dir=data_dir, database_url=url, secret_key=SECRET),
        database_url=url,
    )
    with context.uow() as uow:
        have = uow.session.scalar(
            select(func.count()).select_from(Organization).where(Organization.kind == "startup")
        )
    have = int(have or 0)
    started = time.perf_counter()
    if have < companies:
        print(f"importing companies {have} -> {companies}", file=sys.stderr)
        records = generate_companies(companies, seed=7)
        chunk: list[ParsedRow[Any]] = []
        done = 0
        for number, record in enumerate(records):
            if number < have:
                continue
            chunk.append(ParsedRow(row=number + 2, record=record))
            if len(chunk) == CHUNK or number == companies - 1:
                changed: list[int] = []
                import_companies(
                    context.uow(),
                    rows=chunk,
                    source="load",
                    file_name="load.csv",
                    file_sha256=f"load-{number}",
                    after_commit=changed.extend,
                )
                index_organizations(context.uow(), context.search_engine, ids=changed, commit=False)
                done += len(chunk)
                chunk = []
                rate = done / (time.perf_counter() - started)
                print(f"  {have + done} imported+indexed, {rate:.0f}/s", file=sys.stderr)
        context.search_engine.commit()
    synced = sync_index(context.uow(), context.search_engine)  # an index folder made elsewhere, or lost
    load_seconds = time.perf_counter() - started

    users: dict[str, int] = {}
    for email, org, kind, role in (
        (SCOUT, "Load Motors", "corporation", "member"),
        (ORGANIZER, "Load Bridge Office", "organizer", "organizer"),
    ):
        try:
            info = accounts.add_user(
                context.uow(),
                email=email,
                password=PASSWORD,
                org_name=org,
                org_kind=kind,
                role=role,
                locale="en",
            )
        except KakehashiError:  # made by an earlier run
            with context.uow() as uow:
                org_id = uow.session.scalar(select(Organization.id).where(Organization.name == org))
            users[email] = int(org_id or 0)
        else:
            users[email] = info.organization_id
    mission_data = json.loads((ROOT / "docs" / "examples" / "mission-small.json").read_text(encoding="utf-8"))
    mission_id = missions.import_instance(
        context.uow(),
        viewer=missions.SYSTEM,
        data=mission_data,
        organizer_organization_id=users[ORGANIZER],
        timezone="Asia/Jerusalem",
    )
    with context.uow() as uow:
        ids = list(
            uow.session.scalars(
                select(Organization.id)
                .where(Organization.kind == "startup")
                .order_by(func.random())
                .limit(2000)
            )
        )
        total = int(uow.session.scalar(select(func.count()).select_from(Organization)) or 0)
    indexed = context.search_engine.count()
    context.dispose()
    return {
        "company_ids": ids,
        "mission_id": mission_id,
        "organizations": total,
        "indexed": indexed,
        "load_seconds": load_seconds,
        "imported": max(0, companies - have),
        "synced": synced,
    }


def _http(method: str, url: str, body: dict[str, Any] | None = None, token: str | None = None) -> Any:
    request = urllib.request.Request(
        url, method=method, data=None if body is None else json.dumps(body).encode()
    )
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"null")


def start_workers(
    count: int, data_dir: Path, base_port: int, log_dir: Path, src: Path
) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "KAKEHASHI_DATABASE_URL": database_url(),
        "KAKEHASHI_DATA_DIR": str(data_dir),
        "KAKEHASHI_SECRET_KEY": SECRET,
        "PYTHONPATH": str(src),
    }
    processes = []
    for number in range(count):
        log = (log_dir / f"worker-{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [str(BIN / "kakehashi"), "serve", "--host", "127.0.0.1", "--port", str(base_port + number)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    for number in range(count):
        deadline = time.monotonic() + 300
        while True:
            try:
                _http("GET", f"http://127.0.0.1:{base_port + number}/healthz")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline or processes[number].poll() is not None:
                    raise SystemExit(
                        f"web worker {number} did not start; see {log_dir}/worker-{number}.log"
                    ) from None
                time.sleep(1)
    return processes


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def warm_up(hosts: list[str], queries: list[str]) -> None:
    """First search of each worker loads the encoder and the index readers: start-up, not load."""
    for host in hosts:
        for query in queries[:3]:
            urllib.request.urlopen(
                f"{host}/search?" + urllib.parse.urlencode({"q": query}), timeout=120
            ).read()


def create_needs(host: str) -> list[int]:
    token = _http("POST", f"{host}/api/v1/auth/token", {"email": SCOUT, "password": PASSWORD})["access_token"]
    return [
        int(_http("POST", f"{host}/api/v1/needs", {"title": title, "description": text}, token)["id"])
        for title, text in NEEDS
    ]


def run_stage(users: int, seconds: int, spawn_rate: float, hosts: list[str], config: Path, out: Path) -> Path:
    prefix = out / f"users-{users}"
    env = {**os.environ, "KAKEHASHI_LOAD_CONFIG": str(config)}
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        hosts[0],
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "30",
        "--exit-code-on-error",
        "0",
    ]
    print(f"locust: {users} users for {seconds} s", file=sys.stderr)
    subprocess.run(
        command,
        env=env,
        check=True,
        stdout=(out / f"locust-{users}.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    return Path(f"{prefix}_stats.csv")


def stage_rows(users: int, stats_csv: Path, seconds: int) -> list[list[object]]:
    rows: list[list[object]] = []
    with stats_csv.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            name = record["Name"] if record["Name"] != "Aggregated" else "**all**"
            if name.startswith("sign in"):
                continue
            requests = int(record["Request Count"])
            failures = int(record["Failure Count"])
            rows.append(
                [
                    users,
                    name,
                    requests,
                    f"{float(record['Requests/s']):.1f}",
                    record["50%"],
                    record["95%"],
                    record["99%"],
                    f"{failures} ({100 * failures / requests:.1f}%)" if requests else "0",
                ]
            )
    return rows


def cpu_seconds(processes: list[subprocess.Popen[bytes]]) -> float:
    """CPU time (user + system) the web workers have used so far, from /proc (Linux)."""
    total = 0
    for process in processes:
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def stage_failures(users: int, stats_csv: Path) -> list[str]:
    """The errors of a stage, most frequent first, in words (status or exception, endpoint, count)."""
    failures = Path(str(stats_csv).replace("_stats.csv", "_failures.csv"))
    if not failures.exists():
        return []
    with failures.open(encoding="utf-8") as handle:
        records = sorted(csv.DictReader(handle), key=lambda r: -int(r["Occurrences"]))
    return [f"{users} users: {r['Occurrences']} x {r['Name']}: {r['Error'][:160]}" for r in records[:8]]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--users", default="50,100")
    parser.add_argument("--stage-seconds", type=int, default=180, help="each stage, ramp-up included")
    parser.add_argument("--spawn-rate", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8710, help="first worker's port")
    parser.add_argument("--planner-time-limit", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/kakehashi_load"))
    parser.add_argument("--setup-only", action="store_true", help="load the catalogue and stop")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--database", default=DATABASE, help="PostgreSQL database name on 127.0.0.1")
    parser.add_argument("--code", help="serve the src/ of this git ref (e.g. main) instead of this tree's")
    args = parser.parse_args()

    from bench_search_page import page_queries
    from report import markdown_table, write_section

    use_database(args.database)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    ensure_database()
    facts = load_catalogue(args.data_dir, args.companies)
    print(json.dumps({k: v for k, v in facts.items() if k != "company_ids"}), file=sys.stderr)
    if args.setup_only:
        return
    out = args.data_dir / "locust"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    hosts = [f"http://127.0.0.1:{args.port + n}" for n in range(args.workers)]
    queries = page_queries(64)
    load_before = os.getloadavg()
    src = ROOT / "src"
    if args.code:
        from bench_search_page import export_src

        src = export_src(args.code, out)
    processes = start_workers(args.workers, args.data_dir, args.port, out, src)
    rows: list[list[object]] = []
    try:
        warm_up(hosts, queries["en"] + queries["ja"])
        config = out / "config.json"
        config.write_text(
            json.dumps(
                {
                    "hosts": hosts,
                    "queries_en": sorted(set(queries["en"])),
                    "queries_ja": sorted(set(queries["ja"])),
                    "company_ids": facts["company_ids"],
                    "need_ids": create_needs(hosts[0]),
                    "mission_id": facts["mission_id"],
                    "planner_time_limit": args.planner_time_limit,
                    "scout": {"email": SCOUT, "password": PASSWORD},
                    "organizer": {"email": ORGANIZER, "password": PASSWORD},
                }
            ),
            encoding="utf-8",
        )
        loads: list[str] = []
        errors: list[str] = []
        cpu_notes: list[str] = []
        for users in [int(u) for u in args.users.split(",")]:
            cpu_before = cpu_seconds(processes)
            stats = run_stage(users, args.stage_seconds, args.spawn_rate, hosts, config, out)
            cpu_used = cpu_seconds(processes) - cpu_before
            rows += stage_rows(users, stats, args.stage_seconds)
            served = int(str(next((r[2] for r in rows if r[0] == users and r[1] == "**all**"), 0)))
            if served:
                per_request = 1000 * cpu_used / served
                cpu_notes.append(
                    f"{users} users: the workers used {cpu_used:.0f} CPU s for {served} requests "
                    f"({per_request:.0f} ms per request, planner runs and sign-ins included), "
                    f"{100 * cpu_used / args.stage_seconds / (os.cpu_count() or 1):.0f}% of the machine's "
                    f"cores over the stage; at that cost 2 free cores would serve ~{2000 / per_request:.0f} "
                    "requests/s of this mix"
                )
            errors += stage_failures(users, stats)
            loads.append(f"{os.getloadavg()[0]:.1f} after {users} users")
    finally:
        stop(processes)
    code = f"the code of `{args.code}`" if args.code else "this tree's code"
    headers = ["users", "endpoint", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
    table = markdown_table(headers, rows)
    body = (
        table + f"\n\n{facts['organizations']:,} organizations in PostgreSQL ({facts['indexed']:,} indexed); "
        f"{args.workers} web workers (`kakehashi serve`, {code}, one port each, same database and index "
        "folder); "
        f"locust on the same machine, users waiting 1-5 s, ramping at {args.spawn_rate}/s, "
        f"{args.stage_seconds} s per stage (ramp-up included, so the first stage's figures include the ramp). "
        "Traffic: 3/5 signed-out visitors (search page in English and Japanese, company profiles, the directory "
        "page), 2/5 corporate scouts (search page signed in, a need with its matches as a page and through "
        "the API, the search and directory APIs with a bearer token, profiles), and one organizer "
        "re-planning a mission "
        f"(POST /api/v1/missions/{{id}}/solve, {args.planner_time_limit} s time limit) every 20-40 s. "
        f"Machine load average (other helpers share the 2 cores): {load_before[0]:.1f} before the workers "
        f"started, {', '.join(loads)}.\n"
    )
    body += "\nWorker CPU: " + "; ".join(cpu_notes) + ".\n" if cpu_notes else ""
    body += "\nErrors: " + ("none.\n" if not errors else "\n\n" + "\n".join(f"- {e}" for e in errors) + "\n")
    body += (
        "\n`**all**` is locust's aggregate, the planner runs included (a few requests of several seconds "
        "each). Per-process figures: the workers' logs and locust's CSV files stay in the data folder's "
        "`locust/` directory.\n"
    )
    print(body)
    if not args.no_write:
        command = "python bench/bench_load.py " + " ".join(sys.argv[1:])
        name = f"load-{args.code}" if args.code else "load"
        title = "Load: 2 web workers on PostgreSQL, mixed traffic (locust)" + (
            f" - code of {args.code}, for comparison" if args.code else ""
        )
        write_section(name, title, command.strip(), body)


if __name__ == "__main__":
    main()
