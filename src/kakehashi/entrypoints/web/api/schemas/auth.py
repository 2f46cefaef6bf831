"""Schemas of /api/v1/auth: sign-in requests, bearer tokens, the signed-in user, CSRF tokens."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kakehashi.domain.accounts import UserInfo


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class UserPublic(BaseModel):
    id: int
    email: str
    display_name: str
    organization_id: int
    organization_name: str
    organization_kind: str
    role: str
    locale: str

    @classmethod
    def of(cls, user: UserInfo) -> UserPublic:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            organization_id=user.organization_id,
            organization_name=user.organization_name,
            organization_kind=user.organization_kind.value,
            role=user.role.value,
            locale=user.locale,
        )


class CsrfPublic(BaseModel):
    """A CSRF token and where to send it: the header (JSON calls) or the form field (form posts)."""

    csrf_token: str
    header: str
    field: str
