"""The engagement pipeline: where an organization stands with each startup, with the history of stages."""

from __future__ import annotations

from kakehashi.domain.access import Viewer
from kakehashi.domain.errors import InvalidInput, Msg, NotFound
from kakehashi.domain.workspace import EngagementStage, EngagementView, parse_stage
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.services.workspace.access import (
    check_editable,
    check_visible_need,
    existing_organization,
    owner_scope,
    require_writer,
    visible,
)
from kakehashi.services.workspace.inputs import NOTE_MAX, check_startup, clean_text, now


def _engagement(uow: UnitOfWork, viewer: Viewer, engagement_id: int) -> EngagementView:
    engagement = uow.workspace.engagement(engagement_id)
    if engagement is None or not visible(uow, viewer, engagement.organization_id):
        raise NotFound("no engagement with id {engagement_id}", engagement_id=engagement_id)
    return engagement


def _reloaded(uow: UnitOfWork, engagement_id: int) -> EngagementView:
    engagement = uow.workspace.engagement(engagement_id)
    assert engagement is not None  # written in this unit of work
    return engagement


def start_engagement(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    startup_id: int,
    need_id: int | None = None,
    stage: str = EngagementStage.IDENTIFIED.value,
    note: str = "",
) -> EngagementView:
    """Put a startup in the viewer's pipeline (once per startup and need: adding again returns the entry)."""
    require_writer(viewer)
    to_stage = parse_stage(stage)
    text = clean_text(note, limit=NOTE_MAX, what=Msg("note"))
    with uow:
        startup = existing_organization(uow, startup_id)
        if startup.id == viewer.organization_id:
            raise InvalidInput("an organization cannot be in its own pipeline")
        check_startup(startup)
        if need_id is not None:
            check_visible_need(uow, viewer, need_id)
        existing = uow.workspace.find_engagement(
            organization_id=viewer.organization_id, startup_id=startup_id, need_id=need_id
        )
        if existing is not None:
            return existing
        engagement_id = uow.workspace.add_engagement(
            organization_id=viewer.organization_id,
            startup_id=startup_id,
            need_id=need_id,
            stage=to_stage.value,
            user_id=viewer.user_id,
            note=text,
            at=now(),
        )
        view = _reloaded(uow, engagement_id)
        uow.commit()
    return view


def move_engagement(
    uow: UnitOfWork, *, viewer: Viewer, engagement_id: int, stage: str, note: str = ""
) -> EngagementView:
    """Change the stage (any direction: deals also fall back) and record who did it, when and why."""
    to_stage = parse_stage(stage)
    text = clean_text(note, limit=NOTE_MAX, what=Msg("note"))
    with uow:
        engagement = _engagement(uow, viewer, engagement_id)
        check_editable(viewer, engagement.organization_id)
        if engagement.stage == to_stage.value and not text:
            return engagement
        uow.workspace.move_engagement(
            engagement_id, stage=to_stage.value, user_id=viewer.user_id, note=text, at=now()
        )
        view = _reloaded(uow, engagement_id)
        uow.commit()
    return view


def list_engagements(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    stage: str | None = None,
    startup_id: int | None = None,
    organization_id: int | None = None,
) -> list[EngagementView]:
    """The pipeline of the viewer's organization (organizers may ask for another's), most recent first."""
    wanted = parse_stage(stage).value if stage else None
    with uow:
        owner = owner_scope(uow, viewer, organization_id)
        return uow.workspace.engagements(organization_id=owner, stage=wanted, startup_id=startup_id)


def get_engagement(uow: UnitOfWork, *, viewer: Viewer, engagement_id: int) -> EngagementView:
    with uow:
        return _engagement(uow, viewer, engagement_id)


def delete_engagement(uow: UnitOfWork, *, viewer: Viewer, engagement_id: int) -> None:
    with uow:
        engagement = _engagement(uow, viewer, engagement_id)
        check_editable(viewer, engagement.organization_id)
        uow.workspace.delete_engagement(engagement_id)
        uow.commit()
