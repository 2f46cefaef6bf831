"""Demo sign-ins for `kakehashi demo load`: two scouts at two different corporations, a startup founder,
an organizer and an administrator, with documented passwords (demo data only; never for production)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from kakehashi.domain.organizations import OrganizationKind
from kakehashi.services import accounts
from kakehashi.services.unit_of_work import UnitOfWork

DEMO_PASSWORD = "kakehashi-demo"  # documented in the README and printed by `kakehashi demo load`
ORGANIZER_ORG = "Kakehashi Innovation Bridge (demo organizer)"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    email: str
    password: str
    role: str
    organization: str
    kind: str


def _pick(uow: UnitOfWork, kind: OrganizationKind, count: int) -> list[str]:
    """Names of the first demo organizations of a kind (falling back to any organization of that kind)."""
    with uow:
        return uow.accounts.organization_names(kind=kind, limit=count)


def create_demo_users(uow: UnitOfWork) -> list[tuple[str, str, str, str]]:
    """Create the demo logins that do not exist yet; returns (email, password, role, organization) for all.

    Scouts belong to two different corporations of the catalogue, so tenant separation shows at once.
    """
    corporations = _pick(uow, OrganizationKind.CORPORATION, 2)
    while len(corporations) < 2:
        corporations.append(f"Demo Corporation {'AB'[len(corporations)]}")
    startups = _pick(uow, OrganizationKind.STARTUP, 1) or ["Demo Startup"]
    wanted = [
        DemoLogin("scout@demo.kakehashi.jp", DEMO_PASSWORD, "member", corporations[0], "corporation"),
        DemoLogin("scout2@demo.kakehashi.jp", DEMO_PASSWORD, "member", corporations[1], "corporation"),
        DemoLogin("viewer@demo.kakehashi.jp", DEMO_PASSWORD, "viewer", corporations[0], "corporation"),
        DemoLogin("founder@demo.kakehashi.jp", DEMO_PASSWORD, "member", startups[0], "startup"),
        DemoLogin("organizer@demo.kakehashi.jp", DEMO_PASSWORD, "organizer", ORGANIZER_ORG, "organizer"),
        DemoLogin("admin@demo.kakehashi.jp", DEMO_PASSWORD, "admin", ORGANIZER_ORG, "organizer"),
    ]
    with uow:
        existing = uow.accounts.existing_emails(w.email for w in wanted)
    out: list[tuple[str, str, str, str]] = []
    for login in wanted:
        if login.email not in existing:
            accounts.add_user(
                uow,
                email=login.email,
                password=login.password,
                org_name=login.organization,
                org_kind=login.kind,
                role=login.role,
                display_name=login.email.split("@", 1)[0].capitalize(),
            )
        out.append((login.email, login.password, login.role, login.organization))
    _share_demo_corporations(
        uow, [w.email for w in wanted if w.kind == "corporation"], "organizer@demo.kakehashi.jp"
    )
    return out


def _share_demo_corporations(uow: UnitOfWork, scouts: list[str], organizer: str) -> None:
    """The demo corporations share their workspace with the demo organizer (the organizer scope), so the
    organizer's pages show them as before; each share is recorded once."""
    with uow:
        agency = uow.accounts.get_user_by_email(organizer)
        if agency is None:
            return
        corporations = {
            u.organization_id for e in scouts if (u := uow.accounts.get_user_by_email(e)) is not None
        }
        for organization_id in sorted(corporations):
            uow.sharing.share(
                organization_id=organization_id,
                organizer_organization_id=agency.organization_id,
                by_user_id=None,
                at=datetime.now(UTC),
            )
        uow.commit()
