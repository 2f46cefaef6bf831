"""CLI commands for administrators: users, alerts of saved searches, expiry of meeting requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from kakehashi.entrypoints.cli.common import app_context, console, err_console, print_json, user_errors

# The users commands report errors through the one CLI mapper (`user_errors`): the unit of work already
# turns database trouble (no schema, an old schema, no server, a lost race) into domain errors.
account_errors = user_errors  # kept for the alerts/requests commands below


users_app = typer.Typer(
    help="Accounts: people who sign in, their organization and role.", no_args_is_help=True
)
alerts_app = typer.Typer(help="Alerts of saved searches.", no_args_is_help=True)
requests_app = typer.Typer(help="Meeting requests between organizations.", no_args_is_help=True)


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="E-mail address (the sign-in name)")],
    org: Annotated[str, typer.Option("--org", help="Organization name (created when missing)")],
    org_kind: Annotated[str, typer.Option("--org-kind", help="corporation | startup | organizer")],
    role: Annotated[str, typer.Option("--role", help="admin | organizer | member | viewer")] = "member",
    password: Annotated[
        str | None, typer.Option("--password", help="Password (asked for when omitted)", show_default=False)
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Display name")] = None,
    locale: Annotated[str, typer.Option("--locale", help="ja | en")] = "ja",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Create a user in an organization (matched by normalized name and kind; created when missing)."""
    from kakehashi.services import accounts

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    context = app_context(ctx)
    with user_errors():
        user = accounts.add_user(
            context.uow(),
            email=email,
            password=password,
            org_name=org,
            org_kind=org_kind,
            role=role,
            display_name=name,
            locale=locale,
        )
    if as_json:
        print_json(_user_json(user))
        return
    console.print(
        f"created user {user.email} ({user.role.value}) in {user.organization_name} "
        f"({user.organization_kind.value}, organization id {user.organization_id})",
        highlight=False,
    )


@users_app.command("list")
def users_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Every user with organization, role and last sign-in."""
    from kakehashi.services import accounts

    context = app_context(ctx)
    with user_errors():
        users = accounts.list_users(context.uow())
    if as_json:
        print_json({"items": [_user_json(u) for u in users], "total": len(users)})
        return
    table = Table("id", "email", "name", "organization", "kind", "role", "active", "last sign-in")
    for u in users:
        table.add_row(
            str(u.id),
            u.email,
            u.display_name,
            u.organization_name,
            u.organization_kind.value,
            u.role.value,
            "yes" if u.is_active else "no",
            u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-",
        )
    console.print(table)


@users_app.command("deactivate")
def users_deactivate(
    ctx: typer.Context, email: Annotated[str, typer.Argument(help="E-mail address")]
) -> None:
    """Stop a user from signing in; their sessions and tokens stop working at once."""
    from kakehashi.services import accounts

    with user_errors():
        user = accounts.set_active(app_context(ctx).uow(), email=email, active=False)
    console.print(f"deactivated {user.email}", highlight=False)


@users_app.command("activate")
def users_activate(ctx: typer.Context, email: Annotated[str, typer.Argument(help="E-mail address")]) -> None:
    """Let a deactivated user sign in again."""
    from kakehashi.services import accounts

    with user_errors():
        user = accounts.set_active(app_context(ctx).uow(), email=email, active=True)
    console.print(f"activated {user.email}", highlight=False)


@users_app.command("set-password")
def users_set_password(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="E-mail address")],
    password: Annotated[
        str | None,
        typer.Option("--password", help="New password (asked for when omitted)", show_default=False),
    ] = None,
) -> None:
    """Give a user a new password."""
    from kakehashi.services import accounts

    if password is None:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with user_errors():
        user = accounts.set_password(app_context(ctx).uow(), email=email, password=password)
    console.print(f"password changed for {user.email}", highlight=False)


@alerts_app.command("check")
def alerts_check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Run every alerting saved search; new matches become in-app alerts (and e-mails when SMTP is set)."""
    from kakehashi.services.search_alerts import run_alert_check

    context = app_context(ctx)
    with account_errors():
        run = run_alert_check(context.uow, context.search_engine, mailer=context.mailer())
    for problem in run.email_errors:
        err_console.print(f"[yellow]e-mail not sent:[/] {problem}", highlight=False)
    for saved_id in run.failed_searches:
        err_console.print(f"[yellow]saved search {saved_id} could not run (skipped; see the log)[/]")
    if as_json:
        print_json(
            {
                "checked": run.checked,
                "alerts": run.alerts,
                "emails": run.emails,
                "failed": run.failed_searches,
            }
        )
        return
    console.print(f"checked {run.checked} saved searches: {run.alerts} new alerts, {run.emails} e-mails sent")


@requests_app.command("expire")
def requests_expire(
    ctx: typer.Context,
    ttl_days: Annotated[
        int | None, typer.Option("--ttl-days", help="Also expire pending requests older than this")
    ] = None,
) -> None:
    """Mark unanswered meeting requests past their expiry as expired (so they block nobody's slots)."""
    from kakehashi.services import workspace

    context = app_context(ctx)
    with account_errors():
        count = workspace.expire_stale_requests(
            context.uow(),
            now=datetime.now(UTC),
            ttl_days=ttl_days or context.settings.meeting_request_ttl_days,
        )
    console.print(f"{count} meeting requests expired")


def _user_json(user: object) -> dict[str, object]:
    from kakehashi.services.accounts import UserInfo

    assert isinstance(user, UserInfo)
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "organization_id": user.organization_id,
        "organization": user.organization_name,
        "organization_kind": user.organization_kind.value,
        "role": user.role.value,
        "locale": user.locale,
        "is_active": user.is_active,
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
    }


def print_demo_logins(logins: list[tuple[str, str, str, str]]) -> None:
    """The demo sign-ins, for `kakehashi demo load` (whole lines, never truncated to the terminal width)."""
    console.print("Demo logins (demo data only; sign in at /login):", highlight=False)
    width = max((len(email) for email, *_ in logins), default=0)
    for email, password, role, organization in logins:
        console.print(
            f"  {email:<{width}}  password: {password}  role: {role:<9}  {organization}",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(users_app, name="users")
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(requests_app, name="requests")
