from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from teekond.accounts import views as accounts
from teekond.api.api import api
from teekond.core.i18n import set_language
from teekond.core.views_helpers import favicon

urlpatterns = [
    path("", accounts.home, name="home"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password.html", success_url="/accounts/password/done/"
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_change_done",
    ),
    path("accounts/tokens/", accounts.tokens, name="tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token_revoke"),
    path("invitations/<str:token>/", accounts.invitation, name="invitation"),
    path("w/new/", accounts.workspace_new, name="workspace_new"),
    path("w/<slug:slug>/", accounts.workspace, name="workspace"),
    path("w/<slug:slug>/members/", accounts.members, name="members"),
    path("w/<slug:slug>/members/<int:user_id>/role/", accounts.member_role, name="member_role"),
    path(
        "w/<slug:slug>/members/<int:user_id>/remove/", accounts.member_remove, name="member_remove"
    ),
    path(
        "w/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        accounts.invitation_revoke,
        name="invitation_revoke",
    ),
    path("", include("teekond.actions.urls")),
    path("", include("teekond.exports.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("teekond.eventlogs.urls")),
    path("", include("teekond.journeys.urls")),
    path("", include("teekond.research.urls")),
    path("", include("teekond.workshops.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (JSON, PDF, errors).
    path("favicon.ico", favicon),
]
