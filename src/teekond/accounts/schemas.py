from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, EmailStr, Field

from teekond.core.text import Line

RoleName = Literal["owner", "editor", "viewer"]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class UserOut(Schema):
    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    language: str


class WorkspaceIn(Strict):
    name: Line = Field(min_length=1, max_length=120)


class WorkspaceOut(Schema):
    id: int
    name: str
    slug: str
    role: str
    created_at: datetime


class MemberOut(Schema):
    user_id: int
    username: str
    email: str
    role: str


class RoleIn(Strict):
    role: RoleName


class InvitationIn(Strict):
    email: EmailStr
    role: RoleName = "editor"


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    token: str | None = None


class TokenIn(Strict):
    name: Line = Field(min_length=1, max_length=80)


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str
