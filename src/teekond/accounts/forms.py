from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from teekond.accounts.models import Role


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
