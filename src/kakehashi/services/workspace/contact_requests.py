"""Meeting requests between organizations: sent, answered or withdrawn, and expired when left unanswered."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from kakehashi.domain.access import Viewer, can_view_contact_request
from kakehashi.domain.errors import InvalidInput, Msg, NotFound, PermissionDenied
from kakehashi.domain.organizations import OrganizationKind
from kakehashi.domain.workspace import ContactRequestView, ContactStatus
from kakehashi.services.repositories.workspace import Box
from kakehashi.services.sharing import shares_of
from kakehashi.services.unit_of_work import UnitOfWork
from kakehashi.services.workspace.access import check_visible_need, existing_organization, require_writer
from kakehashi.services.workspace.inputs import MESSAGE_MAX, aware, clean_text
from kakehashi.services.workspace.inputs import now as clock

_CONTACTABLE = {OrganizationKind.STARTUP.value, OrganizationKind.CORPORATION.value}
_BOXES: dict[str, Box] = {"received": "received", "sent": "sent", "all": "all"}


def _effective_status(request: ContactRequestView, moment: datetime) -> str:
    # A pending request past its expiry reads as expired even before expire_stale_requests stores it.
    if request.status == ContactStatus.PENDING.value and aware(request.expires_at) <= moment:
        return ContactStatus.EXPIRED.value
    return request.status


def _as_of(request: ContactRequestView, moment: datetime) -> ContactRequestView:
    status = _effective_status(request, moment)
    return request if status == request.status else replace(request, status=status)


def _request(uow: UnitOfWork, viewer: Viewer, request_id: int) -> ContactRequestView:
    request = uow.workspace.contact_request(request_id)
    if request is None or not can_view_contact_request(
        viewer,
        from_organization_id=request.sender.id,
        to_organization_id=request.recipient.id,
        shares=shares_of(uow, viewer),
    ):
        raise NotFound("no meeting request with id {request_id}", request_id=request_id)
    return request


def _reloaded(uow: UnitOfWork, request_id: int) -> ContactRequestView:
    request = uow.workspace.contact_request(request_id)
    assert request is not None  # written in this unit of work
    return request


def send_contact_request(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    to_organization_id: int,
    message: str,
    ttl_days: int,
    need_id: int | None = None,
    now: datetime | None = None,
) -> ContactRequestView:
    """Ask another organization for a meeting; unanswered, the request expires after `ttl_days`."""
    require_writer(viewer)
    if not 1 <= ttl_days <= 365:
        raise InvalidInput("a meeting request must expire after 1 to 365 days")
    text = clean_text(message, limit=MESSAGE_MAX, what=Msg("message"), required=True)
    moment = clock(now)
    with uow:
        recipient = existing_organization(uow, to_organization_id)
        if recipient.id == viewer.organization_id:
            raise InvalidInput("an organization cannot send a meeting request to itself")
        if recipient.kind not in _CONTACTABLE:
            raise InvalidInput("meeting requests go to startups and corporations")
        if need_id is not None:
            check_visible_need(uow, viewer, need_id)
        pending = uow.workspace.pending_contact_requests(
            from_organization_id=viewer.organization_id, to_organization_id=recipient.id
        )
        if any(_effective_status(p, moment) == ContactStatus.PENDING.value for p in pending):
            raise InvalidInput("a meeting request to this organization is already waiting for an answer")
        request_id = uow.workspace.add_contact_request(
            from_organization_id=viewer.organization_id,
            to_organization_id=recipient.id,
            from_user_id=viewer.user_id,
            need_id=need_id,
            message=text,
            created_at=moment,
            expires_at=moment + timedelta(days=ttl_days),
        )
        view = _as_of(_reloaded(uow, request_id), moment)
        uow.commit()
    return view


def list_contact_requests(
    uow: UnitOfWork, *, viewer: Viewer, box: str = "all", now: datetime | None = None
) -> list[ContactRequestView]:
    """Requests received, sent, or both ('received' | 'sent' | 'all'), newest first."""
    which = _BOXES.get(box)
    if which is None:
        raise InvalidInput("box must be received, sent or all")
    moment = clock(now)
    with uow:
        rows = uow.workspace.contact_requests(organization_id=viewer.organization_id, box=which)
        return [_as_of(r, moment) for r in rows]


def get_contact_request(
    uow: UnitOfWork, *, viewer: Viewer, request_id: int, now: datetime | None = None
) -> ContactRequestView:
    with uow:
        return _as_of(_request(uow, viewer, request_id), clock(now))


def respond_contact_request(
    uow: UnitOfWork,
    *,
    viewer: Viewer,
    request_id: int,
    accept: bool,
    response: str = "",
    now: datetime | None = None,
) -> ContactRequestView:
    """The recipient accepts or declines; an expired or answered request cannot be answered."""
    text = clean_text(response, limit=MESSAGE_MAX, what=Msg("answer"))
    moment = clock(now)
    with uow:
        request = _request(uow, viewer, request_id)
        if request.recipient.id != viewer.organization_id:
            raise PermissionDenied("only the organization that received the request can answer it")
        require_writer(viewer)
        status = _effective_status(request, moment)
        if status == ContactStatus.EXPIRED.value:
            if request.status != status:
                uow.workspace.set_contact_status(request_id, status=status)
            uow.commit()
            raise InvalidInput("this meeting request has expired; ask the sender to send a new one")
        if status != ContactStatus.PENDING.value:
            raise InvalidInput("this meeting request was already answered ({status})", status=Msg(status))
        uow.workspace.set_contact_status(
            request_id,
            status=(ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED).value,
            responded_at=moment,
            response=text,
        )
        view = _as_of(_reloaded(uow, request_id), moment)
        uow.commit()
    return view


def withdraw_contact_request(uow: UnitOfWork, *, viewer: Viewer, request_id: int) -> None:
    """The sender takes back a request nobody answered yet."""
    with uow:
        request = _request(uow, viewer, request_id)
        if request.sender.id != viewer.organization_id:
            raise PermissionDenied("only the sender can withdraw a meeting request")
        require_writer(viewer)
        if request.status != ContactStatus.PENDING.value:
            raise InvalidInput(
                "this meeting request was already answered ({status})", status=Msg(request.status)
            )
        uow.workspace.delete_contact_request(request_id)
        uow.commit()


def expire_stale_requests(
    uow: UnitOfWork, *, now: datetime | None = None, ttl_days: int | None = None
) -> int:
    """Mark pending requests expired once past their expiry (or older than `ttl_days`, when the setting
    shrank since they were sent), so they no longer block anyone. Returns how many expired."""
    moment = clock(now)
    created_by = moment - timedelta(days=ttl_days) if ttl_days is not None else None
    with uow:
        count = uow.workspace.expire_contact_requests(expires_by=moment, created_by=created_by)
        uow.commit()
    return count
