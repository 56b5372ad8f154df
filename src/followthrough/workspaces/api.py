"""Token auth for the API, and the member's own profile."""

from __future__ import annotations

from datetime import time

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import ApiToken, Member
from followthrough.workspaces.selectors import member_list
from followthrough.workspaces.services import hash_token

router = Router(tags=["workspace"])


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Member | None:
        row = (
            ApiToken.objects.select_related("member__workspace", "member__user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, member__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = utcnow()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.member = row.member  # type: ignore[attr-defined]
        request.workspace = row.member.workspace  # type: ignore[attr-defined]
        return row.member


def acting_member(request: HttpRequest) -> Member:
    member: Member = request.auth  # type: ignore[attr-defined]
    return member


class MemberOut(Schema):
    code: str
    display_name: str
    email: str
    role: str
    timezone: str
    work_start: time
    work_end: time
    work_days: list[int]
    skills: str
    is_active: bool

    @staticmethod
    def from_member(m: Member) -> MemberOut:
        return MemberOut(
            code=m.code,
            display_name=m.display_name,
            email=m.user.email,
            role=m.role,
            timezone=m.timezone,
            work_start=m.work_start,
            work_end=m.work_end,
            work_days=m.weekdays,
            skills=m.skills,
            is_active=m.is_active,
        )


class WorkspaceOut(Schema):
    code: str
    name: str
    me: MemberOut


@router.get("/me", response=WorkspaceOut, summary="The member this token belongs to")
def me(request: HttpRequest) -> WorkspaceOut:
    member = acting_member(request)
    return WorkspaceOut(
        code=member.workspace.code, name=member.workspace.name, me=MemberOut.from_member(member)
    )


@router.get("/members", response=list[MemberOut], summary="Active members of the workspace")
def members(request: HttpRequest) -> list[MemberOut]:
    member = acting_member(request)
    return [MemberOut.from_member(m) for m in member_list(member.workspace)]
