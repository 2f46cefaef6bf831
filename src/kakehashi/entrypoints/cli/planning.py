"""CLI commands: `kakehashi schedule ...` — plan delegation meetings from files or stored missions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from kakehashi.domain.errors import InvalidInput
from kakehashi.domain.planning import trade_summary
from kakehashi.entrypoints.cli.common import (
    EXIT_PARTIAL,
    app_context,
    command_started,
    console,
    err_console,
    fail,
    print_json,
    user_errors,
)
from kakehashi.entrypoints.cli.files import check_writable, read_json, write_bytes, write_json
from kakehashi.entrypoints.cli.words import page_words, reason, row_reason, said, workbook_words

schedule_app = typer.Typer(
    name="schedule",
    help="Delegation meeting planner: solve, repair and validate instances; missions and their agendas.",
    no_args_is_help=True,
)

TimeLimit = Annotated[float, typer.Option("--time-limit", help="Seconds the solver may search")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]
WeightTolerance = Annotated[
    float,
    typer.Option(
        "--weight-tolerance",
        help="Fraction of placed weight that compact days and few city changes may cost (0 = none, 0.02 = 2%)",
    ),
]


@contextmanager
def solver_progress() -> Iterator[Any]:
    """A Rich status line on stderr that the solver's progress callback keeps current."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("planning…", total=None)

        def report(phase: str, value: float) -> None:
            progress.update(task, description=f"planning: {phase}")

        yield report


def _pair(text: str, option: str) -> tuple[str, str]:
    parts = [p.strip() for p in text.split(":")]
    if len(parts) != 2 or not all(parts):
        raise InvalidInput("{option} expects DELEGATE:HOST, not {text!r}", option=option, text=text)
    return parts[0], parts[1]


def _late_request(text: str) -> Any:
    from kakehashi.domain.planning import Request

    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (2, 3, 4) or not all(parts[:2]):
        raise InvalidInput(
            "--add-request expects DELEGATE:HOST[:WEIGHT[:mandatory]], not {text!r}", text=text
        )
    weight = 1.0
    if len(parts) >= 3:
        try:
            weight = float(parts[2])
        except ValueError:
            raise InvalidInput("--add-request {text!r}: the weight must be a number", text=text) from None
        if not weight > 0 or weight != weight or weight == float("inf"):
            raise InvalidInput("--add-request {text!r}: the weight must be a positive number", text=text)
    mandatory = False
    if len(parts) == 4:
        if parts[3].lower() not in ("mandatory", "m", "true", "yes"):
            raise InvalidInput("--add-request {text!r}: the fourth part can only be 'mandatory'", text=text)
        mandatory = True
    return Request(parts[0], parts[1], weight, mandatory)


def _summary_line(status: str, meetings: int, objective: float, bound: float, share: float | None) -> str:
    gap = max(0.0, (bound - objective) / bound) if bound > 0 else 0.0
    line = f"{status}: {meetings} meetings, weight {objective:g}/{bound:g} (gap {gap:.1%})"
    if share is not None:
        line += f", min share {share:.0%}"
    return line


def _print_trade(lines: Any) -> None:
    """What the solve traded (weight, bound and gap, what compact days cost, fairness), in the CLI's language."""
    for line in lines:
        console.print(
            f"  {said(str(line), line.msgid, line.params)}", highlight=False, markup=False, soft_wrap=True
        )


