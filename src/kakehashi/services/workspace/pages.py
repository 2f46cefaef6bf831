"""What one workspace page shows, read in one unit of work (so a page calls one service, not several)."""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import NotFound
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.workspace import AlertView, EngagementView, NoteView, SavedSearchView, ShortlistView
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.services.workspace.access import visible


@dataclass(frozen=True, slots=True)
class WorkspaceOverview:
    """The workspace home: shortlists, the whole pipeline, saved searches and unread alerts."""

    shortlists: list[ShortlistView]
    engagements: list[EngagementView]
    saved_searches: list[SavedSearchView]
    unread_alerts: list[AlertView]


@dataclass(frozen=True, slots=True)
class CompanyPanel:
    """The viewer's organization's workspace around one company (the panel on its profile)."""

    shortlists: list[ShortlistView]
    engagements: list[EngagementView]
    notes: list[NoteView]
    is_startup: bool = True  # only startups go on shortlists and in the pipeline (notes are for any company)


@dataclass(frozen=True, slots=True)
class EngagementPage:
    """One pipeline entry with its history, and the organization's notes about that startup."""

    engagement: EngagementView
    notes: list[NoteView]


def workspace_overview(uow: UnitOfWork, *, viewer: Viewer) -> WorkspaceOverview:
    mine = viewer.organization_id
    with uow:
        return WorkspaceOverview(
            shortlists=uow.workspace.shortlists(organization_id=mine),
            engagements=uow.workspace.engagements(organization_id=mine, stage=None, startup_id=None),
            saved_searches=uow.workspace.saved_searches(organization_id=mine),
            unread_alerts=uow.workspace.alerts(user_id=viewer.user_id, unread_only=True),
        )


def company_panel(uow: UnitOfWork, *, viewer: Viewer, organization_id: int) -> CompanyPanel:
    mine = viewer.organization_id
    with uow:
        company = uow.workspace.organization(organization_id)
        return CompanyPanel(
            is_startup=company is not None and company.kind == OrganizationKind.STARTUP,
            shortlists=uow.workspace.shortlists(organization_id=mine),
            engagements=uow.workspace.engagements(
                organization_id=mine, stage=None, startup_id=organization_id
            ),
            notes=uow.workspace.notes(
                organization_id=mine, subject_organization_id=organization_id, need_id=None
            ),
        )


def engagement_page(uow: UnitOfWork, *, viewer: Viewer, engagement_id: int) -> EngagementPage:
    with uow:
        engagement = uow.workspace.engagement(engagement_id)
        if engagement is None or not visible(uow, viewer, engagement.organization_id):
            raise NotFound("no engagement with id {engagement_id}", engagement_id=engagement_id)
        notes = uow.workspace.notes(
            organization_id=viewer.organization_id,
            subject_organization_id=engagement.startup.id,
            need_id=None,
        )
        return EngagementPage(engagement=engagement, notes=notes)
