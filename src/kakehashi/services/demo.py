"""Load the fictional demo catalogue (marked is_demo) in one transaction; loading twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kakehashi.adapters.importers.companies import ParsedRow
from kakehashi.adapters.synthetic.demo import DEMO_VERSION, build_demo
from kakehashi.domain.organizations import CompanyRecord, RoundRecord
from kakehashi.domain.taxonomy import VOCABULARY
from kakehashi.services.catalog import AfterCommit, name_key, write_companies, write_rounds
from kakehashi.services.repositories.catalog import NewDeal
from kakehashi.services.unit_of_work import UnitOfWork


@dataclass
class DemoReport:
    skipped: bool = False
    startups: int = 0
    corporations: int = 0
    investors: int = 0
    rounds: int = 0
    deals: int = 0
    created: int = 0  # organizations created by this load (0 when it was loaded before)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "skipped": self.skipped,
            "startups": self.startups,
            "corporations": self.corporations,
            "investors": self.investors,
            "rounds": self.rounds,
            "deals": self.deals,
            "created": self.created,
            "logins": [
                {"email": email, "password": password, "role": role, "organization": organization}
                for email, password, role, organization in self.logins
            ],
        }


def load_demo(
    uow: UnitOfWork,
    *,
    if_empty: bool,
    after_commit: AfterCommit | None = None,
    with_logins: bool = True,
) -> DemoReport:
    """Load the demo data (skipped when `if_empty` and the catalogue has organizations), then demo logins."""
    with uow:
        catalog = uow.catalog
        # Organizer organizations (created with the first accounts) do not count: the catalogue is still empty.
        if if_empty and catalog.count_catalogue_organizations():
            return DemoReport(skipped=True)
        data = build_demo()
        catalog.upsert_terms(VOCABULARY)
        companies = write_companies(
            catalog,
            [ParsedRow[CompanyRecord](i, record, []) for i, record in enumerate(data.organizations, start=1)],
            source="demo",
            file_name="kakehashi demo data (fictional)",
            file_sha256=DEMO_VERSION,
        )
        rounds = write_rounds(
            catalog,
            [ParsedRow[RoundRecord](i, record, []) for i, record in enumerate(data.rounds, start=1)],
            source="demo",
            file_name="kakehashi demo rounds (fictional)",
            file_sha256=DEMO_VERSION,
            is_demo=True,
        )
        ids = catalog.demo_organization_ids()
        existing_titles = catalog.demo_deal_titles()
        catalog.add_deals(
            [
                NewDeal(
                    kind=item.kind,
                    announced_on=item.announced_on,
                    amount_usd=item.amount_usd,
                    title=item.title,
                    description=item.description,
                    parties=tuple((ids[name_key(name)], role) for name, role in item.parties),
                    is_demo=True,
                    # the demo's R&D centres and branches all open in Israel (insights: deals in Israel)
                    country="IL" if item.kind in ("rd_center", "branch") else None,
                )
                for item in data.deals
                if item.title not in existing_titles
            ]
        )
        changed = sorted(set(companies.changed_ids) | set(rounds.changed_ids))
        uow.search_changes.record(changed)
        uow.commit()
    if after_commit is not None and changed:
        after_commit(changed)
    report = DemoReport(
        startups=len(data.startups),
        corporations=len(data.corporations),
        investors=len(data.investors),
        rounds=len(data.rounds),
        deals=len(data.deals),
        created=companies.created,
    )
    if with_logins:
        from kakehashi.services.demo_accounts import create_demo_users

        report.logins = create_demo_users(uow)
    return report
