"""The demo workspace built from the seed examples.

Other apps add their part through ``DEMO_BUILDERS`` (a ``core.providers.Registry``):
callables taking the workspace and its owner, run in order after the accounts are set up.
Keeping the hook here lets each pillar own its demo content. It lives in accounts, not core,
because it creates users and memberships (core imports no app).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from teekond.accounts.models import Membership, Role, Workspace
from teekond.core.providers import Registry

DEMO_PASSWORD = "teekond-demo"
DEMO_WORKSPACE = "Demo: Teekond"
DEMO_USERS = [
    ("demo", "demo@teekond.invalid", "Mari", "Maasikas", Role.OWNER),
    ("toomas", "toomas@teekond.invalid", "Toomas", "Tamm", Role.EDITOR),
    ("kati", "kati@teekond.invalid", "Kati", "Kask", Role.VIEWER),
]

DEMO_BUILDERS = Registry("accounts.demo")


@dataclass
class DemoResult:
    workspace: Workspace
    created: bool
    username: str = "demo"
    password: str = DEMO_PASSWORD


@transaction.atomic
def load_demo(*, reset: bool = False) -> DemoResult:
    """Create the demo users and workspace; idempotent unless ``reset`` rebuilds it."""
    User = get_user_model()
    existing = Workspace.objects.filter(slug="demo").first()
    if existing and not reset:
        return DemoResult(workspace=existing, created=False)
    if existing:
        existing.delete()
    users = {}
    for username, email, first, last, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # No stored language: the browser's Accept-Language decides until the person
            # picks one with the switcher (teekond.core.i18n).
            user = User(
                username=username, email=email, first_name=first, last_name=last, language=""
            )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = (user, role)
    workspace = Workspace.objects.create(name=DEMO_WORKSPACE, slug="demo")
    for user, role in users.values():
        Membership.objects.create(workspace=workspace, user=user, role=role)
    owner = users["demo"][0]
    DEMO_BUILDERS.run(workspace, owner)
    return DemoResult(workspace=workspace, created=True)
