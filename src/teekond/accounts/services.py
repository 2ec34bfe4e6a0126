"""Account logic: plain functions over the models, called by views, the API and the CLI."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import ApiToken, Invitation, Membership, Role, Workspace, hash_token
from teekond.core.errors import Conflict, Invalid, NotFound

User = get_user_model()


def create_user(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "et",
    validate: bool = True,
):
    username = username.strip()
    email = email.strip().lower()
    if not username or not email:
        raise Invalid(_("A user name and an e-mail address are required."))
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("That user name is taken."))
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(_("An account with that e-mail address exists already."))
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    if validate:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise Invalid(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def sign_up(
    *, username: str, email: str, password: str, workspace_name: str = "", language: str = "et"
):
    """Create a user and, unless they came through an invitation, their first workspace."""
    user = create_user(username=username, email=email, password=password, language=language)
    if workspace_name:
        create_workspace(user, workspace_name)
    return user


@transaction.atomic
def create_workspace(user, name: str) -> Workspace:
    name = name.strip()
    if not name:
        raise Invalid(_("A workspace needs a name."))
    workspace = Workspace.objects.create(name=name[:120])
    Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
    return workspace


def rename_workspace(actor, workspace: Workspace, name: str) -> Workspace:
    require_role(actor, workspace, Role.OWNER)
    name = name.strip()
    if not name:
        raise Invalid(_("A workspace needs a name."))
    workspace.name = name[:120]
    workspace.save(update_fields=["name"])
    return workspace


def delete_workspace(actor, workspace: Workspace) -> None:
    require_role(actor, workspace, Role.OWNER)
    workspace.delete()


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise Invalid(_("Unknown role: %(role)s.") % {"role": role})
    return role


def invite(actor, workspace: Workspace, email: str, role: str = Role.EDITOR) -> Invitation:
    require_role(actor, workspace, Role.OWNER)
    _check_role(role)
    email = email.strip().lower()
    if "@" not in email:
        raise Invalid(_("That is not an e-mail address."))
    if workspace.memberships.filter(user__email__iexact=email).exists():
        raise Conflict(_("%(email)s is a member already.") % {"email": email})
    invitation = Invitation.objects.create(
        workspace=workspace, email=email, role=role, invited_by=actor
    )
    from django.conf import settings

    link = f"{settings.SITE_URL.rstrip('/')}/invitations/{invitation.token}/"
    send_mail(
        _("You are invited to %(workspace)s on Teekond") % {"workspace": workspace.name},
        _("%(who)s invited you to the workspace %(workspace)s. Accept: %(link)s")
        % {"who": actor, "workspace": workspace.name, "link": link},
        None,
        [email],
        fail_silently=True,
    )
    return invitation


def revoke_invitation(actor, invitation: Invitation) -> None:
    require_role(actor, invitation.workspace, Role.OWNER)
    invitation.delete()


@transaction.atomic
def accept_invitation(user, token: str) -> Membership:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_open:
        raise NotFound(_("This invitation is not valid any more."))
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def set_role(actor, workspace: Workspace, user_id: int, role: str) -> Membership:
    require_role(actor, workspace, Role.OWNER)
    _check_role(role)
    membership = workspace.memberships.select_for_update().filter(user_id=user_id).first()
    if membership is None:
        raise NotFound(_("No such member."))
    if membership.role == Role.OWNER and role != Role.OWNER:
        _keep_an_owner(workspace, membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(actor, workspace: Workspace, user_id: int) -> None:
    if actor.pk != user_id:
        require_role(actor, workspace, Role.OWNER)
    membership = workspace.memberships.select_for_update().filter(user_id=user_id).first()
    if membership is None:
        raise NotFound(_("No such member."))
    if membership.role == Role.OWNER:
        _keep_an_owner(workspace, membership)
    membership.delete()


def _keep_an_owner(workspace: Workspace, leaving: Membership) -> None:
    others = workspace.memberships.filter(role=Role.OWNER).exclude(pk=leaving.pk)
    if not others.exists():
        raise Conflict(_("A workspace must keep at least one owner."))


MAX_ACTIVE_TOKENS = 50


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """Return the token and its raw value; the raw value is never stored."""
    name = name.strip()
    if not name:
        raise Invalid(_("Give the token a name."))
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise Invalid(
            _("You have %(count)d active tokens, the most allowed. Revoke one first.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:80], key_hash=hash_token(raw), hint=raw[:8]
    )
    return token, raw


def revoke_token(user, token_id: int) -> None:
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        raise NotFound(_("No such token."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def user_for_token(raw: str):
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