def _print_unscheduled(unscheduled: Any, *, limit: int = 10) -> None:
    mandatory = [u for u in unscheduled if u.mandatory]
    for u in mandatory:
        err_console.print(
            f"  mandatory {u.delegate} -> {u.host}: {reason(u)}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    others = [u for u in unscheduled if not u.mandatory]
    for u in others[:limit]:
        console.print(
            f"  not scheduled {u.delegate} -> {u.host}: {reason(u)}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if len(others) > limit:
        console.print(f'  ... and {len(others) - limit} more (see "unscheduled" in the file)')


Target = Annotated[str, typer.Argument(help="MISSION_ID in the database, or INSTANCE.json with --schedule")]
ScheduleFile = Annotated[
    Path | None, typer.Option("--schedule", "-s", help="SCHEDULE.json (with INSTANCE.json, no database)")
]
Timezone = Annotated[str, typer.Option(help="Venues' time zone for file mode (IANA name)")]


def load_plan(
    ctx: typer.Context, target: str, schedule: Path | None, version: int | None, timezone: str
) -> Any:
    """The plan to export: a stored mission version, or an instance file with its schedule file."""
    from kakehashi.services import missions

    if schedule is not None:
        return missions.file_plan_view(
            instance_data=read_json(Path(target)), schedule_data=read_json(schedule), timezone=timezone
        )
    if not target.isdigit():
        raise InvalidInput(
            "{target!r} is not a mission id; for files, add --schedule SCHEDULE.json", target=target
        )
    context = app_context(ctx)
    return missions.plan_view(context.uow(), viewer=missions.SYSTEM, mission_id=int(target), version=version)


# --------------------------------------------------------------------------------------------- file commands


@schedule_app.command("solve")
def solve(
    instance: Annotated[Path, typer.Argument(help="INSTANCE.json (the exchange format)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write SCHEDULE.json")],
    time_limit: TimeLimit = 60.0,
    seed: Annotated[
        int, typer.Option(help="Solver random seed (a time-limited search can still differ between runs)")
    ] = 0,
    weight_tolerance: WeightTolerance = 0.0,
) -> None:
    """Plan an instance file into a schedule file (no database needed)."""
    # The limit counts from the start of the command: start-up, reading and parsing are inside it.
    begun = command_started()
    from kakehashi.services import missions

    with user_errors():
        data = read_json(instance)
        check_writable(out)
        with solver_progress() as progress:
            parsed, schedule = missions.solve_instance(
                data=data,
                time_limit=time_limit,
                seed=seed,
                progress=progress,
                started=begun,
                weight_tolerance=weight_tolerance,
            )
        write_json(out, schedule.to_dict())
        share = missions.schedule_min_share(parsed, schedule)
    console.print(
        _summary_line(
            schedule.status.value, len(schedule.meetings), schedule.objective, schedule.bound, share
        )
        + f" -> {out}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    _print_trade(trade_summary(schedule.stats))
    _print_unscheduled(schedule.unscheduled)
    if schedule.status.value == "infeasible":
        raise typer.Exit(EXIT_PARTIAL)


@schedule_app.command("validate")
def validate(instance: Annotated[Path, typer.Argument(help="INSTANCE.json to check")]) -> None:
    """Check an instance file and list every problem in it."""
    from kakehashi.services import missions

    with user_errors():
        parsed = missions.validate_instance(data=read_json(instance))
        findings = missions.instance_findings(parsed)
    errors = [f for f in findings if f.severity == "error"]
    console.print(
        f"{'problems' if errors else 'ok'}: {len(parsed.slots)} slots on {len(parsed.days)} day{'s' if len(parsed.days) != 1 else ''}, "
        f"{len(parsed.venues)} venues, {len(parsed.delegates)} delegates, {len(parsed.hosts)} hosts, "
        f"{len(parsed.requests)} requests ({sum(1 for r in parsed.requests if r.mandatory)} mandatory)",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    for finding in findings:
        err_console.print(
            f"{finding.severity}: {said(finding.message, finding.msgid, finding.params)}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if errors:
        raise typer.Exit(EXIT_PARTIAL)


@schedule_app.command("repair")
def repair(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="INSTANCE.json with --schedule, or a MISSION_ID in the database")
    ],
    schedule: Annotated[
        Path | None, typer.Option("--schedule", "-s", help="SCHEDULE.json to repair (file mode)")
    ] = None,
    cancel: Annotated[list[str] | None, typer.Option("--cancel", help="DELEGATE:HOST, repeatable")] = None,
    drop_host: Annotated[
        list[str] | None, typer.Option("--drop-host", help="Host (or delegate) id who drops out, repeatable")
    ] = None,
    add_request: Annotated[
        list[str] | None,
        typer.Option("--add-request", help="DELEGATE:HOST[:WEIGHT[:mandatory]], repeatable"),
    ] = None,
    instance_new: Annotated[
        Path | None, typer.Option("--instance-new", help="The changed instance (file mode)")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the new schedule")] = None,
    time_limit: TimeLimit = 30.0,
    as_json: AsJson = False,
) -> None:
    """Re-plan after cancellations, dropouts or late requests, keeping unaffected meetings; report moves."""
    from kakehashi.services import missions

    with user_errors():
        changes = missions.RepairChanges(
            cancellations=tuple(_pair(c, "--cancel") for c in cancel or ()),
            dropouts=tuple(h.strip() for h in drop_host or ()),
            late_requests=tuple(_late_request(r) for r in add_request or ()),
        )
        file_mode = schedule is not None or not target.isdigit() or Path(target).exists()
        if file_mode:
            if schedule is None or out is None:
                raise InvalidInput("file mode needs --schedule SCHEDULE.json and --out NEW_SCHEDULE.json")
            check_writable(out)
            with solver_progress():
                outcome = missions.repair_instance(
                    instance_data=read_json(Path(target)),
                    schedule_data=read_json(schedule),
                    changes=changes,
                    new_instance_data=read_json(instance_new) if instance_new else None,
                    time_limit=time_limit,
                )
            payload = outcome.schedule.to_dict()
            payload["repair"] = outcome.report.to_dict()
            write_json(out, payload)
        else:
            if instance_new is not None:
                raise InvalidInput("--instance-new is for file mode; edit the mission, then repair it")
            context = app_context(ctx)
            with solver_progress():
                outcome = missions.repair_mission(
                    context.uow(),
                    viewer=missions.SYSTEM,
                    mission_id=int(target),
                    changes=changes,
                    time_limit=time_limit,
                )
            if out is not None:
                write_json(out, outcome.schedule.to_dict())
    report = outcome.report
    if as_json:
        print_json({"status": outcome.schedule.status.value, **report.to_dict()})
        return
    where = (
        f" -> {out}"
        if out
        else f" (mission {target}, version {outcome.summary.number})"
        if outcome.summary
        else ""
    )
    console.print(
        f"{outcome.schedule.status.value}: kept {len(report.kept)}, moved {len(report.moved)}, "
        f"added {len(report.added)}, dropped {len(report.dropped)}{where}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    for before, after in report.moved:
        console.print(
            f"  moved {after.delegate} -> {after.host}: {before.slot} @ {before.venue} => {after.slot} @ {after.venue}",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    for m in report.added:
        console.print(
            f"  added {m.delegate} -> {m.host}: {m.slot} @ {m.venue}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    for u in report.dropped:
        console.print(
            f"  dropped {u.delegate} -> {u.host}: {reason(u)}", highlight=False, markup=False, soft_wrap=True
        )


# --------------------------------------------------------------------------------------------- database commands


@schedule_app.command("import")
def import_(
    ctx: typer.Context,
    instance: Annotated[Path, typer.Argument(help="INSTANCE.json to store as a new mission")],
    timezone: Annotated[str, typer.Option(help="Time zone of the venues (IANA name)")] = "Asia/Jerusalem",
    organizer: Annotated[int | None, typer.Option(help="Organizer organization id")] = None,
) -> None:
    """Store an instance as a mission; prints the mission id."""
    from kakehashi.services import missions

    context = app_context(ctx)
    with user_errors():
        data = read_json(instance)
        mission_id = missions.import_instance(
            context.uow(),
            viewer=missions.SYSTEM,
            data=data,
            organizer_organization_id=organizer,
            timezone=timezone,
        )
    print(mission_id)


@schedule_app.command("export")
def export(
    ctx: typer.Context,
    mission_id: Annotated[int, typer.Argument(help="Mission id")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write INSTANCE.json")],
) -> None:
    """Write a mission as an instance file (the exchange format)."""
    from kakehashi.services import missions

    context = app_context(ctx)
    with user_errors():
        data = missions.export_instance(context.uow(), viewer=missions.SYSTEM, mission_id=mission_id)
        write_json(out, data)
    console.print(f"mission {mission_id} -> {out}", highlight=False, markup=False, soft_wrap=True)


@schedule_app.command("run")
def run(
    ctx: typer.Context,
    mission_id: Annotated[int, typer.Argument(help="Mission id")],
    time_limit: TimeLimit = 60.0,
    seed: Annotated[int, typer.Option(help="Solver random seed")] = 0,
    weight_tolerance: WeightTolerance = 0.0,
    as_json: AsJson = False,
) -> None:
    """Plan a stored mission and keep the result as a new schedule version."""
    from kakehashi.services import missions

    context = app_context(ctx)
    with user_errors(), solver_progress() as progress:
        summary = missions.solve_mission(
            context.uow(),
            viewer=missions.SYSTEM,
            mission_id=mission_id,
            time_limit=time_limit,
            seed=seed,
            progress=progress,
            weight_tolerance=weight_tolerance,
        )
    if as_json:
        print_json(summary.to_dict())
        return
    console.print(
        _summary_line(summary.status, summary.meetings, summary.objective, summary.bound, None)
        + f" (mission {mission_id}, version {summary.number})",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    _print_trade(summary.trade)
    if summary.unscheduled:
        console.print(
            f"  {summary.unscheduled} requests not scheduled: `kakehashi schedule summary {mission_id}` says why",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if summary.status == "infeasible":
        err_console.print("  some mandatory meetings cannot be placed", highlight=False, markup=False)
        raise typer.Exit(EXIT_PARTIAL)


@schedule_app.command("list")
def list_(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List missions."""
    from kakehashi.services import missions

    context = app_context(ctx)
    with user_errors():
        items = missions.list_missions(context.uow(), viewer=missions.SYSTEM)
    if as_json:
        print_json([asdict(item) for item in items])
        return
    for item in items:
        console.print(
            f"{item.id}\t{item.name}\t{item.status}\t{item.delegates} delegates, {item.hosts} hosts, "
            f"{item.requests} requests, {item.versions} versions",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )


@schedule_app.command("history")
def history(
    ctx: typer.Context, mission_id: Annotated[int, typer.Argument(help="Mission id")], as_json: AsJson = False
) -> None:
    """Every schedule version of a mission and what each repair changed."""
    from kakehashi.services import missions

    context = app_context(ctx)
    with user_errors():
        versions = missions.schedule_history(context.uow(), viewer=missions.SYSTEM, mission_id=mission_id)
    if as_json:
        print_json([v.to_dict() for v in versions])
        return
    for v in versions:
        moved = len(v.changes.get("moved", [])) if v.changes else 0
        console.print(
            f"v{v.number}\t{v.kind}\t{v.created_at:%Y-%m-%d %H:%M}\t"
            + _summary_line(v.status, v.meetings, v.objective, v.bound, None)
            + (f"\tmoved {moved}" if v.kind == "repair" else ""),
            highlight=False,
            soft_wrap=True,
            markup=False,
        )


@schedule_app.command("agenda")
def agenda(
    ctx: typer.Context,
    target: Target,
    participant: Annotated[str, typer.Option("--participant", "-p", help="Participant id")],
    out: Annotated[Path, typer.Option("--out", "-o", help="FILE.ics (calendar) or FILE.html (printable)")],
    version: Annotated[int | None, typer.Option(help="Schedule version (default: latest)")] = None,
    schedule: ScheduleFile = None,
    timezone: Timezone = "Asia/Jerusalem",
) -> None:
    """Write one participant's agenda as an iCalendar file or a printable page."""
    from kakehashi.services import missions

    suffix = out.suffix.lower()
    if suffix not in (".ics", ".html", ".htm"):
        fail(f"{out}: the agenda is written as .ics or .html")
    with user_errors():
        plan = load_plan(ctx, target, schedule, version, timezone)
        if suffix == ".ics":
            write_bytes(out, missions.participant_calendar(plan, participant))
        else:
            page = missions.participant_agenda_page(plan, participant, translate=page_words())
            write_bytes(out, page.encode("utf-8"))
        count = len(plan.meetings_of(participant))
    console.print(f"{participant}: {count} meetings -> {out}", highlight=False, markup=False, soft_wrap=True)


@schedule_app.command("agendas")
def agendas(
    ctx: typer.Context,
    target: Target,
    out_dir: Annotated[Path, typer.Option("--out-dir", "-d", help="Folder for one file per participant")],
    formats: Annotated[
        list[str] | None, typer.Option("--format", "-f", help="ics and/or html (default: both)")
    ] = None,
    version: Annotated[int | None, typer.Option(help="Schedule version (default: latest)")] = None,
    schedule: ScheduleFile = None,
    timezone: Timezone = "Asia/Jerusalem",
) -> None:
    """Write every participant's agenda (PARTICIPANT.ics and PARTICIPANT.html) into a folder."""
    from kakehashi.services import missions

    chosen = sorted({f.lower().lstrip(".") for f in formats or ["ics", "html"]})
    unknown = [f for f in chosen if f not in ("ics", "html")]
    if unknown:
        fail(f"--format can be ics or html, not {unknown[0]!r}")
    with user_errors():
        if not out_dir.is_dir():
            raise InvalidInput("{folder}: no such folder", folder=str(out_dir))
        plan = load_plan(ctx, target, schedule, version, timezone)
        written = 0
        used: set[str] = set()
        for key in plan.participants:
            # Participant ids come from the instance file: keep file names to safe characters.
            stem = (
                "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in key).strip(".") or "participant"
            )
            base, n = stem, 2
            while stem.casefold() in used:
                stem, n = f"{base}-{n}", n + 1
            used.add(stem.casefold())
            if "ics" in chosen:
                write_bytes(out_dir / f"{stem}.ics", missions.participant_calendar(plan, key))
                written += 1
            if "html" in chosen:
                page = missions.participant_agenda_page(plan, key, translate=page_words())
                write_bytes(out_dir / f"{stem}.html", page.encode("utf-8"))
                written += 1
    console.print(
        f"{plan.name} v{plan.version or 1}: {written} files for {len(plan.participants)} participants -> {out_dir}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


@schedule_app.command("grid")
def grid(
    ctx: typer.Context,
    target: Target,
    out: Annotated[Path, typer.Option("--out", "-o", help="FILE.xlsx, FILE.html, or FILE.ics (everything)")],
    version: Annotated[int | None, typer.Option(help="Schedule version (default: latest)")] = None,
    schedule: ScheduleFile = None,
    timezone: Timezone = "Asia/Jerusalem",
) -> None:
    """Write the master grid (venues x slots) with per-participant sheets and who got what."""
    from kakehashi.services import missions

    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".html", ".htm", ".ics"):
        fail(f"{out}: the grid is written as .xlsx, .html or .ics")
    with user_errors():
        plan = load_plan(ctx, target, schedule, version, timezone)
        if suffix == ".xlsx":
            write_bytes(out, missions.grid_workbook(plan, translate=workbook_words()))
        elif suffix == ".ics":
            write_bytes(out, missions.mission_calendar(plan))
        else:
            write_bytes(out, missions.grid_page(plan, translate=page_words()).encode("utf-8"))
    console.print(
        f"{plan.name} v{plan.version or 1}: {len(plan.active_meetings())} meetings -> {out}",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )


@schedule_app.command("requests")
def requests_(
    ctx: typer.Context,
    mission_id: Annotated[int, typer.Argument(help="Mission id")],
    status: Annotated[
        str | None, typer.Option(help="pending, accepted, declined, expired or cancelled")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List a mission's meeting requests and where each stands."""
    from kakehashi.services import missions

    if status is not None and status not in missions.REQUEST_STATUSES:
        fail(f"--status can be {', '.join(missions.REQUEST_STATUSES)}, not {status!r}")
    context = app_context(ctx)
    with user_errors():
        items = missions.list_requests(
            context.uow(), viewer=missions.SYSTEM, mission_id=mission_id, status=status
        )
    if as_json:
        print_json([asdict(item) for item in items])
        return
    for item in items:
        console.print(
            f"{item.delegate} -> {item.host}\t{item.status}\tweight {item.weight:g}"
            + ("\tmandatory" if item.mandatory else "")
            + f"\tfrom {item.origin}"
            + (
                f"\texpires {item.expires_at:%Y-%m-%d}"
                if item.expires_at and item.status == "pending"
                else ""
            ),
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


@schedule_app.command("expire")
def expire(
    ctx: typer.Context,
    mission_id: Annotated[int | None, typer.Option("--mission", help="Only this mission")] = None,
) -> None:
    """Mark pending requests the other side never answered as expired (KAKEHASHI_MEETING_REQUEST_TTL_DAYS)."""
    from kakehashi.services import missions

    context = app_context(ctx)
    with user_errors():
        count = missions.expire_requests(
            context.uow(),
            viewer=missions.SYSTEM,
            mission_id=mission_id,
            ttl_days=context.settings.meeting_request_ttl_days,
        )
    console.print(f"{count} requests expired", highlight=False, markup=False)


@schedule_app.command("summary")
def summary(
    ctx: typer.Context,
    mission_id: Annotated[int, typer.Argument(help="Mission id")],
    version: Annotated[int | None, typer.Option(help="Schedule version (default: latest)")] = None,
    as_json: AsJson = False,
) -> None:
    """For each team: what it asked for, what it got, and why not."""
    from kakehashi.services import missions

    context = app_context(ctx)
    with user_errors():
        teams = missions.team_summary(
            context.uow(), viewer=missions.SYSTEM, mission_id=mission_id, version=version
        )
    if as_json:
        print_json(teams)
        return
    for team in teams:
        share = team["share"]
        console.print(
            f"[bold]{escape(str(team['name']))}[/] ({team['role']}): got {team['got']} of {team['asked']}"
            + (f", weight share {share:.0%}" if isinstance(share, float | int) else ""),
            highlight=False,
            soft_wrap=True,
        )
        for row in team["requests"]:
            if row["scheduled"]:
                console.print(
                    f"  ✓ {row['with_name']}: {row['when']} @ {row['venue_name']}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
            else:
                console.print(
                    f"  ✗ {row['with_name']}: {row_reason(row)}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(schedule_app, name="schedule")
