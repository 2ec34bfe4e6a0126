from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teekond.accounts import forms, services
from teekond.accounts.access import require_role, workspace_by_slug, workspaces_for
from teekond.accounts.models import Invitation, Role
from teekond.core import dashboard, onboarding
from teekond.core.errors import TeekondError
from teekond.core.views_helpers import domain_errors


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    workspaces = list(workspaces_for(request.user))
    if len(workspaces) == 1:
        return redirect("workspace", slug=workspaces[0].slug)
    return render(request, "accounts/home.html", {"workspaces": workspaces})


def safe_next(request, fallback: str = "home"):
    """Where ``?next=`` points, if it stays on this site; else ``fallback`` (a URL name).

    Follow a ``next`` only through this: ``?next=https://evil.example`` is an open redirect.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class LoginView(auth_views.LoginView):
    """Django's log-in (which checks ``next`` the same way) with throttling."""

    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm

    def form_invalid(self, form):
        """A locked account or address is answered 429 (with Retry-After), not 200, so
        scripts and proxies see the refusal for what it is; the page says how long to wait."""
        response = super().form_invalid(form)
        throttled = getattr(form, "throttled", None)
        if throttled is not None:
            response.status_code = throttled.status
            if throttled.retry_after:
                response["Retry-After"] = str(throttled.retry_after)
        return response


@require_http_methods(["GET", "POST"])
def signup(request):
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                workspace_name=form.cleaned_data["workspace"],
                language=get_language() or "et",
            )
        except TeekondError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Teekond!"))
            return redirect(safe_next(request))
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def workspace_new(request):
    form = forms.WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workspace = services.create_workspace(request.user, form.cleaned_data["name"])
        return redirect("workspace", slug=workspace.slug)
    return render(request, "accounts/workspace_new.html", {"form": form})


@login_required
@domain_errors
def workspace(request, slug):
    ws = workspace_by_slug(request.user, slug)
    membership = require_role(request.user, ws)
    return render(
        request,
        "accounts/workspace.html",
        {
            "workspace": ws,
            "membership": membership,
            "panels": dashboard.panels(ws, request.user),
            # a new workspace's first steps, for those who can take them
            "first_run": onboarding.first_run(ws, membership, request)
            if membership.allows(Role.EDITOR)
            else [],
        },
    )


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def members(request, slug):
    ws = workspace_by_slug(request.user, slug)
    membership = require_role(request.user, ws)
    invite_form = forms.InviteForm(request.POST or None)
    new_invitation = None
    if request.method == "POST" and invite_form.is_valid():
        new_invitation = services.invite(
            request.user, ws, invite_form.cleaned_data["email"], invite_form.cleaned_data["role"]
        )
        messages.success(
            request, _("Invitation created for %(email)s.") % {"email": new_invitation.email}
        )
        invite_form = forms.InviteForm()
    is_owner = membership.role == Role.OWNER
    return render(
        request,
        "accounts/members.html",
        {
            "workspace": ws,
            "membership": membership,
            "is_owner": is_owner,
            "members": ws.memberships.select_related("user").order_by("user__username"),
            "invitations": ws.invitations.filter(accepted_at__isnull=True) if is_owner else [],
            "invite_form": invite_form,
            "new_invitation": new_invitation,
            "roles": Role.choices,
            "site_url": request.build_absolute_uri("/").rstrip("/"),
        },
    )


@login_required
@domain_errors
@require_POST
def member_role(request, slug, user_id):
    ws = workspace_by_slug(request.user, slug)
    form = forms.RoleForm(request.POST)
    if form.is_valid():
        services.set_role(request.user, ws, user_id, form.cleaned_data["role"])
        messages.success(request, _("Role changed."))
    return redirect("members", slug=slug)


@login_required
@domain_errors
@require_POST
def member_remove(request, slug, user_id):
    ws = workspace_by_slug(request.user, slug)
    services.remove_member(request.user, ws, user_id)
    messages.success(request, _("Member removed."))
    if user_id == request.user.pk:
        return redirect("home")
    return redirect("members", slug=slug)


@login_required
@domain_errors
@require_POST
def invitation_revoke(request, slug, invitation_id):
    ws = workspace_by_slug(request.user, slug, Role.OWNER)
    invitation = ws.invitations.filter(pk=invitation_id).first()
    if invitation:
        services.revoke_invitation(request.user, invitation)
        messages.success(request, _("Invitation withdrawn."))
    return redirect("members", slug=slug)


@require_http_methods(["GET", "POST"])
@domain_errors
def invitation(request, token):
    invitation = Invitation.objects.select_related("workspace").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        return render(request, "accounts/invitation.html", {"invitation": None}, status=404)
    if request.method == "POST" and request.user.is_authenticated:
        membership = services.accept_invitation(request.user, token)
        messages.success(
            request, _("You joined %(workspace)s.") % {"workspace": membership.workspace.name}
        )
        return redirect("workspace", slug=membership.workspace.slug)
    return render(request, "accounts/invitation.html", {"invitation": invitation})


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = forms.TokenForm(request.POST or None)
    created_raw = None
    if request.method == "POST" and form.is_valid():
        _token, created_raw = services.create_token(request.user, form.cleaned_data["name"])
        form = forms.TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
            "created_raw": created_raw,
        },
    )


@login_required
@domain_errors
@require_POST
def token_revoke(request, token_id):
    services.revoke_token(request.user, token_id)
    messages.success(request, _("Token revoked."))
    return redirect("tokens")
