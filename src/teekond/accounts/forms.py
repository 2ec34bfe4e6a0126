from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from teekond.accounts import throttle
from teekond.accounts.models import Role


class ThrottledLoginMixin(AuthenticationForm):
    """Refuse a locked account or address before checking the password; count failures.
    (A subclass of ``AuthenticationForm`` so the type checker knows ``request`` and
    ``cleaned_data``; the admin's form derives from it too.)"""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        try:
            throttle.check_login(self.request, username)
        except throttle.Throttled as exc:
            self.throttled = exc  # the view answers 429 with Retry-After
            raise forms.ValidationError(exc.message, code="throttled") from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.login_failed(self.request, username)
            raise
        throttle.login_succeeded(self.request, username)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class SignUpForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8)
    workspace = forms.CharField(
        label=_("Organisation / workspace name"),
        max_length=120,
        required=False,
        help_text=_("Leave empty if you were invited to an existing workspace."),
    )


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80)
